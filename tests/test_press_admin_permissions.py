"""Every admin URL of the press office refuses users whose role lacks the right, and
opens for the roles that have it."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cms.history import history_url
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from press.models import MonitoringReportFile, ReportStatus
from tests.factories.cms import publish_child
from tests.factories.press import (
    CategoryFactory,
    DistributionListFactory,
    PressClippingFactory,
    PressContactFactory,
    PressReleaseIndexFactory,
    publish_item,
)
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

NO_PRESS_RIGHTS = [PHOTO_ARCHIVE, CLERK]


@pytest.fixture
def records(home):
    index = publish_child(home, PressReleaseIndexFactory())
    contact = PressContactFactory()
    return {
        "release": publish_item(index, title="Açıklama"),
        "contact": contact,
        "outlet": contact.outlet,
        "list": DistributionListFactory(),
        "clipping": PressClippingFactory(
            outlet=contact.outlet, scan=ContentFile(b"%PDF-1.4\n%%EOF\n", name="kupur.pdf")
        ),
        "category": CategoryFactory(),
        "report_pdf": MonitoringReportFile.objects.create(
            start=dt.date(2026, 10, 1),
            end=dt.date(2026, 10, 31),
            status=ReportStatus.READY,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="rapor.pdf"),
        ),
    }


def modeladmin_urls(model, pk):
    prefix = f"press_{model}_modeladmin"
    return [
        reverse(f"{prefix}_index"),
        reverse(f"{prefix}_index") + "?export=csv",
        reverse(f"{prefix}_create"),
        reverse(f"{prefix}_edit", args=[pk]),
        reverse(f"{prefix}_delete", args=[pk]),
    ]


def all_urls(records):
    urls = []
    for model, key in [
        ("mediaoutlet", "outlet"),
        ("presscontact", "contact"),
        ("distributionlist", "list"),
        ("pressclipping", "clipping"),
    ]:
        urls += modeladmin_urls(model, records[key].pk)
        urls.append(history_url(records[key]))
    page = records["release"].pk
    return urls + [
        reverse("press_import", kwargs={"kind": "contacts"}),
        reverse("press_import", kwargs={"kind": "outlets"}),
        reverse("press_monitoring"),
        reverse("press_monitoring_pdf"),
        reverse("press_monitoring_pdf_status", args=[records["report_pdf"].pk]),
        reverse("press_monitoring_pdf_download", args=[records["report_pdf"].pk]),
        reverse("press_clipping_scan", args=[records["clipping"].pk]),
        reverse("press_distribute", args=[page]),
        reverse("press_dispatches", args=[page]),
        reverse("press_dispatch_retry", args=[page]),
        reverse("wagtailsnippets_press_category:add"),
        reverse("wagtailsnippets_press_category:edit", args=[records["category"].pk]),
    ]


URL_COUNT = 36


# One test per role walks every URL (the records are built once, not once per URL) and
# names each URL that answered otherwise.
@pytest.mark.parametrize("role", NO_PRESS_RIGHTS)
def test_roles_without_press_rights_are_refused(client, user_with_role, records, role):
    urls = all_urls(records)
    assert len(urls) == URL_COUNT
    client.force_login(user_with_role(role))
    wrong = []
    for url in urls:
        # The shared history view (cms.history) answers 404 for records one may not see,
        # so it does not tell that they exist; every other screen sends the user back to
        # the dashboard, where Wagtail says they may not go there.
        if url.startswith("/admin/gecmis/"):
            status = client.get(url).status_code
            if status != 404:
                wrong.append((url, "GET", status))
            continue
        for method in (client.get, client.post):
            response = method(url)
            got = (response.status_code, response.get("Location"))
            if got != (302, "/admin/"):
                wrong.append((url, method.__name__, got))
    assert wrong == []


def test_anonymous_visitors_are_sent_to_the_login(client, records):
    wrong = []
    for url in all_urls(records):
        response = client.get(url)
        if response.status_code != 302 or "/admin/login/" not in response.get("Location", ""):
            wrong.append((url, response.status_code, response.get("Location")))
    assert wrong == []


@pytest.mark.indexed
def test_press_staff_open_every_screen(client, user_with_role, records):
    client.force_login(user_with_role(PRESS))
    for url in all_urls(records):
        if url.endswith("/yeniden/"):
            continue  # POST only
        assert client.get(url).status_code == 200, url


def test_head_of_office_reads_but_does_not_change_the_directory(client, user_with_role, records):
    client.force_login(user_with_role(HEAD))
    assert client.get(reverse("press_presscontact_modeladmin_index")).status_code == 200
    assert client.get(reverse("press_monitoring")).status_code == 200
    for url in [
        reverse("press_presscontact_modeladmin_create"),
        reverse("press_import", kwargs={"kind": "contacts"}),
        reverse("press_distribute", args=[records["release"].pk]),
    ]:
        assert_sent_to_dashboard(client.get(url), url)


def test_menu_shows_the_press_office_only_to_roles_with_rights(client, user_with_role, records):
    # The sidebar menu is rendered from JSON, so look for the links it carries.
    links = [reverse("press_mediaoutlet_modeladmin_index"), reverse("press_monitoring")]
    client.force_login(user_with_role(PRESS))
    page = client.get("/admin/").content.decode()
    assert all(link in page for link in links)
    client.force_login(user_with_role(CLERK))
    page = client.get("/admin/").content.decode()
    assert not any(link in page for link in links)
