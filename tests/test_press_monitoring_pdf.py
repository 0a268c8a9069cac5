"""The monitoring report PDF is built in the background: asking for it shows a page that
reloads itself until the PDF is ready, asking twice for a period being built does not
build it twice, and the file is kept in private storage with its SHA-256."""

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from pypdf import PdfReader

from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from press import monitoring
from press.models import MonitoringReportFile, ReportStatus, Tone
from press.monitoring import Period, request_pdf
from tests.factories.press import MediaOutletFactory, PressClippingFactory
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

OCTOBER = {"period": "custom", "start": "2026-10-01", "end": "2026-10-31"}


@pytest.fixture
def clippings(db):
    korfez = MediaOutletFactory(name="Körfez Haber")
    for day, tone in [(1, Tone.POSITIVE), (5, Tone.NEGATIVE), (9, Tone.NEUTRAL)]:
        PressClippingFactory(
            outlet=korfez, date=dt.date(2026, 10, day), tone=tone, headline=f"Körfez {day} Ekim"
        )


@pytest.fixture
def head_client(client, user_with_role):
    client.force_login(user_with_role(HEAD, username="mudur"))
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_asking_for_the_pdf_queues_it_and_the_page_waits_until_it_is_ready(
    head_client, clippings, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = head_client.post(reverse("press_monitoring_pdf"), OCTOBER)
    report_file = MonitoringReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("press_monitoring_pdf_status", args=[report_file.pk])
    assert len(callbacks) == 1  # queued only once the request's transaction commits

    waiting = head_client.get(response["Location"])
    page = soup(waiting)
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "3"
    assert "PDF hazırlanıyor" in page.select_one(".monitoring-pdf-status").text
    assert not page.select('a[href$="/indir/"]')

    callbacks[0]()  # the background worker runs the task (immediate backend in tests)
    report_file.refresh_from_db()
    assert report_file.status == ReportStatus.READY
    assert report_file.requested_by.username == "mudur"

    ready = soup(head_client.get(response["Location"]))
    assert ready.select_one('meta[http-equiv="refresh"]') is None
    download_url = reverse("press_monitoring_pdf_download", args=[report_file.pk])
    assert ready.select_one(f'a[href="{download_url}"]') is not None

    download = head_client.get(download_url)
    assert download["Content-Type"] == "application/pdf"
    assert "basin-takip-raporu-20261001-20261031.pdf" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == report_file.sha256
    assert len(content) == report_file.size
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Basın takip raporu" in text
    assert "Körfez 5 Ekim" in text
    assert "Bu dönemde 3 kupür." in text

    # Kept in private storage, not under MEDIA_ROOT.
    path = Path(report_file.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))


def test_asking_twice_while_it_is_built_queues_one_build(
    client, user_with_role, clippings, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role(PRESS))
    with django_capture_on_commit_callbacks() as callbacks:
        first = client.post(reverse("press_monitoring_pdf"), OCTOBER)
    client.force_login(user_with_role(HEAD))
    with django_capture_on_commit_callbacks() as again:
        second = client.post(reverse("press_monitoring_pdf"), OCTOBER)
    assert first["Location"] == second["Location"]
    assert MonitoringReportFile.objects.count() == 1
    assert len(callbacks) == 1 and len(again) == 0


def test_a_finished_period_can_be_built_again_as_a_new_file(
    clippings, django_capture_on_commit_callbacks
):
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    with django_capture_on_commit_callbacks(execute=True):
        first, created = request_pdf(period)
    assert created
    PressClippingFactory(date=dt.date(2026, 10, 20), tone=Tone.NEGATIVE)
    with django_capture_on_commit_callbacks(execute=True):
        second, created = request_pdf(period)
    assert created and second.pk != first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.file.name != second.file.name
    assert first.sha256 != second.sha256
    assert first.file.storage.exists(first.file.name)


def test_a_build_that_died_does_not_block_the_period_forever(
    clippings, django_capture_on_commit_callbacks
):
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    stuck = MonitoringReportFile.objects.create(
        start=period.start,
        end=period.end,
        requested_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_file, created = request_pdf(period)
    assert created and report_file.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED


def test_a_failed_build_is_shown_with_a_retry(
    head_client, clippings, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(report, base_url=None):
        raise ValueError("font missing")

    monkeypatch.setattr(monitoring, "report_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(reverse("press_monitoring_pdf"), OCTOBER)
    report_file = MonitoringReportFile.objects.get()
    assert report_file.status == ReportStatus.FAILED
    assert "font missing" in report_file.error
    page = soup(head_client.get(response["Location"]))
    assert "PDF hazırlanamadı" in page.select_one(".monitoring-pdf-status").text
    assert page.select_one('meta[http-equiv="refresh"]') is None
    retry = page.select_one("form.monitoring-pdf-request")
    assert retry["action"] == reverse("press_monitoring_pdf")
    download = reverse("press_monitoring_pdf_download", args=[report_file.pk])
    assert head_client.get(download).status_code == 404


def test_a_bad_period_is_explained_and_nothing_is_queued(head_client):
    response = head_client.post(
        reverse("press_monitoring_pdf"),
        {"period": "custom", "start": "2026-10-10", "end": "2026-10-01"},
        follow=True,
    )
    assert "Son gün ilk günden önce olamaz." in response.content.decode()
    assert not MonitoringReportFile.objects.exists()


def test_the_list_shows_prepared_pdfs(head_client, clippings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        head_client.post(reverse("press_monitoring_pdf"), OCTOBER)
    page = soup(head_client.get(reverse("press_monitoring_pdf")))
    rows = page.select("table.monitoring-pdfs tbody tr")
    assert len(rows) == 1
    assert "Hazır" in rows[0].text


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, CLERK])
def test_roles_without_the_report_right_can_neither_ask_nor_download(
    client, user_with_role, clippings, django_capture_on_commit_callbacks, role
):
    with django_capture_on_commit_callbacks(execute=True):
        report_file, _created = request_pdf(Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
    client.force_login(user_with_role(role))
    assert_sent_to_dashboard(client.post(reverse("press_monitoring_pdf"), OCTOBER))
    for name in ["press_monitoring_pdf_status", "press_monitoring_pdf_download"]:
        assert_sent_to_dashboard(client.get(reverse(name, args=[report_file.pk])))
    assert MonitoringReportFile.objects.count() == 1
