"""The cache in production is Redis (REDIS_URL) through django-redis: publishing and the
demo work with it, and an outage of Redis slows the site down instead of breaking it.

`make test` runs this module (with the listing, publishing and demo tests) a second time
with REDIS_URL set, against a real Redis."""

import logging
import os

import pytest
import redis
from django.core.cache import cache

from cms.cache import content_version
from cms.settings import environment as env
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

# Nothing listens on the discard port: every Redis command fails at once.
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_is_down(settings, monkeypatch):
    monkeypatch.setenv("REDIS_URL", DEAD_REDIS)
    settings.CACHES = {"default": env.cache("kalem-outage")}


@pytest.fixture
def news_home(home):
    section = publish_child(home, StandardPageFactory(title="Haberler"))
    home.body = [
        {
            "type": "listing",
            "value": {
                "page_type": "cms.standardpage",
                "section": section.pk,
                "limit": 10,
                "order": "newest",
                "title": "Son Haberler",
            },
        },
    ]
    home.save_revision().publish()
    return section


def test_with_redis_down_pages_and_publishing_still_work_and_the_outage_is_logged(
    redis_is_down, client, news_home, caplog
):
    with caplog.at_level(logging.ERROR, logger="kalem.cache"):
        publish_child(news_home, StandardPageFactory(title="Kesinti Haberi"))
        response = client.get("/")

    assert response.status_code == 200
    assert "Kesinti Haberi" in response.content.decode()
    errors = [r for r in caplog.records if r.name == "kalem.cache"]
    assert errors, "the Redis outage must be logged"
    assert isinstance(errors[0].exc_info[1].__cause__, redis.exceptions.ConnectionError)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="runs in the Redis pass of make test")
def test_redis_pass_stores_fragments_in_redis_and_publishing_bumps_the_version(client, news_home):
    from django.core.cache import caches
    from django_redis import get_redis_connection

    assert type(caches["default"]).__module__ == "django_redis.cache"
    before = content_version()
    publish_child(news_home, StandardPageFactory(title="Redis Haberi"))
    assert content_version() == before + 1

    assert "Redis Haberi" in client.get("/").content.decode()
    # The rendered listing sits in Redis itself, under this worker's prefix.
    keys = get_redis_connection("default").keys(f"{cache.key_prefix}:*:kalem:listing:*")
    assert keys
