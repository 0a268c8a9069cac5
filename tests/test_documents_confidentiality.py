"""A user cannot find an archived document above their clearance anywhere: every
document URL (card, files, versions, compare, holds, edit, history, usage, chooser) is
tried by archivists of each clearance against documents of each level, and lists,
full-text search, exports and choosers are read for the titles and the words inside the
files. Roles without archive permissions get none of the screens."""

import hashlib

import pytest
from django.urls import reverse

from archive.documents import files
from archive.documents.models import Hold
from cms.confidentiality import Level
from cms.history import history_url
from cms.models import Clearance
from cms.roles import ARCHIVIST, DISPOSAL_COMMISSION, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.documents import ArchivedDocumentFactory

pytestmark = pytest.mark.django_db

SNIPPET = "wagtailsnippets_archive_archiveddocument"
CHOOSER = "wagtailsnippetchoosers_archive_archiveddocument"


@pytest.fixture
def people(user_with_role):
    users = {}
    for level in (Level.UNCLASSIFIED, Level.RESTRICTED, Level.SECRET):
        user = user_with_role(ARCHIVIST, f"arsiv-{level.value}")
        Clearance.objects.create(user=user, level=level)
        users[level] = user
    users[Level.TOP_SECRET] = user_with_role(HEAD, "mudur")
    return users


@pytest.fixture
def documents(django_capture_on_commit_callbacks):
    documents = {}
    for level in Level:
        document = ArchivedDocumentFactory(title=f"Belge-{level.name}", confidentiality=level)
        for number in (1, 2):
            content = f"Gövde sürüm{number} sözcük{level.name}".encode()
            with django_capture_on_commit_callbacks(execute=True):
                files.add_version(
                    document,
                    content,
                    name="metin.txt",
                    content_type="text/plain",
                    sha256=hashlib.sha256(content).hexdigest(),
                )
        document.save_revision()
        Hold.objects.create(document=document, reason="denetim")
        documents[level] = document
    return documents


def document_urls(document):
    hold = document.holds.get()
    return {
        "card": reverse("archive_documents_detail", args=[document.pk]),
        "latest file": reverse("archive_documents_file", args=[document.pk]),
        "version 1": reverse("archive_documents_version", args=[document.pk, 1]),
        "compare": reverse("archive_documents_compare", args=[document.pk, 1, 2]),
        "upload": reverse("archive_documents_upload", args=[document.pk]),
        "hold": reverse("archive_documents_hold", args=[document.pk]),
        "request": reverse("archive_documents_request", args=[document.pk]),
        "lift hold": reverse("archive_documents_lift_hold", args=[document.pk, hold.pk]),
        "edit": reverse(f"{SNIPPET}:edit", args=[document.pk]),
        "history": reverse(f"{SNIPPET}:history", args=[document.pk]),
        "usage": reverse(f"{SNIPPET}:usage", args=[document.pk]),
        "field history": history_url(document),
        "chosen": reverse(f"{CHOOSER}:chosen", args=[document.pk]),
    }


@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_every_document_url_refuses_documents_above_clearance(client, people, documents, clearance):
    client.force_login(people[clearance])
    for level, document in documents.items():
        for view, url in document_urls(document).items():
            expected = 200 if level <= clearance else 404
            assert client.get(url).status_code == expected, (view, clearance.name, level.name)
        restore = reverse("archive_documents_restore", args=[document.pk, 1])
        before = document.versions.count()
        response = client.post(restore)
        assert response.status_code == (302 if level <= clearance else 404)
        assert document.versions.count() == before + (1 if level <= clearance else 0)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_lists_full_text_search_exports_and_choosers_hide_documents_above_clearance(
    client, people, documents, clearance
):
    client.force_login(people[clearance])
    pages = {}
    for name, url, data in [
        ("list", reverse(f"{SNIPPET}:list"), None),
        ("title search", reverse(f"{SNIPPET}:list"), {"q": "Belge"}),
        ("csv", reverse(f"{SNIPPET}:list"), {"export": "csv"}),
        ("chooser", reverse(f"{CHOOSER}:choose"), None),
        ("chooser search", reverse(f"{CHOOSER}:choose_results"), {"q": "Belge"}),
    ]:
        response = client.get(url, data)
        assert response.status_code == 200, name
        pages[name] = body(response)
    for level in documents:
        for name, content in pages.items():
            assert (f"Belge-{level.name}" in content) == (level <= clearance), (name, level)
        # A word found only inside the file of this level's document.
        response = client.get(reverse(f"{SNIPPET}:list"), {"q": f"sözcük{level.name}"})
        assert (f"Belge-{level.name}" in body(response)) == (level <= clearance), level


@pytest.mark.parametrize("role", [PRESS, PHOTO_ARCHIVE, DISPOSAL_COMMISSION])
def test_roles_without_archive_permissions_get_no_document_screen(
    client, user_with_role, documents, role
):
    client.force_login(user_with_role(role))
    document = documents[Level.UNCLASSIFIED]
    urls = document_urls(document)
    for view in ("card", "latest file", "version 1", "compare", "upload", "hold", "field history"):
        assert client.get(urls[view]).status_code == 404, view
    response = client.get(reverse(f"{SNIPPET}:list"))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


RULES = "wagtailsnippets_archive_retentionrule"


@pytest.mark.parametrize(
    ("role", "sees", "edits"),
    [
        (ARCHIVIST, True, True),
        (HEAD, True, False),
        (PRESS, False, False),
        (PHOTO_ARCHIVE, False, False),
        (DISPOSAL_COMMISSION, False, False),
    ],
)
@pytest.mark.indexed
def test_retention_rules_are_kept_by_the_archivist(client, user_with_role, role, sees, edits):
    from tests.factories.documents import RetentionRuleFactory

    rule = RetentionRuleFactory()
    client.force_login(user_with_role(role))
    for url, allowed in [
        (reverse(f"{RULES}:list"), sees),
        (reverse(f"{RULES}:add"), edits),
        (reverse(f"{RULES}:edit", args=[rule.pk]), edits),
        (reverse(f"{RULES}:delete", args=[rule.pk]), edits),
    ]:
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (
            (200, None) if allowed else (302, "/admin/")
        ), (url, role)
