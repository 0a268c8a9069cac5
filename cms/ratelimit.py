"""A per-address allowance for public forms and lookups, counted in the cache."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address. Behind Kalem's own proxies (nginx, Varnish, HAProxy each
    append the address they were reached from to X-Forwarded-For) the client is the entry
    KALEM_TRUSTED_PROXY_HOPS places from the right; entries further left were written by
    the client and prove nothing. With no proxies (0) it is the socket's address."""
    hops = settings.KALEM_TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def within_rate_limit(request, scope, limit, window_seconds):
    """Count this request against the client's address under `scope`; False once the
    client made more than `limit` requests in the window.

    The window starts at the client's first request (the read API's limit, cms.api.limits,
    uses django-ratelimit's fixed windows because it must say when to retry).
    """
    key = f"kalem:rate:{scope}:{client_ip(request)}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit
