"""Photo searches on the photo's own copy of its search vectors (migration 0025, issue 20):
the public archive's text search, the admin image listing and the chooser find what
Wagtail's search finds, in its order, follow every change to the index, and on PostgreSQL
never read Wagtail's wide index table."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag
from wagtail.search.backends import get_search_backend

from archive.models import Photo
from cms.roles import CLERK, PHOTO_ARCHIVE, PRESS
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.refusals import assert_sent_to_dashboard

# Every test here reads the search index (tests/tasks.py).
pytestmark = [pytest.mark.django_db, pytest.mark.indexed]


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the copied vectors exist on PostgreSQL only; SQLite searches Wagtail's")


def _titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [caption.text.strip() for caption in soup.select(".album__item figcaption")]


def _archive_found(client, index, query):
    response = client.get(index.url, {"q": query})
    assert response.status_code == 200
    return response.context["result_count"], _titles(response)


def test_a_changed_caption_or_tag_is_searched_at_once_and_a_deleted_photo_is_gone(client, home):
    index = archive_index(home)
    photo = ArchivePhotoFactory(title="Kent günü", caption="Bando konseri")
    other = ArchivePhotoFactory(title="Sahil yürüyüşü")
    album_with(index, [photo, other])
    assert _archive_found(client, index, "bando")[0] == 1

    photo.caption = "Fener alayı"
    photo.save()
    assert _archive_found(client, index, "bando")[0] == 0
    assert _archive_found(client, index, "fener")[0] == 1

    other.tags.add("maraton")
    get_search_backend().add(other)  # as the image edit view does once tags are saved
    assert _archive_found(client, index, "maraton")[0] == 1

    other.delete()
    assert _archive_found(client, index, "maraton")[0] == 0


def _tag_facet(client, index, query):
    response = client.get(index.url, {"q": query})
    assert response.status_code == 200
    facet = next(facet for facet in response.context["facets"] if facet["name"] == "tag")
    return {option["label"]: option["count"] for option in facet["options"]}


def test_a_searchs_tag_counts_follow_tags_added_removed_and_deleted(client, home):
    index = archive_index(home)
    first, second = ArchivePhotoFactory(title="Konser 1"), ArchivePhotoFactory(title="Konser 2")
    third = ArchivePhotoFactory(title="Sergi")
    album_with(index, [first, second, third])
    first.tags.add("gençlik", "müzik")
    second.tags.add("müzik")
    third.tags.add("müzik")
    assert _tag_facet(client, index, "konser") == {"müzik": 2, "gençlik": 1}

    second.tags.remove("müzik")
    second.tags.add("bahar")
    assert _tag_facet(client, index, "konser") == {"müzik": 1, "gençlik": 1, "bahar": 1}

    Tag.objects.get(name="gençlik").delete()
    assert _tag_facet(client, index, "konser") == {"müzik": 1, "bahar": 1}


def _photos_with_meclis():
    # "Meclis" in the title of some, in the description or a tag of others, so the
    # relevance order is not the order of creation.
    made = [
        ArchivePhotoFactory(title="Sahil", description="meclis kararı"),
        ArchivePhotoFactory(title="Meclis oturumu"),
        ArchivePhotoFactory(title="Meclis meclis salonu"),
        ArchivePhotoFactory(title="Park açılışı"),
        ArchivePhotoFactory(title="Meclisin önü"),
    ]
    tagged = ArchivePhotoFactory(title="Bayram")
    tagged.tags.add("meclis")
    get_search_backend().add(tagged)
    return [*made, tagged]


@pytest.mark.parametrize("query", ["meclis", "mec", "meclis salon", "yok"])
def test_the_admin_listing_finds_what_wagtails_search_finds_in_its_order(client, superuser, query):
    _photos_with_meclis()
    client.force_login(superuser)
    response = client.get(reverse("wagtailimages:index"), {"q": query})
    assert response.status_code == 200
    shown = [image.pk for image in response.context["images"]]
    expected = get_search_backend().autocomplete(query, Photo.objects.order_by("-created_at"))
    assert shown == [photo.pk for photo in expected]
    if query != "yok":
        assert shown


def test_an_ordered_admin_search_keeps_the_chosen_order(client, superuser):
    _photos_with_meclis()
    client.force_login(superuser)
    response = client.get(reverse("wagtailimages:index"), {"q": "meclis", "ordering": "title"})
    shown = [image.pk for image in response.context["images"]]
    assert len(shown) == 5
    assert shown == list(
        Photo.objects.filter(pk__in=shown).order_by("title").values_list("pk", flat=True)
    )
    expected = get_search_backend().autocomplete(
        "meclis", Photo.objects.order_by("title"), order_by_relevance=False
    )
    assert shown == [photo.pk for photo in expected]


def test_the_chooser_finds_what_wagtails_search_finds_in_its_order(client, superuser):
    _photos_with_meclis()
    client.force_login(superuser)
    response = client.get(reverse("wagtailimages_chooser:choose_results"), {"q": "meclis"})
    assert response.status_code == 200
    shown = [image.pk for image in response.context["results"]]
    expected = get_search_backend().autocomplete("meclis", Photo.objects.usable())
    assert shown == [photo.pk for photo in expected]
    assert len(shown) == 5


def _searches_without_the_index_table(client, url, params):
    client.get(url, params)  # caches of the site, locale and content types warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    # Videos (a few hundred) are still searched through Wagtail's index.
    photo_searches = [q["sql"] for q in queries if '"archive_photo"' in q["sql"]]
    assert photo_searches
    assert not [sql for sql in photo_searches if "wagtailsearch_indexentry" in sql]
    return len(queries)


def test_on_postgresql_no_photo_search_reads_wagtails_index_table(
    client, home, superuser, postgres_only
):
    index = archive_index(home)
    photos = [ArchivePhotoFactory(title=f"Meclis konseri {n}") for n in range(3)]
    album_with(index, photos)
    client.force_login(superuser)
    few = [
        _searches_without_the_index_table(client, index.url, {"q": "konser"}),
        _searches_without_the_index_table(client, reverse("wagtailimages:index"), {"q": "mec"}),
        _searches_without_the_index_table(
            client, reverse("wagtailimages_chooser:choose"), {"q": "meclis"}
        ),
    ]
    more = [
        ArchivePhotoFactory(
            title=f"Meclis konseri {n}", file_kwargs={"taken_at": datetime(2024, 1, 1 + n)}
        )
        for n in range(3, 12)
    ]
    album_with(index, more, title="İkinci")
    many = [
        _searches_without_the_index_table(client, index.url, {"q": "konser"}),
        _searches_without_the_index_table(client, reverse("wagtailimages:index"), {"q": "mec"}),
        _searches_without_the_index_table(
            client, reverse("wagtailimages_chooser:choose"), {"q": "meclis"}
        ),
    ]
    assert many == few


def test_the_photo_archive_searches_the_admin_listing_and_the_chooser(client, user_with_role):
    # The listing and the chooser are Kalem's views now (admin.py, image_view_overrides):
    # the photo archive still reaches them, list and results alike.
    photo = ArchivePhotoFactory(title="Körfez geçişi töreni")
    ArchivePhotoFactory(title="Park açılışı")
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    for url, listed in (
        (reverse("wagtailimages:index"), "images"),
        (reverse("wagtailimages:index_results"), "images"),
        (reverse("wagtailimages_chooser:choose"), "results"),
        (reverse("wagtailimages_chooser:choose_results"), "results"),
    ):
        response = client.get(url, {"q": "körfez"})
        assert response.status_code == 200, url
        assert [image.pk for image in response.context[listed]] == [photo.pk], url


def test_the_press_office_finds_a_photo_in_the_chooser_for_its_releases(client, user_with_role):
    photo = ArchivePhotoFactory(title="Körfez geçişi töreni")
    ArchivePhotoFactory(title="Park açılışı")
    client.force_login(user_with_role(PRESS))
    for url in (
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results"),
    ):
        response = client.get(url, {"q": "körfez"})
        assert response.status_code == 200, url
        assert [image.pk for image in response.context["results"]] == [photo.pk], url


def test_a_clerk_is_kept_out_of_the_admin_image_listing(client, user_with_role):
    ArchivePhotoFactory(title="Körfez geçişi töreni")
    client.force_login(user_with_role(CLERK))
    for url in (reverse("wagtailimages:index"), reverse("wagtailimages:index_results")):
        assert_sent_to_dashboard(client.get(url, {"q": "körfez"}), url)


def test_a_clerk_is_kept_out_of_the_image_chooser(client, user_with_role):
    """The clerk's role has no photo permission: the chooser and its results refuse them
    as the listing does, while the chosen-photo answer stays Wagtail's per-photo check."""
    photo = ArchivePhotoFactory(title="Körfez geçişi töreni")
    client.force_login(user_with_role(CLERK))
    for url in (
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results"),
    ):
        assert_sent_to_dashboard(client.get(url, {"q": "körfez"}), url)
    chosen = client.get(reverse("wagtailimages_chooser:chosen", args=[photo.pk]))
    assert_sent_to_dashboard(chosen, "chosen")


def _shown(response, key):
    assert response.status_code == 200
    return [image.pk for image in response.context[key]]


def test_a_search_is_paged_and_counted_as_wagtail_does(client, superuser, settings):
    """Each page of a search holds Wagtail's photos for that page, the count all of
    them; the listing shows its last page for a number past the end, the chooser a 404
    (Wagtail's own answers)."""
    settings.WAGTAILIMAGES_INDEX_PAGE_SIZE = 2
    settings.WAGTAILIMAGES_CHOOSER_PAGE_SIZE = 2
    _photos_with_meclis()
    client.force_login(superuser)
    listed = list(
        get_search_backend().autocomplete("meclis", Photo.objects.order_by("-created_at"))
    )
    chosen = list(get_search_backend().autocomplete("meclis", Photo.objects.usable()))
    assert len(listed) == len(chosen) == 5
    index, chooser = reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose_results")
    for number in (1, 2, 3):
        wanted = slice((number - 1) * 2, number * 2)
        response = client.get(index, {"q": "meclis", "p": number})
        assert _shown(response, "images") == [photo.pk for photo in listed[wanted]]
        assert response.context["items_count"] == 5
        response = client.get(chooser, {"q": "meclis", "p": number})
        assert _shown(response, "results") == [photo.pk for photo in chosen[wanted]]
        assert response.context["results"].paginator.count == 5
    assert _shown(client.get(index, {"q": "meclis", "p": 99}), "images") == [listed[4].pk]
    assert client.get(chooser, {"q": "meclis", "p": 99}).status_code == 404
    assert _shown(client.get(index, {"q": "yok"}), "images") == []


def test_on_postgresql_a_searchs_page_and_count_are_one_statement(
    client, superuser, settings, postgres_only
):
    settings.WAGTAILIMAGES_INDEX_PAGE_SIZE = 2
    settings.WAGTAILIMAGES_CHOOSER_PAGE_SIZE = 2
    _photos_with_meclis()
    client.force_login(superuser)
    for url in (reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose_results")):
        client.get(url, {"q": "meclis", "p": 2})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"q": "meclis", "p": 2}).status_code == 200
        photo_queries = [q["sql"] for q in queries if 'FROM "archive_photo"' in q["sql"]]
        assert [sql for sql in photo_queries if "COUNT(*) OVER ()" in sql], url
        assert not [sql for sql in photo_queries if 'COUNT(*) AS "__count"' in sql], url
