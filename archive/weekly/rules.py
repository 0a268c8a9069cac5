"""Pure rules of the weekly reports: which week a moment belongs to, how a week is named,
and the days of the reporting cycle. Dates in, dates out; no ORM.

Weeks run Monday to Sunday in Europe/Istanbul (the Turkish working week) and are named by
their ISO 8601 number, so week 1 is the week with the year's first Thursday and a week
that straddles New Year belongs to one year only."""

import datetime as dt

from cms.dates import ISTANBUL

# Local practice (the Özel Kalem regulation gives the weekly report, not its days):
# directorates are reminded on Thursday and the Müdür compiles on Friday.
REMINDER_WEEKDAY = 3  # Thursday
COMPILE_WEEKDAY = 4  # Friday


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in."""
    return day - dt.timedelta(days=day.weekday())


def week_of(moment: dt.datetime) -> dt.date:
    """The Monday of the Istanbul week an aware moment falls in (a Sunday 23:30 in
    Istanbul is 20:30 UTC, still that week)."""
    return week_start(moment.astimezone(ISTANBUL).date())


def week_end(monday: dt.date) -> dt.date:
    return monday + dt.timedelta(days=6)


def iso_week(monday: dt.date) -> tuple[int, int]:
    """(ISO year, ISO week number) of the week starting on `monday`."""
    year, week, _weekday = monday.isocalendar()
    return year, week


def monday_of_iso_week(year: int, week: int) -> dt.date:
    """The Monday of ISO week `week` of `year`; ValueError if the year has no such week."""
    return dt.date.fromisocalendar(year, week, 1)


def previous_week(monday: dt.date) -> dt.date:
    return monday - dt.timedelta(days=7)


def next_week(monday: dt.date) -> dt.date:
    return monday + dt.timedelta(days=7)


def is_reminder_day(day: dt.date) -> bool:
    return day.weekday() == REMINDER_WEEKDAY


def missing(directorates, reported) -> list:
    """The directorates (in the given order) whose report is not among `reported`."""
    reported = set(reported)
    return [directorate for directorate in directorates if directorate not in reported]


# The Standard File Plan code the compiled report is filed under (Devlet Arşiv
# Başkanlığı's Standart Dosya Planı: 040.01 Haftalık Faaliyet Raporları).
WEEKLY_FILE_PLAN_CODE = "040.01"
WEEKLY_FILE_PLAN_TITLE = "Haftalık Faaliyet Raporları"
