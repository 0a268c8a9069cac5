"""cms.page_urls: a page's address is kept per process under what it is made from, and
is always the one Wagtail works out: after a move or a new slug, in each language, and
after the site's address changes."""

import pytest
from wagtail.models import Page, Site

from cms import page_urls
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def used_as_kept(settings):
    # Kept addresses are used as they are, not worked out again and compared (the
    # check the other tests run with).
    settings.KALEM_VERIFY_COMPILED = False


def wagtails(page, request=None):
    return Page.get_url_parts(page, request)


def test_an_address_is_worked_out_once_and_then_kept(home, rf, monkeypatch):
    about = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    page_urls._kept.clear()  # nothing kept from the page's publishing
    calls = []
    request = rf.get("/")

    def counted(request):
        calls.append(request)
        return wagtails(about, request)

    first = page_urls.kept_url_parts(about, request, counted)
    again = page_urls.kept_url_parts(about, request, counted)
    assert first == again == (home.get_site().pk, "http://localhost", "/kurumsal/")
    assert len(calls) == 1


def test_a_new_slug_and_a_move_give_the_new_address(home, client):
    about = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    section = publish_child(home, StandardPageFactory(title="Hakkımızda", slug="hakkimizda"))
    assert about.url == "/kurumsal/"
    about.slug = "kurumsal-bilgiler"
    about.save_revision().publish()
    about.refresh_from_db()
    assert about.url == "/kurumsal-bilgiler/"
    about.move(section, pos="last-child")
    about.refresh_from_db()
    assert about.url == "/hakkimizda/kurumsal-bilgiler/"
    assert about.get_url_parts() == wagtails(about)
    assert client.get("/hakkimizda/kurumsal-bilgiler/").status_code == 200


def test_each_language_gets_its_own_address(home):
    from django.utils import translation
    from wagtail.models import Locale

    about = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    english = about.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    for language in ("tr", "en"):
        with translation.override(language):
            assert about.url == "/kurumsal/"
            assert english.url == "/en/kurumsal/"
            assert english.get_url_parts() == wagtails(english)


def test_a_changed_site_address_gives_the_new_full_address(home):
    about = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    assert about.get_full_url() == "http://localhost/kurumsal/"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.ornekkoy.bel.tr", 443
    site.save()
    about = Page.objects.get(pk=about.pk).specific  # a new request: root paths read anew
    assert about.get_full_url() == "https://www.ornekkoy.bel.tr/kurumsal/"


def test_a_link_is_relative_on_its_own_site_and_full_from_another(home, rf):
    about = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    archive = publish_child(home, StandardPageFactory(title="Arşiv", slug="arsiv"))
    other = Site.objects.create(hostname="arsiv.ornekkoy.bel.tr", root_page=archive, port=80)
    for _ in range(2):
        on_site = rf.get("/", HTTP_HOST="localhost")
        elsewhere = rf.get("/", HTTP_HOST=other.hostname)
        assert page_urls.kept_url(about, on_site) == "/kurumsal/"
        assert page_urls.kept_url(about, elsewhere) == "http://localhost/kurumsal/"
