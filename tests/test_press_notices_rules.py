"""The paid notice register's pure rules, against tables worked out by hand: the status
flow and what each step needs, when a proof or a payment is late, and the cost report's
sums (a notice in several outlets shares its cost to the kuruş)."""

import datetime as dt
from decimal import Decimal

import pytest

from press.notices import rules
from press.notices.rules import CostLine, Status

D = dt.date


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("requested", "ordered"),
        ("ordered", "published"),
        ("published", "proof"),
        ("proof", "invoiced"),
        ("invoiced", "paid"),
        ("paid", "closed"),
        ("closed", None),
    ],
)
def test_the_flow_goes_one_step_at_a_time(status, expected):
    assert rules.next_status(status) == expected


@pytest.mark.parametrize(
    ("step", "present", "missing"),
    [
        ("ordered", set(), ["ordered_on", "outlets"]),
        ("ordered", {"outlets"}, ["ordered_on"]),
        ("ordered", {"ordered_on", "outlets"}, []),
        ("published", {"ordered_on"}, ["published_on"]),
        ("proof", {"published_on"}, ["proof"]),
        ("invoiced", {"invoice"}, ["invoiced_on", "cost"]),
        ("invoiced", {"invoice", "invoiced_on", "cost"}, []),
        ("paid", set(), ["paid_on"]),
        ("closed", set(), []),
    ],
)
def test_each_step_names_what_it_still_needs(step, present, missing):
    assert rules.missing_for(step, present) == missing


# Proof expected within 10 days of publication; late from the 11th day.
@pytest.mark.parametrize(
    ("status", "published", "today", "late"),
    [
        ("published", D(2026, 11, 2), D(2026, 11, 12), False),  # the 10th day: still due
        ("published", D(2026, 11, 2), D(2026, 11, 13), True),
        ("published", D(2026, 12, 25), D(2027, 1, 5), True),  # across the year end
        ("proof", D(2026, 11, 2), D(2026, 12, 30), False),  # it came in
        ("ordered", None, D(2026, 12, 30), False),
        ("published", None, D(2026, 12, 30), False),
    ],
)
def test_a_proof_is_late_after_ten_days(status, published, today, late):
    assert rules.proof_overdue(status, published, today) is late


# Payment within 30 days of the invoice; late from the 31st.
@pytest.mark.parametrize(
    ("status", "invoiced", "today", "days", "late"),
    [
        ("invoiced", D(2026, 1, 30), D(2026, 3, 1), 30, False),  # 30 days (February 28)
        ("invoiced", D(2026, 1, 30), D(2026, 3, 2), 30, True),
        ("invoiced", D(2028, 1, 30), D(2028, 2, 29), 30, False),  # a leap year's 30th day
        ("invoiced", D(2028, 1, 30), D(2028, 3, 1), 30, True),
        ("invoiced", D(2026, 1, 30), D(2026, 2, 16), 15, True),  # a shorter term set
        ("paid", D(2026, 1, 30), D(2026, 6, 1), 30, False),
    ],
)
def test_an_invoice_is_late_after_its_term(status, invoiced, today, days, late):
    assert rules.payment_overdue(status, invoiced, today, days) is late


@pytest.mark.parametrize(
    ("cost", "parts", "shares"),
    [
        ("100.00", 3, ["33.34", "33.33", "33.33"]),
        ("0.02", 3, ["0.01", "0.01", "0.00"]),
        ("4500.50", 2, ["2250.25", "2250.25"]),
        ("10.01", 1, ["10.01"]),
    ],
)
def test_a_shared_cost_adds_up_to_the_kurus(cost, parts, shares):
    assert rules.split_cost(Decimal(cost), parts) == [Decimal(s) for s in shares]


LINES = [
    CostLine(D(2026, 11, 3), ("Körfez Haber", "Yeni Asır"), "Fen İşleri", Decimal("1000.00")),
    CostLine(D(2026, 11, 20), ("Körfez Haber",), "İmar", Decimal("250.50")),
    CostLine(D(2026, 10, 31), ("Çağdaş Gazete",), "İmar", Decimal("400.00")),
    CostLine(D(2025, 11, 3), ("Körfez Haber",), "İmar", Decimal("999.00")),  # another year
]


def test_the_month_report_sums_by_outlet_and_unit():
    report = rules.cost_report(LINES, 2026, 11)
    # Körfez: 500.00 (half of 1000) + 250.50; Yeni Asır: the other half.
    assert report == {
        "count": 2,
        "total": Decimal("1250.50"),
        "by_outlet": [("Körfez Haber", Decimal("750.50")), ("Yeni Asır", Decimal("500.00"))],
        "by_unit": [("Fen İşleri", Decimal("1000.00")), ("İmar", Decimal("250.50"))],
    }


def test_the_year_report_takes_every_month_and_orders_ties_in_turkish():
    report = rules.cost_report(LINES, 2026)
    assert report["count"] == 3
    assert report["total"] == Decimal("1650.50")
    assert report["by_unit"] == [("Fen İşleri", Decimal("1000.00")), ("İmar", Decimal("650.50"))]
    tied = rules.cost_report(
        [
            CostLine(D(2026, 1, 1), ("Zaman",), "A", Decimal("5")),
            CostLine(D(2026, 1, 1), ("Çınar",), "A", Decimal("5")),
            CostLine(D(2026, 1, 1), ("Cumhuriyet",), "A", Decimal("5")),
        ],
        2026,
    )
    assert [name for name, _ in tied["by_outlet"]] == ["Cumhuriyet", "Çınar", "Zaman"]


def test_the_status_values_are_the_flow_in_order():
    assert [s.value for s in rules.FLOW] == [
        "requested",
        "ordered",
        "published",
        "proof",
        "invoiced",
        "paid",
        "closed",
    ]
    assert rules.is_past(Status.PAID, Status.INVOICED)
    assert not rules.is_past(Status.ORDERED, Status.PUBLISHED)
