"""Whole pages for anonymous visitors kept in the cache (cms.page_cache, issue 20): the
second visit costs no query and answers the same bytes, a publish shows at once, and
nothing personal (a logged-in editor's page, a form's CSRF token, a private page, a
preview) is ever kept or handed to someone else.

"Stale" below changes a page's title in the database without a publish (no content
version): a visitor served from the cache still sees the old title, one whose page is
made again sees the new one."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cms import cache as content_cache
from cms.models import MunicipalitySettings
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.forms import survey_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.KALEM_PAGE_CACHE_SECONDS = 300
    settings.WAGTAILFRONTENDCACHE = {}


@pytest.fixture
def about(home, client):
    page = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    # The site's first visit makes its settings rows (a new content version); a running
    # site has them.
    client.get("/")
    return page


def retitle_without_publishing(page, title):
    Page.objects.filter(pk=page.pk).update(title=title)


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_the_second_anonymous_visit_is_answered_from_the_cache_with_the_same_bytes(
    client, about, django_assert_num_queries
):
    first = client.get(about.url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(about.url)
    assert second.status_code == 200
    assert second.content == first.content
    for header in ("Content-Type", "Content-Language", "Content-Security-Policy", "Cache-Control"):
        assert second[header] == first[header], header
    retitle_without_publishing(about, "Değişti")
    assert "Değişti" not in client.get(about.url).content.decode()


def test_the_query_string_keeps_its_own_copy(client, about):
    client.get(about.url)
    retitle_without_publishing(about, "Yeni Başlık")
    response, queries = queries_of(client, about.url + "?sayfa=2")
    assert queries > 0
    assert "Yeni Başlık" in response.content.decode()


def test_a_publish_shows_at_once(client, about):
    assert "Kurumsal" in client.get(about.url).content.decode()
    about.title = "Kurumsal Yapı"
    about.save_revision().publish()
    assert "Kurumsal Yapı" in client.get(about.url).content.decode()


def test_a_changed_setting_shows_at_once(client, home, about):
    site_settings = MunicipalitySettings.for_site(home.get_site())
    site_settings.phone = "0 312 555 12 34"
    site_settings.save()
    client.get(about.url)
    site_settings.phone = "0 312 555 99 88"
    site_settings.save()
    assert "0 312 555 99 88" in client.get(about.url).content.decode()


def test_a_logged_in_editor_is_never_served_nor_stored(client, about, superuser):
    client.get(about.url)  # stored for anonymous visitors
    retitle_without_publishing(about, "Editörün Gördüğü")
    client.force_login(superuser)
    assert "Editörün Gördüğü" in client.get(about.url).content.decode()
    client.logout()
    retitle_without_publishing(about, "Kurumsal")
    # What the editor saw was not stored: a new anonymous visitor gets the stored page.
    response, queries = queries_of(client, about.url)
    assert queries == 0
    assert "Editörün Gördüğü" not in response.content.decode()


def test_a_visitor_with_a_session_cookie_gets_a_page_made_for_them(client, about, settings):
    client.get(about.url)
    retitle_without_publishing(about, "Oturumlu")
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
    response, queries = queries_of(client, about.url)
    assert queries > 0
    assert "Oturumlu" in response.content.decode()


def test_a_post_is_never_answered_from_the_cache(client, about):
    client.get(about.url)
    retitle_without_publishing(about, "Gönderim")
    response = client.post(about.url, {"q": "x"})
    assert response.status_code == 200
    assert "Gönderim" in response.content.decode()


def test_a_page_with_a_form_is_never_stored(client, home):
    survey = survey_page(home)
    first = client.get(survey.url)
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    retitle_without_publishing(survey, "Yeni Anket")
    response, queries = queries_of(client, survey.url)
    assert queries > 0
    assert "Yeni Anket" in response.content.decode()


def test_a_login_restricted_page_is_not_handed_to_anonymous_visitors(client, home, superuser):
    private = publish_child(home, StandardPageFactory(title="Personel Duyurusu"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(private.url).status_code == 302
    client.force_login(superuser)
    assert "Personel Duyurusu" in client.get(private.url).content.decode()
    client.logout()
    assert client.get(private.url).status_code == 302


def test_a_password_restricted_page_is_never_stored(client, home):
    private = publish_child(home, StandardPageFactory(title="Şifreli Duyuru"))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    first = client.get(private.url)
    assert 'name="password"' in first.content.decode()
    response, queries = queries_of(client, private.url)
    assert queries > 0
    assert 'name="password"' in response.content.decode()


def test_a_preview_of_a_draft_is_not_the_stored_live_page(client, about):
    client.get(about.url)
    about.title = "Taslak Başlık"
    about.save_revision()
    preview = about.make_preview_request()
    assert "Taslak Başlık" in preview.content.decode()
    # And the draft was not stored for citizens.
    assert "Taslak Başlık" not in client.get(about.url).content.decode()


def test_the_csp_nonce_of_a_stored_page_is_the_one_its_header_names(client, settings, home):
    settings.ROOT_URLCONF = "tests.page_cache_urls"
    first = client.get("/nonce-page/")
    second = client.get("/nonce-page/")
    body_nonce = re.search(r'nonce="([^"]+)"', second.content.decode()).group(1)
    assert f"'nonce-{body_nonce}'" in second["Content-Security-Policy"]
    assert second.content == first.content  # served from the cache, nonce included


def test_turkish_and_english_keep_their_own_copy(client, about):
    turkish = client.get(about.url)
    english = client.get("/en" + about.url)
    assert turkish["Content-Language"] == "tr"
    assert english["Content-Language"] == "en"
    assert turkish.content != english.content
    response, queries = queries_of(client, "/en" + about.url)
    assert queries == 0
    assert response.content == english.content


def test_off_when_a_frontend_cache_is_configured(client, about, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish0": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    client.get(about.url)
    retitle_without_publishing(about, "Varnish Var")
    assert "Varnish Var" in client.get(about.url).content.decode()


def test_off_when_the_setting_is_zero(client, about, settings):
    settings.KALEM_PAGE_CACHE_SECONDS = 0
    client.get(about.url)
    retitle_without_publishing(about, "Kapalı")
    assert "Kapalı" in client.get(about.url).content.decode()


def test_the_content_version_is_read_once_per_request(client, home, about, settings, monkeypatch):
    settings.KALEM_PAGE_CACHE_SECONDS = 0  # made every time: menus and listings ask for it
    home.body = [
        ("listing", {"title": "A", "page_type": "cms.standardpage", "limit": 4, "order": "tree"}),
        ("listing", {"title": "B", "page_type": "cms.standardpage", "limit": 2, "order": "tree"}),
    ]
    home.save_revision().publish()
    reads = []
    real = cache.get_or_set

    def counting(key, *args, **kwargs):
        if key == content_cache.CONTENT_VERSION_KEY:
            reads.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_or_set", counting)
    response = client.get("/")
    assert response.status_code == 200
    assert "Kurumsal" in response.content.decode()
    assert len(reads) == 1


def test_the_read_api_is_left_to_its_rate_limit_not_stored(client, about):
    client.get("/api/v2/pages/")
    retitle_without_publishing(about, "API Başlığı")
    response, queries = queries_of(client, "/api/v2/pages/")
    assert queries > 0
    assert "API Başlığı" in response.content.decode()
