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
