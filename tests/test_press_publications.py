"""Publications as the press office uses them: a press officer uploads this month's bulletin as
a PDF issue, its cover is drawn from the first page and its text read in the background,
the Müdür publishes it, and readers find the cover, contents and PDF (with its size) on
its page, the issue in its series' year archive and RSS feed, and its text through site
search. Bad PDFs are refused with a Turkish message and nothing is stored."""

import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from cms.pdf import html_to_pdf
from cms.roles import HEAD, PRESS
from press.models import (
    Processing,
    PublicationIssuePage,
    PublicationPdf,
    PublicationSeriesPage,
)
from press.publications.tasks import process_pdf
from tests.factories.cms import publish_child

pytestmark = pytest.mark.django_db

# A word found only in the PDF's text, on its second page, not in any field of the page.
PDF_ONLY_WORD = "yağmursuyu"


@pytest.fixture(scope="module")
def issue_pdf():
    """A real two-page PDF with text (WeasyPrint), made once for the module."""
    return html_to_pdf(
        "<html><body style='font-family: DejaVu Sans'>"
        "<h1 style='color:#0b4f8a'>Belediye Bülteni</h1><p>Kasım 2026 sayısı.</p>"
        f"<p style='page-break-before: always'>Sahil yolunda {PDF_ONLY_WORD} kanalı "
        "yenilendi.</p></body></html>"
    )


@pytest.fixture
def series(home):
    return publish_child(
        home, PublicationSeriesPage(title="Belediye Bülteni", slug="bulten", kind="bulletin")
    )


@pytest.fixture
def press_client(client, user_with_role):
    client.force_login(user_with_role(PRESS, username="basin"))
    return client


@pytest.fixture
def head_client(user_with_role):
    other = Client()
    other.force_login(user_with_role(HEAD, username="mudur"))
    return other


def issue_form(upload=None, **changes):
    data = {
        "title": "Belediye Bülteni Kasım 2026",
        "slug": "kasim-2026",
        "number": "42",
        "date": "2026-11-20",
        "summary": "Kasım ayında kentte yapılanlar.",
        "contents-count": "2",
        "contents-0-type": "entry",
        "contents-0-deleted": "",
        "contents-0-order": "0",
        "contents-0-value-title": "Başkanın mesajı",
        "contents-0-value-page": "1",
        "contents-1-type": "entry",
        "contents-1-deleted": "",
        "contents-1-order": "1",
        "contents-1-value-title": "Sahil yolu",
        "contents-1-value-page": "2",
        "print_run": "5000",
        "distribution_points": "Belediye binası\nKültür merkezi",
    }
    if upload is not None:
        data["pdf_upload"] = upload
    data.update(changes)
    return data


def add_url(series):
    return reverse("wagtailadmin_pages:add", args=["press", "publicationissuepage", series.pk])


def upload(data, name="bulten-kasim.pdf"):
    return SimpleUploadedFile(name, data, "application/pdf")


@pytest.mark.indexed
def test_an_issue_is_uploaded_processed_published_and_found(
    press_client, head_client, series, issue_pdf, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        response = press_client.post(add_url(series), issue_form(upload(issue_pdf)))
    assert response.status_code == 302
    # The English tree gets an alias of the page (the site keeps both trees in step).
    issue = PublicationIssuePage.objects.get(alias_of=None)
    assert not issue.live  # press staff write; the Müdür publishes

    # The background task drew the cover and read the text.
    record = issue.pdf
    assert record.status == Processing.READY
    assert record.size == len(issue_pdf)
    assert record.page_count == 2
    assert PDF_ONLY_WORD in record.text
    with storages["default"].open(record.cover.name) as handle:
        cover = Image.open(io.BytesIO(handle.read()))
        assert cover.format == "PNG"
        assert cover.width == 600
        # A4 portrait: the cover is taller than wide, and the heading's blue is on it.
        assert cover.height > cover.width
        assert (11, 79, 138) in {
            colour for _count, colour in cover.convert("RGB").getcolors(1 << 20)
        }

    # The editor sees the processing status under the field.
    edit = reverse("wagtailadmin_pages:edit", args=[issue.pk])
    form = BeautifulSoup(head_client.get(edit).content, "html.parser").get_text(" ")
    assert "2 sayfa; kapak ve metin: hazır" in form

    response = head_client.post(edit, issue_form(**{"action-publish": "action-publish"}))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.live and issue.pdf_id == record.pk

    page = BeautifulSoup(client.get(issue.url).content, "html.parser")
    assert page.select_one("img.publication__cover")["src"] == record.cover.url
    download = page.select_one(".publication__download a")
    assert download["href"] == record.file.url
    size = page.select_one(".publication__size").get_text(" ", strip=True)
    assert size.startswith("(PDF, ") and size.endswith(", 2 sayfa)")
    assert [li.get_text(" ", strip=True) for li in page.select(".publication__contents li")] == [
        "Başkanın mesajı sayfa 1",
        "Sahil yolu sayfa 2",
    ]
    # Print facts are for staff only.
    assert "5000" not in page.get_text() and "Kültür merkezi" not in page.get_text()

    found = BeautifulSoup(
        client.get(reverse("search"), {"q": PDF_ONLY_WORD}).content, "html.parser"
    )
    assert issue.url in [a["href"] for a in found.select("main a")]


@pytest.mark.indexed
def test_text_read_after_publication_is_found_by_search(series, issue_pdf, client):
    """The task may finish after the Müdür published: the live issue is indexed again."""
    record = PublicationPdf.objects.create(
        file=upload(issue_pdf),
        original_name="b.pdf",
        size=len(issue_pdf),
        sha256="0" * 64,
        page_count=2,
    )
    issue = publish_child(
        series,
        PublicationIssuePage(
            title="Bülten Ekim 2026", slug="ekim-2026", number="41", date="2026-10-20", pdf=record
        ),
    )
    search = reverse("search")
    before = BeautifulSoup(client.get(search, {"q": PDF_ONLY_WORD}).content, "html.parser")
    assert issue.url not in [a["href"] for a in before.select("main a")]
    process_pdf.call(record.pk)
    after = BeautifulSoup(client.get(search, {"q": PDF_ONLY_WORD}).content, "html.parser")
    assert issue.url in [a["href"] for a in after.select("main a")]


def _issue(series, number, date, record):
    return publish_child(
        series,
        PublicationIssuePage(
            title=f"Bülten {number}", slug=f"sayi-{number}", number=number, date=date, pdf=record
        ),
    )


def test_the_series_has_a_year_archive_and_an_rss_feed(series, issue_pdf, client):
    record = PublicationPdf.objects.create(
        file=upload(issue_pdf),
        original_name="b.pdf",
        size=len(issue_pdf),
        sha256="0" * 64,
        page_count=2,
    )
    _issue(series, "30", "2025-12-15", record)
    newest = _issue(series, "42", "2026-11-20", record)
    _issue(series, "41", "2026-10-20", record)

    index = BeautifulSoup(client.get(series.url).content, "html.parser")
    assert [a.get_text() for a in index.select(".publication-years a")] == [
        "En yeni",
        "2026",
        "2025",
    ]
    assert [t.get_text() for t in index.select(".publication-issue__title")] == [
        "Bülten 42",
        "Bülten 41",
        "Bülten 30",
    ]
    year = BeautifulSoup(client.get(series.url + "2025/").content, "html.parser")
    assert [t.get_text() for t in year.select(".publication-issue__title")] == ["Bülten 30"]
    assert client.get(series.url + "2019/").status_code == 404

    feed = ET.fromstring(client.get(series.url + "rss/").content)
    items = feed.findall("./channel/item")
    assert [i.findtext("title") for i in items] == [
        "Bülten 42 (42)",
        "Bülten 41 (41)",
        "Bülten 30 (30)",
    ]
    enclosure = items[0].find("enclosure")
    assert enclosure.get("type") == "application/pdf"
    assert enclosure.get("length") == str(len(issue_pdf))
    assert enclosure.get("url").endswith(record.file.url)
    assert items[0].findtext("link").endswith(newest.url)


def _encrypted(data):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt("gizli")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (lambda pdf: b"MZ\x90\x00 bir program", "bulten.pdf", "PDF dosyası: dosya bir PDF değil."),
        (lambda pdf: pdf, "bulten.exe", "PDF dosyası: dosya adı .pdf ile bitmelidir."),
        (
            lambda pdf: _encrypted(pdf),
            "bulten.pdf",
            "PDF dosyası: PDF şifreli (parola korumalı); parolasız hâlini yükleyin.",
        ),
        (lambda pdf: _blank(), "bulten.pdf", "PDF dosyası: ilk sayfalarda metin yok"),
        (
            lambda pdf: b"%PDF-1.7\n" + b"\x00garbage" * 50,
            "bulten.pdf",
            "PDF dosyası: dosya bozuk, okunamıyor.",
        ),
    ],
)
def test_a_bad_pdf_is_refused_in_turkish_and_nothing_is_stored(
    press_client, series, issue_pdf, make, name, message
):
    response = press_client.post(add_url(series), issue_form(upload(make(issue_pdf), name)))
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert message in errors
    assert not PublicationIssuePage.objects.exists()
    assert not PublicationPdf.objects.exists()
    assert not storages["default"].exists("publications")


def test_an_oversize_pdf_is_refused_before_it_is_read(press_client, series, issue_pdf, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024 * 1024
    big = issue_pdf + b"%" + b"0" * (1024 * 1024)
    response = press_client.post(add_url(series), issue_form(upload(big)))
    assert "PDF dosyası: dosya 1 MB'tan büyük." in BeautifulSoup(
        response.content, "html.parser"
    ).get_text(" ")
    assert not PublicationPdf.objects.exists()


def test_an_issue_needs_its_pdf(press_client, series):
    response = press_client.post(add_url(series), issue_form())
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert "PDF dosyası: sayının PDF'ini yükleyin." in text
    assert not PublicationIssuePage.objects.exists()


def test_a_failed_cover_is_recorded_and_the_pdf_stays_published(
    series, issue_pdf, client, monkeypatch
):
    from press.publications import pdf

    def missing():
        raise RuntimeError("pdftoppm is missing: install Debian's poppler-utils")

    monkeypatch.setattr(pdf, "pdftoppm", missing)
    record = PublicationPdf.objects.create(
        file=upload(issue_pdf),
        original_name="b.pdf",
        size=len(issue_pdf),
        sha256="0" * 64,
        page_count=2,
    )
    issue = _issue(series, "43", "2026-12-20", record)
    assert process_pdf.call(record.pk) == Processing.FAILED
    record.refresh_from_db()
    assert record.error == "PDF'ten kapak veya metin okunamadı."
    assert not record.cover
    page = BeautifulSoup(client.get(issue.url).content, "html.parser")
    assert page.select_one(".publication__download a")["href"] == record.file.url
    assert page.select_one("img.publication__cover") is None
