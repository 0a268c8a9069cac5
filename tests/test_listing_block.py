"""The listing block: a saved query editors drop anywhere (Plone's collections)."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.blocks import ListingBlock
from cms.frontend_cache import XKEY_HEADER, page_type_key
from cms.models import StandardPage
from tests.factories.cms import PhotoFactory, StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db


def listing(**value):
    """A listing block value as the editor would save it, read back from the database form."""
    block = ListingBlock()
    raw = {
        "page_type": "cms.standardpage",
        "limit": 5,
        "order": "natural",
        "layout": "cards",
        **value,
    }
    return block, block.to_python(raw)


@pytest.fixture
def news_section(home):
    section = publish_child(home, StandardPageFactory(title="Haberler"))
    for number, tag in enumerate(["çevre", "kültür", "çevre", "spor", "çevre"]):
        page = publish_child(section, StandardPageFactory(title=f"Haber {number}"))
        page.tags.add(tag)
        page.save_revision().publish()
    return section


def titles(pages):
    return [page.title for page in pages]


def test_listing_shows_pages_of_the_type_under_the_section(news_section, home):
    publish_child(home, StandardPageFactory(title="Başka Bölüm"))
    _, value = listing(section=news_section.pk, order="tree")
    assert titles(value.pages()) == ["Haber 0", "Haber 1", "Haber 2", "Haber 3", "Haber 4"]


def test_listing_filters_by_tag_and_limits_the_count(news_section):
    _, value = listing(section=news_section.pk, tag="çevre", limit=2, order="tree")
    assert titles(value.pages()) == ["Haber 0", "Haber 2"]


def test_listing_orders_newest_first(news_section):
    _, value = listing(section=news_section.pk, order="newest", limit=3)
    assert titles(value.pages()) == ["Haber 4", "Haber 3", "Haber 2"]


def test_listing_leaves_out_drafts_and_private_pages(news_section):
    from wagtail.models import PageViewRestriction

    draft = StandardPageFactory(title="Taslak Haber", live=False)
    news_section.add_child(instance=draft)
    private = publish_child(news_section, StandardPageFactory(title="Gizli Haber"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    _, value = listing(section=news_section.pk, limit=50)
    assert "Taslak Haber" not in titles(value.pages())
    assert "Gizli Haber" not in titles(value.pages())
    assert len(value.pages()) == 5


def test_a_private_sections_pages_are_left_out_at_every_depth_and_its_neighbours_kept(home):
    """A restriction hides its page and everything below it, however deep, and nothing
    beside it: not the next section, whose tree path the private one's is not a prefix
    of, nor a section inside another private one twice."""
    from wagtail.models import PageViewRestriction

    private = publish_child(home, StandardPageFactory(title="Meclis"))
    inner = publish_child(private, StandardPageFactory(title="Komisyon"))
    deep = publish_child(inner, StandardPageFactory(title="Komisyon Tutanağı"))
    neighbour = publish_child(home, StandardPageFactory(title="Duyurular"))
    publish_child(neighbour, StandardPageFactory(title="Yol Çalışması"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    PageViewRestriction.objects.create(page=deep, restriction_type="password", password="x")
    _, value = listing(limit=50, order="title")
    assert titles(value.pages()) == ["Duyurular", "Yol Çalışması"]

    PageViewRestriction.objects.filter(page=private).delete()
    _, value = listing(limit=50, order="title")
    assert titles(value.pages()) == ["Duyurular", "Komisyon", "Meclis", "Yol Çalışması"]


def test_a_request_reads_the_private_sections_once_and_again_after_a_change(home):
    """Every listing of a request asks the same one query which sections are private; a
    section made private during the request is left out of what it lists next."""
    from wagtail.models import PageViewRestriction

    from cms.cache import request_scope

    section = publish_child(home, StandardPageFactory(title="Bölüm"))
    publish_child(home, StandardPageFactory(title="Başka"))
    with request_scope():
        with CaptureQueriesContext(connection) as first:
            listing(limit=50)[1].pages()
        with CaptureQueriesContext(connection) as second:
            listing(limit=50)[1].pages()
        assert len(second) == len(first) - 1
        PageViewRestriction.objects.create(page=section, restriction_type="login")
        assert titles(listing(limit=50, order="title")[1].pages()) == ["Başka"]


@pytest.mark.parametrize("count", [1, 4, 12])
def test_listing_costs_the_same_queries_whatever_its_length(
    home, count, django_assert_max_num_queries
):
    section = publish_child(home, StandardPageFactory(title="Bölüm"))
    for number in range(count):
        publish_child(
            section, StandardPageFactory(title=f"Sayfa {number}", lead_image=PhotoFactory())
        )
    block, value = listing(section=section.pk, limit=count)
    block.render(value)  # renditions are created on the first render
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        # The Redis pass: this worker's keys only (FLUSHDB empties the other workers').
        cache.delete_pattern("*")
    else:
        cache.clear()
    block, value = listing(section=section.pk, limit=count)
    # pages, their photos, their renditions, and the site root paths page URLs need (two
    # queries, cached after the first request)
    with django_assert_max_num_queries(5):
        html = block.render(value)
    assert len(BeautifulSoup(html, "html.parser").select(".card")) == count


@pytest.mark.indexed
def test_listing_pointing_at_a_deleted_section_shows_nothing_and_warns(news_section, caplog):
    block, _ = listing()
    raw = {"page_type": "cms.standardpage", "section": news_section.pk, "limit": 5}
    news_section.delete()
    value = block.to_python(raw)
    with caplog.at_level(logging.WARNING, logger="kalem.listing"):
        assert value.pages() == []
        assert block.render(value).strip() == ""
    assert "deleted section" in caplog.text


def test_listing_pointing_at_an_unknown_page_type_shows_nothing_and_warns(news_section, caplog):
    block, value = listing(page_type="press.removedpage", section=news_section.pk)
    with caplog.at_level(logging.WARNING, logger="kalem.listing"):
        assert value.pages() == []
    assert "press.removedpage" in caplog.text


def test_page_with_a_broken_listing_still_renders(client, home, news_section):
    home.body = [
        {"type": "listing", "value": {"page_type": "nope.gone", "limit": 3}},
        {
            "type": "listing",
            "value": {"page_type": "cms.standardpage", "section": 999999, "limit": 3},
        },
    ]
    home.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select(".listing") == []


def test_a_newly_published_page_appears_in_a_cached_listing_at_once(client, home, news_section):
    home.body = [
        {
            "type": "listing",
            "value": {
                "page_type": "cms.standardpage",
                "section": news_section.pk,
                "limit": 10,
                "order": "newest",
                "title": "Son Haberler",
            },
        },
    ]
    home.save_revision().publish()
    assert "Yeni Haber" not in client.get("/").content.decode()
    publish_child(news_section, StandardPageFactory(title="Yeni Haber"))
    assert "Yeni Haber" in client.get("/").content.decode()


def test_a_cached_listing_is_not_run_again_and_still_names_what_it_shows(
    client, home, news_section
):
    """The home page runs its listing blocks before rendering (cms.blocks.prepare_listings)
    only when their HTML is not cached, and a listing taken from the cache still gives
    the response the purge key of the page type it shows (cms.frontend_cache)."""
    home.body = [
        {
            "type": "listing",
            "value": {"page_type": "cms.standardpage", "section": news_section.pk, "limit": 3},
        },
    ]
    home.save_revision().publish()

    def get():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        listing_queries = [q for q in captured if '"cms_standardpage"' in q["sql"]]
        return response, listing_queries

    first, first_listing_queries = get()
    second, second_listing_queries = get()
    assert len(first_listing_queries) == 1
    assert second_listing_queries == []
    assert second.content == first.content
    key = page_type_key(StandardPage)
    assert key in first[XKEY_HEADER].split()
    assert key in second[XKEY_HEADER].split()


def test_only_listable_page_types_are_offered_to_editors():
    from cms.listing import listable_page_types

    labels = [label for label, _ in listable_page_types()]
    assert "cms.standardpage" in labels
    assert "cms.homepage" not in labels
