"""Clipping scans, tekzip scans, proofs of delivery, tekzip letters and monitoring report
PDFs live in private storage: never under MEDIA_ROOT, never at a public media URL, and
every link the admin shows for them goes through a view that checks the user's right."""

import datetime as dt
import importlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from press.models import MonitoringReportFile, PressClipping, ReportStatus
from press.tekzip.letters import generate_letter
from press.tekzip.rules import Status
from tests.factories.cms import set_detsis
from tests.factories.press import PressClippingFactory
from tests.factories.tekzip import DenialNoticeFactory
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4\n% kupur\n%%EOF\n"
NOTICE_SCAN = b"%PDF-1.4\n% haber\n%%EOF\n"
PROOF = b"%PDF-1.4\n% teslim\n%%EOF\n"


@pytest.fixture
def records(db):
    clipping = PressClippingFactory(scan=ContentFile(SCAN, name="Kupür Sayfa 3.pdf"))
    notice = DenialNoticeFactory(
        outlet=clipping.outlet,
        status=Status.SENT,
        scan=ContentFile(NOTICE_SCAN, name="haber.pdf"),
        delivery_proof=ContentFile(PROOF, name="teslim.pdf"),
        delivered_on=dt.date.today(),
        delivery_method="kep",
    )
    set_detsis()
    letter = generate_letter(notice)
    report_pdf = MonitoringReportFile.objects.create(
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 31),
        status=ReportStatus.READY,
        file=ContentFile(b"%PDF-1.4\n% rapor\n%%EOF\n", name="rapor.pdf"),
    )
    return {"clipping": clipping, "notice": notice, "letter": letter, "report_pdf": report_pdf}


def stored_files(records):
    return [
        records["clipping"].scan,
        records["notice"].scan,
        records["notice"].delivery_proof,
        records["letter"].file,
        records["report_pdf"].file,
    ]


def download_urls(records):
    notice = records["notice"]
    return {
        reverse("press_clipping_scan", args=[records["clipping"].pk]): SCAN,
        reverse("press_tekzip_scan", args=[notice.pk]): NOTICE_SCAN,
        reverse("press_tekzip_proof", args=[notice.pk]): PROOF,
        reverse("press_tekzip_letter_download", args=[notice.pk, records["letter"].version]): None,
        reverse("press_monitoring_pdf_download", args=[records["report_pdf"].pk]): None,
    }


def test_files_are_kept_outside_media_root(records, settings):
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for field_file in stored_files(records):
        path = Path(field_file.path).resolve()
        assert path.is_relative_to(private_root), path
        assert not path.is_relative_to(media_root), path
        assert path.is_file()
        assert not field_file.url.startswith(settings.MEDIA_URL)
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_staff_with_the_right_download_every_file(client, user_with_role, records):
    client.force_login(user_with_role(PRESS))
    for url, content in download_urls(records).items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        body = b"".join(response.streaming_content)
        assert body == content if content else body.startswith(b"%PDF"), url


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, CLERK, None], ids=["photo", "clerk", "anon"])
def test_users_without_the_right_get_no_file(client, user_with_role, records, role):
    if role:
        client.force_login(user_with_role(role))
    for url in download_urls(records):
        response = client.get(url)
        if role:
            assert_sent_to_dashboard(response, url)
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/?next="), url


def test_signed_storage_links_need_a_staff_login(client, records):
    for field_file in stored_files(records):
        response = client.get(field_file.url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_pages_link_the_files_through_checked_views(client, user_with_role, records):
    client.force_login(user_with_role(HEAD))
    clipping, notice = records["clipping"], records["notice"]
    listing = client.get(reverse("press_pressclipping_modeladmin_index")).content.decode()
    assert reverse("press_clipping_scan", args=[clipping.pk]) in listing
    detail = BeautifulSoup(
        client.get(reverse("press_tekzip_detail", args=[notice.pk])).content, "html.parser"
    )
    links = {a["href"] for a in detail.select("a[href]")}
    assert reverse("press_tekzip_scan", args=[notice.pk]) in links
    assert reverse("press_tekzip_proof", args=[notice.pk]) in links
    assert reverse("press_tekzip_letter_download", args=[notice.pk, 1]) in links
    assert not [link for link in links if link.startswith("/media/")]


# The signed link carries the second it was made: the page and the expected link must be
# signed in the same second.
@pytest.mark.clock("2026-11-12T10:00", tick=False)
def test_clipping_edit_form_links_the_scan_by_a_signed_admin_link(client, user_with_role, records):
    client.force_login(user_with_role(PRESS))
    clipping = records["clipping"]
    page = client.get(reverse("press_pressclipping_modeladmin_edit", args=[clipping.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert clipping.scan.url in html and clipping.scan.url.startswith("/admin/dosya/")
    assert "/media/press/" not in html


def test_migration_moves_files_already_uploaded_out_of_media_root(settings):
    public, private = storages["default"], storages["private"]
    name = "press/clippings/2025/01/eski-kupur.pdf"
    public.save(name, ContentFile(SCAN))
    clipping = PressClippingFactory()
    PressClipping.objects.filter(pk=clipping.pk).update(scan=name)

    migration = importlib.import_module("press.migrations.0003_private_files_and_report_pdfs")
    migration.move_to_private_storage(apps, None)

    assert not public.exists(name)
    with private.open(name, "rb") as moved:
        assert moved.read() == SCAN
    clipping.refresh_from_db()
    assert clipping.scan.read() == SCAN
