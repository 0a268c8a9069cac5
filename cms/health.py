"""Endpoints for the machines around Kalem, not for people: the balancer's liveness check,
the readiness check of a deployment, and request metrics for Prometheus.

- `/healthz`: the process answers. The balancer (deploy/haproxy.cfg) routes on this, so a
  killed or hung app server leaves the pool; a shared service being down (the database
  for every server at once) does not empty the pool, where the error pages are better
  than a connection refused.
- `/readyz`: the database, the cache and both storages answer; 503 with a JSON body
  naming what failed. For deploy scripts and monitoring.
- `/metrics`: django-prometheus counters and latencies, only for the addresses in
  KALEM_METRICS_ALLOWED_IPS (or with KALEM_METRICS_TOKEN as a bearer token). The proxies
  refuse the path as well (deploy/nginx.conf, deploy/varnish.vcl): behind them every
  request comes from loopback.
"""

import logging
import secrets
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("kalem.health")

READY_STORAGES = ("default", "private")


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    # A round trip with a unique value: a cache configured to swallow errors (django-redis
    # IGNORE_EXCEPTIONS, so pages render while Redis is down) returns None here instead.
    key = f"kalem:readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def check_storage(alias):
    # Listing the top folder reaches the disk or the bucket without writing anything.
    storages[alias].listdir("")


def readiness():
    """{check name: None if it passed, else the error} for every dependency."""
    checks = {"database": check_database, "cache": check_cache}
    for alias in READY_STORAGES:
        checks[f"storage:{alias}"] = lambda alias=alias: check_storage(alias)
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # any failure at all means "not ready"
            logger.warning("readyz: %s failed: %s", name, error)
            results[name] = f"{type(error).__name__}: {error}"[:300]
        else:
            results[name] = None
    return results


@never_cache
@require_GET
def readyz(request):
    results = readiness()
    failed = sorted(name for name, error in results.items() if error)
    body = {
        "status": "fail" if failed else "ok",
        "failed": failed,
        "checks": {name: error or "ok" for name, error in results.items()},
    }
    return JsonResponse(body, status=503 if failed else 200)


def metrics_allowed(request):
    token = getattr(settings, "KALEM_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if given and secrets.compare_digest(given, token):
            return True
    return request.META.get("REMOTE_ADDR") in settings.KALEM_METRICS_ALLOWED_IPS


@never_cache
@require_GET
def metrics(request):
    # 404 rather than 403: from outside, the endpoint does not exist.
    if not metrics_allowed(request):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
