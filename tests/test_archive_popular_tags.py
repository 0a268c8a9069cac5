"""The most used photo tags on the admin image listing and chooser (issue 20): on
PostgreSQL read from the counts kept by triggers (archive 0027) instead of counting
taggit's whole table; the tags and counts are those Wagtail's own query gives, after
every way of tagging, untagging and deleting."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag, TaggedItem
from wagtail.admin.models import popular_tags_for_model
from wagtail.documents.models import Document

from archive.models import Photo
from archive.photos.admin_search import popular_tags
from tests.factories.archive import ArchivePhotoFactory

pytestmark = pytest.mark.django_db

# Wagtail's query, as it reads on every view: a GROUP BY over taggit's table.
WAGTAILS_COUNT = 'COUNT("taggit_taggeditem"."id")'


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the kept counts exist on PostgreSQL only; SQLite counts as Wagtail does")


def _photo_tag_counts():
    """Every photo tag and its number of photos, by the plain ORM, most used first and
    equal counts by name."""
    rows = (
        TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Photo))
        .values_list("tag__name")
        .annotate(n=Count("id"))
    )
    return sorted(((name, n) for name, n in rows), key=lambda row: (-row[1], row[0]))


def _kept(count=100):
    return [(tag.name, tag.item_count) for tag in popular_tags(Photo, count)]


def _wagtails(count=100):
    found = [(tag.name, tag.item_count) for tag in popular_tags_for_model(Photo, count)]
    return sorted(found, key=lambda row: (-row[1], row[0]))


def _assert_same():
    expected = _photo_tag_counts()
    assert _kept() == expected
    assert _wagtails() == expected


@pytest.fixture
def tagged_photos():
    """Twelve photos; tag `etiket-N` on the first N, so no two tags have the same count."""
    photos = [ArchivePhotoFactory(title=f"Fotoğraf {n}") for n in range(12)]
    for n in range(1, 13):
        for photo in photos[:n]:
            photo.tags.add(f"etiket-{n:02}")
    return photos


@pytest.mark.indexed
def test_the_kept_counts_follow_every_way_of_tagging(postgres_only, tagged_photos):
    photos = tagged_photos
    # A document tagged too: Wagtail counts the photos' tags only.
    document = Document.objects.create(title="Meclis kararı")
    document.tags.add("etiket-01", "yalnız-belge")
    _assert_same()
    assert _kept()[:2] == [("etiket-12", 12), ("etiket-11", 11)]
    assert "yalnız-belge" not in dict(_kept())

    photos[0].tags.remove("etiket-12")
    photos[1].tags.set(["yeni", "etiket-03"])
    photos[2].tags.clear()
    _assert_same()

    item = TaggedItem.objects.filter(tag__name="etiket-05").first()
    TaggedItem.objects.filter(pk=item.pk).update(tag=Tag.objects.get(name="yeni"))
    _assert_same()

    photo_type = ContentType.objects.get_for_model(Photo)
    bulk = Tag.objects.create(name="toplu", slug="toplu")
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=bulk, content_type=photo_type, object_id=photo.pk) for photo in photos
    )
    _assert_same()
    assert _kept()[0] == ("toplu", 12)

    Tag.objects.get(name="etiket-11").delete()
    photos[5].delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM taggit_taggeditem WHERE tag_id = %s", [bulk.pk])
    _assert_same()
    assert "etiket-11" not in dict(_kept())
    assert "toplu" not in dict(_kept())

    TaggedItem.objects.all().delete()
    assert _kept() == []


@pytest.mark.indexed
def test_the_listing_and_the_chooser_offer_the_ten_most_used_tags(client, superuser, tagged_photos):
    client.force_login(superuser)
    expected = [f"etiket-{n:02}" for n in range(12, 2, -1)]
    assert [name for name, _n in _photo_tag_counts()[:10]] == expected

    listing = client.get(reverse("wagtailimages:index"), {"q": "fotoğraf"})
    assert listing.status_code == 200
    soup = BeautifulSoup(listing.content, "html.parser")
    offered = [box["value"] for box in soup.select('input[type="checkbox"][name="tag"]')]
    assert offered == expected

    chooser = client.get(reverse("wagtailimages_chooser:choose"), {"q": "fotoğraf"})
    assert chooser.status_code == 200
    assert [tag.name for tag in chooser.context["popular_tags"]] == expected


def test_on_postgresql_neither_screen_counts_taggits_table(
    client, superuser, tagged_photos, postgres_only
):
    client.force_login(superuser)
    for url in (reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose")):
        client.get(url, {"q": "fotoğraf"})  # caches of the site and content types warmed
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": "fotoğraf"})
        assert response.status_code == 200
        reads = [q["sql"] for q in queries if "archive_photo_tag_count" in q["sql"]]
        assert len(reads) == 1, url
        assert not [q["sql"] for q in queries if WAGTAILS_COUNT in q["sql"]], url
