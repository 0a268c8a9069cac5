"""Pure rules of the paid newspaper notice register: the status flow, what each step needs,
when a proof of publication or a payment is late, and the cost report's sums.

No ORM here: plain values in, plain values out, so each rule has a hand-worked table in
tests/test_press_notices_rules.py.

Neither period below is set by a statute Kalem could cite: the newspaper's proof copy and
the payment of its invoice follow the order letter and the municipality's practice. They
are open points with settings (docs/legal.md, "Paid newspaper notices").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cms.text import turkish_sort_key

# Days after publication within which the newspaper's copy (or the page PDF) is expected:
# office practice, KALEM_NOTICE_PROOF_DAYS.
DEFAULT_PROOF_DAYS = 10
# Days after the invoice date within which it is paid: office practice, following the
# usual 30-day term of public purchases; KALEM_NOTICE_PAYMENT_DAYS.
DEFAULT_PAYMENT_DAYS = 30


class Status(StrEnum):
    REQUESTED = "requested"
    ORDERED = "ordered"
    PUBLISHED = "published"
    PROOF_RECEIVED = "proof"
    INVOICED = "invoiced"
    PAID = "paid"
    CLOSED = "closed"


FLOW = list(Status)

# What a notice must carry before it may move to a status (field names of the model).
NEEDS = {
    Status.ORDERED: ("ordered_on", "outlets"),
    Status.PUBLISHED: ("published_on",),
    Status.PROOF_RECEIVED: ("proof",),
    Status.INVOICED: ("invoice", "invoiced_on", "cost"),
    Status.PAID: ("paid_on",),
    Status.CLOSED: (),
}


def next_status(status):
    """The step after `status`, or None at the end of the flow."""
    index = FLOW.index(Status(status))
    return FLOW[index + 1] if index + 1 < len(FLOW) else None


def missing_for(status, present):
    """The fields `status` needs that are not in `present` (a set of filled field names),
    in the order NEEDS lists them."""
    return [name for name in NEEDS.get(Status(status), ()) if name not in present]


def is_past(status, step):
    """Whether a notice at `status` has reached `step` (or gone beyond it)."""
    return FLOW.index(Status(status)) >= FLOW.index(Status(step))


def proof_due(published_on, proof_days=DEFAULT_PROOF_DAYS):
    return published_on + dt.timedelta(days=proof_days) if published_on else None


def payment_due(invoiced_on, payment_days=DEFAULT_PAYMENT_DAYS):
    return invoiced_on + dt.timedelta(days=payment_days) if invoiced_on else None


def proof_overdue(status, published_on, today, proof_days=DEFAULT_PROOF_DAYS):
    """A published notice whose proof has not come in by the due day (the due day itself
    is not late)."""
    if Status(status) != Status.PUBLISHED or published_on is None:
        return False
    return today > proof_due(published_on, proof_days)


def payment_overdue(status, invoiced_on, today, payment_days=DEFAULT_PAYMENT_DAYS):
    """An invoiced notice still unpaid after the payment term."""
    if Status(status) != Status.INVOICED or invoiced_on is None:
        return False
    return today > payment_due(invoiced_on, payment_days)


@dataclass(frozen=True)
class CostLine:
    """One notice's cost as the report sums it: the month it was published (or ordered,
    when not yet published), the outlets it went to, the requesting unit."""

    day: dt.date
    outlets: tuple[str, ...]
    unit: str
    cost: Decimal


def split_cost(cost, parts):
    """`cost` shared between `parts` outlets, to the kuruş, the remainder on the first ones
    so the shares add up to the cost exactly."""
    if parts <= 0:
        return []
    kurus = int((cost * 100).to_integral_value())
    share, remainder = divmod(kurus, parts)
    return [Decimal(share + (1 if index < remainder else 0)) / 100 for index in range(parts)]


def cost_report(lines, year, month=None):
    """Sums of `lines` (CostLine) in `year` (and `month`): by outlet, by unit, and in total.
    A notice placed in several outlets shares its cost between them (split_cost), so the
    outlet column adds up to the total. Rows are sorted by cost, largest first, then by
    name in Turkish order."""
    by_outlet = defaultdict(Decimal)
    by_unit = defaultdict(Decimal)
    total = Decimal("0")
    count = 0
    for line in lines:
        if line.day.year != year or (month is not None and line.day.month != month):
            continue
        count += 1
        total += line.cost
        by_unit[line.unit] += line.cost
        outlets = line.outlets or ("",)
        for outlet, share in zip(outlets, split_cost(line.cost, len(outlets)), strict=True):
            by_outlet[outlet] += share

    def ordered(sums):
        return sorted(sums.items(), key=lambda item: (-item[1], turkish_sort_key(item[0])))

    return {
        "count": count,
        "total": total,
        "by_outlet": ordered(by_outlet),
        "by_unit": ordered(by_unit),
    }
