"""Pure recurrence and calendar rules (events.rules): no database."""

import datetime as dt

import pytest

from events import rules
from events.rules import Recurrence


def at(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=rules.ISTANBUL)


def window(year, month):
    return rules.month_bounds(year, month)


def test_weekly_series_expands_across_a_month_end():
    start = at(2026, 11, 25, 18)  # a Wednesday
    recurrence = Recurrence(rules.WEEKLY, count=4)
    end = start + dt.timedelta(hours=2)
    november = rules.occurrences(start, end, recurrence, *window(2026, 11))
    december = rules.occurrences(start, end, recurrence, *window(2026, 12))
    assert [o.start.date() for o in november] == [dt.date(2026, 11, 25)]
    assert [o.start.date() for o in december] == [
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 16),
    ]
    assert all(o.start.hour == 18 and o.end.hour == 20 for o in december)


def test_monthly_series_keeps_the_nth_weekday():
    start = at(2026, 9, 8, 14)  # second Tuesday of September
    recurrence = Recurrence(rules.MONTHLY_NTH_WEEKDAY, count=4)
    found = rules.occurrences(start, start, recurrence, at(2026, 9, 1, 0), at(2027, 1, 1, 0))
    assert [o.start.date() for o in found] == [
        dt.date(2026, 9, 8),
        dt.date(2026, 10, 13),
        dt.date(2026, 11, 10),
        dt.date(2026, 12, 8),
    ]


def test_fifth_weekday_becomes_the_last_one_of_each_month():
    start = at(2026, 9, 29)  # fifth (and last) Tuesday
    recurrence = Recurrence(rules.MONTHLY_NTH_WEEKDAY, count=3)
    found = rules.occurrences(start, start, recurrence, at(2026, 9, 1, 0), at(2027, 1, 1, 0))
    assert [o.start.date() for o in found] == [
        dt.date(2026, 9, 29),
        dt.date(2026, 10, 27),
        dt.date(2026, 11, 24),
    ]
    assert rules.ical_rrule(start, recurrence)["BYDAY"] == "-1TU"


def test_exceptions_leave_dates_out():
    start = at(2026, 12, 2, 18)
    recurrence = Recurrence(
        rules.WEEKLY, until=dt.date(2026, 12, 30), exceptions=frozenset({dt.date(2026, 12, 16)})
    )
    found = rules.occurrences(start, start, recurrence, *window(2026, 12))
    assert dt.date(2026, 12, 16) not in [o.start.date() for o in found]
    assert len(found) == 4


def test_an_occurrence_running_into_the_window_is_included():
    start = at(2026, 11, 30, 20)
    recurrence = Recurrence(rules.YEARLY, count=2)
    found = rules.occurrences(start, start + dt.timedelta(days=2), recurrence, *window(2026, 12))
    assert len(found) == 1 and found[0].days()[-1] == dt.date(2026, 12, 2)


def test_a_long_series_is_expanded_lazily_within_the_window():
    start = at(2026, 1, 7, 18)
    recurrence = Recurrence(rules.WEEKLY, count=rules.MAX_OCCURRENCES)
    found = rules.occurrences(start, start, recurrence, *window(2030, 6))
    assert 4 <= len(found) <= 5


@pytest.mark.parametrize(
    ("recurrence", "field"),
    [
        (Recurrence(rules.WEEKLY), "repeat_until"),
        (Recurrence(rules.WEEKLY, count=rules.MAX_OCCURRENCES + 1), "repeat_count"),
        (Recurrence(rules.WEEKLY, count=0), "repeat_count"),
        (Recurrence(rules.YEARLY, until=dt.date(2050, 1, 1)), "repeat_until"),
        (Recurrence(rules.WEEKLY, until=dt.date(2026, 1, 1)), "repeat_until"),
        (Recurrence(rules.WEEKLY, interval=0, count=3), "repeat_interval"),
        (Recurrence(rules.WEEKLY, until=dt.date(2027, 1, 1), count=3), "repeat_count"),
    ],
)
def test_bad_recurrences_are_refused_with_the_field_named(recurrence, field):
    errors = rules.validate(at(2026, 11, 23), at(2026, 11, 23, 12), recurrence)
    assert field in errors


def test_ten_years_of_weekly_meetings_is_too_many_but_nine_are_fine():
    start = at(2026, 1, 7, 18)
    too_long = Recurrence(rules.WEEKLY, until=dt.date(2035, 12, 31))
    assert "repeat_until" in rules.validate(start, start, too_long)
    assert rules.validate(start, start, Recurrence(rules.WEEKLY, until=dt.date(2035, 1, 1))) == {}


def test_end_before_start_is_refused():
    assert "end" in rules.validate(at(2026, 11, 23, 12), at(2026, 11, 23, 10), Recurrence())


def test_unvalidated_endless_series_is_still_bounded():
    start = at(2026, 1, 7, 18)
    recurrence = Recurrence(rules.WEEKLY)
    last = rules.series_end(start, start, recurrence)
    assert last.year == 2035  # MAX_OCCURRENCES weeks later, not forever
    assert rules.ical_rrule(start, recurrence)["COUNT"] == rules.MAX_OCCURRENCES


def test_series_end_is_the_end_of_the_last_occurrence():
    start = at(2026, 12, 2, 18)
    recurrence = Recurrence(rules.WEEKLY, count=3)
    assert rules.series_end(start, start + dt.timedelta(hours=2), recurrence) == at(
        2026, 12, 16, 20
    )


def test_until_goes_to_icalendar_in_utc():
    rule = rules.ical_rrule(
        at(2026, 12, 2, 18), Recurrence(rules.WEEKLY, until=dt.date(2027, 1, 6))
    )
    assert rule["UNTIL"] == dt.datetime(2027, 1, 6, 20, 59, 59, tzinfo=dt.UTC)


def test_days_spanned_counts_every_day_and_not_a_midnight_end():
    assert rules.days_spanned(at(2026, 11, 30, 15), at(2026, 12, 2, 21)) == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 2),
    ]
    assert rules.days_spanned(at(2026, 11, 30, 20), at(2026, 12, 1, 0)) == [dt.date(2026, 11, 30)]


@pytest.mark.parametrize(("year", "month"), [(2026, 13), (2026, 0), (1000, 5), (9999, 1)])
def test_impossible_months_raise_value_error(year, month):
    with pytest.raises(ValueError):
        rules.month_weeks(year, month)


def test_month_weeks_start_on_monday():
    weeks = rules.month_weeks(2026, 11)
    assert weeks[0][0] == dt.date(2026, 10, 26) and weeks[0][0].weekday() == 0
    assert weeks[-1][-1] == dt.date(2026, 12, 6)


def test_touching_periods_do_not_overlap():
    assert rules.overlaps(
        at(2026, 1, 1, 10), at(2026, 1, 1, 11), at(2026, 1, 1, 10, 30), at(2026, 1, 1, 12)
    )
    assert not rules.overlaps(
        at(2026, 1, 1, 10), at(2026, 1, 1, 11), at(2026, 1, 1, 11), at(2026, 1, 1, 12)
    )


def test_a_series_is_described_in_turkish():
    from django.utils.translation import override

    with override("tr"):
        weekly = rules.describe(
            at(2026, 12, 2, 18), Recurrence(rules.WEEKLY, until=dt.date(2027, 1, 27))
        )
        monthly = rules.describe(
            at(2026, 12, 8, 14), Recurrence(rules.MONTHLY_NTH_WEEKDAY, count=6)
        )
    assert weekly == "her hafta Çarşamba, 27 Ocak 2027 tarihine kadar"
    assert monthly == "her ayın ikinci Salı günü, 6 kez"


def test_istanbul_keeps_utc_plus_three_all_year_so_a_series_never_shifts():
    # Turkey has had no daylight saving time since 2016: a weekly 18:00 meeting stays at
    # 18:00 (15:00 UTC) across the last Sundays of March and October, when Europe shifts.
    start = at(2027, 3, 17, 18)
    recurrence = Recurrence(rules.WEEKLY, count=34)
    found = rules.occurrences(start, start, recurrence, at(2027, 1, 1, 0), at(2028, 1, 1, 0))
    assert len(found) == 34 and found[-1].start.date() == dt.date(2027, 11, 3)
    assert {o.start.utcoffset() for o in found} == {dt.timedelta(hours=3)}
    assert {o.start.astimezone(dt.UTC).hour for o in found} == {15}
