"""The monthly report of representation, hospitality and ceremony costs: the month's
costs item by item under each budget line with exact sums, what is unpaid or unapproved,
each line's budget against the spending up to the month's end, and the same report as a
spreadsheet safe to open in Excel."""

import codecs
import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from cms.roles import CLERK, HEAD
from events import rules
from events.models import BudgetAllocation
from tests.conftest import instant
from tests.factories.events import ExpenseFactory, VisitFactory

pytestmark = pytest.mark.django_db

URL = reverse("events_expense_month")
MARCH = URL + "?yil=2027&ay=3"


def test_a_lines_vat_is_the_sum_of_its_invoices_vat():
    # Worked by hand: 0.25 × 10 % = 0.025 → 0.03 on each invoice, so 0.06 for the two
    # (10 % of their sum, 0.50, would be 0.05); 33.33 × 1 % = 0.3333 → 0.33.
    class Cost:
        def __init__(self, line, net, rate):
            self.budget_line, self.net_amount, self.vat_rate = line, Decimal(net), Decimal(rate)

    report = rules.monthly_report(
        [
            Cost("agirlama", "0.25", "10"),
            Cost("temsil", "33.33", "1"),
            Cost("agirlama", "0.25", "10"),
        ]
    )
    assert [group["line"] for group in report["groups"]] == ["temsil", "agirlama"]
    hospitality = report["groups"][1]
    assert (hospitality["net"], hospitality["vat"], hospitality["gross"]) == (
        Decimal("0.50"),
        Decimal("0.06"),
        Decimal("0.56"),
    )
    assert report["total"] == {
        "net": Decimal("33.83"),
        "vat": Decimal("0.39"),
        "gross": Decimal("34.22"),
    }


@pytest.mark.parametrize(
    "day, last",
    [
        (dt.date(2027, 2, 10), dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        (dt.date(2027, 12, 31), dt.date(2027, 12, 31)),
        (dt.date(2027, 4, 30), dt.date(2027, 4, 30)),
    ],
)
def test_the_last_day_of_a_month(day, last):
    assert rules.last_day_of_month(day) == last


@pytest.fixture
def costs(user_with_role):
    head = user_with_role(HEAD, username="mudur")
    visit = VisitFactory(title="Batum Belediyesi heyeti")
    dinner = ExpenseFactory(
        date=dt.date(2027, 3, 2),
        budget_line="agirlama",
        supplier="Liman Lokantası",
        description="Heyet yemeği",
        net_amount=Decimal("1000.00"),
        vat_rate=Decimal("10"),
        visit=visit,
        paid=True,
    )
    with time_machine.travel(instant("2027-03-03T23:30")):  # 20:30 UTC, 3 March in Istanbul
        dinner.approve(head)
    ExpenseFactory(
        date=dt.date(2027, 3, 31),
        budget_line="agirlama",
        supplier='=HYPERLINK("http://kotu.example")',
        description="İkram",
        net_amount=Decimal("0.25"),
        vat_rate=Decimal("10"),
    )
    ExpenseFactory(
        date=dt.date(2027, 3, 1),
        budget_line="temsil",
        supplier="Çiçekçi",
        description="Tebrik çiçeği",
        net_amount=Decimal("33.33"),
        vat_rate=Decimal("1"),
    )
    # Before and after the month: in the budget's spending to date (February), nowhere
    # (April).
    ExpenseFactory(
        date=dt.date(2027, 2, 28),
        budget_line="temsil",
        net_amount=Decimal("50.00"),
        vat_rate=Decimal("0"),
    )
    ExpenseFactory(
        date=dt.date(2027, 4, 1),
        budget_line="temsil",
        supplier="Nisan Tedarikçisi",
        net_amount=Decimal("999.00"),
        vat_rate=Decimal("0"),
    )
    BudgetAllocation.objects.create(year=2027, budget_line="temsil", amount=Decimal("100.00"))


def test_the_month_is_reported_item_by_item_with_exact_sums(client, user_with_role, costs):
    client.force_login(user_with_role(CLERK))
    response = client.get(MARCH)
    assert response.status_code == 200
    report = response.context["report"]
    assert [str(group["label"]) for group in report["groups"]] == [
        "Temsil",
        "Ağırlama",
    ]
    representation, hospitality = report["groups"]
    assert [e.supplier for e in representation["items"]] == ["Çiçekçi"]
    assert [e.description for e in hospitality["items"]] == ["Heyet yemeği", "İkram"]
    assert (hospitality["net"], hospitality["vat"], hospitality["gross"]) == (
        Decimal("1000.25"),
        Decimal("100.03"),
        Decimal("1100.28"),
    )
    assert report["total"]["gross"] == Decimal("1133.94")
    assert (len(response.context["unpaid"]), len(response.context["unapproved"])) == (2, 2)
    budget = {str(row["label"]): row for row in response.context["budget_position"]}
    # 50.00 in February and 33.66 in March; April's cost is not spent yet at March's end.
    assert budget["Temsil"]["spent"] == Decimal("83.66")
    assert budget["Temsil"]["remaining"] == Decimal("16.34")
    assert budget["Ağırlama"]["allocated"] is None
    html = response.content.decode()
    assert "Temsil giderleri: Mart 2027" in html
    assert "1.133,94" in html and "1.100,28" in html
    assert "Batum Belediyesi heyeti" in html
    assert "Nisan Tedarikçisi" not in html
    assert "2 gider henüz ödenmedi." in html and "2 gider henüz onaylanmadı." in html


def test_the_months_spreadsheets_read_back_exactly_and_run_no_formula(
    client, user_with_role, costs
):
    client.force_login(user_with_role(HEAD))
    data = b"".join(client.get(MARCH + "&export=csv").streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    table = list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))
    assert table[0] == [
        "Tarih",
        "Bütçe kalemi",
        "Tedarikçi",
        "Açıklama",
        "İlgili kayıt",
        "KDV hariç tutar (TL)",
        "KDV oranı (%)",
        "KDV (TL)",
        "KDV dahil tutar (TL)",
        "Ödendi",
        "Onaylandı",
    ]
    assert table[1][:4] == ["01.03.2027", "Temsil", "Çiçekçi", "Tebrik çiçeği"]
    assert table[1][5:10] == ["33.33", "1.00", "0.33", "33.66", "hayır"]
    dinner = table[2]
    assert dinner[4].startswith("Batum Belediyesi heyeti")
    assert dinner[9:] == ["evet", "03.03.2027"]
    assert table[3][2] == '\'=HYPERLINK("http://kotu.example")'
    assert not [cell for row in table for cell in row if cell.startswith("=")]
    totals = [row for row in table if row[3] == "Toplam"]
    assert [(row[1], row[5], row[7], row[8]) for row in totals] == [
        ("Temsil", "33.33", "0.33", "33.66"),
        ("Ağırlama", "1000.25", "100.03", "1100.28"),
        ("Toplam", "1033.58", "100.36", "1133.94"),
    ]
    response = client.get(MARCH + "&export=xlsx")
    assert "temsil-giderleri-2027-03.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1] == "Toplam" and Decimal(str(rows[-1][8])) == Decimal("1133.94")


@pytest.mark.clock("2027-03-15T10:00")
def test_the_report_opens_on_this_month_and_the_yearly_summary_links_each_month(
    client, user_with_role, costs
):
    client.force_login(user_with_role(CLERK))
    assert client.get(URL).context["report"]["total"]["gross"] == Decimal("1133.94")
    summary = client.get(reverse("events_expense_summary") + "?yil=2027").content.decode()
    assert f'href="{URL}?yil=2027&amp;ay=3">Mart</a>' in summary


def test_a_month_without_costs_says_so(client, user_with_role):
    client.force_login(user_with_role(CLERK))
    response = client.get(URL + "?yil=2027&ay=6")
    assert response.status_code == 200
    assert "Bu ay temsil, ağırlama veya tören gideri yok." in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?yil=2027&ay=13", "?yil=2027&ay=0", "?yil=abc&ay=3", "?yil=99999999&ay=1", "?ay=x"]
)
def test_a_month_that_does_not_exist_is_404(client, user_with_role, query):
    client.force_login(user_with_role(HEAD))
    assert client.get(URL + query).status_code == 404


def test_a_cost_of_a_calendar_event_names_it_in_the_report(client, home, user_with_role):
    from tests.factories.events import add_event, at, calendar_page

    concert = add_event(
        calendar_page(home),
        title="Cumhuriyet Konseri",
        start=at(2027, 3, 20, 20),
        end=at(2027, 3, 20, 22),
    )
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_expense:add"),
        {
            "date": "2027-03-20",
            "budget_line": "agirlama",
            "supplier": "İkram Ltd.",
            "description": "Sanatçılara ikram",
            "net_amount": "500.00",
            "vat_rate": "10",
            "event": concert.pk,
            "paid": "",
        },
    )
    assert response.status_code == 302
    report = client.get(MARCH)
    [group] = report.context["report"]["groups"]
    assert [e.belongs_to for e in group["items"]] == ["Cumhuriyet Konseri"]
    assert "Cumhuriyet Konseri" in report.content.decode()
    data = b"".join(client.get(MARCH + "&export=csv").streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data)))[1][4] == "Cumhuriyet Konseri"
