"""Paid newspaper notices, as the press office uses them: a unit's request recorded by press
staff, ordered with the Müdür's approval, followed to its proof, invoice and payment; every
change kept and restorable without rewinding the process; late proofs and unpaid invoices
highlighted; hostile papers refused with nothing saved; the cost report as Excel and PDF."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cms.history import restore_version
from cms.roles import HEAD, PRESS
from press.models import NewspaperNotice
from press.notices.rules import Status
from tests.factories.notices import NewspaperNoticeFactory, at_status
from tests.factories.press import MediaOutletFactory, PressClippingFactory

pytestmark = pytest.mark.django_db

REFUSED = (302, "/admin/")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ADD = "wagtailsnippets_press_newspapernotice:add"
EDIT = "wagtailsnippets_press_newspapernotice:edit"
LIST = "wagtailsnippets_press_newspapernotice:list"


@pytest.fixture
def press_client(client, user_with_role):
    client.force_login(user_with_role(PRESS, username="basin"))
    return client


@pytest.fixture
def head_client(user_with_role):
    other = Client()
    other.force_login(user_with_role(HEAD, username="mudur"))
    return other


def form(notice=None, **changes):
    """The edit form's fields, as the browser posts them."""
    data = {
        "requesting_unit": "Fen İşleri Müdürlüğü",
        "subject": "Asfalt ihalesi ilanı",
        "text": "Belediyemizce asfalt yapım işi ihale edilecektir.",
        "via_bik": "",
        "bik_reference": "",
        "ordered_on": "",
        "published_on": "",
        "columns": "",
        "height_cm": "",
        "cost": "",
        "invoice_number": "",
        "invoiced_on": "",
        "paid_on": "",
        "note": "",
    }
    if notice is not None:
        data["outlets"] = [str(o.pk) for o in notice.outlets.all()]
        for name in ("ordered_on", "published_on", "invoiced_on", "paid_on"):
            value = getattr(notice, name)
            data[name] = value.isoformat() if value else ""
        data["cost"] = str(notice.cost or "")
        data["via_bik"] = "on" if notice.via_bik else ""
        data["bik_reference"] = notice.bik_reference
        data["clipping"] = str(notice.clipping_id or "")
    data.update(changes)
    return {k: v for k, v in data.items() if v != "" or k not in {"via_bik"}}


def answer(response):
    return response.status_code, response.get("Location", "")


def advance(client, notice):
    return client.post(reverse("press_notice_advance", args=[notice.pk]), follow=True)


def edit(client, notice, **changes):
    notice.refresh_from_db()
    response = client.post(reverse(EDIT, args=[notice.pk]), form(notice, **changes))
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message"
    )
    notice.refresh_from_db()


@pytest.mark.clock("2026-11-24T10:00")
@pytest.mark.indexed
def test_a_notice_is_followed_from_request_to_closed(press_client, head_client):
    korfez = MediaOutletFactory(name="Körfez Haber")
    response = press_client.post(
        reverse(ADD),
        form(outlets=[str(korfez.pk)], via_bik="on", bik_reference="BİK-2026/1187"),
    )
    assert response.status_code == 302
    notice = NewspaperNotice.objects.get()
    assert notice.status == Status.REQUESTED

    # Ordering commits money: press staff cannot, the Müdür can once the order date is in.
    assert answer(press_client.post(reverse("press_notice_advance", args=[notice.pk]))) == REFUSED
    page = advance(head_client, notice)
    assert "Devam etmeden önce doldurun: sipariş tarihi." in page.content.decode()
    notice.refresh_from_db()
    assert notice.status == Status.REQUESTED
    edit(press_client, notice, ordered_on="2026-11-02")
    advance(head_client, notice)
    notice.refresh_from_db()
    assert notice.status == Status.ORDERED

    # The rest is press staff's: each step asks for its paper or date.
    edit(press_client, notice, published_on="2026-11-05")
    advance(press_client, notice)
    page = advance(press_client, notice)
    assert "Devam etmeden önce doldurun: yayın kanıtı." in page.content.decode()
    press_client.post(
        reverse(EDIT, args=[notice.pk]),
        {**form(notice), "proof": SimpleUploadedFile("sayfa.pdf", PDF, "application/pdf")},
    )
    advance(press_client, notice)
    press_client.post(
        reverse(EDIT, args=[notice.pk]),
        {
            **form(notice, cost="4500.50", invoiced_on="2026-11-10", invoice_number="A-77"),
            "invoice": SimpleUploadedFile("fatura.pdf", PDF, "application/pdf"),
        },
    )
    advance(press_client, notice)
    edit(press_client, notice, paid_on="2026-11-20")
    advance(press_client, notice)
    advance(press_client, notice)
    notice.refresh_from_db()
    assert notice.status == Status.CLOSED
    assert notice.cost == Decimal("4500.50")
    # Invoice and proof are private files, never public.
    assert storages["private"].exists(notice.invoice.name)
    assert storages["private"].exists(notice.proof.name)
    assert not storages["default"].exists(notice.invoice.name)

    # Every change is in the history, with who made it; restoring the request as it was
    # before the order date brings back its fields but not its status.
    statuses = list(notice.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[0] == "requested" and statuses[-1] == "closed"
    mover = notice.history.filter(status="ordered").order_by("history_id").first().history_user
    assert mover.username == "mudur"
    request = notice.history.filter(status="requested", ordered_on=None).order_by("history_id")
    restore_version(notice, request.last())
    notice.refresh_from_db()
    assert notice.status == Status.CLOSED
    assert notice.ordered_on is None
    assert list(notice.outlets.all()) == [korfez]


@pytest.mark.indexed
def test_the_clippings_scan_is_proof_of_publication(press_client):
    notice = at_status(Status.PUBLISHED, published_on=dt.date(2026, 11, 5))
    clipping = PressClippingFactory(
        outlet=notice.outlets.get(), scan=ContentFile(b"%PDF-1.4 kupur", name="kupur.pdf")
    )
    page = advance(press_client, notice)
    assert "Devam etmeden önce doldurun: yayın kanıtı." in page.content.decode()
    edit(press_client, notice, clipping=str(clipping.pk))
    advance(press_client, notice)
    notice.refresh_from_db()
    assert notice.status == Status.PROOF_RECEIVED
    assert not notice.proof


@pytest.mark.indexed
def test_a_notice_placed_through_bik_needs_its_reference(press_client, head_client):
    notice = NewspaperNoticeFactory(via_bik=True, ordered_on=dt.date(2026, 11, 2))
    advance(head_client, notice)
    response = press_client.post(
        reverse(EDIT, args=[notice.pk]), form(notice, via_bik="on", bik_reference="")
    )
    assert response.status_code == 200
    notice.refresh_from_db()
    errors = BeautifulSoup(response.content, "html.parser").select(".error-message")
    assert "Basın İlan Kurumu referansı" in " ".join(e.get_text() for e in errors)


@pytest.mark.indexed
def test_a_hostile_invoice_is_refused_and_nothing_is_saved(press_client):
    notice = NewspaperNoticeFactory()
    before = notice.history.count()
    response = press_client.post(
        reverse(EDIT, args=[notice.pk]),
        {
            **form(notice, subject="Değişmemeli"),
            "invoice": SimpleUploadedFile("fatura.pdf", b"MZ\x90\x00 program", "application/pdf"),
        },
    )
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Dosya: yalnızca PDF, JPEG veya PNG dosyaları kabul edilir." in text
    notice.refresh_from_db()
    assert notice.subject.startswith("Asfalt")
    assert not notice.invoice
    assert notice.history.count() == before
    assert not storages["private"].exists("press/notices/invoices")


@pytest.mark.clock("2026-11-24T10:00")
def test_late_proofs_and_unpaid_invoices_are_highlighted(press_client):
    # Proofs are due 10 days after publication, payment 30 days after the invoice.
    at_status(Status.PUBLISHED, subject="Geç kanıt", published_on=dt.date(2026, 11, 13))
    at_status(Status.PUBLISHED, subject="Kanıt zamanında", published_on=dt.date(2026, 11, 14))
    at_status(Status.INVOICED, subject="Ödenmemiş", invoiced_on=dt.date(2026, 10, 24))
    at_status(Status.INVOICED, subject="Vadesi gelmemiş", invoiced_on=dt.date(2026, 10, 25))
    soup = BeautifulSoup(press_client.get(reverse(LIST)).content, "html.parser")
    late = {
        row.select_one("td a").get_text(strip=True): bool(row.select_one(".notice-state--late"))
        for row in soup.select("tbody tr")
    }
    assert late == {
        "Geç kanıt": True,
        "Kanıt zamanında": False,
        "Ödenmemiş": True,
        "Vadesi gelmemiş": False,
    }
    cells = [cell.get_text(" ", strip=True) for cell in soup.select(".notice-state--late")]
    assert sorted(cells) == [
        "Faturalandı ödemenin son günü 23.11.2026 idi",
        "Yayımlandı kanıtın son günü 23.11.2026 idi",
    ]
    proof = BeautifulSoup(
        press_client.get(reverse(LIST), {"late": "proof"}).content, "html.parser"
    ).get_text()
    assert "Geç kanıt" in proof
    assert "Kanıt zamanında" not in proof
    assert "Ödenmemiş" not in proof


@pytest.mark.indexed
def test_only_a_request_may_be_deleted(press_client):
    requested = NewspaperNoticeFactory()
    ordered = at_status(Status.ORDERED, ordered_on=dt.date(2026, 11, 2))
    delete = "wagtailsnippets_press_newspapernotice:delete"
    assert answer(press_client.post(reverse(delete, args=[ordered.pk]))) == REFUSED
    assert press_client.post(reverse(delete, args=[requested.pk])).status_code == 302
    assert list(NewspaperNotice.objects.all()) == [ordered]


@pytest.fixture
def year_of_notices():
    korfez = MediaOutletFactory(name="Körfez Haber")
    asir = MediaOutletFactory(name="Yeni Asır")
    NewspaperNoticeFactory(
        requesting_unit='=HYPERLINK("http://kotu.example","tıkla")',
        published_on=dt.date(2026, 11, 3),
        cost=Decimal("1000.00"),
        outlets=[korfez, asir],
    )
    NewspaperNoticeFactory(
        requesting_unit="İmar ve Şehircilik",
        published_on=dt.date(2026, 11, 20),
        cost=Decimal("250.50"),
        outlets=[korfez],
    )
    NewspaperNoticeFactory(
        requesting_unit="İmar ve Şehircilik",
        published_on=dt.date(2026, 3, 1),
        cost=Decimal("400.00"),
        outlets=[asir],
    )


def test_the_month_cost_report_downloads_as_excel_safe_to_open(press_client, year_of_notices):
    response = press_client.get(
        reverse("press_notice_report"), {"yil": 2026, "ay": 11, "bicim": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="gazete-ilanlari-2026-11.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    outlets, units = book.worksheets
    rows = [[c.value for c in row] for row in outlets.iter_rows(min_row=3)]
    assert rows == [["Körfez Haber", 750.5], ["Yeni Asır", 500], ["Toplam", 1250.5]]
    unit_cells = {row[0].value: row[0] for row in units.iter_rows(min_row=3)}
    hostile = unit_cells['=HYPERLINK("http://kotu.example","tıkla")']
    assert hostile.data_type == "s"  # text, not a formula


def test_the_year_cost_report_is_a_pdf_with_the_sums(press_client, year_of_notices):
    screen = BeautifulSoup(
        press_client.get(reverse("press_notice_report"), {"yil": 2026}).content, "html.parser"
    )
    assert "3 ilan" in screen.get_text()
    response = press_client.get(reverse("press_notice_report"), {"yil": 2026, "bicim": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Körfez Haber" in text
    assert "900,00" in text  # Yeni Asır: 500.00 in November and 400.00 in March
    assert "1.650,50" in text


def test_a_period_outside_the_calendar_is_not_found(press_client):
    for params in ({"yil": "abc"}, {"yil": 2026, "ay": 13}, {"yil": 2026, "bicim": "exe"}):
        assert press_client.get(reverse("press_notice_report"), params).status_code == 404
