"""/api/v2/documents/: the documents anyone may download from the site, and none kept in
a collection under a view restriction (or below one), whoever asks."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


def document(title, collection=None):
    Document = get_document_model()
    item = Document(title=title, collection=collection or Collection.get_first_root_node())
    item.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    item.save()
    return item


@pytest.fixture
def documents(db):
    root = Collection.get_first_root_node()
    staff = root.add_child(name="Personel")
    below = staff.add_child(name="İzin formları")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    return {
        "public": document("Meclis kararı"),
        "restricted": document("Personel rehberi", staff),
        "below": document("İzin dilekçesi", below),
    }


def test_public_documents_are_listed_with_their_download_address(client, documents):
    answer = client.get("/api/v2/documents/").json()
    assert [item["title"] for item in answer["items"]] == ["Meclis kararı"]
    public = documents["public"]
    item = answer["items"][0]
    assert item["meta"]["download_url"].endswith(f"/belgeler/{public.pk}/meclis-karari.pdf")
    assert "tags" not in item["meta"]
    # The address downloads it for anyone.
    path = item["meta"]["download_url"].removeprefix("http://localhost")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("key", ["restricted", "below"])
@pytest.mark.indexed
def test_a_restricted_document_is_not_found_even_for_a_signed_in_user(
    client, documents, superuser, key
):
    client.force_login(superuser)  # the API ignores sign-in
    assert client.get(f"/api/v2/documents/{documents[key].pk}/").status_code == 404
    search = client.get("/api/v2/documents/", {"search": documents[key].title}).json()
    assert search["items"] == []
    # The same search finds a public document by its title.
    found = client.get("/api/v2/documents/", {"search": "Meclis kararı"}).json()
    assert [item["title"] for item in found["items"]] == ["Meclis kararı"]


def test_the_list_costs_the_same_queries_for_one_document_or_twenty(client, documents):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v2/documents/", {"limit": 20}).status_code == 200
        return len(captured)

    one = queries()
    for number in range(19):
        document(f"Karar {number}")
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] == 20
    assert queries() == one
