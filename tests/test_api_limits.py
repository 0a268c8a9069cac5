"""The read API at the edges: browser programs on configured origins may read it (CORS),
a client asking too often gets a 429 in JSON while others go on, and its answers are kept
by the frontend cache and purged when a page changes."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from tests.conftest import instant
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

APP = "https://uygulama.ornekkoy.bel.tr"
URL = "/api/v2/pages/"


@pytest.fixture
def origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def test_a_configured_origin_may_read_the_api(client, home, origins):
    response = client.get(URL, headers={"Origin": APP})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Credentials" not in response
    # A shared cache keeps one answer per origin.
    assert "origin" in response["Vary"].lower()


def test_another_origin_gets_no_cors_permission(client, home, origins):
    response = client.get(URL, headers={"Origin": "https://kotu.example"})
    assert response.status_code == 200  # the answer is public; the browser withholds it
    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_is_answered_for_reading_only(client, origins):
    response = client.options(URL, headers={"Origin": APP, "Access-Control-Request-Method": "GET"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}


def test_the_site_itself_sends_no_cors_headers(client, home, origins):
    response = client.get("/", headers={"Origin": APP})
    assert "Access-Control-Allow-Origin" not in response


@pytest.fixture
def limit(settings):
    settings.KALEM_API_RATE_LIMIT = "3/m"
    cache.clear()
    yield
    cache.clear()


START = "2027-03-02T10:00:10"


# The clock stands still in these tests so a window cannot turn between two requests.
@pytest.mark.clock(START, tick=False)
def test_a_client_over_the_limit_gets_a_429_in_json_and_others_do_not(client, home, limit):
    for _ in range(3):
        assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = client.get(URL, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json()["message"] == (
        f"Adresinizden çok fazla istek geldi. {wait} saniye sonra yeniden deneyin."
    )
    assert "no-store" in refused["Cache-Control"]
    # Every endpoint counts against the same limit.
    assert client.get("/api/v2/calendar/", REMOTE_ADDR="198.51.100.7").status_code == 429
    assert client.get(URL, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_client_is_let_in_again_when_retry_after_says(client, home, limit):
    start = instant(START)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            client.get(URL, REMOTE_ADDR="198.51.100.7")
        wait = int(client.get(URL, REMOTE_ADDR="198.51.100.7")["Retry-After"])
    with time_machine.travel(start + dt.timedelta(seconds=wait - 1), tick=False):
        assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 429
    with time_machine.travel(start + dt.timedelta(seconds=wait), tick=False):
        assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 200


@pytest.mark.clock(START, tick=False)
def test_the_limit_counts_the_address_our_proxy_saw_not_what_the_client_wrote(
    client, home, limit, settings
):
    settings.KALEM_TRUSTED_PROXY_HOPS = 1  # one proxy appends the client's address
    for forged in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        answer = client.get(
            URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7"
        )
        assert answer.status_code == 200
    forged_again = client.get(
        URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.4, 198.51.100.7"
    )
    assert forged_again.status_code == 429
    # Another client behind the same proxy is counted apart.
    other = client.get(URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 200


def test_an_api_answer_is_kept_by_the_frontend_cache_under_the_api_key(client, home):
    page = publish_child(home, StandardPageFactory(title="Kurumsal"))
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    keys = set(response["xkey"].split())
    assert {"api", f"page-{page.pk}"} <= keys
    assert "s-maxage=3600" in response["Cache-Control"]


def test_an_api_error_is_not_kept(client, home):
    response = client.get("/api/v2/pages/", {"type": "yok.BoylePage"})
    assert response.status_code == 400
    assert "xkey" not in response
