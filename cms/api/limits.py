"""Rate limiting of the read API per client address: a program that asks too often gets
a 429 in JSON with Retry-After, and the others are not slowed by it.

Counted in the shared cache (Redis in production) by django-ratelimit, per address, in
fixed windows of KALEM_API_RATE_LIMIT (e.g. "300/m"). Answers the frontend cache serves
never reach Kalem and are not counted: the limit guards the app servers, not the
cache."""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from cms.ratelimit import client_ip

GROUP = "kalem-api"


def _key(group, request):
    return client_ip(request)


def rate_limited(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        rate = settings.KALEM_API_RATE_LIMIT
        usage = rate and get_usage(request, group=GROUP, key=_key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            # django-ratelimit's window still counts at its last second (`time_left` 0):
            # the client is let in one second after it.
            seconds = int(usage["time_left"]) + 1
            response = JsonResponse(
                {
                    "message": _(
                        "Too many requests from your address. Try again in %(seconds)d seconds."
                    )
                    % {"seconds": seconds}
                },
                status=429,
            )
            response["Retry-After"] = str(seconds)
            patch_cache_control(response, no_store=True)
            return response
        return view(request, *args, **kwargs)

    return wrapped
