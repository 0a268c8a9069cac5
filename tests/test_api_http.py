"""The read API over HTTP: cache headers and conditional requests, JSON errors for bad
input, and no server error for any query string a client may send."""

import itertools
from urllib.parse import quote

import pytest

from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import publish_child
from tests.factories.events import add_event, at, calendar_page
from tests.factories.press import PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(home):
    releases = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(releases, title="Açıklama", lead_image=ArchivePhotoFactory())
    add_event(calendar_page(home), title="Açılış", start=at(2026, 12, 3), end=at(2026, 12, 3, 12))
    album_with(archive_index(home), [ArchivePhotoFactory()])
    return release


ENDPOINTS = [
    "/api/v2/pages/",
    "/api/v2/images/",
    "/api/v2/calendar/?start=2026-12-01&end=2026-12-31",
    "/api/v2/categories/",
    "/api/v2/programme/?start=2026-12-01&end=2026-12-31",
    "/api/v2/contact/",
    "/api/v2/tags/",
    "/api/v2/documents/",
    "/api/v2/videos/",
    "/api/v2/schema/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.indexed
def test_answers_carry_cache_headers_and_a_repeat_is_304(client, content, url):
    first = client.get(url)
    assert first.status_code == 200
    assert "max-age=60" in first["Cache-Control"] and "public" in first["Cache-Control"]
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert since.status_code == 304


def test_a_change_changes_the_etag(client, content):
    url = f"/api/v2/pages/{content.pk}/"
    etag = client.get(url)["ETag"]
    content.title = "Düzeltilmiş açıklama"
    content.save_revision().publish()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"] == "Düzeltilmiş açıklama"
    assert response["ETag"] != etag


def test_errors_are_json_and_not_kept_by_caches(client, content):
    response = client.get(
        "/api/v2/pages/", {"type": "press.PressReleasePage", "date": "2026-13-01"}
    )
    assert response.status_code == 400
    assert response.json() == {"message": "“2026-13-01”, date için geçerli bir değer değil."}
    assert "no-store" in response["Cache-Control"]
    missing = client.get("/api/v2/images/999999/")
    assert missing.status_code == 404
    assert "message" in missing.json()


BAD_VALUES = ["", "-1", "abc", "2026-13-01", "1e9", "\x00", "' OR 1=1 --", "ğüşİ" * 30, "[]", "*"]
PARAMS = [
    "type",
    "fields",
    "order",
    "limit",
    "offset",
    "search",
    "locale",
    "category",
    "date",
    "date_from",
    "child_of",
    "descendant_of",
    "id",
    "start",
    "end",
    "withdrawn",
    "latitude",
]
FUZZ_URLS = [
    "/api/v2/pages/",
    "/api/v2/pages/?type=press.PressReleasePage&",
    "/api/v2/pages/?type=events.EventPage&",
    "/api/v2/pages/find/",
    "/api/v2/images/",
    "/api/v2/calendar/?start=2026-12-01&end=2026-12-31&",
    "/api/v2/categories/",
    "/api/v2/programme/?start=2026-12-01&end=2026-12-31&",
    "/api/v2/contact/",
    "/api/v2/tags/",
    "/api/v2/documents/",
    "/api/v2/videos/",
]


@pytest.mark.parametrize("url", FUZZ_URLS)
@pytest.mark.indexed
def test_no_query_string_makes_a_server_error(client, content, url):
    client.raise_request_exception = False
    failures = []
    for param, value in itertools.product(PARAMS, BAD_VALUES):
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}{param}={quote(value)}")
        if response.status_code >= 500:
            failures.append((param, value))
        elif response.status_code != 200 and response.status_code != 302:
            assert response["Content-Type"] == "application/json", (param, value)
    assert failures == []


def test_no_query_string_on_an_item_makes_a_server_error(client, content):
    client.raise_request_exception = False
    urls = [f"/api/v2/pages/{content.pk}/", f"/api/v2/images/{content.lead_image_id}/"]
    failures = []
    for url in urls:
        assert client.get(url).status_code == 200, url
        for param, value in itertools.product(PARAMS, BAD_VALUES):
            response = client.get(f"{url}?{param}={quote(value)}")
            if response.status_code >= 500:
                failures.append((url, param, value))
            elif response.status_code != 200:
                assert response["Content-Type"] == "application/json", (url, param, value)
    assert failures == []
