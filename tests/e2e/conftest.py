"""Browser tests: Debian's chromium (Playwright cannot download browsers here) against
Django's live server on the test database. Run alone with `pytest -m browser`."""

import os

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP

# Playwright's sync API runs an event loop in the test thread; Django would refuse every
# database call from a thread with a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args():
    return {
        "viewport": DESKTOP,
        "locale": "tr-TR",
        "timezone_id": "Europe/Istanbul",
        "accept_downloads": True,
    }


@pytest.fixture(autouse=True)
def site_urls_with_media(settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"


@pytest.fixture
def site_url(live_server):
    def url(path=""):
        return live_server.url + path

    return url
