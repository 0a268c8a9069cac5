"""HTTP caching of the read API: every answer says how long it may be kept, carries an
ETag and a Last-Modified, and a client that already has the answer gets a 304.

The ETag is a digest of the body, so it changes exactly when the answer does (a page
published, a photo's consent expiring). Last-Modified is when this address's answer was
first seen to change, remembered in the cache per address; if that memory is lost the
time moves forward, which only costs a client one full answer.
"""

import functools
import hashlib

from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext

from cms.frontend_cache import API_KEY, SHARED_MAX_AGE, add_keys

# Short: the mobile app and lobby screens must see a published change within a minute.
API_MAX_AGE = 60
SEEN_TIMEOUT = 7 * 24 * 3600


def _last_changed(request, etag):
    key = "kalem:api:seen:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    seen = cache.get(key)
    if seen is None or seen[0] != etag:
        seen = (etag, int(timezone.now().timestamp()))
        cache.set(key, seen, SEEN_TIMEOUT)
    return seen[1]


def conditional(view):
    """Cache headers and conditional GET for an API view; a query string with a NUL
    character (which no database accepts in a query) is refused before the view."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        add_keys([API_KEY])
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            response = JsonResponse(
                {"message": gettext("The query string contains a NUL character.")}, status=400
            )
        else:
            response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            # Errors are not kept: a fixed filter must be seen at once.
            patch_cache_control(response, no_store=True)
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        last_modified = _last_changed(request, etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # The frontend cache keeps it longer: every page change purges API_KEY.
        patch_cache_control(response, public=True, max_age=API_MAX_AGE, s_maxage=SHARED_MAX_AGE)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    return wrapped
