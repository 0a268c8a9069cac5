"""Which responses Varnish may keep, the xkey cache keys they carry, and the purges a
change sends (to a fake Varnish on loopback)."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.models import MunicipalitySettings
from tests.factories.archive import ArchivePhotoFactory
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import add_event, calendar_page
from tests.factories.press import CategoryFactory, PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db


def xkeys(response):
    return set(response["xkey"].split())


def is_shared_cacheable(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return "public" in directives and "s-maxage=3600" in directives


@pytest.fixture
def about(home):
    photo = ArchivePhotoFactory(title="Hizmet binası")
    return publish_child(home, StandardPageFactory(title="Kurumsal", lead_image=photo))


def test_an_anonymous_page_is_cacheable_and_names_what_it_shows(client, home, about):
    response = client.get(about.url)
    assert response.status_code == 200
    assert is_shared_cacheable(response)
    keys = xkeys(response)
    assert f"page-{about.pk}" in keys
    assert f"photo-{about.lead_image_id}" in keys
    # The header and footer show the municipality's settings.
    assert "setting-cms.municipalitysettings" in keys


def test_a_listing_names_its_page_type_also_when_taken_from_the_fragment_cache(client, home, about):
    home.body = [
        (
            "listing",
            {
                "title": "Kurumsal",
                "page_type": "cms.standardpage",
                "limit": 4,
                "order": "tree",
                "layout": "cards",
            },
        )
    ]
    home.save_revision().publish()
    first = xkeys(client.get("/"))
    second = xkeys(client.get("/"))
    assert {"type-cms.standardpage", f"page-{about.pk}"} <= first
    assert second == first


def test_feeds_ics_and_sitemap_are_cacheable(client, home):
    releases = publish_child(home, PressReleaseIndexFactory())
    publish_item(releases, title="Konser", date=dt.date(2026, 6, 1))
    event = add_event(calendar_page(home), title="Açılış")
    rss, atom = releases.feed_urls()
    for url in (rss, atom, event.url.rstrip("/") + ".ics", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_shared_cacheable(response), url


def test_a_logged_in_visitor_gets_a_private_page(client, about, superuser):
    client.force_login(superuser)
    response = client.get(about.url)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert not response.has_header("xkey")


def test_admin_and_health_are_never_cacheable(client, superuser):
    client.force_login(superuser)
    for url in ("/admin/", "/healthz"):
        response = client.get(url)
        assert "public" not in response["Cache-Control"], url
        assert not response.has_header("xkey"), url


def test_a_session_cookie_makes_the_page_private_other_cookies_do_not(client, about, settings):
    client.cookies["kalem_lang"] = "tr"
    response = client.get(about.url, {"sayfa": "1"})
    assert is_shared_cacheable(response)
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
    response = client.get(about.url)
    assert "private" in response["Cache-Control"]


def test_a_private_file_link_is_never_shared(client, about, superuser):
    client.force_login(superuser)
    response = client.get(about.lead_image.file.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("xkey")


def test_a_missing_page_is_kept_only_a_minute(client, home):
    response = client.get("/yok-boyle-bir-sayfa/")
    assert response.status_code == 404
    assert "s-maxage=60" in response["Cache-Control"]


# --- Purging through a fake Varnish -------------------------------------------------------


class FakeVarnish:
    """Records every request; answers 503 to the first `failures` ones."""

    def __init__(self, failures=0):
        self.requests = []
        self.failures = failures
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                fake.requests.append((self.path, self.headers.get("xkey-purge")))
                status = 503 if len(fake.requests) <= fake.failures else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def purged_keys(self):
        return [set(keys.split()) for _path, keys in self.requests if keys]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def varnish(settings):
    fake = FakeVarnish()
    settings.KALEM_FRONTEND_CACHE_URLS = [fake.url]
    yield fake
    fake.close()


def test_publishing_purges_the_page_its_parent_and_listings_of_its_type(
    varnish, home, about, django_capture_on_commit_callbacks
):
    varnish.requests.clear()
    about.title = "Kurumsal Yapı"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    # "api": every answer of the read API, whose listings may gain the page.
    assert varnish.purged_keys() == [
        {f"page-{about.pk}", f"page-{home.pk}", "type-cms.standardpage", "api"}
    ]


def test_unpublishing_and_deleting_purge_the_page(
    varnish, home, about, django_capture_on_commit_callbacks
):
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert {f"page-{about.pk}", "type-cms.standardpage"} <= varnish.purged_keys()[0]
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.delete()
    assert any(f"page-{about.pk}" in keys for keys in varnish.purged_keys())


def test_moving_a_page_purges_both_parents(
    varnish, home, about, django_capture_on_commit_callbacks
):
    other = publish_child(home, StandardPageFactory(title="Hizmetler"))
    child = publish_child(about, StandardPageFactory(title="Birimler"))
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        child.move(other, pos="last-child")
    assert {f"page-{child.pk}", f"page-{about.pk}", f"page-{other.pk}"} <= (
        varnish.purged_keys()[0]
    )


def test_an_edited_setting_a_renamed_category_and_a_withdrawn_photo_purge_their_keys(
    varnish, home, about, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="Kültür")
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        municipality = MunicipalitySettings.for_site(home.get_site())
        municipality.phone = "0 232 999 99 99"
        municipality.save()
        category.name = "Kültür ve Sanat"
        category.save()
        photo = about.lead_image
        photo.do_not_use = True
        photo.save()
    purged = set().union(*varnish.purged_keys())
    assert "setting-cms.municipalitysettings" in purged
    assert f"snippet-press.category-{category.pk}" in purged
    assert f"photo-{photo.pk}" in purged


def test_a_purge_varnish_refused_is_sent_again(settings, about, django_capture_on_commit_callbacks):
    fake = FakeVarnish(failures=2)
    settings.KALEM_FRONTEND_CACHE_URLS = [fake.url]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            about.save_revision().publish()
        keyed = [keys for _path, keys in fake.requests if keys]
        assert len(keyed) == 3
        assert len(set(keyed)) == 1
    finally:
        fake.close()


def test_wagtail_purges_the_page_address_on_publish(
    varnish, settings, about, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": varnish.url,
        }
    }
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    url_purges = [path for path, keys in varnish.requests if not keys]
    assert about.url in url_purges


def test_a_new_rendition_purges_nothing(varnish, about, django_capture_on_commit_callbacks):
    # Renditions are made while pages are shown; purging for them would empty the cache.
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.lead_image.get_rendition("fill-90x90")
    assert varnish.requests == []


def test_the_worker_takes_a_purge_before_index_updates_queued_earlier(settings, about):
    """A publish is seen by citizens when its purge has run: on a busy day the worker's
    queue holds hundreds of search-index updates, and the purge must not wait behind
    them (seen in the stack test: a publish waited behind the demo's updates)."""
    from django_tasks_db.models import DBTaskResult
    from modelsearch.tasks import insert_or_update_object_task

    from cms.frontend_cache import purge_keys

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for _ in range(3):
        insert_or_update_object_task.enqueue("cms", "standardpage", str(about.pk))
    purge_keys.enqueue([f"page-{about.pk}"])
    queue = DBTaskResult.objects.ready()
    assert queue.count() == 4
    assert queue.first().task_path == "cms.frontend_cache.purge_keys"
