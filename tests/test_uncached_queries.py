"""Query budgets of the public page roles with the fragment cache off (issue 20, target 1).

A publish empties every cached fragment, so on a busy press day citizens get the
uncached cost: each page role must then render in at most UNCACHED_QUERY_BUDGET queries,
the same number whether it shows 2 items or 8 (cards with lead images, tags and
categories). Every count is taken on the second request: the first one makes the card
renditions, which a published page has long had by the time visitors arrive.
"""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import PhotoFactory, publish_child
from tests.factories.events import EventCategoryFactory, EventPageFactory, at, calendar_page
from tests.factories.press import CategoryFactory, PressReleaseIndexFactory, publish_item

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00")]

UNCACHED_QUERY_BUDGET = 12
SIZES = (2, 8)


@pytest.fixture(autouse=True)
def no_fragment_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def queries_for(client, url):
    """The number of queries of the second request to `url`, and its HTML."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), BeautifulSoup(response.content, "html.parser")


def releases_index(home):
    return publish_child(home, PressReleaseIndexFactory())


def publish_releases(index, count, *, first=0):
    """`count` releases, each with a lead image, two categories and two tags."""
    culture, sport = CategoryFactory(name="Kültür"), CategoryFactory(name="Spor")
    return [
        publish_item(
            index,
            title=f"Belediye duyurusu {first + number}",
            date=dt.date(2026, 11, 1) + dt.timedelta(days=first + number),
            lead_image=PhotoFactory(),
            categories=[culture, sport],
            tags=["kultur", f"etiket-{first + number}"],
        )
        for number in range(count)
    ]


def grow(build):
    """Count the queries of a page built with SIZES[0] items, add items up to SIZES[1]
    and count again: `build(home, count)` adds `count` items and returns (url, selector)
    where `selector` finds one element per item shown."""

    def measure(client, home):
        counts = []
        added = 0
        for size in SIZES:
            url, selector = build(home, size - added, added)
            added = size
            count, page = queries_for(client, url)
            assert len(page.select(selector)) == size
            counts.append(count)
        return counts

    return measure


def assert_within_budget(counts):
    few, many = counts
    assert few == many, f"queries grow with the items shown: {counts}"
    assert many <= UNCACHED_QUERY_BUDGET, f"{many} queries, budget {UNCACHED_QUERY_BUDGET}"


# Still over the budget: the detail page's own queries (its lead photo and two rendition
# look-ups, categories, tags, the parent for the breadcrumbs) on top of the routing
# (cms.routing: three) and Wagtail's view-restriction check (two). The count no longer
# grows with the items shown; that half of the test passes.
OVER_BUDGET = pytest.mark.xfail(
    strict=True, reason="issue 20 target 1: the press detail's own queries still exceed 12"
)


# -- press listing -------------------------------------------------------------------------


def test_press_listing_queries_do_not_grow_and_stay_in_budget(client, home):
    state = {}

    def build(home, count, first):
        if "index" not in state:
            state["index"] = releases_index(home)
        publish_releases(state["index"], count, first=first)
        return state["index"].url, ".card"

    assert_within_budget(grow(build)(client, home))


def grown_counts(client, build):
    """Query counts of the page `build(count)` returns (url, selector, expected) for
    each size in SIZES; `selector` finds one element per item shown."""
    counts = []
    for size in SIZES:
        url, selector = build(size)
        count, page = queries_for(client, url)
        assert len(page.select(selector)) == size
        counts.append(count)
    return counts


def test_home_page_with_a_listing_block(client, home):
    index = releases_index(home)
    published = []

    def build(size):
        published.extend(publish_releases(index, size - len(published), first=len(published)))
        home.body = [
            ("listing", {"page_type": "press.pressreleasepage", "limit": size, "layout": "cards"})
        ]
        home.save_revision().publish()
        return home.url, ".card"

    assert_within_budget(grown_counts(client, build))


@OVER_BUDGET
def test_press_detail_with_tags_and_categories(client, home):
    index = releases_index(home)

    def build(size):
        categories = [CategoryFactory(name=f"Konu {size}-{n}") for n in range(size)]
        page = publish_item(
            index,
            title=f"Ayrıntı {size}",
            lead_image=PhotoFactory(),
            categories=categories,
            tags=[f"etiket-{size}-{n}" for n in range(size)],
        )
        return page.url, ".tags a[href*='kategori=']"

    assert_within_budget(grown_counts(client, build))


def test_event_month(client, home):
    calendar = calendar_page(home)
    category = EventCategoryFactory(name="Tören")
    added = []

    def build(size):
        for number in range(len(added), size):
            start = at(2026, 11, 2 + number, 10)
            added.append(
                publish_child(
                    calendar,
                    EventPageFactory(
                        title=f"Tören {number}",
                        start=start,
                        end=start + dt.timedelta(hours=1),
                        category=category,
                        lead_image=PhotoFactory(),
                    ),
                )
            )
        return "/etkinlikler/2026/11/", ".day__events li"

    assert_within_budget(grown_counts(client, build))


def test_photo_album(client, home):
    index = archive_index(home)

    def build(size):
        album = album_with(index, [ArchivePhotoFactory() for _ in range(size)])
        return album.url, "figure"

    assert_within_budget(grown_counts(client, build))


def test_search(client, home):
    index = releases_index(home)
    published = []

    def build(size):
        published.extend(publish_releases(index, size - len(published), first=len(published)))
        return "/ara/?q=duyurusu", ".search-results > li"

    assert_within_budget(grown_counts(client, build))
