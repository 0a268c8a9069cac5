"""Pure rules of the events calendar: recurrence, occurrences, month grids, overlaps.

No ORM here: dates and date-times in, dates and date-times out. Recurrence rules are built
with python-dateutil's ``rrule`` (RFC 5545 semantics) rather than parsed by hand, and the
same rule is written to iCalendar as an RRULE, so the site and people's phones agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice

from dateutil import rrule
from dateutil.relativedelta import relativedelta
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cms.dates import ISTANBUL
from cms.text import turkish_casefold

NONE = ""
WEEKLY = "weekly"
MONTHLY_NTH_WEEKDAY = "monthly"
YEARLY = "yearly"

FREQUENCIES = [
    (NONE, _("Does not repeat")),
    (WEEKLY, _("Weekly")),
    (MONTHLY_NTH_WEEKDAY, _("Monthly, on the same weekday (e.g. second Tuesday)")),
    (YEARLY, _("Yearly")),
]

SCHEDULED = "scheduled"
POSTPONED = "postponed"
CANCELLED = "cancelled"
STATUSES = [
    (SCHEDULED, _("Scheduled")),
    (POSTPONED, _("Postponed")),
    (CANCELLED, _("Cancelled")),
]

# A series is stored as one page, its occurrences as rows of a table the calendar reads
# (events.EventOccurrence), at most MAX_OCCURRENCES of them; the limits keep a typo
# ("count: 50000") from producing a calendar no phone can import and no editor meant.
MAX_OCCURRENCES = 520  # ten years of weekly meetings
MAX_SERIES_YEARS = 10
MAX_INTERVAL = 52

# Calendar URLs outside these years are certainly mistakes (or crawlers walking "next").
FIRST_YEAR = 1990
LAST_YEAR = 2100

_RRULE_FREQ = {WEEKLY: rrule.WEEKLY, MONTHLY_NTH_WEEKDAY: rrule.MONTHLY, YEARLY: rrule.YEARLY}
_ICAL_FREQ = {WEEKLY: "WEEKLY", MONTHLY_NTH_WEEKDAY: "MONTHLY", YEARLY: "YEARLY"}
_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Recurrence:
    """How an event repeats: frequency, interval, an end (date or count) and exceptions."""

    frequency: str = NONE
    interval: int = 1
    until: dt.date | None = None
    count: int | None = None
    exceptions: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def repeats(self) -> bool:
        return bool(self.frequency)


@dataclass(frozen=True)
class Occurrence:
    """One time an event takes place; `source` is whatever the caller expanded."""

    start: dt.datetime
    end: dt.datetime
    source: object = None
    all_day: bool = False

    def days(self) -> list[dt.date]:
        return days_spanned(self.start, self.end)

    @property
    def multi_day(self) -> bool:
        return len(self.days()) > 1

    @property
    def month(self) -> dt.date:
        """The first day of the occurrence's month (to group lists by month)."""
        return local(self.start).date().replace(day=1)

    @property
    def last_day(self) -> dt.date:
        return self.days()[-1]


def local(value: dt.datetime) -> dt.datetime:
    """The wall-clock time of ``value`` in Istanbul (aware)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=ISTANBUL)
    return value.astimezone(ISTANBUL)


def nth_weekday(day: dt.date) -> int:
    """Which weekday of its month ``day`` is: 1..4, or -1 for the last (a fifth)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n >= 5 else n


def validate(start: dt.datetime, end: dt.datetime, recurrence: Recurrence) -> dict:
    """Field name → Turkish-translatable error, for an event's dates and its recurrence."""
    errors = {}
    if end < start:
        errors["end"] = _("The end must not be before the start.")
    if not recurrence.repeats:
        return errors
    if not 1 <= (recurrence.interval or 0) <= MAX_INTERVAL:
        errors["repeat_interval"] = _("The interval must be between 1 and %(max)d.") % {
            "max": MAX_INTERVAL
        }
    if recurrence.until is None and recurrence.count is None:
        errors["repeat_until"] = _(
            "A repeating event needs an end: a last date or a number of occurrences."
        )
    if recurrence.until is not None and recurrence.count is not None:
        errors["repeat_count"] = _("Give either a last date or a number of occurrences, not both.")
    if recurrence.count is not None and not 1 <= recurrence.count <= MAX_OCCURRENCES:
        errors["repeat_count"] = _("The number of occurrences must be between 1 and %(max)d.") % {
            "max": MAX_OCCURRENCES
        }
    start_day = local(start).date()
    if recurrence.until is not None:
        if recurrence.until < start_day:
            errors["repeat_until"] = _("The last date of the series must not be before its start.")
        elif recurrence.until > _add_years(start_day, MAX_SERIES_YEARS):
            errors["repeat_until"] = _(
                "A series may last at most %(years)d years; split it or shorten it."
            ) % {"years": MAX_SERIES_YEARS}
        elif "repeat_interval" not in errors:
            total = sum(1 for _ in islice(build_rule(start, recurrence), MAX_OCCURRENCES + 1))
            if total > MAX_OCCURRENCES:
                errors["repeat_until"] = _(
                    "This series would have more than %(max)d occurrences; shorten it."
                ) % {"max": MAX_OCCURRENCES}
    return errors


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def build_rule(start: dt.datetime, recurrence: Recurrence):
    """The dateutil rule of a series, in Istanbul wall-clock time (naive date-times).

    Working in wall-clock time keeps "every Tuesday at 18:00" at 18:00 whatever the
    offset; the caller attaches the zone to each occurrence.
    """
    first = local(start).replace(tzinfo=None)
    kwargs = {"dtstart": first, "interval": max(1, recurrence.interval or 1)}
    if recurrence.frequency == MONTHLY_NTH_WEEKDAY:
        kwargs["byweekday"] = _WEEKDAYS[first.weekday()](nth_weekday(first.date()))
    if recurrence.count:
        kwargs["count"] = min(recurrence.count, MAX_OCCURRENCES)
    elif recurrence.until is not None:
        kwargs["until"] = dt.datetime.combine(recurrence.until, dt.time.max)
    else:
        # Never endless, even for a record that skipped validation (an import, a script).
        kwargs["count"] = MAX_OCCURRENCES
    return rrule.rrule(_RRULE_FREQ[recurrence.frequency], **kwargs)


def _rule_set(start: dt.datetime, recurrence: Recurrence):
    rules = rrule.rruleset()
    rules.rrule(build_rule(start, recurrence))
    # EXDATE matches whole occurrences, so exceptions are given as dates and excluded at
    # the event's own time of day.
    first = local(start).replace(tzinfo=None)
    for day in recurrence.exceptions:
        rules.exdate(dt.datetime.combine(day, first.time()))
    return rules


def occurrences(
    start: dt.datetime,
    end: dt.datetime,
    recurrence: Recurrence,
    window_start: dt.datetime,
    window_end: dt.datetime,
    *,
    source=None,
    all_day=False,
) -> list[Occurrence]:
    """The occurrences of an event that overlap [window_start, window_end)."""
    duration = end - start
    if not recurrence.repeats:
        if start < window_end and end >= window_start:
            return [Occurrence(start, end, source, all_day)]
        return []
    rules = _rule_set(start, recurrence)
    # An occurrence that began before the window may still be running inside it.
    after = local(window_start - duration).replace(tzinfo=None)
    before = local(window_end).replace(tzinfo=None)
    found = []
    for first in rules.between(after, before, inc=True):
        occurrence_start = first.replace(tzinfo=ISTANBUL)
        occurrence_end = occurrence_start + duration
        if occurrence_start < window_end and occurrence_end >= window_start:
            found.append(Occurrence(occurrence_start, occurrence_end, source, all_day))
    return found


def every_occurrence(
    start: dt.datetime, end: dt.datetime, recurrence: Recurrence
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of each occurrence of an event, the first MAX_OCCURRENCES of a series
    (what the occurrence table stores); the same times occurrences() gives for a window."""
    if not recurrence.repeats:
        return [(start, end)]
    duration = end - start
    found = []
    for first in islice(_rule_set(start, recurrence), MAX_OCCURRENCES):
        occurrence_start = first.replace(tzinfo=ISTANBUL)
        found.append((occurrence_start, occurrence_start + duration))
    return found


def series_end(start: dt.datetime, end: dt.datetime, recurrence: Recurrence) -> dt.datetime:
    """When the last occurrence ends (the event's own end if it does not repeat)."""
    if not recurrence.repeats:
        return end
    last = None
    for last in _rule_set(start, recurrence):  # noqa: B007 — bounded by MAX_OCCURRENCES
        pass
    if last is None:
        return end
    return last.replace(tzinfo=ISTANBUL) + (end - start)


def ical_rrule(start: dt.datetime, recurrence: Recurrence) -> dict:
    """The RRULE of a series as the ``icalendar`` package takes it (a vRecur dict)."""
    value = {"FREQ": _ICAL_FREQ[recurrence.frequency]}
    if (recurrence.interval or 1) > 1:
        value["INTERVAL"] = recurrence.interval
    first = local(start)
    if recurrence.frequency == MONTHLY_NTH_WEEKDAY:
        value["BYDAY"] = f"{nth_weekday(first.date())}{_ICAL_WEEKDAYS[first.weekday()]}"
    if recurrence.count:
        value["COUNT"] = min(recurrence.count, MAX_OCCURRENCES)
    elif recurrence.until:
        # RFC 5545: UNTIL is in UTC when DTSTART has a time zone.
        last = dt.datetime.combine(recurrence.until, dt.time(23, 59, 59), tzinfo=ISTANBUL)
        value["UNTIL"] = last.astimezone(dt.UTC)
    else:
        value["COUNT"] = MAX_OCCURRENCES
    return value


_ORDINALS = {
    1: _("first"),
    2: _("second"),
    3: _("third"),
    4: _("fourth"),
    -1: _("last"),
}


def describe(start: dt.datetime, recurrence: Recurrence) -> str:
    """How a series repeats, in words: "every week on Wednesday, until 27 January 2027"."""
    if not recurrence.repeats:
        return ""
    first = local(start)
    weekday = formats.date_format(first, "l")
    interval = recurrence.interval or 1
    if recurrence.frequency == WEEKLY:
        text = (
            _("every week on %(weekday)s")
            if interval == 1
            else _("every %(n)d weeks on %(weekday)s")
        ) % {"weekday": weekday, "n": interval}
    elif recurrence.frequency == MONTHLY_NTH_WEEKDAY:
        text = (
            _("on the %(ordinal)s %(weekday)s of every month")
            if interval == 1
            else _("on the %(ordinal)s %(weekday)s of every %(n)d months")
        ) % {"ordinal": _ORDINALS[nth_weekday(first.date())], "weekday": weekday, "n": interval}
    else:
        text = (
            _("every year on %(date)s") if interval == 1 else _("every %(n)d years on %(date)s")
        ) % {"date": formats.date_format(first, "j F"), "n": interval}
    if recurrence.count:
        text = _("%(rule)s, %(count)d times") % {"rule": text, "count": recurrence.count}
    elif recurrence.until:
        text = _("%(rule)s, until %(date)s") % {
            "rule": text,
            "date": formats.date_format(recurrence.until, "DATE_FORMAT"),
        }
    return text


def days_spanned(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    """Every Istanbul calendar day an event touches (an end at midnight is the day before)."""
    first = local(start).date()
    end_local = local(end)
    last = end_local.date()
    if end_local.time() == dt.time(0, 0) and last > first:
        last -= dt.timedelta(days=1)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def check_month(year: int, month: int) -> None:
    """Raise ValueError for a month no calendar URL should name."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise ValueError(f"no such month: {year}-{month}")


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next one, in Istanbul."""
    check_month(year, month)
    start = dt.datetime(year, month, 1, tzinfo=ISTANBUL)
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=ISTANBUL)
    return start, following


def adjacent_months(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return previous, following


def month_weeks(year: int, month: int) -> list[list[dt.date]]:
    """The weeks (Monday first, as in Turkey) that show a month, days of nearby months
    included."""
    check_month(year, month)
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)


def week_of(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Whether two half-open periods share any time (touching ends do not overlap)."""
    return a_start < b_end and b_start < a_end


# -- appointment requests -----------------------------------------------------------------

# The reference a requester quotes: "RT-2026-K7Q2MX". The random part (30 bits, no
# look-alike letters) keeps the count of requests, and other people's numbers, private.
REQUEST_REFERENCE_PREFIX = "RT"
REQUEST_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REQUEST_REFERENCE_LENGTH = 6


def request_reference(year: int, token: str) -> str:
    return f"{REQUEST_REFERENCE_PREFIX}-{year}-{token}"


def personal_data_cutoff(today: dt.date, retention_days: int) -> dt.date:
    """Requests closed on or before this day have kept their personal data long enough.

    6698 sayılı KVKK md. 7/1: personal data is erased once the reason for processing it
    is gone; Kişisel Verilerin Silinmesi Yönetmeliği md. 11: periodic erasure at intervals
    of at most six months. The period is KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS
    (docs/legal.md)."""
    return today - dt.timedelta(days=retention_days)


def preferred_date_problem(day: dt.date, today: dt.date) -> bool:
    """Whether a citizen's preferred date cannot be offered: today or earlier (the office
    needs at least a day to evaluate a request)."""
    return day <= today


# -- protocol: gifts and representation costs ---------------------------------------------

# Money is Decimal in Turkish lira, rounded to the kuruş half up (3065 sayılı KDV Kanunu
# md. 28: VAT is a percentage of the base; the Tax Procedure Law's rounding to the kuruş).
KURUS = Decimal("0.01")
VAT_RATES = (Decimal("0"), Decimal("1"), Decimal("10"), Decimal("20"))

REPRESENTATION = "temsil"
HOSPITALITY = "agirlama"
CEREMONY = "toren"
BUDGET_LINES = [
    (REPRESENTATION, _("Representation (temsil)")),
    (HOSPITALITY, _("Hospitality (ağırlama)")),
    (CEREMONY, _("Ceremonies (tören)")),
]


def vat_amount(net: Decimal, rate_percent: Decimal) -> Decimal:
    return (net * rate_percent / Decimal(100)).quantize(KURUS, rounding=ROUND_HALF_UP)


def gross_amount(net: Decimal, rate_percent: Decimal) -> Decimal:
    return net.quantize(KURUS, rounding=ROUND_HALF_UP) + vat_amount(net, rate_percent)


def yearly_summary(expenses) -> list[dict]:
    """Twelve rows (January to December) and a total row of the year's spending per
    budget line, from (date, budget line, gross amount) triples; exact Decimal sums."""
    lines = [line for line, _label in BUDGET_LINES]
    months = [{"month": month, **dict.fromkeys(lines, Decimal("0.00"))} for month in range(1, 13)]
    for day, line, gross in expenses:
        months[day.month - 1][line] += gross
    total = {"month": None, **{line: sum(row[line] for row in months) for line in lines}}
    for row in [*months, total]:
        row["total"] = sum((row[line] for line in lines), Decimal("0.00"))
    return [*months, total]


def last_day_of_month(day: dt.date) -> dt.date:
    """The last day of `day`'s month (28 February, 29 in a leap year, 31 December…)."""
    return day + relativedelta(day=31)  # dateutil clamps the day to the month's last


def monthly_report(expenses) -> dict:
    """One month's costs grouped by budget line (in BUDGET_LINES order, a line without
    costs left out): each group's items as given and its sums of the amount before VAT,
    the VAT and the amount with VAT, then the month's totals. `expenses` have
    `budget_line`, `net_amount` and `vat_rate`; the sums are exact Decimals, the VAT of
    each item rounded first (as on its invoice), so a group's VAT is the sum of the
    invoices' VAT."""
    zero = Decimal("0.00")
    groups = {line: {"line": line, "label": label, "items": []} for line, label in BUDGET_LINES}
    for expense in expenses:
        groups[expense.budget_line]["items"].append(expense)
    kept = [group for group in groups.values() if group["items"]]
    for group in kept:
        group["net"] = sum((e.net_amount for e in group["items"]), zero)
        group["vat"] = sum((vat_amount(e.net_amount, e.vat_rate) for e in group["items"]), zero)
        group["gross"] = group["net"] + group["vat"]
    total = {name: sum((group[name] for group in kept), zero) for name in ("net", "vat", "gross")}
    return {"groups": kept, "total": total}


# The Standard File Plan code invitation letters are filed under: "Davetler ve Gündemler"
# of the demo's file plan (Devlet Arşiv Başkanlığı's Standart Dosya Planı, 050.01.02). An
# office that files them elsewhere changes these two; the register adds the code when its
# list lacks it (cms.records).
INVITATION_FILE_PLAN_CODE = "050.01.02"
INVITATION_FILE_PLAN_TITLE = "Davetler ve Gündemler"

HOME_COUNTRY = "Türkiye"


def is_abroad(country: str) -> bool:
    """A trip is abroad unless its country is Türkiye (however it is capitalised)."""
    name = turkish_casefold((country or "").strip())
    return name not in {"", turkish_casefold(HOME_COUNTRY), "turkiye", "turkey"}


def budget_rows(allocations: dict, total_row: dict) -> list[dict]:
    """The yearly budget of each line and what remains of it after the year's spending
    (`total_row`, the last row of yearly_summary), as two more rows of the summary. A line
    without a budget has None in both; an overspent line remains negative, exactly."""
    lines = [line for line, _label in BUDGET_LINES]
    budget = {"month": None, "kind": "budget"}
    remaining = {"month": None, "kind": "remaining"}
    for line in [*lines, "total"]:
        if line == "total":
            amounts = [allocations[name] for name in lines if allocations.get(name) is not None]
            allocated = sum(amounts, Decimal("0.00")) if amounts else None
            spent = sum(
                (total_row[name] for name in lines if allocations.get(name) is not None),
                Decimal("0.00"),
            )
        else:
            allocated = allocations.get(line)
            spent = total_row[line]
        budget[line] = allocated
        remaining[line] = None if allocated is None else allocated - spent
    return [budget, remaining]


def gift_needs_declaration(received: bool, value: Decimal | None, threshold: Decimal) -> bool:
    """A gift received above the threshold is to be declared (3628 sayılı Kanun md. 3 and
    Kamu Görevlileri Etik Davranış İlkeleri Yönetmeliği md. 15: gifts received from foreign
    states or persons worth more than ten months' minimum wage are handed over within a
    month; KALEM_GIFT_DECLARATION_THRESHOLD_TRY, docs/legal.md)."""
    return bool(received and value is not None and value > threshold)


def gift_declaration_due(received_on: dt.date) -> dt.date:
    """The last day to hand a gift to be declared over to the institution: "bir ay
    içinde" (3628 sayılı Kanun md. 3), the same day of the next month, or that month's
    last day when it has no such day (31 January → 28 or 29 February)."""
    return received_on + relativedelta(months=1)


# Ceremonies and openings (tören, açılış): the kinds, the checklist each kind starts
# with (the office's own practice; items can be added, removed or ticked per ceremony),
# the replies to an invitation and the seating and speaking order.
STATE_CEREMONY = "bayram"
OPENING = "acilis"
GROUND_BREAKING = "temel"
COMMEMORATION = "anma"
CEREMONY_KINDS = [
    (STATE_CEREMONY, _("National day ceremony")),
    (OPENING, _("Opening")),
    (GROUND_BREAKING, _("Ground-breaking")),
    (COMMEMORATION, _("Commemoration")),
]
_COMMON_CHECKLIST = [
    _("Protocol list and invitations agreed with the Valilik"),
    _("Invitations sent"),
    _("Replies collected"),
    _("Seating plan and name cards"),
    _("Sound system and lectern"),
    _("Flags and Atatürk portrait"),
    _("Photographer and press informed"),
]
CEREMONY_CHECKLISTS = {
    STATE_CEREMONY: [
        *_COMMON_CHECKLIST,
        _("Wreath ordered"),
        _("Tribune and route of the parade"),
    ],
    OPENING: [*_COMMON_CHECKLIST, _("Ribbon and scissors"), _("Opening plaque")],
    GROUND_BREAKING: [*_COMMON_CHECKLIST, _("Foundation stone and time capsule")],
    COMMEMORATION: [*_COMMON_CHECKLIST, _("Wreath ordered"), _("Moment of silence announced")],
}

INVITED = "davet"
ATTENDING = "katilacak"
NOT_ATTENDING = "katilmayacak"
STAND_IN = "yerine"
REPLIES = [
    (INVITED, _("Invited")),
    (ATTENDING, _("Will attend")),
    (NOT_ATTENDING, _("Will not attend")),
    (STAND_IN, _("Someone attends in their place")),
]


@dataclass(frozen=True)
class Invitee:
    """One line of a ceremony's invited list, as the seating rule needs it: the office
    and its rank (None for a free-text guest), the holder's or the guest's name, the
    reply and the stand-in's name, and whether the person speaks."""

    name: str
    office: str = ""
    rank: int | None = None
    reply: str = INVITED
    stand_in: str = ""
    speaks: bool = False


@dataclass(frozen=True)
class Seat:
    place: int
    name: str
    office: str
    stand_in_for: str
    speaks: bool


def seating_order(invitees, *, stand_in_takes_rank: bool) -> list[Seat]:
    """The attending invitees in protocol order, seat 1 first (the seat of honour).

    Office holders who attend sit by their rank (Tören ve Kutlamalar Yönetmeliği: the
    local protocol list); equal ranks keep the invited list's order. A stand-in (yerine
    katılan) sits at the rank of the office they represent only when
    `stand_in_takes_rank` (KALEM_CEREMONY_STAND_IN_TAKES_RANK, docs/legal.md); otherwise
    after every office holder, in the order of the offices they represent. Free-text
    guests, who have no rank, sit last in the list's order. Those who have not replied
    or will not attend get no seat."""
    ranked, stand_ins, guests = 0, 1, 2
    keyed = []
    for position, invitee in enumerate(invitees):
        if invitee.reply == ATTENDING:
            name, stand_in_for = invitee.name, ""
            group = ranked
        elif invitee.reply == STAND_IN:
            name, stand_in_for = invitee.stand_in, invitee.office or invitee.name
            group = ranked if stand_in_takes_rank else stand_ins
        else:
            continue
        if invitee.rank is None:
            group = guests
        rank = invitee.rank if invitee.rank is not None else 0
        keyed.append(((group, rank, position), name, invitee.office, stand_in_for, invitee.speaks))
    keyed.sort(key=lambda row: row[0])
    return [
        Seat(place, name, office, stand_in_for, speaks)
        for place, (_key, name, office, stand_in_for, speaks) in enumerate(keyed, start=1)
    ]


def speaking_order(seats: list[Seat]) -> list[Seat]:
    """Those who speak, the lowest in protocol first and the highest last (speeches go
    from junior to senior; the highest office speaks last)."""
    return [seat for seat in reversed(seats) if seat.speaks]
