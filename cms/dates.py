"""Dates that arrive from outside (URLs, query strings, forms, CSV files), in one place.

Python's dates end at 31.12.9999 and a URL can name year 99999 or 10**30: building such a
date raises ValueError or OverflowError, and arithmetic near the end (the next day, the
end of the month) raises OverflowError far from where the value came in. Every date read
from a user is therefore checked against the years Kalem deals with, here.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The municipality's time zone: every date shown and every "today" is Istanbul's.
ISTANBUL = ZoneInfo("Europe/Istanbul")

# Dates outside these years are certainly mistakes (a typo, or a crawler walking "next").
FIRST_YEAR = 1900
LAST_YEAR = 2200


def this_minute() -> dt.datetime:
    """Now, to the minute: what listings compare with ("still running"), so that their
    statements are kept for a minute (cms.sql.compiled) instead of made on every request.
    A listing's HTML is cached for minutes anyway."""
    return timezone.now().replace(second=0, microsecond=0)


def in_range(day: dt.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def make_date(year, month, day) -> dt.date:
    """The date of three numbers from a URL; ValueError for an impossible or far-off one
    (never OverflowError, whatever the size of the numbers)."""
    try:
        value = dt.date(int(year), int(month), int(day))
    except (OverflowError, TypeError):
        raise ValueError(f"no such day: {year}-{month}-{day}") from None
    if not in_range(value):
        raise ValueError(f"out of range: {value}")
    return value


def parse_date(text, formats=("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y")) -> dt.date | None:
    """A date typed by a person (23.11.2026, 2026-11-23 or 23/11/2026); None when empty,
    ValueError when unreadable or outside the years Kalem deals with."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in formats:
        try:
            value = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not in_range(value):
            raise ValueError(text)
        return value
    raise ValueError(text)


class DateField(forms.DateField):
    """A form date limited to the years Kalem deals with, so "31.12.9999" is a form error
    naming the field, not an OverflowError when the next day is computed."""

    default_error_messages = {
        "out_of_range": _("Enter a date between the years %(first)d and %(last)d."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not in_range(value):
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return value
