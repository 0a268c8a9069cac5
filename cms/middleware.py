"""Requests refused before any view sees them."""

import re

from django.http import HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.utils.translation import gettext as _

# NUL makes PostgreSQL refuse the whole query ("A string literal cannot contain NUL"), so a
# search, filter or export that passes it on answers 500. The other C0 control characters
# and DEL have no business in an address either. Tab, CR and LF are left alone: a pasted
# search or a textarea sent by GET may hold them, and the database takes them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Every id is a 64-bit signed integer: a longer number in the path names nothing, and SQLite
# raises OverflowError instead of finding nothing when asked for it.
MAX_ID = 2**63 - 1
_NUMBER_SEGMENT = re.compile(r"(?<![^/])[0-9]{19,}(?![^/])")


def names_impossible_id(path: str) -> bool:
    return any(int(number) > MAX_ID for number in _NUMBER_SEGMENT.findall(path))


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))


class RejectControlCharactersMiddleware:
    """A 400 for a path or query string (names and values) holding NUL or another control
    character, and a 404 for a path naming an id past 64 bits, in one place rather than in
    every view, filter and export."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path) or any(
            has_control_characters(key) or any(has_control_characters(v) for v in values)
            for key, values in request.GET.lists()
        ):
            message = _("The address holds characters that are not allowed.")
            if request.path.startswith("/api/"):
                # Programs reading the API get their errors as JSON, like every other one.
                return JsonResponse({"message": str(message)}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        if names_impossible_id(request.path):
            return HttpResponseNotFound(
                _("There is no such page."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
