"""The access log of Gizli and Çok Gizli archived documents: every card view, download
and comparison of a version is written (who, when, which version, what), lower levels are
not, and only the archivist and the Müdür read the log, each within their clearance."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from archive.documents import files
from archive.documents.models import DocumentAccessLog
from cms.confidentiality import Level
from cms.history import history_url
from cms.models import Clearance
from cms.roles import ARCHIVIST, HEAD, ROLES
from tests.factories.documents import ArchivedDocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00", tick=False)]


def document_with_two_versions(title, level):
    document = ArchivedDocumentFactory(title=title, confidentiality=level)
    for number in (1, 2):
        content = f"{title} sürüm {number}".encode()
        files.add_version(
            document,
            content,
            name="metin.txt",
            content_type="text/plain",
            sha256=hashlib.sha256(content).hexdigest(),
        )
    return document


@pytest.fixture
def archivist(user_with_role):
    user = user_with_role(ARCHIVIST, "arsiv")
    user.first_name, user.last_name = "Elif", "Arslan"
    user.save()
    Clearance.objects.create(user=user, level=Level.SECRET)
    return user


def visit_everything(client, document):
    for url in (
        reverse("archive_documents_detail", args=[document.pk]),
        reverse("archive_documents_file", args=[document.pk]),
        reverse("archive_documents_version", args=[document.pk, 1]),
        reverse("archive_documents_compare", args=[document.pk, 1, 2]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)


def test_every_view_of_a_secret_document_is_logged_and_lower_levels_are_not(client, archivist):
    secret = document_with_two_versions("Sayıştay notu", Level.SECRET)
    restricted = document_with_two_versions("Muhtar notu", Level.RESTRICTED)
    client.force_login(archivist)
    visit_everything(client, secret)
    visit_everything(client, restricted)
    entries = list(
        DocumentAccessLog.objects.order_by("pk").values_list(
            "document__title", "user__username", "version", "action", "at"
        )
    )
    at = dt.datetime.fromisoformat("2026-11-24T10:00+03:00")
    assert entries == [
        ("Sayıştay notu", "arsiv", None, "kart", at),
        ("Sayıştay notu", "arsiv", 2, "indirme", at),  # the stable URL serves version 2
        ("Sayıştay notu", "arsiv", 1, "indirme", at),
        ("Sayıştay notu", "arsiv", 1, "karsilastirma", at),
        ("Sayıştay notu", "arsiv", 2, "karsilastirma", at),
    ]
    # A refused view (above clearance) is not served, so not logged as a view.
    top = document_with_two_versions("Çok gizli not", Level.TOP_SECRET)
    assert client.get(reverse("archive_documents_detail", args=[top.pk])).status_code == 404
    assert not DocumentAccessLog.objects.filter(document=top).exists()

    html = client.get(reverse("archive_documents_access_log")).content.decode()
    assert "Elif Arslan" in html
    assert "Sayıştay notu" in html
    assert "Dosya indirildi" in html
    assert "24 Kasım 2026 10:00" in html
    assert "Muhtar notu" not in html


def test_the_log_shows_each_reader_only_documents_within_their_clearance(
    client, archivist, user_with_role
):
    head = user_with_role(HEAD, "mudur")
    top = document_with_two_versions("Çok gizli not", Level.TOP_SECRET)
    client.force_login(head)
    visit_everything(client, top)
    assert DocumentAccessLog.objects.filter(document=top, user=head).count() == 5
    assert "Çok gizli not" in client.get(reverse("archive_documents_access_log")).content.decode()
    client.force_login(archivist)  # cleared up to Gizli
    html = client.get(reverse("archive_documents_access_log")).content.decode()
    assert "Çok gizli not" not in html


@pytest.mark.parametrize("role", ROLES)
def test_only_the_archivist_and_the_mudur_read_the_log(client, user_with_role, role):
    client.force_login(user_with_role(role, "kisi"))
    response = client.get(reverse("archive_documents_access_log"))
    if role in (ARCHIVIST, HEAD):
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, "/admin/")


# -- every screen that shows a document, not only the card (issue 15)

SNIPPET = "wagtailsnippets_archive_archiveddocument"
CHOOSER = "wagtailsnippetchoosers_archive_archiveddocument"

# Screens showing several documents: (URL name, query) -> what the log says.
LIST_SCREENS = {
    "list": (f"{SNIPPET}:list", None, "liste"),
    "list results": (f"{SNIPPET}:list_results", None, "liste"),
    "title search": (f"{SNIPPET}:list", {"q": "Belge"}, "arama"),
    "full-text search": (f"{SNIPPET}:list", {"q": "sürüm"}, "arama"),
    "CSV export": (f"{SNIPPET}:list", {"export": "csv"}, "disa-aktarim"),
    "Excel export": (f"{SNIPPET}:list", {"export": "xlsx"}, "disa-aktarim"),
    "chooser": (f"{CHOOSER}:choose", None, "secici"),
    "chooser search": (f"{CHOOSER}:choose_results", {"q": "Belge"}, "secici"),
}


def record_screens(document):
    """Wagtail's own screens of one document (and the field history) -> what is logged."""
    first, second = document.revisions.order_by("pk")[:2]
    return {
        "edit": (reverse(f"{SNIPPET}:edit", args=[document.pk]), "duzenleme"),
        "history": (reverse(f"{SNIPPET}:history", args=[document.pk]), "gecmis"),
        "history results": (reverse(f"{SNIPPET}:history_results", args=[document.pk]), "gecmis"),
        "field history": (history_url(document), "gecmis"),
        "revision compare": (
            reverse(f"{SNIPPET}:revisions_compare", args=[document.pk, first.pk, second.pk]),
            "karsilastirma",
        ),
        "earlier revision": (
            reverse(f"{SNIPPET}:revisions_revert", args=[document.pk, first.pk]),
            "surum",
        ),
        "usage": (reverse(f"{SNIPPET}:usage", args=[document.pk]), "diger"),
    }


@pytest.fixture
def cleared(user_with_role):
    users = {}
    for level in (Level.UNCLASSIFIED, Level.RESTRICTED, Level.SECRET):
        user = user_with_role(ARCHIVIST, f"arsiv-{level.value}")
        Clearance.objects.create(user=user, level=level)
        users[level] = user
    users[Level.TOP_SECRET] = user_with_role(HEAD, "mudur")
    return users


@pytest.fixture
def each_level(django_capture_on_commit_callbacks):
    documents = {}
    for level in Level:
        with django_capture_on_commit_callbacks(execute=True):  # text extraction
            document = document_with_two_versions(f"Belge-{level.name}", level)
        document.save_revision()
        document.keywords = "ikinci"
        document.save_revision()
        documents[level] = document
    return documents


def read(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content


def new_entries(since):
    return sorted(
        DocumentAccessLog.objects.filter(pk__gt=since).values_list("document__title", "action")
    )


def last_pk():
    last = DocumentAccessLog.objects.order_by("-pk").first()
    return last.pk if last else 0


@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_list_search_export_and_chooser_rows_of_secret_documents_are_logged(
    client, cleared, each_level, clearance
):
    client.force_login(cleared[clearance])
    for screen, (name, query, action) in LIST_SCREENS.items():
        since = last_pk()
        response = client.get(reverse(name), query)
        assert response.status_code == 200, screen
        read(response)
        # Shown and at Gizli or above: logged; below Gizli or not shown: not.
        expected = sorted(
            (f"Belge-{level.name}", action)
            for level in (Level.SECRET, Level.TOP_SECRET)
            if level <= clearance
        )
        assert new_entries(since) == expected, (screen, clearance.name)


@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_wagtails_edit_history_and_revision_screens_of_secret_documents_are_logged(
    client, cleared, each_level, clearance
):
    client.force_login(cleared[clearance])
    for level, document in each_level.items():
        for screen, (url, action) in record_screens(document).items():
            since = last_pk()
            response = client.get(url)
            if level > clearance:
                assert response.status_code == 404, (screen, level.name)
                assert new_entries(since) == [], (screen, level.name)
                continue
            assert response.status_code == 200, (screen, level.name)
            logged = [(document.title, action)] if level >= Level.SECRET else []
            assert new_entries(since) == logged, (screen, level.name)


@pytest.mark.indexed
def test_the_log_names_what_was_seen_in_turkish(client, cleared, each_level):
    client.force_login(cleared[Level.TOP_SECRET])
    client.get(reverse(f"{SNIPPET}:list"), {"export": "csv"})
    client.get(reverse(f"{SNIPPET}:edit", args=[each_level[Level.SECRET].pk]))
    html = client.get(reverse("archive_documents_access_log")).content.decode()
    assert "Dışa aktarıldı" in html
    assert "Düzenleme ekranı açıldı" in html
