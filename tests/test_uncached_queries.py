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
from wagtail.blocks import StructBlock
from wagtail.models import Page

from cms import routing
from cms.blocks import ListingBlock
from cms.models import MunicipalitySettings
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import PhotoFactory, StandardPageFactory, publish_child
from tests.factories.events import EventCategoryFactory, EventPageFactory, at, calendar_page
from tests.factories.press import (
    AnnouncementFactory,
    AnnouncementIndexFactory,
    CategoryFactory,
    PressReleaseIndexFactory,
    publish_item,
)

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


@pytest.mark.indexed
def test_search(client, home):
    index = releases_index(home)
    published = []

    def build(size):
        published.extend(publish_releases(index, size - len(published), first=len(published)))
        return "/ara/?q=duyurusu", ".search-results > li"

    assert_within_budget(grown_counts(client, build))


# -- the home page as the demo builds it -------------------------------------------------


class DemoHome:
    """The demo's home page (cms/demo.py and each app's demo.py): a hero photo, featured
    pages, the municipality's logo, and listing blocks of standard pages (by tree order,
    with a "see all" link), press releases, announcements, upcoming events (single ones
    and weekly series) and albums, each under its section. `grow(size)` adds items until
    each listing shows `size`."""

    def __init__(self, home):
        self.home = home
        settings = MunicipalitySettings.for_site(home.get_site())
        settings.logo = PhotoFactory()
        settings.save()
        self.about = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
        self.releases = releases_index(home)
        self.announcements = publish_child(home, AnnouncementIndexFactory())
        self.calendar = calendar_page(home)
        self.archive = archive_index(home)
        self.items = {"about": [], "releases": [], "announcements": [], "events": []}
        self.albums = []

    def grow(self, size):
        for number in range(len(self.items["about"]), size):
            self.items["about"].append(
                publish_child(
                    self.about,
                    StandardPageFactory(title=f"Birim {number}", lead_image=PhotoFactory()),
                )
            )
            self.items["releases"].extend(publish_releases(self.releases, 1, first=number))
            self.items["announcements"].append(
                publish_item(
                    self.announcements,
                    AnnouncementFactory,
                    title=f"Duyuru {number}",
                    lead_image=PhotoFactory(),
                )
            )
            start = at(2026, 12, 1 + number, 10)
            self.items["events"].append(
                publish_child(
                    self.calendar,
                    EventPageFactory(
                        title=f"Etkinlik {number}",
                        start=start,
                        end=start + dt.timedelta(hours=2),
                        lead_image=PhotoFactory(),
                        # Every other one a weekly series: its card shows the next date.
                        repeat="weekly" if number % 2 else "",
                        repeat_count=10 if number % 2 else None,
                    ),
                )
            )
            photo = ArchivePhotoFactory()
            self.albums.append(album_with(self.archive, [photo], cover=photo))
        sections = [
            ("cms.standardpage", self.about, "tree"),
            ("press.pressreleasepage", self.releases, "natural"),
            ("press.announcementpage", self.announcements, "natural"),
            ("events.eventpage", self.calendar, "natural"),
            ("archive.photoalbumpage", self.archive, "natural"),
        ]
        self.home.hero_image = self.home.hero_image or PhotoFactory()
        self.home.featured = [("page", page) for page in self.items["about"][:4]]
        self.home.body = [
            (
                "listing",
                {
                    "title": f"Bölüm {number}",
                    "page_type": page_type,
                    "section": section,
                    "limit": size,
                    "order": order,
                    "layout": "cards",
                    "more_link": section,
                },
            )
            for number, (page_type, section, order) in enumerate(sections)
        ]
        self.home.save_revision().publish()
        # Five listings of `size` cards, and the featured pages (at most four).
        return self.home.url, ".card", 5 * size + min(size, 4)


def test_home_page_with_the_demos_kinds_of_blocks(client, home):
    """Within the budget of every other role, though the page shows five listings of
    five page types, the featured pages, a hero and the logo: the listings and the
    featured pages are read together (cms.listing.run_listings), whatever their number
    and page types, and the logo's rendition with the settings."""
    demo = DemoHome(home)
    counts = []
    for size in SIZES:
        url, selector, expected = demo.grow(size)
        count, page = queries_for(client, url)
        assert len(page.select(selector)) == expected
        assert page.select_one(".site-brand__logo") is not None
        assert page.select_one(".hero__image") is not None
        counts.append(count)
    assert_within_budget(counts)


# -- the same pages as before the optimisations --------------------------------------------


def unoptimised(monkeypatch):
    """Undo this issue's shortcuts: Wagtail's own routing and view-restriction check, the
    photos and renditions read by the image tags (the logo's too), each listing loading
    its own pages, cards and chosen pages, the featured pages loaded by Wagtail's
    `specific()`, a press item's categories and tags read by their managers."""
    from cms import models as cms_models
    from cms.listing import public_live
    from press.models import pages as press_pages

    monkeypatch.setattr(routing, "route", lambda request, path: NotImplemented)
    monkeypatch.setattr(routing, "share_sites", lambda request: None)
    monkeypatch.setattr(cms_models, "prefetch_photo", lambda *args, **kwargs: None)
    monkeypatch.setattr(cms_models, "prepare_listings", lambda *args, **kwargs: None)
    monkeypatch.setattr(press_pages, "prefetch_photo", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        press_pages.PressItemPage,
        "_stored_labels",
        lambda page: (list(page.categories.all()), list(page.tags.all())),
    )
    monkeypatch.setattr(MunicipalitySettings, "select_related", None)
    monkeypatch.setattr(MunicipalitySettings, "logo_rendition", None)
    monkeypatch.setattr(
        cms_models,
        "load_pages",
        lambda ids: {
            page.pk: page for page in public_live(Page.objects.filter(pk__in=ids)).specific()
        },
    )

    def each_chooser_on_its_own(self, values):
        values = list(values)
        return self._mark_deleted_sections(values, StructBlock.bulk_to_python(self, values))

    monkeypatch.setattr(ListingBlock, "bulk_to_python", each_chooser_on_its_own)


def test_pages_are_byte_for_byte_those_of_the_unoptimised_path(client, home, monkeypatch):
    demo = DemoHome(home)
    demo.grow(3)
    detail = publish_item(
        demo.releases,
        title="Ayrıntı",
        lead_image=PhotoFactory(),
        categories=[CategoryFactory(name="Kültür"), CategoryFactory(name="Spor")],
        tags=["kultur", "spor"],
    )
    # The search page without a query: its header, menu and footer (the site and its
    # root paths read by cms.routing.share_sites), no search index read.
    urls = {"home": home.url, "detail": detail.url, "english home": "/en/", "search": "/ara/"}
    for url in urls.values():
        client.get(url)  # the renditions are made on the first view

    def answers():
        return {name: client.get(url) for name, url in urls.items()}

    ours = answers()
    unoptimised(monkeypatch)
    before = answers()
    for name in urls:
        assert ours[name].status_code == 200, name
        assert ours[name].content == before[name].content, name
    page = BeautifulSoup(ours["detail"].content, "html.parser")
    assert [a.text for a in page.select(".tags a")] == ["Kültür", "Spor", "#kultur", "#spor"]
    assert page.select_one(".article__lead-image picture") is not None
    assert [a.text.strip() for a in page.select(".breadcrumbs a")] == [
        "Anasayfa",
        "Basın Açıklamaları",
    ]


def test_pages_shared_by_listings_and_featured_ones_of_other_types_render_as_before(
    client, home, monkeypatch
):
    """Read together, the same page shown by two listings and among the featured ones is
    one row, and a featured page of a type no listing shows (a section's index) is read
    as its own type: the home page is still the same bytes as each listing and the
    featured pages read on their own."""
    demo = DemoHome(home)
    demo.grow(3)
    home.featured = [("page", demo.releases), ("page", demo.items["about"][0])]
    home.body = [
        *[(block.block_type, block.value) for block in home.body],
        (
            "listing",
            {"title": "Başlığa göre", "page_type": "cms.standardpage", "order": "title"},
        ),
    ]
    home.save_revision().publish()
    client.get(home.url)
    ours = client.get(home.url)
    unoptimised(monkeypatch)
    before = client.get(home.url)
    assert ours.status_code == 200
    assert ours.content == before.content
    page = BeautifulSoup(ours.content, "html.parser")
    featured = page.select("#featured-title + .card-grid .card__title")
    assert [title.text for title in featured] == ["Basın Açıklamaları", "Birim 0"]
    by_title = page.find("h2", string="Başlığa göre").find_parent("section")
    assert [title.text for title in by_title.select(".card__title")] == [
        "Birim 0",
        "Birim 1",
        "Birim 2",
        "Kurumsal",
    ]
