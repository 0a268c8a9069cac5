"""The public verification page: a citizen types the code printed on a letter and sees
whether the municipality issued it."""

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cms.text import format_date

from .verification import find_letter

# Codes have 80 bits, so guessing is hopeless anyway; the limit keeps the page from being
# used to probe the register at scale, and costs a citizen nothing.
LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 10 * 60
CODE_MAX_LENGTH = 64


def _within_rate_limit(request):
    """Count this lookup against the client's address; False once over the limit.

    REMOTE_ADDR is the proxy's address unless the proxy rewrites it (deploy/ sets the real
    client address); behind an unconfigured proxy all clients share one allowance.
    """
    key = f"eyazisma:verify:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= LOOKUPS_PER_WINDOW


@require_GET
def verify(request):
    code = request.GET.get("kod", "").strip()[:CODE_MAX_LENGTH]
    context = {"code": code, "searched": bool(code), "letter": None, "limited": False}
    status = 200
    if code:
        if _within_rate_limit(request):
            letter = find_letter(code)
            if letter is not None:
                context["letter"] = letter
                context["date"] = format_date(
                    timezone.localtime(letter.tarih), request.LANGUAGE_CODE
                )
        else:
            context["limited"] = True
            status = 429
    response = render(request, "archive/eyazisma/verify.html", context, status=status)
    # The answer depends on the code and on the register; no cache may keep it.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
