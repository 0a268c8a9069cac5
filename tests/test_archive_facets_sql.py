"""The archive search's facets counted in the database (issue #20, target 4): the counts a
visitor reads, worked by hand for a small archive, and a number of queries that does not
grow with the number of photos."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories.archive import (
    ArchivePhotoFactory,
    PhotographerFactory,
    album_with,
    archive_index,
)

pytestmark = pytest.mark.django_db


def facet_lists(response):
    """Each facet's options as shown, in order: [(label, count), ...]."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        section["data-facet"]: [
            (li.a.text.strip(), int(li.select_one(".facet__count").text.strip("()")))
            for li in section.select("li")
        ]
        for section in soup.select(".facet")
    }


@pytest.fixture
def small_archive(home):
    index = archive_index(home)
    cagri, sule = PhotographerFactory(name="Çağrı Kaya"), PhotographerFactory(name="Şule Ak")
    zeki = PhotographerFactory(name="Zeki Gizli")
    # Half past midnight on New Year's night in Istanbul: still 31 December in UTC.
    new_year = ArchivePhotoFactory(
        photographer=cagri,
        place="Şehitlik",
        people="İpek Er; Çetin Su",
        file_kwargs={"taken_at": datetime(2026, 1, 1, 0, 30)},
    )
    upright = ArchivePhotoFactory(
        photographer=sule,
        place="  Şehitlik ",
        people="Çetin Su",
        file_kwargs={"taken_at": datetime(2025, 6, 15, 12), "size": (80, 120)},
    )
    square = ArchivePhotoFactory(
        photographer=cagri,
        place="İskele",
        people="İpek Er, Ali Veli",
        file_kwargs={"taken_at": datetime(2025, 6, 20, 9), "size": (100, 100)},
    )
    withdrawn = ArchivePhotoFactory(
        photographer=zeki,
        place="Zafer Meydanı",
        people="Gizli Kişi",
        do_not_use=True,
        file_kwargs={"taken_at": datetime(2024, 3, 1, 9)},
    )
    hidden = ArchivePhotoFactory(
        photographer=zeki,
        place="Gizli Bahçe",
        people="Özel Konuk",
        file_kwargs={"taken_at": datetime(2023, 2, 1, 9)},
    )
    new_year.tags.add("çiçek", "Şölen")
    upright.tags.add("Şölen")
    withdrawn.tags.add("gizli")
    hidden.tags.add("özel")
    album_with(index, [new_year, upright, withdrawn], title="Bayram")
    # The same photo in a second public album is still one photo.
    album_with(index, [new_year, square], title="Yılbaşı")
    private = album_with(index, [hidden], title="Kapalı albüm")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    return index


def test_facet_counts_match_the_counts_worked_by_hand(client, small_archive):
    found = facet_lists(client.get(small_archive.url))
    assert found["year"] == [("2026", 1), ("2025", 2)]
    assert found["month"] == [("Ocak", 1), ("Haziran", 2)]
    assert found["photographer"] == [("Çağrı Kaya", 2), ("Şule Ak", 1)]
    assert found["place"] == [("Şehitlik", 2), ("İskele", 1)]
    # Equal counts in Turkish order: Ç before İ, both after C and before Z.
    assert found["person"] == [("Çetin Su", 2), ("İpek Er", 2), ("Ali Veli", 1)]
    assert found["tag"] == [("Şölen", 2), ("çiçek", 1)]
    assert found["orientation"] == [("Dikey", 1), ("Kare", 1), ("Yatay", 1)]


def test_filters_chosen_in_another_case_narrow_the_counts(client, small_archive):
    found = facet_lists(client.get(small_archive.url, {"place": "şehitlik", "tag": "ŞÖLEN"}))
    assert found["person"] == [("Çetin Su", 2), ("İpek Er", 1)]
    assert found["year"] == [("2026", 1), ("2025", 1)]
    assert found["orientation"] == [("Dikey", 1), ("Yatay", 1)]

    found = facet_lists(client.get(small_archive.url, {"person": "ipek er", "month": "06"}))
    assert found["place"] == [("İskele", 1)]
    assert "tag" not in found  # a facet with no option is not shown


def test_a_filter_on_a_hidden_photo_finds_nothing(client, small_archive):
    for params in ({"place": "Gizli Bahçe"}, {"tag": "gizli"}, {"person": "Özel Konuk"}):
        response = client.get(small_archive.url, params)
        assert response.context["result_count"] == 0
        assert "place" not in facet_lists(response)


def _add_photos(index, first, count):
    """`count` more photos, varied in every facet, in two new albums under `index`."""
    photographers = [PhotographerFactory(name=name) for name in ("Çağrı", "Şule", "İnci")]
    photos = []
    for number in range(first, first + count):
        photo = ArchivePhotoFactory(
            photographer=photographers[number % 3],
            place=f"Yer {number % 7}",
            people=f"Kişi {number % 5}, Kişi {number % 11}",
            file_kwargs={"taken_at": datetime(2020 + number % 6, 1 + number % 12, 3, 10)},
        )
        photo.tags.add(f"etiket {number % 4}", f"konu {number % 9}")
        photos.append(photo)
    album_with(index, photos[: count // 2], title=f"Birinci {first}")
    album_with(index, photos[count // 2 :], title=f"İkinci {first}")


def _queries(client, url, params):
    client.get(url, params)  # caches of the site, the locale and content types warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


# Worked by hand: "Yer 1" and "etiket 1" are photos numbered 1 mod 7 and 1 mod 4 (1, 29).
@pytest.mark.parametrize(
    "params, found", [({}, (5, 50)), ({"place": "yer 1", "tag": "Etiket 1"}, (1, 2))]
)
def test_search_queries_do_not_grow_with_the_number_of_photos(client, home, params, found):
    index = archive_index(home)
    _add_photos(index, 0, 5)
    few, response = _queries(client, index.url, params)
    assert response.context["result_count"] == found[0]
    _add_photos(index, 5, 45)
    many, response = _queries(client, index.url, params)
    assert response.context["result_count"] == found[1]
    assert many == few


def _archive_part(response):
    """The facets and results as shown (the page around them carries a per-request nonce)."""
    assert response.status_code == 200
    return str(BeautifulSoup(response.content, "html.parser").select_one(".archive-layout"))


def _grouped(queries):
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"]]


@pytest.mark.parametrize("params", [{}, {"sort": "oldest"}, {"sort": "oldest", "sayfa": "2"}])
def test_kept_counts_show_the_same_page_as_counts_worked_afresh(
    client, small_archive, params, monkeypatch
):
    from archive.photos import facet_counts, views

    monkeypatch.setattr(views, "PHOTOS_PER_PAGE", 2)
    facet_counts.changed()  # whatever an earlier view kept is out of date
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(small_archive.url, params)
    with CaptureQueriesContext(connection) as kept_queries:
        kept = client.get(small_archive.url, params)
    assert _grouped(first_queries)  # worked from the photos…
    assert not _grouped(kept_queries)  # …then read back as they were kept
    assert _archive_part(kept) == _archive_part(first)
    assert facet_lists(kept)["person"] == [("Çetin Su", 2), ("İpek Er", 2), ("Ali Veli", 1)]
    assert kept.context["result_count"] == 3


def test_changes_to_photos_tags_photographers_and_albums_show_in_the_counts(client, small_archive):
    from archive.models import Photo, PhotoAlbumPage, Photographer

    facet_lists(client.get(small_archive.url))  # counted and kept
    square = Photo.objects.get(place="İskele")
    square.place = "Sahil"
    square.save()
    square.tags.add("Şölen")
    sule = Photographer.objects.get(name="Şule Ak")
    sule.name = "Şule Akın"
    sule.save()
    found = facet_lists(client.get(small_archive.url))
    assert found["place"] == [("Şehitlik", 2), ("Sahil", 1)]
    assert found["tag"] == [("Şölen", 3), ("çiçek", 1)]
    assert found["photographer"] == [("Çağrı Kaya", 2), ("Şule Akın", 1)]

    PhotoAlbumPage.objects.get(title="Bayram").unpublish()
    found = facet_lists(client.get(small_archive.url))
    # Left: the two photos of "Yılbaşı", the new year's one and the square one.
    assert found["year"] == [("2026", 1), ("2025", 1)]
    assert found["photographer"] == [("Çağrı Kaya", 2)]
    assert (
        "Son fotoğraflar (2)"
        in BeautifulSoup(client.get(small_archive.url).content, "html.parser")
        .select_one("#results-title")
        .text
    )


def test_a_change_made_while_counting_is_not_hidden_by_the_counts_kept(
    client, small_archive, monkeypatch
):
    from archive.models import Photo
    from archive.photos import search

    counted = search._count_both

    def count_then_change(photos, videos):
        result = counted(photos, videos)
        if not getattr(count_then_change, "done", False):
            count_then_change.done = True
            # An editor withdraws a photo after the counting read it, before it is kept.
            withdrawn = Photo.objects.get(place="İskele")
            withdrawn.do_not_use = True
            withdrawn.save()
        return result

    monkeypatch.setattr(search, "_count_both", count_then_change)
    assert ("İskele", 1) in facet_lists(client.get(small_archive.url))["place"]
    assert facet_lists(client.get(small_archive.url))["place"] == [("Şehitlik", 2)]


def test_each_card_links_to_its_photo_in_its_first_public_album(client, small_archive):
    from archive.models import Photo, PhotoAlbumPage

    new_year = Photo.objects.get(people="İpek Er; Çetin Su")
    bayram = PhotoAlbumPage.objects.get(title="Bayram")
    soup = BeautifulSoup(client.get(small_archive.url).content, "html.parser")
    links = [a["href"] for a in soup.select(".album__item figure > a")]
    assert links[0] == bayram.url + bayram.reverse_subpage("photo", args=[new_year.pk])
    assert len(links) == 3
    for link in links:
        assert client.get(link).status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "Kişi", "sort": "oldest"}])
@pytest.mark.indexed
def test_counting_after_a_change_costs_the_same_queries_for_few_and_many(client, home, params):
    from archive.photos import facet_counts

    def recounted():
        client.get(index.url, params)  # renditions of the new photos made, caches warmed
        facet_counts.changed()  # as a change to a photo does: the next view counts again
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index.url, params)
        assert _grouped(queries)
        return len(queries), response

    index = archive_index(home)
    _add_photos(index, 0, 5)
    few, response = recounted()
    assert response.context["result_count"] == 5
    _add_photos(index, 5, 45)
    many, response = recounted()
    assert response.context["result_count"] == 50
    assert many == few


def test_a_burst_of_changes_queues_one_recount_and_the_next_visitor_reads_kept_counts(
    client, small_archive, django_capture_on_commit_callbacks
):
    from archive.models import Photo
    from archive.photos import facet_counts, tasks

    tasks.recount_archive_facets.call()  # the worker counted after the archive was filled
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for photo in Photo.objects.filter(place__contains="Şehitlik"):
            photo.place = "Meydan"
            photo.save()
    # Two saves, one recount, done by the worker when the change committed.
    assert callbacks.count(facet_counts.queue_recount) == 1
    with CaptureQueriesContext(connection) as queries:
        response = client.get(small_archive.url)
    assert not _grouped(queries)
    assert facet_lists(response)["place"] == [("Meydan", 2), ("İskele", 1)]


def test_a_change_after_the_recount_started_queues_the_next_one(
    small_archive, django_capture_on_commit_callbacks
):
    from archive.photos import facet_counts, search, tasks

    def count_while_an_editor_changes_a_photo(index_page, params):
        with django_capture_on_commit_callbacks() as during:
            facet_counts.changed()
        queued.append(during.count(facet_counts.queue_recount))
        return counted(index_page, params)

    queued = []  # per counting (one per language): the first change queues, not the next

    counted = search.search
    tasks.recount_archive_facets.call()  # the worker counted after the archive was filled
    with django_capture_on_commit_callbacks() as before:
        facet_counts.changed()
        facet_counts.changed()
    assert before.count(facet_counts.queue_recount) == 1
    search.search = count_while_an_editor_changes_a_photo
    try:
        tasks.recount_archive_facets.call()
    finally:
        search.search = counted
    assert queued == [1, 0]


def test_with_the_queue_down_changes_still_show_and_the_next_change_tries_again(
    client, small_archive, django_capture_on_commit_callbacks, monkeypatch
):
    from archive.models import Photo
    from archive.photos import facet_counts, tasks

    def queue_down():
        raise ConnectionError("queue down")

    tasks.recount_archive_facets.call()  # the worker counted after the archive was filled
    monkeypatch.setattr(tasks, "recount_archive_facets", SimpleNamespace(enqueue=queue_down))
    photo = Photo.objects.get(place="İskele")
    with django_capture_on_commit_callbacks(execute=True):
        photo.place = "Sahil"
        photo.save()
    assert ("Sahil", 1) in facet_lists(client.get(small_archive.url))["place"]
    with django_capture_on_commit_callbacks() as next_change:
        photo.save()
    assert next_change.count(facet_counts.queue_recount) == 1


def test_the_nightly_job_works_the_days_counts_before_the_first_visitor(client, small_archive):
    from io import StringIO

    from django.core.management import call_command

    call_command("withdraw_unusable_photos", stdout=StringIO())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(small_archive.url)
    assert not _grouped(queries)
    assert facet_lists(response)["person"] == [("Çetin Su", 2), ("İpek Er", 2), ("Ali Veli", 1)]


def _generated_archive(index):
    """Thirty photos varied at random (seeded) in every facet, with what the facet
    queries must get right: places with spaces around them, people separated by commas
    and semicolons and named twice, two photographers of the same name, photos without a
    date or a photographer, a withdrawn photo and one in a closed album."""
    import random

    from archive.models import Photo, Photographer

    rng = random.Random(20)
    photographers = [
        PhotographerFactory(name=name) for name in ("Ayşe Kaya", "İnci Er", "Oğuz Şen")
    ]
    # PhotographerFactory gets or creates by name: a second "Ayşe Kaya" is made here.
    photographers.append(Photographer.objects.create(name="Ayşe Kaya", agency="Başka"))
    names = ["İpek Er", "Çetin Su", "ılgın Ak", "Işık Tan"]
    photos = []
    for number in range(30):
        people = rng.choice([", ", "; ", " ;", ","]).join(rng.sample(names, rng.randrange(0, 3)))
        if number % 7 == 0:
            people += f", {people}"
        # Around midnight at the turn of a month: the month in Istanbul (UTC+3) differs
        # from UTC's for some.
        taken = datetime(
            2019 + rng.randrange(0, 4), rng.randrange(1, 13), 1, 0, 30, tzinfo=UTC
        ) - timedelta(hours=rng.randrange(0, 6))
        photo = ArchivePhotoFactory(
            title=f"{rng.choice(['Konser', 'Tören'])} {number}",
            photographer=rng.choice([*photographers, None]),
            place=rng.choice(["Meydan", " Meydan ", "İskele", "", "Çarşı"]),
            people=people,
            file_kwargs={"size": rng.choice([(120, 80), (80, 120), (100, 100)])},
        )
        # The date as an editor corrects it; on the first of the month at night, so UTC
        # and Istanbul differ on the month.
        Photo.objects.filter(pk=photo.pk).update(taken_at=None if number % 9 == 0 else taken)
        photo.tags.add(*rng.sample(["Şölen", "çiçek", "ağaç", "İnsan"], rng.randrange(0, 4)))
        photos.append(photo)
    Photo.objects.filter(pk=photos[3].pk).update(do_not_use=True)
    album_with(index, photos[:20], title="Birinci")
    album_with(index, photos[15:27], title="İkinci")
    closed = album_with(index, photos[27:], title="Kapalı")
    PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    return photos


def _worked_in_python(photos, selected, query):
    """The counts of each facet over the public photos that match, by the plain ORM and
    Python: every key as rules and the Turkish case-folding define it."""
    from collections import Counter

    from django.utils import timezone

    from archive.models import Photo
    from archive.photos import rules
    from cms.text import turkish_casefold

    public = set(photos[:27]) - {photos[3]}  # not withdrawn, not only in the closed album
    counts = {name: Counter() for name in ("year", "month", "photographer", "place")}
    counts.update({name: Counter() for name in ("person", "tag", "orientation")})
    for photo in Photo.objects.filter(pk__in=[p.pk for p in public]).select_related("photographer"):
        local = timezone.localtime(photo.taken_at) if photo.taken_at else None
        keys = {
            "year": {str(local.year)} if local else set(),
            "month": {f"{local.month:02}"} if local else set(),
            "photographer": {str(photo.photographer_id)} if photo.photographer_id else set(),
            "place": {photo.place.strip()} - {""},
            "person": set(rules.split_names(photo.people)),
            "tag": {tag.name for tag in photo.tags.all()},
            "orientation": {rules.orientation_of(photo.width, photo.height, photo.orientation)},
        }
        if query and turkish_casefold(query) not in turkish_casefold(photo.title):
            continue
        if any(
            turkish_casefold(value) not in {turkish_casefold(key) for key in keys[name]}
            for name, value in selected.items()
        ):
            continue
        for name, found in keys.items():
            counts[name].update(found)
    return {name: dict(found) for name, found in counts.items() if found}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "konser"},
        {"q": "tören", "tag": "şölen"},
        {"place": "meydan"},
        {"person": "IŞIK TAN", "orientation": "landscape"},
        {"year": "2020"},
        {"q": "konser", "month": "07"},
    ],
)
@pytest.mark.indexed
def test_counts_of_a_search_are_those_worked_by_the_orm_on_a_generated_archive(home, params):
    from django.http import QueryDict

    from archive.models import Photographer
    from archive.photos import search

    index = archive_index(home)
    photos = _generated_archive(index)
    selected = {name: value for name, value in params.items() if name != "q"}
    with CaptureQueriesContext(connection) as queries:
        found = search.search(index, QueryDict(mutable=True) | params)
    # The budget: one grouping statement for the photos (and at most one for the videos,
    # none when a filter leaves none), whatever the facets and filters; with the album
    # ids, a filter's raw values per kind, the content type and the video ids, six; the
    # site's private sections, read once per request (here, outside one, once); and the
    # kept counts of the search (facet_counts): looked up, the generation read, rows
    # outdated deleted, the row written and the oldest over the bound deleted, five.
    grouped = _grouped(queries)
    assert len([sql for sql in grouped if 'FROM "archive_photo"' in sql]) == 1
    assert len([sql for sql in grouped if 'FROM "archive_video"' in sql]) <= 1
    assert len(queries) <= 12
    shown = {
        facet.name: {key: count for key, _label, count, _selected in facet.options}
        for facet in found.facets
        if facet.options
    }
    expected = _worked_in_python(photos, selected, params.get("q"))
    assert expected["orientation"]  # the filters leave photos to count
    assert shown == expected
    assert found.photo_count == sum(expected["orientation"].values())
    names = dict(Photographer.objects.values_list("pk", "name"))
    for facet in found.facets:
        if facet.name == "photographer":
            assert [label for _key, label, *_rest in facet.options] == [
                names[int(key)] for key, *_rest in facet.options
            ]
