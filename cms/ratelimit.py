"""A per-address allowance for public forms and lookups, counted in the cache."""

from django.core.cache import cache


def within_rate_limit(request, scope, limit, window_seconds):
    """Count this request against the client's address under `scope`; False once the
    client made more than `limit` requests in the window.

    REMOTE_ADDR is the proxy's address unless the proxy rewrites it (deploy/ sets the real
    client address); behind an unconfigured proxy all clients share one allowance.
    """
    key = f"kalem:rate:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit
