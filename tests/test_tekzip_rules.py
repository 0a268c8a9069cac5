"""Tests of press.tekzip.rules, the tekzip (cevap ve düzeltme) deadlines.

Expected dates are worked out by hand from the calendar, not by calling the code:
2027: Kurban Bayramı arife Sat 15 May, bayram Sun 16 - Wed 19 May; 28 Ekim Thu (half day);
29 Ekim Fri; 13 Nov Sat. 2028 is a leap year; Ramazan Bayramı 2028 is Sat 26 - Mon 28 Feb.
"""

import datetime as dt

import pytest

from press.tekzip.rules import (
    DEADLINE_LABELS,
    MONTHLY,
    WEEKLY,
    Deadline,
    DeadlineKind,
    DeadlineState,
    Medium,
    Reading,
    count_lines,
    days_left,
    deadline_state,
    deadlines,
    first_issue_after,
    judge_application_by,
    judge_decision_by,
    max_reply_lines,
    publish_by,
    reply_too_long,
    send_by,
)

D = dt.date


# --- Sending the reply -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "published, medium, half_day_is_working, expected",
    [
        # 31 Jan + 2 months = 31 Mar 2027, a Wednesday.
        (D(2027, 1, 31), Medium.DAILY, True, D(2027, 3, 31)),
        # 31 Dec + 2 months = 28 Feb 2027, a Sunday: Monday 1 March.
        (D(2026, 12, 31), Medium.INTERNET, True, D(2027, 3, 1)),
        # 31 Dec 2027 + 2 months = 29 Feb 2028 (leap year), a Tuesday.
        (D(2027, 12, 31), Medium.PERIODICAL, True, D(2028, 2, 29)),
        # 28 Dec 2027 + 2 months = Mon 28 Feb 2028, third day of Ramazan Bayramı.
        (D(2027, 12, 28), Medium.DAILY, True, D(2028, 2, 29)),
        # 15 Mar + 2 months = Sat 15 May 2027 (Kurban arife), bayram until Wed 19 May.
        (D(2027, 3, 15), Medium.DAILY, True, D(2027, 5, 20)),
        # 13 Sep + 2 months = Sat 13 Nov 2027: Monday 15 November.
        (D(2027, 9, 13), Medium.INTERNET, True, D(2027, 11, 15)),
        # 29 Aug + 2 months = Fri 29 Oct 2027, Cumhuriyet Bayramı: Monday 1 November.
        (D(2027, 8, 29), Medium.DAILY, True, D(2027, 11, 1)),
        # 28 Aug + 2 months = Thu 28 Oct 2027: the morning is worked, the period ends that day.
        (D(2027, 8, 28), Medium.PERIODICAL, True, D(2027, 10, 28)),
        # ...unless the half day is treated as a holiday: Fri 29 Oct holiday, then the weekend.
        (D(2027, 8, 28), Medium.PERIODICAL, False, D(2027, 11, 1)),
        # Radio/TV: 1 Jan 2027 + 60 days = Tue 2 Mar (February has 28 days).
        (D(2027, 1, 1), Medium.BROADCAST, True, D(2027, 3, 2)),
        # Radio/TV: 1 Jan 2028 + 60 days = Wed 1 Mar (29 February is day 59).
        (D(2028, 1, 1), Medium.BROADCAST, True, D(2028, 3, 1)),
        # Radio/TV: 16 Mar 2027 + 60 days = Sat 15 May, then Kurban Bayramı.
        (D(2027, 3, 16), Medium.BROADCAST, True, D(2027, 5, 20)),
        # Radio/TV: 30 Aug 2027 + 60 days = Fri 29 Oct, then the weekend.
        (D(2027, 8, 30), Medium.BROADCAST, True, D(2027, 11, 1)),
    ],
)
def test_send_by_counts_two_months_or_sixty_days_and_rolls_to_a_working_day(
    published, medium, half_day_is_working, expected
):
    assert send_by(published, medium, half_day_is_working=half_day_is_working) == expected


# --- Publishing the reply --------------------------------------------------------------------


@pytest.mark.parametrize(
    "received, medium, kwargs, expected",
    [
        # Daily: three days, no rollover; dailies appear on 29 Ekim too.
        (D(2027, 10, 26), Medium.DAILY, {}, D(2027, 10, 29)),
        # Internet news site: one day, even when that day is a Saturday.
        (D(2027, 5, 14), Medium.INTERNET, {}, D(2027, 5, 15)),
        # Radio/TV: seven days, even into Kurban Bayramı.
        (D(2027, 5, 12), Medium.BROADCAST, {}, D(2027, 5, 19)),
        # Weekly out on Thursdays, received Mon 11 Jan: three days end Thu 14 Jan, so the
        # reply goes in the issue of Thu 21 Jan.
        (
            D(2027, 1, 11),
            Medium.PERIODICAL,
            {"known_issue": D(2027, 1, 7), "interval_days": WEEKLY},
            D(2027, 1, 21),
        ),
        # Received Sun 10 Jan: three days end Wed 13 Jan, the issue of Thu 14 Jan.
        (
            D(2027, 1, 10),
            Medium.PERIODICAL,
            {"known_issue": D(2027, 1, 7), "interval_days": WEEKLY},
            D(2027, 1, 14),
        ),
        # Every 30 days from 5 Jan: issues 4 Feb, 6 Mar. Received 1 Feb, three days end 4 Feb,
        # so the issue of 4 Feb is too early: 6 March.
        (
            D(2027, 2, 1),
            Medium.PERIODICAL,
            {"known_issue": D(2027, 1, 5), "interval_days": MONTHLY},
            D(2027, 3, 6),
        ),
        # An explicit next issue date wins over the rhythm.
        (D(2027, 5, 20), Medium.PERIODICAL, {"next_issue": D(2027, 6, 1)}, D(2027, 6, 1)),
    ],
)
def test_publish_by_counts_from_receipt_per_medium(received, medium, kwargs, expected):
    assert publish_by(received, medium, **kwargs) == expected


def test_publish_by_refuses_a_next_issue_within_the_three_days():
    with pytest.raises(ValueError):
        publish_by(D(2027, 1, 11), Medium.PERIODICAL, next_issue=D(2027, 1, 14))


def test_publish_by_needs_the_rhythm_of_an_other_periodical():
    with pytest.raises(ValueError):
        publish_by(D(2027, 1, 11), Medium.PERIODICAL)


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2027, 1, 6), D(2027, 1, 7)),
        (D(2027, 1, 7), D(2027, 1, 14)),  # strictly after
        (D(2027, 1, 1), D(2027, 1, 7)),
        (D(2026, 12, 30), D(2026, 12, 31)),  # before the known issue
    ],
)
def test_first_issue_after_follows_the_weekly_rhythm(day, expected):
    assert first_issue_after(day, known_issue=D(2027, 1, 7), interval_days=WEEKLY) == expected


# --- Applying to the sulh ceza hakimliği ------------------------------------------------------


@pytest.mark.parametrize(
    "start, medium, half_day_is_working, expected",
    [
        # 29 Oct + 15 days = Sat 13 Nov 2027: Monday 15 November.
        (D(2027, 10, 29), Medium.DAILY, True, D(2027, 11, 15)),
        # 1 May + 15 days = Sun 16 May 2027, Kurban Bayramı until Wed 19 May.
        (D(2027, 5, 1), Medium.INTERNET, True, D(2027, 5, 20)),
        # Radio/TV, ten days: 19 Oct + 10 = Fri 29 Oct, then the weekend.
        (D(2027, 10, 19), Medium.BROADCAST, True, D(2027, 11, 1)),
        # 13 Oct + 15 = Thu 28 Oct 2027, a half day counted as working...
        (D(2027, 10, 13), Medium.DAILY, True, D(2027, 10, 28)),
        # ...or as a holiday: Fri 29 Oct, weekend, Monday 1 November.
        (D(2027, 10, 13), Medium.DAILY, False, D(2027, 11, 1)),
        # 14 Feb 2028 + 15 days = Tue 29 Feb 2028 (leap year), a working day.
        (D(2028, 2, 14), Medium.PERIODICAL, True, D(2028, 2, 29)),
    ],
)
def test_judge_application_by_counts_fifteen_days_or_ten_for_broadcasts(
    start, medium, half_day_is_working, expected
):
    assert judge_application_by(start, medium, half_day_is_working=half_day_is_working) == expected


@pytest.mark.parametrize(
    "applied, expected",
    [
        (D(2027, 3, 1), D(2027, 3, 4)),  # Mon + 3 = Thu
        (D(2027, 10, 26), D(2027, 11, 1)),  # Tue + 3 = Fri 29 Ekim, then the weekend
    ],
)
def test_judge_decision_by_is_three_days_after_the_application(applied, expected):
    assert judge_decision_by(applied) == expected


# --- All deadlines of a notice ---------------------------------------------------------------


def _by_kind(items):
    return {item.kind: item for item in items}


def test_deadlines_before_the_reply_is_received_is_only_the_send_deadline():
    (send,) = deadlines(D(2027, 1, 31), Medium.DAILY)

    assert send.kind is DeadlineKind.SEND
    assert send.date == D(2027, 3, 31)
    assert "5187" in send.basis


def test_deadlines_of_an_unpublished_daily_reply_include_the_judge():
    # Published Wed 20 Oct 2027, received Tue 26 Oct.
    items = deadlines(D(2027, 10, 20), Medium.DAILY, received=D(2027, 10, 26))

    assert [item.kind for item in items] == [
        DeadlineKind.SEND,
        DeadlineKind.PUBLISH,
        DeadlineKind.JUDGE_NOT_PUBLISHED,
    ]
    by_kind = _by_kind(items)
    assert by_kind[DeadlineKind.SEND].date == D(2027, 12, 20)  # a Monday
    assert by_kind[DeadlineKind.PUBLISH].date == D(2027, 10, 29)
    judge = by_kind[DeadlineKind.JUDGE_NOT_PUBLISHED]
    assert judge.nominal == D(2027, 11, 13)  # Saturday...
    assert judge.date == D(2027, 11, 15)  # ...so Monday


def test_deadlines_keep_the_statutory_day_when_rolled_over():
    # 29 Aug + 2 months = 29 Ekim, rolled to Monday 1 November.
    (send,) = deadlines(D(2027, 8, 29), Medium.INTERNET)

    assert send.nominal == D(2027, 10, 29)
    assert send.date == D(2027, 11, 1)


def test_deadlines_drop_the_judge_when_the_reply_was_published_in_time():
    items = deadlines(
        D(2027, 10, 20), Medium.DAILY, received=D(2027, 10, 26), reply_published=D(2027, 10, 28)
    )

    assert [item.kind for item in items] == [DeadlineKind.SEND, DeadlineKind.PUBLISH]


def test_deadlines_of_a_late_reply_count_the_judge_from_the_end_of_the_publication_period():
    items = deadlines(
        D(2027, 10, 20), Medium.DAILY, received=D(2027, 10, 26), reply_published=D(2027, 10, 31)
    )

    assert _by_kind(items)[DeadlineKind.JUDGE_NOT_PUBLISHED].date == D(2027, 11, 15)


def test_deadlines_of_an_improper_publication_count_the_judge_from_that_publication():
    items = deadlines(
        D(2027, 10, 20),
        Medium.DAILY,
        received=D(2027, 10, 26),
        improper_publication=D(2027, 10, 28),
    )

    by_kind = _by_kind(items)
    assert DeadlineKind.JUDGE_NOT_PUBLISHED not in by_kind
    assert by_kind[DeadlineKind.JUDGE_IMPROPER].date == D(2027, 11, 12)  # 28 Oct + 15, a Friday


def test_deadlines_after_applying_to_the_judge_include_the_decision_day():
    items = deadlines(
        D(2027, 10, 20), Medium.DAILY, received=D(2027, 10, 26), applied_to_judge=D(2027, 11, 10)
    )

    decision = _by_kind(items)[DeadlineKind.JUDGE_DECISION]
    assert decision.nominal == D(2027, 11, 13)
    assert decision.date == D(2027, 11, 15)


def test_deadlines_of_a_broadcast_use_law_6112_and_ten_days_for_the_judge():
    # Broadcast Mon 30 Aug 2027, request received Tue 12 Oct.
    items = deadlines(D(2027, 8, 30), "broadcast", received=D(2027, 10, 12))

    by_kind = _by_kind(items)
    assert by_kind[DeadlineKind.SEND].date == D(2027, 11, 1)  # 60 days = 29 Ekim
    assert by_kind[DeadlineKind.PUBLISH].date == D(2027, 10, 19)
    assert by_kind[DeadlineKind.JUDGE_NOT_PUBLISHED].date == D(2027, 11, 1)  # 19 + 10 = 29 Ekim
    assert all("6112" in item.basis for item in items)


def test_deadlines_of_a_weekly_count_issues_from_the_original_item():
    # The item appeared in the issue of Thu 7 Jan 2027; the reply arrived Mon 11 Jan.
    items = deadlines(
        D(2027, 1, 7), Medium.PERIODICAL, received=D(2027, 1, 11), interval_days=WEEKLY
    )

    by_kind = _by_kind(items)
    assert by_kind[DeadlineKind.PUBLISH].date == D(2027, 1, 21)
    assert by_kind[DeadlineKind.JUDGE_NOT_PUBLISHED].date == D(2027, 2, 5)  # 21 Jan + 15, Fri


def test_deadlines_refuse_a_receipt_before_publication():
    with pytest.raises(ValueError):
        deadlines(D(2027, 1, 7), Medium.DAILY, received=D(2027, 1, 6))


def test_every_deadline_has_a_distinct_turkish_label():
    labels = list(DEADLINE_LABELS.values())

    assert set(DEADLINE_LABELS) == set(DeadlineKind)
    assert len(set(labels)) == len(labels)
    assert all(label.strip() for label in labels)


# --- Reminders -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, left, state",
    [
        (D(2027, 11, 1), 14, DeadlineState.OK),
        (D(2027, 11, 11), 4, DeadlineState.OK),
        (D(2027, 11, 12), 3, DeadlineState.DUE_SOON),
        (D(2027, 11, 15), 0, DeadlineState.DUE_SOON),
        (D(2027, 11, 16), -1, DeadlineState.OVERDUE),
    ],
)
def test_deadline_state_is_due_soon_within_three_days_and_overdue_after(today, left, state):
    deadline = Deadline(
        kind=DeadlineKind.SEND,
        label=DEADLINE_LABELS[DeadlineKind.SEND],
        date=D(2027, 11, 15),
        nominal=D(2027, 11, 13),
        basis="5187 sayılı Basın Kanunu md. 14",
    )

    assert days_left(deadline, today) == left
    assert days_left(deadline.date, today) == left
    assert deadline_state(deadline, today) == state
    assert deadline_state(deadline, today) == state.value


# --- Length of the reply ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "original_lines, is_picture, expected",
    [
        (0, False, 30),
        (19, False, 30),  # under twenty lines: up to thirty
        (20, False, 20),  # twenty or more: no longer than the item
        (45, False, 45),
        (5, True, 30),  # a picture or cartoon: thirty
        (100, True, 30),
    ],
)
def test_max_reply_lines_follows_5187_article_14(original_lines, is_picture, expected):
    assert max_reply_lines(original_lines, is_picture) == expected


@pytest.mark.parametrize(
    "reply_lines, original_lines, is_picture, too_long",
    [
        (30, 19, False, False),
        (31, 19, False, True),
        (20, 20, False, False),
        (21, 20, False, True),
        (45, 45, False, False),
        (30, 0, True, False),
        (31, 0, True, True),
    ],
)
def test_reply_too_long_compares_with_the_allowed_length(
    reply_lines, original_lines, is_picture, too_long
):
    assert reply_too_long(reply_lines, original_lines, is_picture) is too_long


def test_max_reply_lines_refuses_a_negative_length():
    with pytest.raises(ValueError):
        max_reply_lines(-1)


# Twenty six-letter words: 139 characters. Eight words (55 characters) fit in 60, nine (62) do
# not, so 8 + 8 + 4 = 3 lines; at 30 characters four words (27) fit, so 5 lines.
TWENTY_WORDS = " ".join(["kelime"] * 20)


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("", 60, 0),
        ("Kısa bir cevap.", 60, 1),
        (TWENTY_WORDS, 60, 3),
        (TWENTY_WORDS, 30, 5),
        ("Birinci paragraf.\n\n\nİkinci paragraf.\n", 60, 2),  # blank lines do not count
    ],
)
def test_count_lines_wraps_at_the_given_width(text, width, expected):
    assert count_lines(text, width) == expected


def test_count_lines_defaults_to_sixty_characters():
    assert count_lines("a" * 60) == 1
    assert count_lines("a" * 61) == 2


def test_an_office_reading_fifteen_days_for_broadcasts_gets_them():
    # Same broadcast as above; the office's lawyer reads 6112 md. 18 as fifteen days:
    # 19 Ekim + 15 = Wed 3 Kasım 2027, a working day.
    items = deadlines(
        D(2027, 8, 30),
        "broadcast",
        received=D(2027, 10, 12),
        reading=Reading(judge_days_broadcast=15),
    )

    assert _by_kind(items)[DeadlineKind.JUDGE_NOT_PUBLISHED].date == D(2027, 11, 3)


def test_an_office_reading_that_publication_periods_roll_over_moves_them_off_sundays():
    # A daily received Thu 9 Aralık 2027 must publish by Sun 12 Aralık; read as rolling
    # over, the last day becomes Mon 13 Aralık, and the statutory day is kept.
    default = _by_kind(deadlines(D(2027, 12, 8), Medium.DAILY, received=D(2027, 12, 9)))
    rolled = _by_kind(
        deadlines(
            D(2027, 12, 8),
            Medium.DAILY,
            received=D(2027, 12, 9),
            reading=Reading(publish_rolls_over=True),
        )
    )

    assert default[DeadlineKind.PUBLISH].date == D(2027, 12, 12)
    assert rolled[DeadlineKind.PUBLISH].date == D(2027, 12, 13)
    assert rolled[DeadlineKind.PUBLISH].nominal == D(2027, 12, 12)
