"""A user cannot find a record above their clearance anywhere in the register: every
admin URL is tried as a user of each clearance against records of each level. Views of
Gizli and Çok Gizli records go to an access log only the Müdür reads."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from archive.correspondence.models import AccessLog, Attachment
from cms.confidentiality import Level
from cms.history import history_url
from cms.models import Clearance
from cms.roles import CLERK, HEAD
from tests.factories.correspondence import CorrespondenceFactory

pytestmark = pytest.mark.django_db

SNIPPET = "wagtailsnippets_archive_correspondence"
CHOOSER = "wagtailsnippetchoosers_archive_correspondence"


@pytest.fixture
def people(user_with_role):
    users = {}
    for level in (Level.UNCLASSIFIED, Level.RESTRICTED, Level.SECRET):
        user = user_with_role(CLERK, f"evrak-{level.value}")
        Clearance.objects.create(user=user, level=level)
        users[level] = user
    users[Level.TOP_SECRET] = user_with_role(HEAD, "mudur")
    return users


@pytest.fixture
def records():
    records = {}
    for level in Level:
        record = CorrespondenceFactory(subject=f"Konu-{level.name}", confidentiality=level)
        record.save_revision()
        record.summary = "İkinci sürüm"
        record.save()
        record.save_revision()
        Attachment(
            correspondence=record,
            label="EK-1",
            original_name="ek.pdf",
            content_type="application/pdf",
            file=ContentFile(b"%PDF-1.4 ek", name="ek.pdf"),
        ).save()
        records[level] = record
    return records


def record_urls(record):
    attachment = record.attachments.get()
    return {
        "edit": reverse(f"{SNIPPET}:edit", args=[record.pk]),
        "history": reverse(f"{SNIPPET}:history", args=[record.pk]),
        "compare": reverse(f"{SNIPPET}:revisions_compare", args=[record.pk, "earliest", "latest"]),
        "revert": reverse(
            f"{SNIPPET}:revisions_revert", args=[record.pk, record.latest_revision_id]
        ),
        "usage": reverse(f"{SNIPPET}:usage", args=[record.pk]),
        "field history": history_url(record),
        "chosen": reverse(f"{CHOOSER}:chosen", args=[record.pk]),
        "card": reverse("archive_correspondence_detail", args=[record.pk]),
        "file": reverse("archive_correspondence_file", args=[record.pk, attachment.pk]),
        "stamp": reverse("archive_correspondence_stamp", args=[record.pk]),
        "route": reverse("archive_correspondence_route", args=[record.pk]),
        "status": reverse("archive_correspondence_status", args=[record.pk]),
    }


@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_every_record_url_refuses_records_above_clearance(client, people, records, clearance):
    client.force_login(people[clearance])
    for level, record in records.items():
        for view, url in record_urls(record).items():
            response = client.get(url)
            expected = 200 if level <= clearance else 404
            assert response.status_code == expected, (view, clearance.name, level.name)
        # Delete: a numbered record is refused to everybody; above clearance it is not found.
        response = client.post(reverse(f"{SNIPPET}:delete", args=[record.pk]))
        assert response.status_code == (302 if level <= clearance else 404)
        assert type(record).objects.filter(pk=record.pk).exists()


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("clearance", list(Level))
def test_lists_search_exports_and_choosers_hide_records_above_clearance(
    client, people, records, clearance
):
    client.force_login(people[clearance])

    def get(url, data=None):
        # Read each response at once, as a browser does (the CSV is streamed).
        response = client.get(url, data)
        return response.status_code, body(response)

    pages = {
        "list": get(reverse(f"{SNIPPET}:list")),
        "search": get(reverse(f"{SNIPPET}:list"), {"q": "Konu"}),
        "csv": get(reverse(f"{SNIPPET}:list"), {"export": "csv"}),
        "filtered results": get(
            reverse(f"{SNIPPET}:list_results"), {"confidentiality": str(Level.TOP_SECRET.value)}
        ),
        "chooser": get(reverse(f"{CHOOSER}:choose")),
        "chooser search": get(reverse(f"{CHOOSER}:choose_results"), {"q": "Konu"}),
        "tracking": get(reverse("archive_correspondence_tracking")),
        "dashboard": get(reverse("wagtailadmin_home")),
    }
    for name, (status, _) in pages.items():
        assert status == 200, name
    for level in records:
        for name in ("list", "search", "csv", "chooser", "chooser search"):
            shown = f"Konu-{level.name}" in pages[name][1]
            assert shown is (level <= clearance), (name, clearance.name, level.name)
    top_secret_shown = "Konu-TOP_SECRET" in pages["filtered results"][1]
    assert top_secret_shown is (clearance == Level.TOP_SECRET)


@pytest.mark.indexed
def test_views_of_secret_records_are_logged_for_the_mudur_only(client, people, records):
    clerk = people[Level.SECRET]
    client.force_login(clerk)
    client.get(reverse(f"{SNIPPET}:edit", args=[records[Level.SECRET].pk]))
    client.get(reverse("archive_correspondence_detail", args=[records[Level.RESTRICTED].pk]))
    entries = list(AccessLog.objects.values_list("user__username", "correspondence__subject"))
    assert entries == [(clerk.username, "Konu-SECRET")]
    refused = client.get(reverse("archive_correspondence_access_log"))
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    client.force_login(people[Level.TOP_SECRET])
    page = client.get(reverse("archive_correspondence_access_log"))
    assert page.status_code == 200
    assert "Konu-SECRET" in page.content.decode()


def new_log(since):
    return sorted(
        AccessLog.objects.filter(pk__gt=since).values_list("correspondence__subject", "what")
    )


def last_entry():
    last = AccessLog.objects.order_by("-pk").first()
    return last.pk if last else 0


@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_every_screen_showing_a_secret_record_is_logged(client, people, records, clearance):
    """Rows of lists, search, exports, choosers, the dashboard, "Bana havale edilenler"
    and "Evrak takip", and each of Wagtail's record screens: one entry per Gizli or Çok
    Gizli record shown, nothing for lower levels or records not shown."""
    from archive.correspondence.routing import route

    user = people[clearance]
    for record in records.values():
        if record.confidentiality <= clearance:
            route(record, by=people[Level.TOP_SECRET], to_users=[user])
    client.force_login(user)
    shown = [
        f"Konu-{level.name}" for level in (Level.SECRET, Level.TOP_SECRET) if level <= clearance
    ]
    for name, url, data, what in [
        ("list", reverse(f"{SNIPPET}:list"), None, "liste"),
        ("search", reverse(f"{SNIPPET}:list"), {"q": "Konu"}, "arama"),
        ("csv", reverse(f"{SNIPPET}:list"), {"export": "csv"}, "disa-aktarim"),
        ("xlsx", reverse(f"{SNIPPET}:list"), {"export": "xlsx"}, "disa-aktarim"),
        ("chooser", reverse(f"{CHOOSER}:choose"), None, "secici"),
        ("routed to me", reverse("archive_correspondence_mine"), None, "liste"),
        ("tracking", reverse("archive_correspondence_tracking"), {"kisi": user.pk}, "liste"),
        ("dashboard", reverse("wagtailadmin_home"), None, "liste"),
    ]:
        since = last_entry()
        response = client.get(url, data)
        assert response.status_code == 200, name
        if response.streaming:  # read as a browser does: the export is written as it streams
            b"".join(response.streaming_content)
        # The dashboard has two panels (routed to me, deadlines): at least the first.
        entries = new_log(since)
        if name == "dashboard":
            entries = sorted(set(entries))
        assert entries == [(subject, what) for subject in shown], (name, clearance.name)
    for level, record in records.items():
        for view, what in [
            ("edit", "duzenleme"),
            ("history", "gecmis"),
            ("compare", "karsilastirma"),
            ("revert", "surum"),
            ("field history", "gecmis"),
        ]:
            since = last_entry()
            status = client.get(record_urls(record)[view]).status_code
            assert status == (200 if level <= clearance else 404), (view, level.name)
            logged = level <= clearance and level >= Level.SECRET
            expected = [(f"Konu-{level.name}", what)] if logged else []
            assert new_log(since) == expected, (view, clearance.name, level.name)
