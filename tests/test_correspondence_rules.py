"""The register's pure rules: answer deadlines (4982 md. 11, 3071 md. 7), official
number formats and TC kimlik numbers. Expected dates were counted by hand on the 2026/27
calendar (holidays: 1 Jan; Ramazan Bayramı arife 19 Mar half, 20–22 Mar; 23 Apr; 1 May;
19 May; Kurban Bayramı arife 26 May half, 27–30 May; 15 Jul; 30 Aug; 28 Oct half;
29 Oct; 1 Jan 2027), not computed with the code under test."""

import datetime as dt

import pytest

from archive.correspondence import rules

D = dt.date

# (received, expected last day, why)
INFORMATION_REQUESTS = [
    (D(2026, 2, 2), D(2026, 2, 23), "Monday, three plain weeks"),
    (D(2026, 2, 6), D(2026, 2, 27), "Friday: the weekend does not count"),
    (D(2026, 2, 7), D(2026, 2, 27), "Saturday: counting starts Monday, as from Friday"),
    (D(2026, 3, 9), D(2026, 3, 31), "arife 19 Mar counts, bayram Friday 20 Mar does not"),
    (D(2026, 3, 18), D(2026, 4, 9), "the day before arife"),
    (D(2026, 3, 20), D(2026, 4, 10), "received on the bayram itself"),
    (D(2026, 4, 15), D(2026, 5, 8), "23 April and 1 May fall inside"),
    (D(2026, 5, 18), D(2026, 6, 12), "19 May, arife 26 May, Kurban 27–29 May inside"),
    (D(2026, 10, 21), D(2026, 11, 12), "28 October half day counts, 29 October does not"),
    (D(2026, 12, 17), D(2027, 1, 8), "across the year end and 1 January 2027"),
]


@pytest.mark.parametrize(("received", "expected", "why"), INFORMATION_REQUESTS)
def test_information_request_due_in_15_working_days(received, expected, why):
    assert rules.information_request_due(received) == expected, why


def test_extended_information_request_due_in_30_working_days():
    assert rules.information_request_due(D(2026, 2, 2), extended=True) == D(2026, 3, 16)


@pytest.mark.parametrize(
    ("received", "expected"),
    [(D(2026, 3, 9), D(2026, 4, 1)), (D(2026, 10, 21), D(2026, 11, 13))],
)
def test_half_days_as_holidays_when_so_configured(received, expected):
    assert rules.information_request_due(received, half_day_is_working=False) == expected


def test_copying_cost_notice_stops_the_clock_until_paid():
    # Notice on Thu 5 Feb after 3 working days (3, 4, 5 Feb); paid Mon 16 Feb; the
    # remaining 12 working days run from 17 Feb.
    received, notice, paid = D(2026, 2, 2), D(2026, 2, 5), D(2026, 2, 16)
    assert rules.information_request_due(received, fee_notice=notice) is None
    assert rules.information_request_due(received, fee_notice=notice, fee_paid=paid) == D(
        2026, 3, 4
    )
    assert rules.fee_payment_due(notice) == D(2026, 2, 26)


PETITIONS = [
    (D(2026, 2, 2), D(2026, 3, 4), "30 days across a short February"),
    (D(2026, 2, 19), D(2026, 3, 23), "day 30 is a Saturday in Ramazan Bayramı"),
    (D(2026, 4, 1), D(2026, 5, 4), "day 30 is 1 May, a Friday"),
    (D(2026, 4, 27), D(2026, 6, 1), "day 30 is in Kurban Bayramı, then a weekend"),
    (D(2026, 9, 25), D(2026, 10, 26), "day 30 is a Sunday"),
    (D(2026, 9, 28), D(2026, 10, 28), "day 30 is the 28 October half day: it counts"),
    (D(2026, 9, 29), D(2026, 10, 30), "day 30 is 29 October"),
    (D(2026, 12, 1), D(2026, 12, 31), "day 30 is the last working day of the year"),
    (D(2026, 12, 2), D(2027, 1, 4), "day 30 is 1 January 2027, then a weekend"),
]


@pytest.mark.parametrize(("received", "expected", "why"), PETITIONS)
def test_petition_due_in_30_days(received, expected, why):
    assert rules.petition_due(received) == expected, why


def test_petition_period_can_stay_on_a_day_off():
    assert rules.petition_due(D(2026, 2, 19), roll_forward=False) == D(2026, 3, 21)


def test_deadline_state_and_working_days_left():
    friday = D(2026, 2, 6)
    assert rules.working_days_left(D(2026, 2, 11), friday) == 3  # Mon, Tue, Wed
    assert rules.deadline_state(D(2026, 2, 11), friday) == rules.DeadlineState.SOON
    assert rules.deadline_state(D(2026, 2, 12), friday) == rules.DeadlineState.OK
    assert rules.deadline_state(D(2026, 2, 5), friday) == rules.DeadlineState.OVERDUE
    assert rules.working_days_left(D(2026, 2, 4), friday) == -2


def test_outgoing_number_in_the_regulations_form():
    assert rules.outgoing_number("19248251", "010.03", 16001) == "E-19248251-010.03-16001"
    with pytest.raises(ValueError):
        rules.outgoing_number("1924825", "010.03", 1)
    with pytest.raises(ValueError):
        rules.outgoing_number("19248251", "10.3", 1)


def test_incoming_register_number():
    assert rules.incoming_number(2026, 123) == "G-2026-000123"


def test_counter_runs_on_unless_reset_yearly():
    assert rules.counter_key("E", 2026, yearly_reset=False) == rules.counter_key(
        "E", 2027, yearly_reset=False
    )
    assert rules.counter_key("E", 2026, yearly_reset=True) != rules.counter_key(
        "E", 2027, yearly_reset=True
    )


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("10000000146", True),
        ("10000000145", False),  # last digit wrong
        ("10000000136", False),  # tenth digit wrong
        ("01234567890", False),  # cannot start with 0
        ("1000000014", False),  # ten digits
        ("1000000014a", False),
        ("", False),
    ],
)
def test_tc_kimlik_checksum(value, valid):
    assert rules.tc_kimlik_valid(value) is valid


def test_tc_kimlik_masked():
    assert rules.mask_tc_kimlik("10000000146") == "100******46"
    assert rules.mask_tc_kimlik("") == ""
