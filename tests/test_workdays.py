"""Tests of cms.workdays. Expected dates are read off the 2027 calendar and Law 2429:

2027: Yılbaşı Fri 1 Jan; Ramazan Bayramı arife Mon 8 Mar (from 13:00), bayram Tue 9 - Thu 11 Mar;
23 Nisan Fri; 1 Mayıs Sat; Kurban Bayramı arife Sat 15 May, bayram Sun 16 - Wed 19 May (19 May
is also Atatürk'ü Anma); 15 Temmuz Thu; 30 Ağustos Mon; 28 Ekim Thu (from 13:00); 29 Ekim Fri.
"""

import datetime as dt

import pytest

from cms import workdays
from cms.workdays import (
    Holiday,
    add_working_days,
    holiday_on,
    is_half_day,
    is_holiday,
    is_working_day,
    next_working_day,
    official_holidays,
    roll_forward,
)

D = dt.date


def test_official_holidays_2027_lists_every_holiday_and_half_day_in_order():
    expected = [
        (D(2027, 1, 1), False),
        (D(2027, 3, 8), True),
        (D(2027, 3, 9), False),
        (D(2027, 3, 10), False),
        (D(2027, 3, 11), False),
        (D(2027, 4, 23), False),
        (D(2027, 5, 1), False),
        (D(2027, 5, 15), True),
        (D(2027, 5, 16), False),
        (D(2027, 5, 17), False),
        (D(2027, 5, 18), False),
        (D(2027, 5, 19), False),
        (D(2027, 7, 15), False),
        (D(2027, 8, 30), False),
        (D(2027, 10, 28), True),
        (D(2027, 10, 29), False),
    ]
    assert [(h.date, h.half_day) for h in official_holidays(2027)] == expected


def test_2027_ramazan_bayrami_has_its_arife_half_day_named_in_turkish():
    ramazan = [h for h in official_holidays(2027) if h.name.startswith("Ramazan Bayramı")]

    assert [h.date for h in ramazan] == [
        D(2027, 3, 8),
        D(2027, 3, 9),
        D(2027, 3, 10),
        D(2027, 3, 11),
    ]
    arife, *bayram = ramazan
    assert arife == Holiday(D(2027, 3, 8), arife.name, half_day=True, starts_at=dt.time(13, 0))
    assert "13.00" in arife.name
    assert all(h.name == "Ramazan Bayramı" and not h.half_day for h in bayram)
    assert all(h.starts_at is None for h in bayram)


def test_28_october_is_a_half_day_from_13_00_and_29_october_a_full_day():
    eve, day = holiday_on(D(2027, 10, 28)), holiday_on(D(2027, 10, 29))

    assert eve.half_day and eve.starts_at == dt.time(13, 0)
    assert eve.name.startswith("Cumhuriyet Bayramı")
    assert day == Holiday(D(2027, 10, 29), "Cumhuriyet Bayramı")


def test_two_holidays_on_one_day_keep_both_turkish_names():
    name = holiday_on(D(2027, 5, 19)).name

    assert "Atatürk'ü Anma, Gençlik ve Spor Bayramı" in name
    assert "Kurban Bayramı" in name


def test_an_arife_on_a_full_holiday_makes_the_whole_day_off():
    # 23 April 2029 is both Ulusal Egemenlik ve Çocuk Bayramı and the Kurban Bayramı arife.
    holiday = holiday_on(D(2029, 4, 23))

    assert not holiday.half_day
    assert not is_working_day(D(2029, 4, 23))


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2027, 1, 1), True),  # Yılbaşı
        (D(2027, 5, 1), True),  # 1 Mayıs on a Saturday is still a holiday
        (D(2027, 10, 28), True),  # half days count as holidays
        (D(2027, 3, 8), True),  # Ramazan arife
        (D(2027, 6, 1), False),
        (D(2027, 1, 2), False),  # a plain Saturday is a weekend, not a holiday
    ],
)
def test_is_holiday_includes_half_days_and_holidays_on_weekends(day, expected):
    assert is_holiday(day) is expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2027, 10, 28), True),
        (D(2027, 3, 8), True),
        (D(2027, 5, 15), True),  # Kurban arife on a Saturday
        (D(2026, 5, 26), True),  # Kurban arife 2026, a Tuesday
        (D(2027, 10, 29), False),
        (D(2027, 3, 9), False),
        (D(2027, 6, 1), False),
        (D(2029, 4, 23), False),
    ],
)
def test_is_half_day_only_for_28_october_and_arife(day, expected):
    assert is_half_day(day) is expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2027, 1, 1), False),  # Yılbaşı on a Friday
        (D(2027, 1, 2), False),  # Saturday
        (D(2027, 1, 3), False),  # Sunday
        (D(2027, 1, 4), True),  # Monday
        (D(2027, 3, 8), True),  # Ramazan arife: the morning is worked
        (D(2027, 3, 9), False),
        (D(2027, 3, 11), False),
        (D(2027, 3, 12), True),
        (D(2027, 4, 23), False),  # 23 Nisan on a Friday
        (D(2027, 5, 19), False),
        (D(2027, 10, 28), True),  # 28 Ekim afternoon off, morning worked
        (D(2027, 10, 29), False),
    ],
)
def test_is_working_day_by_default_counts_half_days_as_working(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.parametrize("day", [D(2027, 3, 8), D(2027, 10, 28), D(2026, 5, 26)])
def test_half_day_is_not_working_when_configured(day):
    assert is_working_day(day)
    assert not is_working_day(day, half_day_is_working=False)


def test_is_working_day_accepts_a_datetime():
    assert not is_working_day(dt.datetime(2027, 1, 1, 9, 30))
    assert is_working_day(dt.datetime(2027, 1, 4, 9, 30))


@pytest.mark.parametrize(
    "day, half_day_is_working, expected",
    [
        (D(2027, 2, 2), True, D(2027, 2, 2)),  # a working day is its own next working day
        (D(2027, 1, 1), True, D(2027, 1, 4)),  # holiday on a Friday, then the weekend
        (D(2027, 3, 10), True, D(2027, 3, 12)),  # inside Ramazan Bayramı
        (D(2027, 3, 8), True, D(2027, 3, 8)),  # arife counts as working
        (D(2027, 3, 8), False, D(2027, 3, 12)),  # ...unless configured otherwise
        (D(2027, 5, 15), True, D(2027, 5, 20)),  # Saturday arife, then Kurban Bayramı
        (D(2027, 10, 28), True, D(2027, 10, 28)),
        (D(2027, 10, 28), False, D(2027, 11, 1)),  # 28 Ekim afternoon, 29 Ekim Fri, weekend
        (D(2028, 10, 28), True, D(2028, 10, 30)),  # 28 Ekim 2028 is a Saturday
        (D(2027, 12, 25), True, D(2027, 12, 27)),
    ],
)
def test_next_working_day_skips_weekends_and_holidays(day, half_day_is_working, expected):
    assert next_working_day(day, half_day_is_working=half_day_is_working) == expected


@pytest.mark.parametrize(
    "day, n, half_day_is_working, expected",
    [
        (D(2026, 12, 31), 1, True, D(2027, 1, 4)),  # Yılbaşı on a Friday
        (D(2027, 4, 22), 1, True, D(2027, 4, 26)),  # 23 Nisan on a Friday
        (D(2027, 3, 5), 1, True, D(2027, 3, 8)),  # Ramazan arife is a working day
        (D(2027, 3, 5), 1, False, D(2027, 3, 12)),  # ...or not, when configured
        (D(2027, 3, 5), 2, True, D(2027, 3, 12)),  # arife, then three bayram days
        (D(2027, 10, 27), 1, True, D(2027, 10, 28)),
        (D(2027, 10, 27), 2, True, D(2027, 11, 1)),
        (D(2027, 10, 27), 1, False, D(2027, 11, 1)),
        (D(2027, 5, 10), 5, True, D(2027, 5, 20)),  # Tue-Fri, then Kurban Bayramı
        (D(2027, 12, 31), 1, True, D(2028, 1, 3)),  # across the year end
        (D(2027, 1, 1), 0, True, D(2027, 1, 1)),  # zero days: the day itself
    ],
)
def test_add_working_days_counts_only_working_days(day, n, half_day_is_working, expected):
    assert add_working_days(day, n, half_day_is_working=half_day_is_working) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_working_days(D(2027, 1, 4), -1)


@pytest.mark.parametrize(
    "day", [D(2027, 1, 1), D(2027, 3, 8), D(2027, 5, 15), D(2027, 10, 29), D(2027, 6, 1)]
)
def test_roll_forward_is_next_working_day(day):
    assert roll_forward(day) == next_working_day(day)
    assert roll_forward(day, half_day_is_working=False) == next_working_day(
        day, half_day_is_working=False
    )


def test_changing_the_returned_list_does_not_change_the_calendar():
    official_holidays(2027).clear()

    assert len(official_holidays(2027)) == 16


# Deadlines users count by hand, on the 2026 and 2028 calendars: Ramazan Bayramı 2026 is
# Fri 20 - Sun 22 March (arife Thu 19, from 13:00), Kurban Bayramı 2026 Wed 27 - Sat 30 May
# (arife Tue 26), 31 December 2028 is a Sunday and 1 January 2029 a Monday.
@pytest.mark.parametrize(
    "day, n, expected",
    [
        (D(2026, 11, 6), 5, D(2026, 11, 13)),  # Friday + 5: the next Friday
        (D(2026, 5, 25), 1, D(2026, 5, 26)),  # Monday + 1: the arife morning is worked
        (D(2026, 5, 25), 2, D(2026, 6, 1)),  # ...then the bayram and the weekend
        (D(2026, 3, 18), 2, D(2026, 3, 23)),  # Wed + 2: arife, then to Monday after
        (D(2028, 12, 29), 1, D(2029, 1, 2)),  # Friday + 1: weekend, then Yılbaşı
    ],
)
def test_deadlines_counted_in_working_days_across_bayrams_and_the_year_end(day, n, expected):
    assert add_working_days(day, n) == expected


def test_a_letter_arriving_on_a_sunday_at_the_year_end_counts_from_the_first_working_day():
    # 31.12.2028 is a Sunday and 1.1.2029 Yılbaşı: the first working day is Tuesday.
    assert not is_working_day(D(2028, 12, 31))
    assert not is_working_day(D(2029, 1, 1))
    assert next_working_day(D(2028, 12, 31)) == D(2029, 1, 2)
    assert holiday_on(D(2029, 1, 1)).name == "Yılbaşı"


def walked(start, end, half_day_is_working):
    """The definition, day by day: what `working_days_between` counts without walking."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += workdays.is_working_day(day, half_day_is_working=half_day_is_working)
    return count


@pytest.mark.parametrize("half_day_is_working", [True, False])
def test_working_days_between_counts_what_a_walk_over_the_days_counts(half_day_is_working):
    # Every start over two years (bayrams, arifes, 29 Ekim, 1 Ocak) against ends from the
    # same day to two years on.
    first = dt.date(2025, 12, 1)
    for offset in range(0, 730, 3):
        start = first + dt.timedelta(days=offset)
        for length in (0, 1, 2, 6, 7, 8, 13, 30, 45, 400, 731):
            end = start + dt.timedelta(days=length)
            assert workdays.working_days_between(
                start, end, half_day_is_working=half_day_is_working
            ) == walked(start, end, half_day_is_working), (start, end)


def test_working_days_between_across_the_2026_ramazan_bayrami():
    # After Friday 13 March up to Friday 27 March 2026: 16–20 and 23–27 March are ten
    # weekdays; Friday 20 March is the bayram's first day; Thursday 19 March, the arife,
    # is a half day (worked in the morning unless the setting says otherwise).
    start, end = dt.date(2026, 3, 13), dt.date(2026, 3, 27)
    assert workdays.working_days_between(start, end) == 9
    assert workdays.working_days_between(start, end, half_day_is_working=False) == 8
    assert workdays.working_days_between(end, start) == 0
