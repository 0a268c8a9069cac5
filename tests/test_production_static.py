"""Every admin screen and every public page type under the static storage of production.

The other tests serve static files straight from the app folders, where a template that
links a file which does not exist still renders. In production `{% static %}` looks the
file up in the manifest that `collectstatic` wrote and raises for a missing one: the
page answers 500. Here static files are collected once (into a temporary folder) and
every parameterless admin URL and one live page of each page type is fetched with the
manifest storage, on the demo content so that listings have rows to render.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page, get_page_models

from tests import demo_site

# The demo, loaded once for the module (tests/demo_site.py).
demo = demo_site.demo
media_root = demo_site.media_root

User = get_user_model()
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"

# Wagtail's check of its error page raises on purpose.
DELIBERATE_ERRORS = {"/admin/failwhale/"}


def storages_with_manifest(settings_storages):
    return {**settings_storages, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    from django.conf import settings

    root = tmp_path_factory.mktemp("static_collected")
    with override_settings(STATIC_ROOT=root, STORAGES=storages_with_manifest(settings.STORAGES)):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = storages_with_manifest(settings.STORAGES)
    settings.WHITENOISE_USE_FINDERS = False


def parameterless_urls(resolver=None, prefix=""):
    """Every URL of the resolver that needs no argument, as a path."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern)
        if any(mark in route for mark in "<(*+?["):
            continue  # needs an argument, or is a regular expression
        route = route.lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            yield from parameterless_urls(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def admin_screens():
    urls = {url for url in parameterless_urls() if url.startswith("/admin/")}
    return sorted(urls - DELIBERATE_ERRORS)


@pytest.mark.django_db
def test_collectstatic_wrote_the_manifest_the_admin_needs(collected_static):
    assert (collected_static / "staticfiles.json").exists()
    assert list(collected_static.glob("wagtailadmin/css/core.*.css"))


# modeladmin listings with yes/no columns (their rows once linked a file that is not there).
LISTINGS_WITH_ROWS = [
    "/admin/press/presscontact/",
    "/admin/press/distributionlist/",
    "/admin/press/pressclipping/",
    "/admin/press/mediaoutlet/",
]


@pytest.mark.django_db
@pytest.mark.indexed
def test_every_admin_screen_renders_with_the_production_static_storage(
    production_static, demo, client
):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    screens = admin_screens()
    assert set(LISTINGS_WITH_ROWS) <= set(screens)

    for url in LISTINGS_WITH_ROWS:
        response = client.get(url)
        assert response.status_code == 200, url
        rows = BeautifulSoup(response.content, "html.parser").select("table tbody tr")
        assert rows, f"the demo has no rows for {url}: the listing was not really exercised"
    responses = {}
    for url in screens:
        client.force_login(admin)  # some screens (the login page, password reset) end it
        responses[url] = client.get(url)

    # A missing manifest entry raises in the test client; a 5xx would be the same failure
    # handled. (Some parameterless URLs want a POST or a query: 404, 405 and redirects are
    # their ordinary answers.)
    server_errors = {url: r.status_code for url, r in responses.items() if r.status_code >= 500}
    assert server_errors == {}


@pytest.mark.django_db
def test_every_public_page_type_renders_with_the_production_static_storage(
    production_static, demo, client
):
    page_types = [model for model in get_page_models() if model is not Page]
    shown = {}
    for model in page_types:
        page = model.objects.live().public().first()
        if page is not None:
            shown[model.__name__] = client.get(page.url).status_code

    assert set(shown) == {model.__name__ for model in page_types}, "a page type has no demo page"
    assert set(shown.values()) == {200}, shown
