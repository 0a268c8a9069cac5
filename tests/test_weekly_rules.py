"""Week boundaries of the weekly reports, worked out by hand on a calendar: Monday to
Sunday in Istanbul, named by ISO 8601 week (the year end belongs to one year only)."""

import datetime as dt

import pytest

from archive.weekly import rules
from cms.dates import ISTANBUL

D = dt.date


@pytest.mark.parametrize(
    "day, monday, iso",
    [
        # 2026 starts on a Thursday: it has 53 ISO weeks, the last from 28 December.
        (D(2026, 12, 31), D(2026, 12, 28), (2026, 53)),
        (D(2027, 1, 1), D(2026, 12, 28), (2026, 53)),
        (D(2027, 1, 3), D(2026, 12, 28), (2026, 53)),
        (D(2027, 1, 4), D(2027, 1, 4), (2027, 1)),
        # 1 January 2025 is a Wednesday: its week, from 30 December 2024, is 2025's first.
        (D(2024, 12, 31), D(2024, 12, 30), (2025, 1)),
        # 2027 starts on a Friday: 52 weeks; 1 January 2028 (a Saturday) is in week 52.
        (D(2028, 1, 1), D(2027, 12, 27), (2027, 52)),
        # A leap day inside a week.
        (D(2028, 3, 1), D(2028, 2, 28), (2028, 9)),
        (D(2028, 12, 31), D(2028, 12, 25), (2028, 52)),
    ],
)
def test_weeks_run_monday_to_sunday_and_carry_their_iso_number(day, monday, iso):
    assert rules.week_start(day) == monday
    assert rules.iso_week(monday) == iso
    assert rules.monday_of_iso_week(*iso) == monday
    assert rules.week_end(monday) == monday + dt.timedelta(days=6)


@pytest.mark.parametrize(
    "utc, monday",
    [
        # Sunday 23:30 in Istanbul is 20:30 UTC: still the week of 23 November.
        (dt.datetime(2026, 11, 29, 20, 30, tzinfo=dt.UTC), D(2026, 11, 23)),
        # Monday 00:30 in Istanbul is still Sunday 21:30 UTC: already the next week.
        (dt.datetime(2026, 11, 29, 21, 30, tzinfo=dt.UTC), D(2026, 11, 30)),
        # The year end at CI's hard date: Sunday 31 December 2028, 23:30 Istanbul.
        (dt.datetime(2028, 12, 31, 23, 30, tzinfo=ISTANBUL), D(2028, 12, 25)),
    ],
)
def test_the_week_of_a_moment_is_istanbuls(utc, monday):
    assert rules.week_of(utc) == monday


def test_a_year_without_a_53rd_week_has_none():
    with pytest.raises(ValueError):
        rules.monday_of_iso_week(2027, 53)
    assert rules.monday_of_iso_week(2026, 53) == D(2026, 12, 28)


def test_reminder_is_on_thursday_and_missing_keeps_the_given_order():
    assert [rules.is_reminder_day(D(2026, 11, d)) for d in (25, 26, 27)] == [False, True, False]
    assert rules.missing(["Çevre", "Fen İşleri", "Zabıta"], ["Fen İşleri"]) == ["Çevre", "Zabıta"]
    assert rules.missing([], []) == []
