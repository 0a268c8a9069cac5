"""cms.routing finds pages in a fixed number of queries; every answer (page, status,
bytes, redirect) must be the one Wagtail's own routing gives."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms import routing
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import PhotoFactory, StandardPageFactory, publish_child
from tests.factories.events import EventPageFactory, at, calendar_page
from tests.factories.press import CategoryFactory, PressReleaseIndexFactory, publish_item

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00", tick=False)]


@pytest.fixture(autouse=True)
def no_fragment_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def site(home):
    releases = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(
        releases,
        title="Belediye duyurusu",
        date=dt.date(2026, 11, 20),
        lead_image=PhotoFactory(),
        categories=[CategoryFactory(name="Kültür")],
        tags=["kultur"],
    )
    calendar = calendar_page(home)
    event = publish_child(
        calendar,
        EventPageFactory(title="Açılış", start=at(2026, 11, 25, 10), end=at(2026, 11, 25, 12)),
    )
    album = album_with(archive_index(home), [ArchivePhotoFactory(), ArchivePhotoFactory()])
    private = publish_child(home, StandardPageFactory(title="Gizli", slug="gizli"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # Below a private page, and an alias of it elsewhere: both private too (Wagtail checks
    # the ancestors' restrictions, and an alias's source's).
    private_child = publish_child(private, StandardPageFactory(title="Alt", slug="alt"))
    alias = private.create_alias(parent=home, update_slug="gizli-kopya")
    draft = StandardPageFactory(title="Taslak", slug="taslak")
    home.add_child(instance=draft)
    draft.unpublish()
    return {
        "home": "/",
        "listing": releases.url,
        "detail": release.url,
        "event": event.url,
        "month": "/etkinlikler/2026/11/",
        "routable page's own route": "/etkinlikler/gecmis/",
        "album": album.url,
        "private": private.url,
        "private child": private_child.url,
        "alias of a private page": alias.url,
        "draft": "/taslak/",
        "missing child": release.url + "yok/",
        "missing page": "/yok/",
        "english": "/en/",
    }


def answers(client, urls):
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        found[name] = (response.status_code, response.get("Location"), response.content)
    return found


def test_every_answer_is_the_one_wagtails_routing_gives(client, site, monkeypatch):
    ours = answers(client, site)
    monkeypatch.setattr(routing, "route", lambda request, path: NotImplemented)
    wagtails = answers(client, site)
    for name in site:
        assert ours[name] == wagtails[name], name
    # Not a site of 404s compared with itself.
    assert [ours[name][0] for name in ["home", "detail", "month", "album", "draft"]] == [
        200,
        200,
        200,
        200,
        404,
    ]
    assert [ours[name][0] for name in ["private", "private child", "alias of a private page"]] == [
        302,
        302,
        302,
    ]


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_page_deeper_in_the_tree_costs_no_more_routing_queries(client, site, monkeypatch):
    ours = {name: queries(client, site[name]) for name in ["listing", "detail"]}
    monkeypatch.setattr(routing, "route", lambda request, path: NotImplemented)
    wagtails = {name: queries(client, site[name]) for name in ["listing", "detail"]}
    # Wagtail pays two queries for each level of the tree and two for the site root
    # paths with the cache off; the detail page is one level below the listing.
    assert wagtails["detail"] - wagtails["listing"] > ours["detail"] - ours["listing"]
    assert ours["listing"] < wagtails["listing"]
    assert ours["detail"] < wagtails["detail"]


def test_views_outside_the_tree_get_the_site_and_root_paths_wagtail_would_read(rf, site, home):
    from wagtail.models import Site

    Site.objects.create(hostname="ikinci.example", root_page=home, site_name="İkinci")
    for host in ["testserver", "ikinci.example", "bilinmeyen.example"]:
        ours, wagtails = rf.get("/ara/", HTTP_HOST=host), rf.get("/ara/", HTTP_HOST=host)
        routing.share_sites(ours)
        assert ours._wagtail_site == Site.find_for_request(wagtails), host
        assert ours._wagtail_cached_site_root_paths == Site.get_site_root_paths(), host
    assert [path.root_url for path in ours._wagtail_cached_site_root_paths] == [
        "http://localhost",
        "http://ikinci.example",
    ]
