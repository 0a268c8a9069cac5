"""The archive's searches keep their facet counts until the next change (issue #20, target
4; archive.photos.facet_counts): what a visitor reads from a kept row is what a fresh
count gives, every change shows on the next view, and the table stays bounded."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.archive import ArchivePhotoFactory, PhotographerFactory
from tests.test_archive_facets_sql import _archive_part, _grouped, facet_lists
from tests.test_archive_facets_sql import small_archive as small_archive  # the fixture

# Every test here reads the search index (tests/tasks.py).
pytestmark = [pytest.mark.django_db, pytest.mark.indexed]

CETIN = {"q": "Çetin"}  # the new year's photo and the upright one, both in "Bayram"


def _view(client, index, params):
    """(response, whether the view grouped the photos to count their facets)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url, params)
    assert response.status_code == 200
    return response, bool(_grouped(queries))


def _kept_searches():
    from archive.photos.facet_counts import FacetCounts

    return FacetCounts.objects.exclude(search="")


def test_a_search_shows_from_its_kept_row_what_a_fresh_count_shows(client, small_archive, settings):
    from archive.photos import facet_counts

    params = {**CETIN, "tag": "şölen", "sort": "oldest"}
    facet_counts.changed()
    first, counted = _view(client, small_archive, params)
    kept, recounted = _view(client, small_archive, params)
    assert counted and not recounted
    assert facet_lists(kept)["person"] == [("Çetin Su", 2), ("İpek Er", 1)]
    assert facet_lists(kept)["tag"] == [("Şölen", 2), ("çiçek", 1)]
    assert kept.context["result_count"] == 2
    settings.KALEM_ARCHIVE_KEPT_SEARCHES = 0  # nothing kept: every view counts afresh
    fresh, counted = _view(client, small_archive, params)
    assert counted
    assert _archive_part(kept) == _archive_part(first) == _archive_part(fresh)


def test_tags_and_album_entries_changed_after_a_search_show_on_its_next_view(client, small_archive):
    from archive.models import AlbumPhoto, Photo, PhotoAlbumPage

    assert facet_lists(client.get(small_archive.url, CETIN))["tag"] == [
        ("Şölen", 2),
        ("çiçek", 1),
    ]
    upright = Photo.objects.get(people="Çetin Su")
    upright.tags.add("çiçek")
    assert facet_lists(client.get(small_archive.url, CETIN))["tag"] == [
        ("çiçek", 2),
        ("Şölen", 2),
    ]
    Photo.objects.get(people="İpek Er; Çetin Su").tags.remove("Şölen")
    assert facet_lists(client.get(small_archive.url, CETIN))["tag"] == [
        ("çiçek", 2),
        ("Şölen", 1),
    ]
    # A new photo of Çetin Su counts once it is in a public album.
    late = ArchivePhotoFactory(
        photographer=PhotographerFactory(name="Deniz Er"),
        place="Sahil",
        people="Çetin Su",
        file_kwargs={"taken_at": datetime(2024, 5, 1, 12)},
    )
    response = client.get(small_archive.url, CETIN)
    assert response.context["result_count"] == 2
    assert "Sahil" not in dict(facet_lists(response)["place"])
    AlbumPhoto.objects.create(
        page=PhotoAlbumPage.objects.get(title="Yılbaşı"), photo=late, sort_order=5
    )
    response = client.get(small_archive.url, CETIN)
    assert response.context["result_count"] == 3
    assert facet_lists(response)["place"] == [("Şehitlik", 2), ("Sahil", 1)]
    assert facet_lists(response)["photographer"] == [
        ("Çağrı Kaya", 1),
        ("Deniz Er", 1),
        ("Şule Ak", 1),
    ]


def test_two_searches_keep_their_own_counts(client, small_archive):
    iskele = {"place": "İskele"}
    _view(client, small_archive, CETIN)
    _view(client, small_archive, iskele)
    assert _kept_searches().count() == 2
    cetin, recounted_cetin = _view(client, small_archive, CETIN)
    at_iskele, recounted_iskele = _view(client, small_archive, iskele)
    assert not recounted_cetin and not recounted_iskele
    assert facet_lists(cetin)["place"] == [("Şehitlik", 2)]
    assert facet_lists(at_iskele)["place"] == [("İskele", 1)]
    assert facet_lists(at_iskele)["person"] == [("Ali Veli", 1), ("İpek Er", 1)]


def test_a_choice_written_in_another_case_reads_the_same_kept_counts(client, small_archive):
    lower, counted = _view(client, small_archive, {"place": "şehitlik"})
    upper, recounted = _view(client, small_archive, {"place": "ŞEHİTLİK"})
    assert counted and not recounted
    assert facet_lists(upper) == facet_lists(lower)
    assert facet_lists(upper)["person"] == [("Çetin Su", 2), ("İpek Er", 1)]
    # A year is matched as written: another value is another search.
    _view(client, small_archive, {"year": "2025"})
    assert _kept_searches().count() == 2


def test_at_most_the_bound_of_searches_is_kept_the_oldest_going_first(
    client, small_archive, settings
):
    settings.KALEM_ARCHIVE_KEPT_SEARCHES = 2
    _view(client, small_archive, {})  # the unfiltered archive is not one of them
    for params in (CETIN, {"place": "İskele"}, {"year": "2026"}):
        _view(client, small_archive, params)
    assert _kept_searches().count() == 2
    assert not _view(client, small_archive, {})[1]
    assert not _view(client, small_archive, {"year": "2026"})[1]
    assert not _view(client, small_archive, {"place": "İskele"})[1]
    assert _view(client, small_archive, CETIN)[1]  # the oldest went: counted again
    assert _kept_searches().count() == 2


def test_rows_of_older_generations_are_deleted_when_a_new_one_is_written(client, small_archive):
    from archive.photos import facet_counts

    _view(client, small_archive, CETIN)
    facet_counts.changed()
    _view(client, small_archive, {"place": "İskele"})
    assert list(facet_counts.FacetCounts.objects.values_list("generation", flat=True)) == [
        facet_counts.FacetCountsGeneration.objects.get().number
    ]


@pytest.mark.clock("2026-12-01T10:00", tick=False)
def test_the_day_is_part_of_the_key(client, small_archive):
    from archive.photos.facet_counts import FacetCounts

    _view(client, small_archive, CETIN)
    assert not _view(client, small_archive, CETIN)[1]
    with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=UTC), tick=False):
        next_day, recounted = _view(client, small_archive, CETIN)
        assert recounted
        assert not _view(client, small_archive, CETIN)[1]
    assert facet_lists(next_day)["person"] == [("Çetin Su", 2), ("İpek Er", 1)]
    # Istanbul's date: the rows of the day before went when the new day's was written.
    assert [str(day) for day in FacetCounts.objects.values_list("day", flat=True)] == ["2026-12-02"]


def test_a_repeated_search_costs_fewer_queries_than_the_first_and_never_counts(
    client, small_archive
):
    from archive.photos import facet_counts

    params = {**CETIN, "orientation": "landscape"}
    client.get(small_archive.url, {"year": "2025"})  # caches of the site and locale warmed
    facet_counts.changed()
    with CaptureQueriesContext(connection) as first:
        client.get(small_archive.url, params)
    for _ in range(2):
        with CaptureQueriesContext(connection) as repeated:
            response = client.get(small_archive.url, params)
        assert not _grouped(repeated)
        assert len(repeated) < len(first)
    assert _grouped(first)
    assert response.context["result_count"] == 1
