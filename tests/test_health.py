"""/healthz for the balancer, /readyz naming the dependency that failed, /metrics for
Prometheus only from inside."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def mounted_storages(settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    settings.PRIVATE_MEDIA_ROOT.mkdir(parents=True)


def test_readyz_reports_every_dependency_ok(client, mounted_storages):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage:default": "ok",
        "storage:private": "ok",
    }


def test_readyz_names_a_storage_that_is_not_reachable(client, settings, tmp_path, mounted_storages):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "unmounted-volume"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["storage:private"]
    assert body["checks"]["database"] == "ok"
    assert "FileNotFoundError" in body["checks"]["storage:private"]


def test_readyz_names_a_cache_that_loses_writes(client, monkeypatch, mounted_storages):
    # What django-redis with IGNORE_EXCEPTIONS does while Redis is down: writes vanish.
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_readyz_names_a_database_that_does_not_answer(client, monkeypatch, mounted_storages):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert "connection refused" in body["checks"]["database"]


def test_health_endpoints_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301


def test_metrics_count_requests_for_internal_addresses(client):
    client.get("/robots.txt")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    line = next(
        line
        for line in text.splitlines()
        if line.startswith("django_http_responses_total_by_status_view_method_total{")
        and 'view="robots_txt"' in line
    )
    assert float(line.rsplit(" ", 1)[1]) >= 1


def test_metrics_do_not_exist_for_outside_addresses(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 404


def test_metrics_token_lets_a_scraper_in_from_another_address(client, settings):
    settings.KALEM_METRICS_TOKEN = "scrape-secret-1234"
    outside = {"REMOTE_ADDR": "10.0.0.9"}
    assert client.get("/metrics", **outside).status_code == 404
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope", **outside)
    assert wrong.status_code == 404
    right = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-1234", **outside)
    assert right.status_code == 200
