"""Which responses Varnish may keep, the xkey cache keys they carry, and the purges a
change sends (to a fake Varnish on loopback)."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

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
    """Records every purge (`requests`) and every page it is asked to make anew
    (`refreshes`), and all of them in order (`log`); answers 503 to the first `failures`
    purges and `refresh_status` to the refreshes."""

    def __init__(self, failures=0, refresh_status=200):
        self.requests = []
        self.refreshes = []
        self.log = []
        self.failures = failures
        self.refresh_status = refresh_status
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                fake.requests.append((self.path, self.headers.get("xkey-purge")))
                fake.log.append("PURGE")
                status = 503 if len(fake.requests) <= fake.failures else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                fake.refreshes.append(
                    (self.path, self.headers.get("Host"), self.headers.get("X-Kalem-Refresh"))
                )
                fake.log.append("GET")
                self.send_response(fake.refresh_status)
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


def test_the_published_page_is_made_anew_before_the_purge(
    varnish, about, django_capture_on_commit_callbacks
):
    """A publish purges many pages at once (every page carries its ancestors' keys), and
    made again in that rush the published page took up to 2 s to show under load (issue
    16): Varnish is asked to make it anew first, and the soft purge keeps that copy."""
    varnish.log.clear()
    about.title = "Kurumsal Yapı"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    full_url = urlsplit(about.get_full_url())
    assert varnish.refreshes == [(full_url.path, full_url.netloc, "1")]
    assert varnish.log == ["GET", "PURGE"]


def test_a_page_varnish_could_not_make_anew_is_purged_all_the_same(
    settings, about, django_capture_on_commit_callbacks
):
    fake = FakeVarnish(refresh_status=500)
    settings.KALEM_FRONTEND_CACHE_URLS = [fake.url]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            about.save_revision().publish()
        assert len(fake.refreshes) == 1
        assert f"page-{about.pk}" in fake.purged_keys()[0]
    finally:
        fake.close()


@pytest.mark.indexed
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


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_purges():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="cms.frontend_cache.purge_keys")


def test_a_publish_purges_at_once_without_waiting_for_the_worker(
    settings, varnish, about, django_capture_on_commit_callbacks
):
    # No worker runs here: tasks wait in the database. The purge must not wait with them
    # (through the worker, a publish took 1.4 s median and 7.7 s max to be seen).
    settings.TASKS = DATABASE_TASKS
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert f"page-{about.pk}" in varnish.purged_keys()[0]
    # The only purge left to the worker is the repeat, seconds later.
    assert not queued_purges().filter(run_after__lte=timezone.now()).exists()


@pytest.mark.clock("2026-11-30T15:00", tick=False)
def test_a_changed_snippet_is_purged_again_seconds_later(
    settings, varnish, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    category = CategoryFactory(name="Kültür")
    varnish.requests.clear()
    queued_purges().delete()
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Kültür ve Sanat"
        category.save()
    repeat = queued_purges().get()
    assert set(repeat.args_kwargs["args"][0]) == varnish.purged_keys()[0]
    assert repeat.run_after == timezone.now() + dt.timedelta(seconds=2)


@pytest.mark.clock("2026-11-30T15:00", tick=False)
def test_the_purge_is_sent_again_seconds_later(
    settings, varnish, about, django_capture_on_commit_callbacks
):
    """A request that began before the commit shows the old page; stored after the purge,
    it stayed an hour. Every copy showing the page is purged again when such a request
    has ended (by the page's own key: its parent's is on the whole section below it)."""
    settings.TASKS = DATABASE_TASKS
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    repeat = queued_purges().get()
    assert repeat.args_kwargs["args"][0] == [f"page-{about.pk}"]
    assert repeat.args_kwargs["kwargs"] == {"urls": [varnish.url]}
    assert repeat.run_after == timezone.now() + dt.timedelta(seconds=2)


def test_a_varnish_that_does_not_answer_is_left_to_the_worker(
    settings, about, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    down = FakeVarnish()
    down.close()  # its port refuses connections now, as during a Varnish restart
    settings.KALEM_FRONTEND_CACHE_URLS = [down.url]
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    retry = queued_purges().get()
    assert f"page-{about.pk}" in retry.args_kwargs["args"][0]
    assert retry.args_kwargs["kwargs"] == {"attempt": 2, "urls": [down.url]}
    assert retry.run_after > timezone.now()  # a few seconds on, while Varnish restarts


# --- Answers that list rows without loading them one by one ------------------------------
# The programme reads appointments with .values(), the categories endpoint with
# .values_list(), and a new holiday, document or category is in no answer yet: none of
# these carried a key that the change purges, so Varnish kept them an hour. Each test
# makes the change and asserts that the purge names a key the cached answer carries.


def purge_reaches(varnish, response, change, capture):
    keys = xkeys(response)
    varnish.requests.clear()
    with capture(execute=True):
        change()
    purged = set().union(*varnish.purged_keys())
    return purged & (keys - {"all"})


def test_a_new_public_appointment_purges_the_programme_page_and_api(
    varnish, client, home, django_capture_on_commit_callbacks
):
    from tests.factories.events import AppointmentFactory, soon

    calendar = calendar_page(home)
    page = client.get(f"{calendar.url}baskanin-programi/")
    today = timezone.localdate()
    week = {"start": today, "end": today + dt.timedelta(days=6)}
    api = client.get("/api/v2/programme/", week)
    assert page.status_code == api.status_code == 200
    assert is_shared_cacheable(page)

    def add():
        AppointmentFactory(
            start=soon(1), is_public=True, public_title="Okul açılışı", public_place="Meydan"
        )

    assert purge_reaches(varnish, page, add, django_capture_on_commit_callbacks)
    assert purge_reaches(varnish, api, add, django_capture_on_commit_callbacks)


def test_a_new_holiday_purges_the_month_and_the_api_calendar(
    varnish, client, home, django_capture_on_commit_callbacks
):
    from events.models import OfficialHoliday

    calendar = calendar_page(home)
    month = client.get(f"{calendar.url}2027/01/")
    api = client.get("/api/v2/calendar/", {"start": "2027-01-01", "end": "2027-01-31"})
    assert month.status_code == api.status_code == 200
    shown = [holiday["date"] for holiday in api.json()["holidays"]]
    assert "2027-01-15" not in shown
    assert "2027-01-16" not in shown

    days = iter([15, 16])

    def add():
        OfficialHoliday.objects.create(date=dt.date(2027, 1, next(days)), name="Kurtuluş günü")

    assert purge_reaches(varnish, month, add, django_capture_on_commit_callbacks)
    assert purge_reaches(varnish, api, add, django_capture_on_commit_callbacks)


def test_a_renamed_category_purges_the_api_category_list(
    varnish, client, home, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="Kültür")
    api = client.get("/api/v2/categories/", {"type": "press"})
    assert [item["name"] for item in api.json()["items"]] == ["Kültür"]

    def rename():
        category.name = "Kültür ve Sanat"
        category.save()

    assert purge_reaches(varnish, api, rename, django_capture_on_commit_callbacks)


def test_a_new_public_document_purges_the_api_document_list(
    varnish, client, home, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    api = client.get("/api/v2/documents/")
    assert api.json()["items"] == []

    def upload():
        document = get_document_model()(
            title="Meclis kararı", collection=Collection.get_first_root_node()
        )
        document.file.save("meclis-karari.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        document.save()

    assert purge_reaches(varnish, api, upload, django_capture_on_commit_callbacks)
