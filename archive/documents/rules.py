"""Pure retention rules of archived documents: dates in, dates out, no ORM. Each constant
names the article it comes from; open questions and the defaults chosen are in
docs/legal.md ("Archived documents").

Devlet Arşiv Hizmetleri Hakkında Yönetmelik (RG 18.10.2019/30922) is cited as "DAHY".
"""

import datetime as dt
from enum import StrEnum

# DAHY md. 19: disposal is decided by an ayıklama ve imha komisyonu of at least three
# members; its members sign the list (md. 21/2). A list is signed only while the commission
# has at least this many members, and approved only with at least this many signatures
# (settings can raise the signatures, never lower them below this).
COMMISSION_MIN_MEMBERS = 3
COMMISSION_MIN_SIGNATURES = COMMISSION_MIN_MEMBERS


def required_signatures(configured):
    """The signatures that approve a disposal list: the setting, never below the
    commission's minimum size."""
    return max(COMMISSION_MIN_SIGNATURES, configured)


def commission_too_small(members):
    """Whether a commission of `members` people may not sign a disposal list."""
    return members < COMMISSION_MIN_MEMBERS


# DAHY md. 21/7: the disposal list, the disposal report (tutanak) and their papers are
# kept ten years.
DISPOSAL_PAPERS_KEPT_YEARS = 10


class Outcome(StrEnum):
    """What the saklama planı says happens when the retention ends."""

    DISPOSE = "imha"
    TRANSFER = "devir"  # to the Devlet Arşivleri (kept for ever)
    REVIEW = "degerlendirilecek"  # the commission decides case by case


class State(StrEnum):
    IN_UNIT = "unit"  # still within the years in the unit archive
    DUE_FOR_TRANSFER = "transfer"  # unit years over: goes to the institution archive
    IN_INSTITUTION = "institution"  # within the years in the institution archive
    DUE_FOR_DISPOSAL = "dispose"
    DUE_FOR_STATE_ARCHIVE = "state"
    DUE_FOR_REVIEW = "review"
    HELD = "held"
    NO_RULE = "no_rule"


def year_end(year):
    return dt.date(year, 12, 31)


def transfer_due(closed_on, unit_years):
    """The last day in the unit archive.

    Retention is counted in whole calendar years after the year the file was closed
    (saklama planları give years, and DAHY's yearly calendar moves files once a year):
    a file closed any day of 2024 with 2 years in the unit archive stays there until
    31 December 2026."""
    return year_end(closed_on.year + unit_years)


def retention_ends(closed_on, unit_years, institution_years):
    """The last day of retention: the unit years, then the institution years."""
    return year_end(closed_on.year + unit_years + institution_years)


def state(
    today, *, closed_on, unit_years, institution_years, outcome, held=False, transferred=False
):
    """Where a document stands on `today`. A hold (lawsuit, information request, audit)
    stops every move, whatever the dates (DAHY md. 19 practice: records in a lawsuit are
    left out of disposal). `transferred`: the document is in the institution archive."""
    if held:
        return State.HELD
    if closed_on is None or unit_years is None or institution_years is None:
        return State.NO_RULE
    if today <= transfer_due(closed_on, unit_years):
        return State.IN_UNIT
    if today <= retention_ends(closed_on, unit_years, institution_years):
        return State.IN_INSTITUTION if transferred else State.DUE_FOR_TRANSFER
    return {
        Outcome.DISPOSE: State.DUE_FOR_DISPOSAL,
        Outcome.TRANSFER: State.DUE_FOR_STATE_ARCHIVE,
        Outcome.REVIEW: State.DUE_FOR_REVIEW,
    }[Outcome(outcome)]


def papers_kept_until(approved_on):
    """The last day a disposal list and its report are kept (DAHY md. 21/7)."""
    return year_end(approved_on.year + DISPOSAL_PAPERS_KEPT_YEARS)


def list_number(year, sequence, prefix="İMHA"):
    """`İMHA-2027-3`: the office's own numbering of disposal and transfer lists."""
    if sequence < 1:
        raise ValueError("The sequence starts at 1")
    return f"{prefix}-{year}-{sequence}"


# -- retrieval (ödünç verme)

# How many calendar days an original may stay out of the archive before its return is
# overdue. No article sets it (docs/legal.md "Retrieval and loans"): the office's own
# default, `KALEM_RETRIEVAL_LOAN_DAYS` changes it.
DEFAULT_LOAN_DAYS = 15


def loan_due(given_on, loan_days, *, original=True):
    """The last day an original given out on `given_on` may be kept. A copy is not
    returned, so it has no due day (None)."""
    if not original:
        return None
    if loan_days < 1:
        raise ValueError("A loan lasts at least one day")
    return given_on + dt.timedelta(days=loan_days)


def loan_overdue(today, due_on, returned_on=None):
    """Whether an original is still out after its due day (the due day itself is not
    late)."""
    return due_on is not None and returned_on is None and today > due_on
