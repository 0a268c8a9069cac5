"""Protocol: a visiting delegation recorded with the gift given and its cost; money in
exact Decimal lira; payment papers in private storage, hostile files refused; the yearly
cost summary on screen and as a spreadsheet safe to open in Excel."""

import codecs
import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.roles import CLERK, HEAD, PRESS
from events import rules
from events.models import Expense, Gift, Visit
from tests.factories.events import ExpenseFactory, GiftFactory, VisitFactory

pytestmark = pytest.mark.django_db

REFUSED = (302, "/admin/")
ONLY_PAPERS = "Dosya: yalnızca PDF, JPEG veya PNG dosyaları kabul edilir."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    "net, rate, vat, gross",
    [
        # worked by hand: 1000 × 10 % = 100; 0.05 × 20 % = 0.01 (half up from 0.010);
        # 0.02 × 20 % = 0.004 → 0.00; 33.33 × 1 % = 0.3333 → 0.33; 0.25 × 10 % = 0.025 → 0.03
        (Decimal("1000.00"), Decimal("10"), Decimal("100.00"), Decimal("1100.00")),
        (Decimal("0.05"), Decimal("20"), Decimal("0.01"), Decimal("0.06")),
        (Decimal("0.02"), Decimal("20"), Decimal("0.00"), Decimal("0.02")),
        (Decimal("33.33"), Decimal("1"), Decimal("0.33"), Decimal("33.66")),
        (Decimal("0.25"), Decimal("10"), Decimal("0.03"), Decimal("0.28")),
        (Decimal("99.99"), Decimal("0"), Decimal("0.00"), Decimal("99.99")),
    ],
)
def test_vat_is_rounded_to_the_kurus_half_up(net, rate, vat, gross):
    assert rules.vat_amount(net, rate) == vat
    assert rules.gross_amount(net, rate) == gross


def test_yearly_summary_sums_exactly_per_month_and_line():
    import datetime as dt

    # 0.10 + 0.20 is 0.30000000000000004 in floats; in the summary it is 0.30.
    rows = rules.yearly_summary(
        [
            (dt.date(2027, 1, 5), "temsil", Decimal("0.10")),
            (dt.date(2027, 1, 31), "temsil", Decimal("0.20")),
            (dt.date(2027, 12, 31), "toren", Decimal("1500.55")),
            (dt.date(2027, 12, 1), "agirlama", Decimal("99.45")),
        ]
    )
    assert len(rows) == 13
    january, december, total = rows[0], rows[11], rows[12]
    assert january["temsil"] == Decimal("0.30") and january["total"] == Decimal("0.30")
    assert str(january["temsil"]) == "0.30"
    assert december["toren"] == Decimal("1500.55") and december["total"] == Decimal("1600.00")
    assert rows[5]["total"] == Decimal("0.00")
    assert total["month"] is None
    assert (total["temsil"], total["agirlama"], total["toren"], total["total"]) == (
        Decimal("0.30"),
        Decimal("99.45"),
        Decimal("1500.55"),
        Decimal("1600.30"),
    )


def test_a_visiting_delegation_is_recorded_with_the_gift_and_its_cost(client, user_with_role):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    response = client.post(
        reverse("wagtailsnippets_events_visit:add"),
        {
            "kind": "ziyaret",
            "country": "Gürcistan",
            "title": "Batum Belediyesi heyeti",
            "start": "2027-03-02",
            "end": "2027-03-03",
            "institution": "Batum Belediyesi",
            "delegation_head": "Belediye Başkan Yardımcısı",
            "members": "Birinci Üye\nİkinci Üye",
            "protocol_order": "Belediye Başkanı\nBaşkan Yardımcısı",
            "interpreter": "Tercüman Ayşe",
            "purpose": "Kardeş şehir protokolü",
            "hosts": "Belediye Başkanı",
            "programme": "10.00 Makam ziyareti",
            "programme_url": "",
            "album_url": "",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    response = client.post(
        reverse("wagtailsnippets_events_gift:add"),
        {
            "direction": "verilen",
            "kind": "plaket",
            "description": "Şehir plaketi",
            "counterpart": "Batum Belediye Başkan Yardımcısı",
            "date": "2027-03-02",
            "visit": visit.pk,
            "occasion": "Kardeş şehir ziyareti",
            "value": "",
            "cost": "2450.50",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("wagtailsnippets_events_expense:add"),
        {
            "date": "2027-03-02",
            "budget_line": "agirlama",
            "supplier": "Örnek Lokantası",
            "description": "Heyet akşam yemeği",
            "net_amount": "12345.67",
            "vat_rate": "10",
            "visit": visit.pk,
            "invoice": SimpleUploadedFile("Fatura Şubat.pdf", PDF, "application/pdf"),
            "paid": "",
        },
    )
    assert response.status_code == 302
    gift = Gift.objects.get()
    expense = Expense.objects.get()
    assert gift.visit == visit and gift.cost == Decimal("2450.50")
    assert expense.visit == visit
    assert expense.net_amount == Decimal("12345.67")
    assert expense.vat == Decimal("1234.57")
    assert expense.gross_amount == Decimal("13580.24")
    assert isinstance(expense.gross_amount, Decimal)
    # The invoice went to private storage under a plain name, never to public media.
    assert storages["private"].exists(expense.invoice.name)
    assert expense.invoice.name.startswith("events/expenses/") and expense.invoice.name.endswith(
        "fatura-subat.pdf"
    )
    assert expense.history.get().history_user == clerk
    assert list(visit.gifts.all()) == [gift]


def test_a_corrected_cost_keeps_its_earlier_version_and_paper(client, user_with_role):
    expense = ExpenseFactory(invoice=ContentFile(PDF, name="ilk.pdf"))
    first = expense.invoice.name
    client.force_login(user_with_role(HEAD))
    response = client.post(
        reverse("wagtailsnippets_events_expense:edit", args=[expense.pk]),
        {
            "date": "2027-03-02",
            "budget_line": "agirlama",
            "supplier": "Örnek Lokantası",
            "description": "Heyet yemeği",
            "net_amount": "1200.00",
            "vat_rate": "10",
            "invoice": SimpleUploadedFile("ilk.pdf", PDF + b"%duzeltme", "application/pdf"),
            "paid": "on",
        },
    )
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.net_amount == Decimal("1200.00") and expense.paid
    assert expense.invoice.name != first
    assert storages["private"].exists(first) and storages["private"].exists(expense.invoice.name)
    versions = list(expense.history.order_by("history_date").values_list("net_amount", flat=True))
    assert versions == [Decimal("1000.00"), Decimal("1200.00")]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("fatura.pdf", b"MZ\x90\x00 a program", ONLY_PAPERS),
        ("fatura.pdf", b"<html><script>alert(1)</script></html>", ONLY_PAPERS),
        ("fatura.exe", b"%PDF-1.4 but named .exe", ONLY_PAPERS),
        ("fatura.pdf", b"", "Gönderilen dosya boş."),
    ],
)
def test_hostile_papers_are_refused_in_turkish_and_nothing_is_saved(
    client, user_with_role, name, content, message
):
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_expense:add"),
        {
            "date": "2027-03-02",
            "budget_line": "temsil",
            "supplier": "Tedarikçi",
            "description": "Çiçek",
            "net_amount": "100",
            "vat_rate": "20",
            "invoice": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["invoice"] == [message]
    assert Expense.objects.count() == 0


def test_amounts_must_be_positive_lira_with_kurus(client, user_with_role):
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_expense:add"),
        {
            "date": "2027-03-02",
            "budget_line": "temsil",
            "supplier": "Tedarikçi",
            "description": "Çiçek",
            "net_amount": "10.005",
            "vat_rate": "20",
        },
    )
    assert response.status_code == 200
    assert "net_amount" in response.context["form"].errors
    assert Expense.objects.count() == 0


def test_payment_papers_open_only_for_the_office(client, user_with_role):
    expense = ExpenseFactory(payment_paper=ContentFile(PDF, name="odeme.pdf"))
    url = storages["private"].url(expense.payment_paper.name)
    client.force_login(user_with_role(HEAD))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(user_with_role(PRESS))
    response = client.get(url)
    assert (response.status_code, response["Location"]) == REFUSED


def test_received_gifts_above_the_threshold_are_flagged(settings):
    settings.KALEM_GIFT_DECLARATION_THRESHOLD_TRY = Decimal("1000.00")
    above = GiftFactory(direction="alinan", value=Decimal("1000.01"))
    at_limit = GiftFactory(direction="alinan", value=Decimal("1000.00"))
    given = GiftFactory(direction="verilen", value=Decimal("50000"))
    unknown = GiftFactory(direction="alinan", value=None)
    assert [g.needs_declaration for g in (above, at_limit, given, unknown)] == [
        True,
        False,
        False,
        False,
    ]


@pytest.fixture
def year_of_costs():
    visit = VisitFactory()
    ExpenseFactory(
        date="2027-01-10",
        budget_line="temsil",
        net_amount=Decimal("0.10"),
        vat_rate=Decimal("0"),
        visit=visit,
    )
    ExpenseFactory(
        date="2027-01-20", budget_line="temsil", net_amount=Decimal("0.20"), vat_rate=Decimal("0")
    )
    ExpenseFactory(
        date="2027-03-02",
        budget_line="agirlama",
        net_amount=Decimal("1000.00"),
        vat_rate=Decimal("10"),
        supplier='=HYPERLINK("http://kotu.example")',
    )
    ExpenseFactory(date="2026-12-31", budget_line="toren", net_amount=Decimal("5000.00"))


def test_yearly_summary_screen_shows_exact_totals(client, user_with_role, year_of_costs):
    client.force_login(user_with_role(HEAD))
    response = client.get(reverse("events_expense_summary") + "?yil=2027")
    assert response.status_code == 200
    rows = {row.month_name: row for row in response.context["rows"]}
    assert rows["Ocak"].temsil == Decimal("0.30")
    assert rows["Mart"].agirlama == Decimal("1100.00")
    assert rows["Toplam"].total == Decimal("1100.30")
    assert "1.100,30" in response.content.decode()


def test_yearly_summary_spreadsheets_read_back_exactly(client, user_with_role, year_of_costs):
    client.force_login(user_with_role(CLERK))
    url = reverse("events_expense_summary") + "?yil=2027"
    data = b"".join(client.get(url + "&export=csv").streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    table = list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))
    assert table[0] == ["Ay", "Temsil", "Ağırlama", "Tören", "Toplam"]
    assert table[1] == ["Ocak", "0.30", "0.00", "0.00", "0.30"]
    assert table[13] == ["Toplam", "0.30", "1100.00", "0.00", "1100.30"]
    response = client.get(url + "&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[3][0] == "Mart" and Decimal(str(values[3][2])) == Decimal("1100.00")


def test_the_cost_list_export_never_runs_a_formula(client, user_with_role, year_of_costs):
    client.force_login(user_with_role(CLERK))
    response = client.get(reverse("wagtailsnippets_events_expense:list") + "?export=csv")
    data = b"".join(response.streaming_content)
    table = list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))
    suppliers = [row[2] for row in table[1:]]
    assert '\'=HYPERLINK("http://kotu.example")' in suppliers
    assert not [cell for row in table for cell in row if cell.startswith("=")]


@pytest.mark.indexed
def test_the_mudur_approves_a_cost_once_and_the_history_names_them(client, user_with_role):
    expense = ExpenseFactory()
    head = user_with_role(HEAD)
    client.force_login(head)
    edit = client.get(reverse("wagtailsnippets_events_expense:edit", args=[expense.pk]))
    assert reverse("events_expense_approve", args=[expense.pk]) in edit.content.decode()
    response = client.post(reverse("events_expense_approve", args=[expense.pk]))
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.approved_by == head and expense.approved_at is not None
    first = expense.approved_at
    client.post(reverse("events_expense_approve", args=[expense.pk]))
    expense.refresh_from_db()
    assert expense.approved_at == first
    assert expense.history.latest().history_user == head
    client.force_login(user_with_role(CLERK))
    edit = client.get(reverse("wagtailsnippets_events_expense:edit", args=[expense.pk]))
    assert reverse("events_expense_approve", args=[expense.pk]) not in edit.content.decode()


@pytest.mark.indexed
def test_a_visit_links_its_own_gifts_and_costs(client, user_with_role):
    batumi = VisitFactory(title="Batum Belediyesi heyeti")
    cologne = VisitFactory(title="Köln Belediyesi heyeti")
    GiftFactory(visit=batumi, description="Şehir plaketi")
    GiftFactory(visit=cologne, description="Kristal vazo")
    ExpenseFactory(visit=batumi, description="Heyet yemeği")
    ExpenseFactory(visit=cologne, description="Otel")
    client.force_login(user_with_role(CLERK))
    edit = client.get(reverse("wagtailsnippets_events_visit:edit", args=[batumi.pk]))
    html = edit.content.decode()
    gifts_url = f"{reverse('wagtailsnippets_events_gift:list')}?visit={batumi.pk}"
    costs_url = f"{reverse('wagtailsnippets_events_expense:list')}?visit={batumi.pk}"
    assert f'href="{gifts_url}"' in html and f'href="{costs_url}"' in html
    gifts = client.get(gifts_url).context["object_list"]
    assert [gift.description for gift in gifts] == ["Şehir plaketi"]
    costs = client.get(costs_url).context["object_list"]
    assert [cost.description for cost in costs] == ["Heyet yemeği"]
