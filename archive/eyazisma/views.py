"""The public verification page: a citizen types the code printed on a letter and sees
whether the municipality issued it."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cms.ratelimit import within_rate_limit
from cms.text import format_date

from .verification import find_letter

# Codes have 80 bits, so guessing is hopeless anyway; the limit keeps the page from being
# used to probe the register at scale, and costs a citizen nothing.
LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 10 * 60
CODE_MAX_LENGTH = 64


def _within_rate_limit(request):
    return within_rate_limit(request, "eyazisma-verify", LOOKUPS_PER_WINDOW, WINDOW_SECONDS)


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
