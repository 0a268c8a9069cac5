"""The public verification page: a citizen types the code printed on a letter and sees
whether the municipality issued it."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from cms.ratelimit import within_rate_limit
from cms.text import format_date
from cms.views import file_download

from .verification import find_letter, normalize_code

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
                if letter.pdf_file and not letter.is_confidential:
                    query = urlencode({"kod": normalize_code(code)})
                    context["pdf_url"] = f"{reverse('eyazisma_verified_pdf')}?{query}"
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


@require_GET
def verified_pdf(request):
    """The PDF of a Tasnif Dışı letter to an institution, as issued, for whoever holds its
    code (printed on the letter), so the two can be compared. Counted with the page's
    lookups: the PDF is no way around the limit."""
    code = request.GET.get("kod", "").strip()[:CODE_MAX_LENGTH]
    if not _within_rate_limit(request):
        context = {"code": code, "searched": True, "letter": None, "limited": True}
        return render(request, "archive/eyazisma/verify.html", context, status=429)
    letter = find_letter(code) if code else None
    if letter is None or not letter.pdf_file or letter.is_confidential:
        raise Http404
    response = file_download(letter.pdf_file, f"{letter.sayi}.pdf", "application/pdf")
    response["X-Robots-Tag"] = "noindex"
    return response
