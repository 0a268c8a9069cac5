"""Pure rules of the correspondence register: official numbers, TC kimlik numbers and the
legal answer deadlines. Plain functions on dates and strings, no ORM; each constant names
the article it comes from. Open legal questions are keyword arguments whose defaults the
models take from settings (see docs/legal.md, "Correspondence")."""

import datetime as dt
import re
from enum import StrEnum

from cms import identity, workdays

# -- official numbers ---------------------------------------------------------------------

# Resmî Yazışmalarda Uygulanacak Usul ve Esaslar Hakkında Yönetmelik (RG 10.06.2020/31151)
# md. 11: the Sayı is the DETSİS number, the Standard File Plan code and a sequence number,
# in that order, joined by hyphens; "E-" marks a document made electronically.
ELECTRONIC_PREFIX = "E"
# Incoming registrations: a register number of the office's own (local practice).
INCOMING_PREFIX = "G"
INCOMING_DIGITS = 6

DETSIS_RE = re.compile(r"^\d{8}$")
# Standard File Plan codes: three digits, then dot-separated groups of two ("010.03").
SDP_CODE_RE = re.compile(r"^\d{3}(\.\d{2})*$")


def outgoing_number(detsis, sdp_code, sequence):
    """`E-19248251-010.03-16001`: the regulation's parts in the regulation's order."""
    if not DETSIS_RE.match(detsis or ""):
        raise ValueError(f"DETSİS number must be eight digits, got {detsis!r}")
    if not SDP_CODE_RE.match(sdp_code or ""):
        raise ValueError(f"Not a Standard File Plan code: {sdp_code!r}")
    if sequence < 1:
        raise ValueError("The sequence starts at 1")
    return f"{ELECTRONIC_PREFIX}-{detsis}-{sdp_code}-{sequence}"


def incoming_number(year, sequence):
    """`G-2026-000123`: the register number of an incoming document."""
    return f"{INCOMING_PREFIX}-{year}-{sequence:0{INCOMING_DIGITS}d}"


def counter_key(prefix, year, *, yearly_reset):
    """The counter a number is drawn from. Outgoing numbers run on by default (the
    regulation fixes the parts, not a yearly restart); incoming numbers carry the year."""
    return f"{prefix}-{year}" if yearly_reset else prefix


# -- TC kimlik numbers --------------------------------------------------------------------


# The checksum and the mask live in cms (the appointment requests ask them too).
tc_kimlik_valid = identity.tc_kimlik_valid
mask_tc_kimlik = identity.mask_tc_kimlik


# -- legal answer deadlines ---------------------------------------------------------------

# 4982 Bilgi Edinme Hakkı Kanunu md. 11/1: access is given within 15 working days.
INFORMATION_REQUEST_WORKING_DAYS = 15
# 4982 md. 11/2: 30 working days when the answer needs another unit or institution, and the
# applicant is told so in writing, with the reason, within the first 15.
INFORMATION_REQUEST_EXTENDED_WORKING_DAYS = 30
# Bilgi Edinme Hakkı Kanununun Uygulanmasına İlişkin Esas ve Usuller Hakkında Yönetmelik
# (its article on fees; the number is to be checked on mevzuat.gov.tr, see docs/legal.md),
# with 4982 md. 11: the copying-cost notice stops the clock; unpaid within 15 working days,
# the request is closed.
FEE_PAYMENT_WORKING_DAYS = 15
# 3071 Dilekçe Hakkının Kullanılmasına Dair Kanun md. 7: a reasoned answer within 30 days.
PETITION_DAYS = 30
# Overdue and due within this many working days are highlighted (local practice).
DUE_SOON_WORKING_DAYS = 3


class Deadline(StrEnum):
    INFORMATION_REQUEST = "4982"
    PETITION = "3071"
    NONE = ""


class DeadlineState(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"
    OK = "ok"


def information_request_due(
    received, *, extended=False, fee_notice=None, fee_paid=None, half_day_is_working=True
):
    """The last day to answer a Bilgi Edinme request received on `received`.

    The receipt day does not count; each working day after it does (half days count by
    default: the morning is worked). A copying-cost notice sent on `fee_notice` stops the
    clock (that day counts as used); it runs again from the day after `fee_paid`. While
    the fee is unpaid there is no answer date: None.
    """
    days = (
        INFORMATION_REQUEST_EXTENDED_WORKING_DAYS if extended else INFORMATION_REQUEST_WORKING_DAYS
    )
    if fee_notice is None:
        return workdays.add_working_days(received, days, half_day_is_working=half_day_is_working)
    if fee_paid is None:
        return None
    used = working_days_between(received, fee_notice, half_day_is_working=half_day_is_working)
    return workdays.add_working_days(
        fee_paid, max(days - used, 0), half_day_is_working=half_day_is_working
    )


def fee_payment_due(fee_notice, *, half_day_is_working=True):
    """The last day to pay the copying cost; unpaid after it, the request is closed."""
    return workdays.add_working_days(
        fee_notice, FEE_PAYMENT_WORKING_DAYS, half_day_is_working=half_day_is_working
    )


def petition_due(received, *, roll_forward=True):
    """The last day to answer a petition (3071 md. 7): 30 days after receipt. The law does
    not say whether a period ending on a day off moves; by default it moves to the next
    working day, as periods do in procedural law (HMK md. 93)."""
    due = received + dt.timedelta(days=PETITION_DAYS)
    return workdays.roll_forward(due) if roll_forward else due


def working_days_between(start, end, *, half_day_is_working=True):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    return workdays.working_days_between(start, end, half_day_is_working=half_day_is_working)


def working_days_left(due, today, *, half_day_is_working=True):
    """Working days from `today` to `due`: 0 on the day itself, negative when overdue
    (counting the working days since)."""
    if due >= today:
        return working_days_between(today, due, half_day_is_working=half_day_is_working)
    return -working_days_between(due, today, half_day_is_working=half_day_is_working)


def deadline_state(due, today):
    if due is None:
        return DeadlineState.OK
    if due < today:
        return DeadlineState.OVERDUE
    if working_days_left(due, today) <= DUE_SOON_WORKING_DAYS:
        return DeadlineState.SOON
    return DeadlineState.OK


def earliest(*dates):
    present = [day for day in dates if day is not None]
    return min(present) if present else None


# -- tekit (reminder) letters ---------------------------------------------------------------
# No article fixes when an institution that was asked for an answer is reminded: the
# Resmî Yazışma Yönetmeliği only gives the reminder its form (a new letter with the first
# as İlgi). Local practice, kept here: the day after the answer date the request set.


def reminder_due(asked_by, today, *, answered):
    """Whether an outgoing request waiting for an answer by `asked_by` may be reminded
    (tekit): not answered, and `asked_by` has passed."""
    return asked_by is not None and not answered and today > asked_by
