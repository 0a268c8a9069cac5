"""Retention of archived documents (archive/documents/rules.py): the dates worked out by
hand from the rule "counted in whole calendar years after the year the file closed"."""

import datetime as dt

import pytest

from archive.documents import rules
from archive.documents.rules import State

D = dt.date


@pytest.mark.parametrize(
    ("closed_on", "unit", "institution", "transfer_due", "ends"),
    [
        # closed any day of 2024, 2 + 5 years: unit until end 2026, kept until end 2031
        (D(2024, 5, 10), 2, 5, D(2026, 12, 31), D(2031, 12, 31)),
        (D(2024, 1, 1), 2, 5, D(2026, 12, 31), D(2031, 12, 31)),
        (D(2024, 12, 31), 2, 5, D(2026, 12, 31), D(2031, 12, 31)),
        # a leap day closing counts as its year like any other day
        (D(2024, 2, 29), 1, 10, D(2025, 12, 31), D(2035, 12, 31)),
        # no years in the unit: straight to the institution archive at the year's end
        (D(2020, 7, 1), 0, 3, D(2020, 12, 31), D(2023, 12, 31)),
        # no years at all: the retention ends with the closing year
        (D(2026, 3, 2), 0, 0, D(2026, 12, 31), D(2026, 12, 31)),
    ],
)
def test_retention_end_is_the_last_day_of_the_counted_years(
    closed_on, unit, institution, transfer_due, ends
):
    assert rules.transfer_due(closed_on, unit) == transfer_due
    assert rules.retention_ends(closed_on, unit, institution) == ends


CLOSED = D(2024, 5, 10)  # 2 + 5 years: unit until 31.12.2026, retention until 31.12.2031


@pytest.mark.parametrize(
    ("today", "outcome", "held", "transferred", "expected"),
    [
        (D(2026, 12, 31), "imha", False, False, State.IN_UNIT),
        (D(2027, 1, 1), "imha", False, False, State.DUE_FOR_TRANSFER),
        (D(2027, 1, 1), "imha", False, True, State.IN_INSTITUTION),
        (D(2031, 12, 31), "imha", False, True, State.IN_INSTITUTION),
        (D(2032, 1, 1), "imha", False, True, State.DUE_FOR_DISPOSAL),
        (D(2032, 1, 1), "devir", False, True, State.DUE_FOR_STATE_ARCHIVE),
        (D(2032, 1, 1), "degerlendirilecek", False, True, State.DUE_FOR_REVIEW),
        # a hold stops everything, whatever the dates
        (D(2040, 1, 1), "imha", True, True, State.HELD),
        (D(2025, 1, 1), "imha", True, False, State.HELD),
    ],
)
def test_state_of_a_document_on_a_day(today, outcome, held, transferred, expected):
    got = rules.state(
        today,
        closed_on=CLOSED,
        unit_years=2,
        institution_years=5,
        outcome=outcome,
        held=held,
        transferred=transferred,
    )
    assert got == expected


def test_without_a_rule_nothing_is_due():
    got = rules.state(
        D(2090, 1, 1), closed_on=CLOSED, unit_years=None, institution_years=None, outcome=None
    )
    assert got == State.NO_RULE


def test_disposal_papers_are_kept_ten_years():
    # DAHY md. 21/7: a list approved on 2 March 2027 is kept until the end of 2037.
    assert rules.papers_kept_until(D(2027, 3, 2)) == D(2037, 12, 31)


def test_list_numbers():
    assert rules.list_number(2027, 3) == "İMHA-2027-3"
    assert rules.list_number(2027, 1, "DEVİR") == "DEVİR-2027-1"
    with pytest.raises(ValueError):
        rules.list_number(2027, 0)


@pytest.mark.parametrize(("configured", "required"), [(1, 3), (0, 3), (3, 3), (5, 5)])
def test_a_disposal_list_needs_at_least_three_signatures(configured, required):
    assert rules.required_signatures(configured) == required


@pytest.mark.parametrize(("members", "too_small"), [(0, True), (2, True), (3, False), (7, False)])
def test_the_commission_has_at_least_three_members(members, too_small):
    assert rules.commission_too_small(members) is too_small
