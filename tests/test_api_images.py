"""The read API's images (/api/v2/images/): photos a public page or album shows and that
are cleared for public use, with renditions at named sizes, caption and credit; never the
original file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

IMAGES = "/api/v2/images/"


def test_only_photos_shown_on_public_pages_are_listed(client, home):
    in_album = ArchivePhotoFactory(caption="Albümde")
    lead = ArchivePhotoFactory(caption="Sayfada")
    ArchivePhotoFactory(caption="Hiçbir yerde")
    draft_only = ArchivePhotoFactory(caption="Taslakta")
    album_with(archive_index(home), [in_album])
    publish_child(home, StandardPageFactory(lead_image=lead))
    draft = StandardPageFactory(lead_image=draft_only)
    home.add_child(instance=draft)
    draft.unpublish()
    listed = client.get(IMAGES).json()["items"]
    assert sorted(item["caption"] for item in listed) == ["Albümde", "Sayfada"]
    assert set(listed[0]) == {"id", "meta", "title", "caption", "credit", "renditions"}


def test_detail_gives_renditions_caption_and_credit_but_no_original(client, home):
    photo = ArchivePhotoFactory(caption="Tören", credit_line="Fotoğraf: Ali Kaya")
    album_with(archive_index(home), [photo])
    data = client.get(f"{IMAGES}{photo.pk}/").json()
    assert set(data) == {
        "id",
        "meta",
        "title",
        "caption",
        "credit",
        "width",
        "height",
        "renditions",
    }
    assert set(data["meta"]) == {"type", "detail_url"}
    assert data["credit"] == "Fotoğraf: Ali Kaya"
    assert set(data["renditions"]) == {"card", "medium", "large", "social"}
    asked = client.get(f"{IMAGES}{photo.pk}/", {"fields": "download_url"})
    assert asked.status_code == 400
    assert asked.json() == {"message": "unknown fields: download_url"}


def test_listing_query_count_does_not_grow_with_page_size(client, home):
    album_with(archive_index(home), [ArchivePhotoFactory() for _ in range(10)])
    counts = []
    for limit in (2, 10):
        client.get(IMAGES, {"limit": limit})  # renditions made on the first call
        with CaptureQueriesContext(connection) as queries:
            response = client.get(IMAGES, {"limit": limit})
        assert len(response.json()["items"]) == limit
        counts.append(len(queries))
    assert 0 < counts[0] == counts[1], counts
