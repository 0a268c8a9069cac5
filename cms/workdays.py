"""The working-day calendar of Kalem: Turkish official holidays, half days and day arithmetic.

Every date rule in the project (tekzip deadlines, reminders, publishing plans) asks this module
whether a day is a working day, so there is exactly one answer.

Holidays come from the ``holidays`` package (Turkey, Turkish names), which follows Law 2429
(Ulusal Bayram ve Genel Tatiller Hakkında Kanun) and the Diyanet calendar for the lunar bayrams:

* full days: the public holidays, Ramazan Bayramı (3 days) and Kurban Bayramı (4 days);
* half days, from 13:00 (Law 2429 md. 1 and 2): 28 October, the eve of Cumhuriyet Bayramı, and
  the *arife* (eve) of Ramazan and Kurban Bayramı. The package lists them in its ``HALF_DAY``
  category with names such as "Ramazan Bayramı (saat 13.00'ten)".

Saturdays and Sundays are not working days: public offices and courts work Monday to Friday,
and courts treat a period ending on a Saturday as ending on a holiday. Bridge days granted to
civil servants (idari izin) are not official holidays and do not move legal deadlines, so they
are deliberately left out.

A half day is a working day by default, because the morning is: a period whose last day is an
arife ends that day. Pass ``half_day_is_working=False`` to treat it as a holiday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

# Law 2429 md. 1 and 2: the half-day holidays begin at 13:00.
HALF_DAY_STARTS_AT = dt.time(13, 0)

SATURDAY = 5  # date.weekday(): Monday is 0.


@dataclass(frozen=True)
class Holiday:
    """One official holiday (or half day) in Turkey."""

    date: dt.date
    name: str
    half_day: bool = False
    starts_at: dt.time | None = None


def _as_date(day: dt.date) -> dt.date:
    """The calendar day of a date or datetime (a datetime never equals a date key)."""
    return day.date() if isinstance(day, dt.datetime) else day


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> dict[dt.date, Holiday]:
    """All official holidays of one year by date, full days winning over half days."""

    def calendar(category: str) -> holidays.HolidayBase:
        return holidays.country_holidays("TR", language="tr", years=year, categories=(category,))

    by_date = {
        day: Holiday(day, name, half_day=True, starts_at=HALF_DAY_STARTS_AT)
        for day, name in calendar(holidays.HALF_DAY).items()
    }
    # When an arife falls on a full holiday (e.g. 23 April 2029) the whole day is off.
    by_date.update({day: Holiday(day, name) for day, name in calendar(holidays.PUBLIC).items()})
    return by_date


def official_holidays(year: int) -> list[Holiday]:
    """The official holidays and half days of ``year``, in date order."""
    by_date = _holidays_of_year(year)
    return [by_date[day] for day in sorted(by_date)]


def holiday_on(day: dt.date) -> Holiday | None:
    """The official holiday or half day on ``day``, or None."""
    day = _as_date(day)
    return _holidays_of_year(day.year).get(day)


def is_holiday(day: dt.date) -> bool:
    """Whether ``day`` is an official holiday, half days included."""
    return holiday_on(day) is not None


def is_half_day(day: dt.date) -> bool:
    """Whether ``day`` is a half-day holiday (28 October or an arife, from 13:00)."""
    holiday = holiday_on(day)
    return holiday is not None and holiday.half_day


def is_working_day(day: dt.date, *, half_day_is_working: bool = True) -> bool:
    """Whether ``day`` is a working day: Monday to Friday and not an official holiday."""
    day = _as_date(day)
    if day.weekday() >= SATURDAY:
        return False
    holiday = holiday_on(day)
    if holiday is None:
        return True
    return holiday.half_day and half_day_is_working


def next_working_day(day: dt.date, *, half_day_is_working: bool = True) -> dt.date:
    """``day`` itself if it is a working day, otherwise the first working day after it."""
    day = _as_date(day)
    while not is_working_day(day, half_day_is_working=half_day_is_working):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, n: int, *, half_day_is_working: bool = True) -> dt.date:
    """The n-th working day after ``day`` (``day`` itself when n is 0)."""
    if n < 0:
        raise ValueError(f"n must be zero or positive, got {n}")
    day = _as_date(day)
    for _ in range(n):
        day = next_working_day(day + dt.timedelta(days=1), half_day_is_working=half_day_is_working)
    return day


def working_days_between(start: dt.date, end: dt.date, *, half_day_is_working: bool = True) -> int:
    """The working days after ``start`` up to and including ``end`` (0 when end <= start).

    Counted, not walked: whole weeks give five each, then the official holidays that fall
    on a weekday in the range are taken off. A list of letters overdue for years asks this
    once per row, and walking day by day cost about a millisecond a year.
    """
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    first = start + dt.timedelta(days=1)
    weeks, rest = divmod((end - first).days + 1, 7)
    count = weeks * 5
    tail = first + dt.timedelta(days=weeks * 7)
    count += sum((tail + dt.timedelta(days=i)).weekday() < SATURDAY for i in range(rest))
    for year in range(first.year, end.year + 1):
        for day, holiday in _holidays_of_year(year).items():
            if not first <= day <= end or day.weekday() >= SATURDAY:
                continue
            if not (holiday.half_day and half_day_is_working):
                count -= 1
    return count


def roll_forward(day: dt.date, *, half_day_is_working: bool = True) -> dt.date:
    """The real end of a period whose last day is ``day`` (HMK md. 93, CMK md. 39, TBK md. 93)."""
    # Deadline rules call this, not next_working_day: the result is the same, but the name says
    # why the date moves. A period whose last day is a weekend or official holiday ends at the
    # end of the next working day.
    return next_working_day(day, half_day_is_working=half_day_is_working)
