"""Representation costs against the yearly budget of each line (temsil, ağırlama, tören):
spent and remaining in exact Decimal lira on the costs list, the yearly summary and its
spreadsheets; and the mayor's trips with destination, participants, costs and the trip
report kept privately."""

import codecs
import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.roles import CLERK, HEAD, PRESS
from events import rules
from events.models import BudgetAllocation, Visit
from tests.factories.events import ExpenseFactory, VisitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-06-15T10:00")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def budgets_and_costs():
    BudgetAllocation.objects.create(year=2027, budget_line="temsil", amount=Decimal("1000.00"))
    BudgetAllocation.objects.create(year=2027, budget_line="agirlama", amount=Decimal("0.30"))
    # Last year's budget does not count for 2027.
    BudgetAllocation.objects.create(year=2026, budget_line="toren", amount=Decimal("9999.00"))
    # 0.10 + 0.20 + 0.01 is not 0.31 in floats; in the summary it is exactly 0.31.
    for day, net in [("2027-01-10", "0.10"), ("2027-02-10", "0.20"), ("2027-05-31", "0.01")]:
        ExpenseFactory(date=day, budget_line="agirlama", net_amount=Decimal(net), vat_rate=0)
    # 333.33 + 10 % VAT (33.33) = 366.66, twice.
    ExpenseFactory(date="2027-03-01", budget_line="temsil", net_amount=Decimal("333.33"))
    ExpenseFactory(date="2027-04-01", budget_line="temsil", net_amount=Decimal("333.33"))
    ExpenseFactory(date="2027-04-02", budget_line="toren", net_amount=Decimal("50.00"))
    ExpenseFactory(date="2026-12-31", budget_line="temsil", net_amount=Decimal("700.00"))


def test_budget_rows_are_exact_and_leave_a_line_without_budget_empty():
    total = {"temsil": Decimal("733.32"), "agirlama": Decimal("0.31"), "toren": Decimal("55.00")}
    budget, remaining = rules.budget_rows(
        {"temsil": Decimal("1000.00"), "agirlama": Decimal("0.30")}, total
    )
    assert (budget["temsil"], remaining["temsil"]) == (Decimal("1000.00"), Decimal("266.68"))
    assert remaining["agirlama"] == Decimal("-0.01")
    assert (budget["toren"], remaining["toren"]) == (None, None)
    # The total covers the lines that have a budget: 1000.30 − 733.63.
    assert (budget["total"], remaining["total"]) == (Decimal("1000.30"), Decimal("266.67"))


def test_the_costs_list_shows_this_years_budget_spent_and_remaining(
    client, user_with_role, budgets_and_costs
):
    client.force_login(user_with_role(CLERK))
    response = client.get(reverse("wagtailsnippets_events_expense:list"))
    assert response.status_code == 200
    rows = {row["label"]: row for row in response.context["budget_position"]}
    assert rows["Temsil"]["spent"] == Decimal("733.32")
    assert rows["Temsil"]["remaining"] == Decimal("266.68")
    assert rows["Ağırlama"]["remaining"] == Decimal("-0.01")
    assert rows["Tören"]["allocated"] is None and rows["Tören"]["spent"] == Decimal("55.00")
    text = response.content.decode()
    assert "2027 bütçesi" in text and "266,68" in text


def test_the_summary_and_its_spreadsheets_end_with_budget_and_remaining(
    client, user_with_role, budgets_and_costs
):
    client.force_login(user_with_role(HEAD))
    url = reverse("events_expense_summary") + "?yil=2027"
    rows = {row.month_name: row for row in client.get(url).context["rows"]}
    assert rows["Yıllık ödenek"].temsil == Decimal("1000.00")
    assert rows["Kalan"].temsil == Decimal("266.68")
    assert rows["Kalan"].agirlama == Decimal("-0.01")
    assert rows["Kalan"].toren is None

    data = b"".join(client.get(url + "&export=csv").streaming_content)
    table = list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))
    assert table[13] == ["Toplam", "733.32", "0.31", "55.00", "788.63"]
    assert table[14] == ["Yıllık ödenek", "1000.00", "0.30", "", "1000.30"]
    assert table[15] == ["Kalan", "266.68", "-0.01", "", "266.67"]
    response = client.get(url + "&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[15][0] == "Kalan" and Decimal(str(values[15][1])) == Decimal("266.68")


def test_a_second_budget_for_the_same_line_and_year_is_refused_naming_the_field(
    client, user_with_role
):
    BudgetAllocation.objects.create(year=2027, budget_line="temsil", amount=Decimal("10.00"))
    client.force_login(user_with_role(HEAD))
    response = client.post(
        reverse("wagtailsnippets_events_budgetallocation:add"),
        {"year": "2027", "budget_line": "temsil", "amount": "20.00", "note": ""},
    )
    assert response.status_code == 200
    assert "Bütçe kalemi: bu kalemin o yıl için ödeneği zaten girilmiş." in (
        response.content.decode()
    )
    assert BudgetAllocation.objects.get().amount == Decimal("10.00")


def test_only_the_mudur_sets_a_budget(client, user_with_role):
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_budgetallocation:add"),
        {"year": "2027", "budget_line": "temsil", "amount": "20.00", "note": ""},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not BudgetAllocation.objects.exists()


def _trip(**fields):
    data = {
        "kind": "gezi",
        "country": "Almanya",
        "title": "Kardeş şehir ziyareti",
        "start": "2027-05-10",
        "end": "2027-05-13",
        "institution": "Köln Belediyesi",
        "delegation_head": "",
        "members": "",
        "protocol_order": "",
        "interpreter": "",
        "purpose": "Kardeş şehir protokolünün yenilenmesi",
        "hosts": "Köln Belediye Başkanı",
        "programme": "10 Mayıs: varış\n11 Mayıs: protokol töreni",
        "programme_url": "",
        "album_url": "",
        "destination": "Köln, Almanya",
        "participants": "Belediye Başkanı\nÖzel Kalem Müdürü",
    }
    data.update(fields)
    return data


def test_a_trip_abroad_is_recorded_with_participants_costs_and_its_report(client, user_with_role):
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_visit:add"),
        _trip(trip_report=SimpleUploadedFile("rapor.pdf", PDF, content_type="application/pdf")),
    )
    assert response.status_code == 302
    trip = Visit.objects.get()
    assert trip.abroad is True and trip.scope == "Yurt dışı"
    assert trip.participants.splitlines() == ["Belediye Başkanı", "Özel Kalem Müdürü"]
    # The report is a private paper: no public address, a signed link for the office only.
    assert trip.trip_report.storage is storages["private"]
    link = trip.trip_report.url
    assert client.get(link).status_code == 200
    client.force_login(user_with_role(PRESS))
    refused = client.get(link)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    ExpenseFactory(visit=trip, net_amount=Decimal("1000.00"), vat_rate=Decimal("20"))
    ExpenseFactory(visit=trip, net_amount=Decimal("0.05"), vat_rate=Decimal("20"))
    assert trip.total_cost == Decimal("1200.06")
    client.force_login(user_with_role(HEAD))
    listing = client.get(reverse("wagtailsnippets_events_visit:list")).content.decode()
    assert "Yurt dışı" in listing and "1200,06" in listing


def test_a_trip_needs_its_destination_and_participants(client, user_with_role):
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_visit:add"), _trip(destination="", participants=" ")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gidilen yer: gezinin nereye yapıldığını yazın." in text
    assert "Katılanlar: geziye katılan en az bir kişiyi yazın." in text
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "country, abroad", [("Türkiye", False), ("TÜRKİYE", False), ("turkey", False), ("İran", True)]
)
def test_a_trip_is_abroad_unless_in_turkiye(country, abroad):
    assert rules.is_abroad(country) is abroad


def test_the_visit_list_costs_the_same_queries_for_few_and_many_visits(
    client, user_with_role, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user_with_role(HEAD))
    counts = []
    for count in (2, 8):
        for _ in range(count - Visit.objects.count()):
            ExpenseFactory(visit=VisitFactory())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("wagtailsnippets_events_visit:list")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
