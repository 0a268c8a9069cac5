"""Tekzip deadlines: the statutory periods of a right-of-reply notice, as plain date functions.

*Tekzip* (in the statutes *cevap ve düzeltme*, "reply and correction") is the Turkish right of
reply: whoever is harmed by an untrue or defamatory item may send a reply to the outlet's
responsible manager (sorumlu müdür), who must publish it unchanged within a short period. If the
outlet does not, or publishes it against the rules, the person may apply to the *sulh ceza
hakimliği* (criminal judgeship of peace, the first-instance criminal judge for small matters),
which decides on the file, without a hearing, within three days.

Sources: Basın Kanunu (Press Law) no. 5187 md. 14 for periodicals, extended to internet news
sites by Law 7418 (2022); Law 6112 md. 18 for radio and television.

How periods are counted, unless a constant below says otherwise:

* the day the period starts is not counted (HMK md. 92/1, CMK md. 39/1, TBK md. 92): "within
  three days of receipt on the 10th" ends on the 13th;
* a period of months ends on the same-numbered day of the last month, or on that month's last
  day when it has none (HMK md. 92/2, CMK md. 39/2, TBK md. 92): 31 January + 2 months is
  31 March, 31 December + 2 months is 28 or 29 February;
* whether a period whose last day is a weekend or official holiday moves to the next working
  day (HMK md. 93, CMK md. 39/3, TBK md. 93) is decided per period, next to its constant. The
  calendar is ``cms.workdays``; half days (28 October, arife) count as working days unless
  ``half_day_is_working=False`` is passed.

Each constant names its article; every choice the law leaves open is marked "Choice:" so that a
lawyer can check it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from cms.workdays import roll_forward


class Medium(StrEnum):
    """Kind of outlet that published the item answered."""

    DAILY = "daily"  # günlük süreli yayın
    PERIODICAL = "periodical"  # diğer süreli yayın: weekly, monthly...
    INTERNET = "internet"  # internet haber sitesi
    BROADCAST = "broadcast"  # radyo ve televizyon


MEDIUM_LABELS = {
    Medium.DAILY: _("Daily periodical"),
    Medium.PERIODICAL: _("Other periodical"),
    Medium.INTERNET: _("Internet news site"),
    Medium.BROADCAST: _("Radio / television"),
}

# Publication rhythm of "other periodicals", in days between issues. MONTHLY is an
# approximation: for a magazine out on a fixed day of the month pass its real next issue date.
WEEKLY = 7
FORTNIGHTLY = 14
MONTHLY = 30

# --- Sending the reply (the claimant's period) ---------------------------------------------
# 5187 md. 14/1: the reply is sent "yayım tarihinden itibaren iki ay içinde"; this covers
# internet news sites too since Law 7418 (2022).
SEND_MONTHS_PRESS = 2
# 6112 md. 18/1: radio and television, sixty days from the broadcast.
SEND_DAYS_BROADCAST = 60
# Choice: rolls over to the next working day. Neither law has its own rule; the reply is sent
# through a notary or the post, and TBK md. 93 (HMK md. 93 by analogy) moves a period that ends
# on a holiday. The unrolled last day is kept in Deadline.nominal for a cautious reminder.
SEND_ROLLS_OVER = True

# --- Publishing the reply (the outlet's period), counted from receipt by the sorumlu müdür ----
# 5187 md. 14/1(a): daily periodicals, "en geç üç gün içinde".
PUBLISH_DAYS_DAILY = 3
# 5187 md. 14/1(b): other periodicals, "üç günden sonraki ilk nüshada": the first issue that
# appears after the three days from receipt have run out (received on the 10th: from the 14th).
PUBLISH_AFTER_DAYS_PERIODICAL = 3
# 5187 md. 14/1 as amended by Law 7418 (2022): internet news sites, "en geç bir gün içinde".
PUBLISH_DAYS_INTERNET = 1
# 6112 md. 18: radio and television, within seven days.
PUBLISH_DAYS_BROADCAST = 7
# Choice: does NOT roll over. Outlets publish and broadcast on weekends and holidays, the duty
# is a publication rather than a filing at an office, and the earlier day is the safer one on
# both sides (it also starts the claimant's period to apply to the judge).
PUBLISH_ROLLS_OVER = False

# --- Applying to the sulh ceza hakimliği -----------------------------------------------------
# 5187 md. 14/4: fifteen days from the end of the publication period or, if the reply was
# published against md. 14, from that publication.
JUDGE_DAYS_PRESS = 15
# 6112 md. 18: secondary sources give ten or fifteen days. Choice: until a lawyer confirms the
# text in force, reminders use the EARLIER, ten days.
JUDGE_DAYS_BROADCAST = 10
# Choice: rolls over. The application is made to a criminal court, so CMK md. 39/3 applies.
JUDGE_ROLLS_OVER = True
# 5187 md. 14/4 (and 6112 md. 18): the judge decides within three days, without a hearing.
JUDGE_DECISION_DAYS = 3
# Choice: rolls over (CMK md. 39/3); the date is only informative, the court is not bound by it.
JUDGE_DECISION_ROLLS_OVER = True

# --- Length of the reply ---------------------------------------------------------------------
# 5187 md. 14/2: the reply may not be longer than the item it answers; where that item is under
# twenty lines, or is a picture or cartoon, the reply may run to thirty lines.
SHORT_ITEM_LINES = 20
SHORT_ITEM_MAX_REPLY_LINES = 30
# Choice: the law does not define a line. 60 characters is a typed A4 line in a notarial
# letter; use the outlet's column width (about 30-40) to compare with a printed item.
LINE_WIDTH = 60


@dataclass(frozen=True)
class Reading:
    """How Kalem reads the points the statutes leave open (docs/legal.md). The defaults are
    the "Choice:" constants above; an office whose lawyer reads the law otherwise sets
    ``KALEM_TEKZIP_READING`` (a dict of these field names) in its settings."""

    judge_days_broadcast: int = JUDGE_DAYS_BROADCAST
    send_rolls_over: bool = SEND_ROLLS_OVER
    publish_rolls_over: bool = PUBLISH_ROLLS_OVER
    half_day_is_working: bool = True


# A deadline this many days away or fewer is shown as due soon.
DUE_SOON_DAYS = 3


class DeadlineKind(StrEnum):
    """What a deadline is for."""

    SEND = "send"
    PUBLISH = "publish"
    JUDGE_NOT_PUBLISHED = "judge_not_published"
    JUDGE_IMPROPER = "judge_improper"
    JUDGE_DECISION = "judge_decision"


DEADLINE_LABELS = {
    DeadlineKind.SEND: _("Last day to send the reply and correction"),
    DeadlineKind.PUBLISH: _("Last day for the outlet to publish the reply"),
    DeadlineKind.JUDGE_NOT_PUBLISHED: _(
        "Last day to apply to the criminal judge of peace if not published in time"
    ),
    DeadlineKind.JUDGE_IMPROPER: _(
        "Last day to apply to the criminal judge of peace over an improper publication"
    ),
    DeadlineKind.JUDGE_DECISION: _("Day by which the criminal judge of peace must decide"),
}


class DeadlineState(StrEnum):
    """How close a deadline is."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OK = "ok"


@dataclass(frozen=True)
class Deadline:
    """One deadline of a notice: the last day, its Turkish label and its legal basis."""

    kind: DeadlineKind
    label: str
    date: dt.date  # the last day, after any rollover to a working day
    nominal: dt.date  # the last day as the statute counts it, before rollover
    basis: str


def _basis(medium: Medium) -> str:
    """The article a medium's tekzip periods come from."""
    if medium is Medium.BROADCAST:
        return _("Law no. 6112, art. 18")
    return _("Press Law no. 5187, art. 14")


def _close(nominal: dt.date, rolls_over: bool, half_day_is_working: bool) -> dt.date:
    """The real last day of a period: rolled to a working day where the rule says so."""
    if rolls_over:
        return roll_forward(nominal, half_day_is_working=half_day_is_working)
    return nominal


def _send_nominal(published: dt.date, medium: Medium) -> dt.date:
    """Statutory last day to send the reply, before rollover."""
    if medium is Medium.BROADCAST:
        return published + dt.timedelta(days=SEND_DAYS_BROADCAST)
    return published + relativedelta(months=SEND_MONTHS_PRESS)


def _judge_nominal(
    start: dt.date, medium: Medium, broadcast_days: int = JUDGE_DAYS_BROADCAST
) -> dt.date:
    """Statutory last day to apply to the judge, before rollover."""
    days = broadcast_days if medium is Medium.BROADCAST else JUDGE_DAYS_PRESS
    return start + dt.timedelta(days=days)


def send_by(
    published: dt.date, medium: Medium | str, *, half_day_is_working: bool = True
) -> dt.date:
    """Last day to send the reply to the outlet, counted from the item's publication."""
    nominal = _send_nominal(published, Medium(medium))
    return _close(nominal, SEND_ROLLS_OVER, half_day_is_working)


def first_issue_after(day: dt.date, *, known_issue: dt.date, interval_days: int) -> dt.date:
    """The first issue strictly after ``day`` of a periodical out every ``interval_days``."""
    if interval_days <= 0:
        raise ValueError(f"interval_days must be positive, got {interval_days}")
    issues_since = (day - known_issue).days // interval_days + 1
    return known_issue + dt.timedelta(days=issues_since * interval_days)


def publish_by(
    received: dt.date,
    medium: Medium | str,
    *,
    known_issue: dt.date | None = None,
    interval_days: int | None = None,
    next_issue: dt.date | None = None,
) -> dt.date:
    """Last day for the outlet to publish the reply, counted from its receipt.

    For other periodicals this is the first issue after three days from receipt: pass either
    ``next_issue`` (that issue's date) or ``known_issue`` (any issue date, e.g. the one that
    carried the item) with ``interval_days`` (the rhythm, e.g. WEEKLY).
    """
    medium = Medium(medium)
    if medium is Medium.DAILY:
        return received + dt.timedelta(days=PUBLISH_DAYS_DAILY)
    if medium is Medium.INTERNET:
        return received + dt.timedelta(days=PUBLISH_DAYS_INTERNET)
    if medium is Medium.BROADCAST:
        return received + dt.timedelta(days=PUBLISH_DAYS_BROADCAST)

    three_days_over = received + dt.timedelta(days=PUBLISH_AFTER_DAYS_PERIODICAL)
    if next_issue is not None:
        if next_issue <= three_days_over:
            raise ValueError(
                f"the reply goes in the first issue after {three_days_over}, not {next_issue}"
            )
        return next_issue
    if known_issue is None or interval_days is None:
        raise ValueError("a periodical needs next_issue, or known_issue and interval_days")
    return first_issue_after(three_days_over, known_issue=known_issue, interval_days=interval_days)


def judge_application_by(
    start: dt.date, medium: Medium | str, *, half_day_is_working: bool = True
) -> dt.date:
    """Last day to apply to the sulh ceza hakimliği.

    ``start`` is the last day of the publication period if the reply was not published, or the
    day of the publication if it was published against the rules.
    """
    nominal = _judge_nominal(start, Medium(medium))
    return _close(nominal, JUDGE_ROLLS_OVER, half_day_is_working)


def judge_decision_by(applied: dt.date, *, half_day_is_working: bool = True) -> dt.date:
    """Day by which the sulh ceza hakimliği should decide an application made on ``applied``."""
    nominal = applied + dt.timedelta(days=JUDGE_DECISION_DAYS)
    return _close(nominal, JUDGE_DECISION_ROLLS_OVER, half_day_is_working)


def _deadline(
    kind: DeadlineKind, nominal: dt.date, rolls_over: bool, medium: Medium, half: bool
) -> Deadline:
    """A Deadline with its label, basis and rolled-over date filled in."""
    return Deadline(
        kind=kind,
        label=DEADLINE_LABELS[kind],
        date=_close(nominal, rolls_over, half),
        nominal=nominal,
        basis=_basis(medium),
    )


def deadlines(
    published: dt.date,
    medium: Medium | str,
    *,
    received: dt.date | None = None,
    reply_published: dt.date | None = None,
    improper_publication: dt.date | None = None,
    applied_to_judge: dt.date | None = None,
    interval_days: int | None = None,
    next_issue: dt.date | None = None,
    half_day_is_working: bool = True,
    reading: Reading | None = None,
) -> list[Deadline]:
    """All deadlines that apply to a notice, in the order they arise.

    ``published`` is the day the item answered appeared (for a periodical, also an issue date
    from which ``interval_days`` counts). ``received`` is the day the responsible manager
    received the reply; ``reply_published`` the day the outlet published it;
    ``improper_publication`` the day it was published against the rules; ``applied_to_judge``
    the day of the application to the sulh ceza hakimliği. ``reading`` settles the points
    the law leaves open (default: Kalem's, with ``half_day_is_working``).
    """
    medium = Medium(medium)
    if received is not None and received < published:
        raise ValueError(f"the reply was received ({received}) before publication ({published})")
    if reading is None:
        reading = Reading(half_day_is_working=half_day_is_working)
    half = reading.half_day_is_working
    broadcast_days = reading.judge_days_broadcast

    result = [
        _deadline(
            DeadlineKind.SEND,
            _send_nominal(published, medium),
            reading.send_rolls_over,
            medium,
            half,
        )
    ]
    if received is not None:
        publish_nominal = publish_by(
            received,
            medium,
            known_issue=published,
            interval_days=interval_days,
            next_issue=next_issue,
        )
        publish = _deadline(
            DeadlineKind.PUBLISH, publish_nominal, reading.publish_rolls_over, medium, half
        )
        result.append(publish)
        if improper_publication is not None:
            nominal = _judge_nominal(improper_publication, medium, broadcast_days)
            result.append(
                _deadline(DeadlineKind.JUDGE_IMPROPER, nominal, JUDGE_ROLLS_OVER, medium, half)
            )
        elif reply_published is None or reply_published > publish.date:
            # Choice: a late publication does not restart the period; it runs from the end of
            # the publication period, the earlier of the two readings of 5187 md. 14/4.
            nominal = _judge_nominal(publish.date, medium, broadcast_days)
            result.append(
                _deadline(DeadlineKind.JUDGE_NOT_PUBLISHED, nominal, JUDGE_ROLLS_OVER, medium, half)
            )
    if applied_to_judge is not None:
        nominal = applied_to_judge + dt.timedelta(days=JUDGE_DECISION_DAYS)
        result.append(
            _deadline(DeadlineKind.JUDGE_DECISION, nominal, JUDGE_DECISION_ROLLS_OVER, medium, half)
        )
    return result


def days_left(deadline: Deadline | dt.date, today: dt.date) -> int:
    """Days from ``today`` to the deadline's last day: 0 on the day itself, negative after."""
    last_day = deadline.date if isinstance(deadline, Deadline) else deadline
    return (last_day - today).days


def deadline_state(deadline: Deadline | dt.date, today: dt.date) -> DeadlineState:
    """Overdue after the last day, due soon within DUE_SOON_DAYS of it, otherwise ok."""
    left = days_left(deadline, today)
    if left < 0:
        return DeadlineState.OVERDUE
    if left <= DUE_SOON_DAYS:
        return DeadlineState.DUE_SOON
    return DeadlineState.OK


def max_reply_lines(original_lines: int, original_is_picture: bool = False) -> int:
    """Longest reply allowed, in lines, for an item of ``original_lines`` lines."""
    if original_lines < 0:
        raise ValueError(f"original_lines must be zero or positive, got {original_lines}")
    if original_is_picture or original_lines < SHORT_ITEM_LINES:
        return SHORT_ITEM_MAX_REPLY_LINES
    return original_lines


def reply_too_long(
    reply_lines: int, original_lines: int, original_is_picture: bool = False
) -> bool:
    """Whether a reply of ``reply_lines`` lines exceeds the length 5187 md. 14/2 allows."""
    return reply_lines > max_reply_lines(original_lines, original_is_picture)


def count_lines(text: str, width: int = LINE_WIDTH) -> int:
    """Lines ``text`` fills when wrapped at ``width`` characters; blank lines do not count."""
    # Blank lines are paragraph spacing, which the outlet's layout decides, not the text.
    return sum(len(textwrap.wrap(line, width)) for line in text.splitlines())


# --- Status flow of a notice -------------------------------------------------------------------


class Status(StrEnum):
    """Where a notice stands; the office's process, not a statute."""

    DRAFT = "draft"  # taslak
    PENDING = "pending"  # onay bekliyor: in the Müdür onayı workflow
    APPROVED = "approved"  # onaylandı
    SENT = "sent"  # gönderildi
    PUBLISHED = "published"  # yayımlandı
    NOT_PUBLISHED = "not_published"  # yayımlanmadı
    COURT = "court"  # mahkemeye başvuruldu
    CONCLUDED = "concluded"  # sonuçlandı
    WITHDRAWN = "withdrawn"  # geri çekildi


# Every allowed move. A draft is approved directly when the Müdür publishes it himself. A notice
# published against 5187 md. 14 may still go to the judge (JUDGE_IMPROPER), and a late
# publication may follow "not published". Withdrawal is possible once approved, and final.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PENDING, Status.APPROVED}),
    Status.PENDING: frozenset({Status.APPROVED, Status.DRAFT}),
    Status.APPROVED: frozenset({Status.SENT, Status.WITHDRAWN}),
    Status.SENT: frozenset({Status.PUBLISHED, Status.NOT_PUBLISHED, Status.WITHDRAWN}),
    Status.PUBLISHED: frozenset({Status.COURT, Status.WITHDRAWN}),
    Status.NOT_PUBLISHED: frozenset({Status.PUBLISHED, Status.COURT, Status.WITHDRAWN}),
    Status.COURT: frozenset({Status.CONCLUDED, Status.WITHDRAWN}),
    Status.CONCLUDED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# Once the letter has left the office the notice is a legal record: it is never deleted.
SENT_OR_LATER = frozenset(
    {
        Status.SENT,
        Status.PUBLISHED,
        Status.NOT_PUBLISHED,
        Status.COURT,
        Status.CONCLUDED,
        Status.WITHDRAWN,
    }
)

# The deadlines the office still has to watch in each status.
OPEN_DEADLINES: dict[Status, frozenset[DeadlineKind]] = {
    Status.DRAFT: frozenset({DeadlineKind.SEND}),
    Status.PENDING: frozenset({DeadlineKind.SEND}),
    Status.APPROVED: frozenset({DeadlineKind.SEND}),
    Status.SENT: frozenset({DeadlineKind.PUBLISH, DeadlineKind.JUDGE_NOT_PUBLISHED}),
    Status.NOT_PUBLISHED: frozenset({DeadlineKind.JUDGE_NOT_PUBLISHED}),
    Status.PUBLISHED: frozenset({DeadlineKind.JUDGE_IMPROPER}),
    Status.COURT: frozenset({DeadlineKind.JUDGE_DECISION}),
    Status.CONCLUDED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# The dashboard and the daily reminder show deadlines this many days away, or overdue.
REMIND_WITHIN_DAYS = 7


def can_transition(current: Status | str, target: Status | str) -> bool:
    """Whether a notice in ``current`` may move to ``target``."""
    return Status(target) in TRANSITIONS[Status(current)]


def may_delete(status: Status | str) -> bool:
    """A notice may be deleted only before it was sent."""
    return Status(status) not in SENT_OR_LATER


def next_deadline(
    all_deadlines: list[Deadline], status: Status | str, today: dt.date
) -> Deadline | None:
    """The deadline to watch: the earliest open one not yet passed, else the last one missed."""
    open_kinds = OPEN_DEADLINES[Status(status)]
    watched = sorted((d for d in all_deadlines if d.kind in open_kinds), key=lambda d: d.date)
    if not watched:
        return None
    upcoming = [d for d in watched if d.date >= today]
    return upcoming[0] if upcoming else watched[-1]


def needs_reminder(deadline: Deadline | None, today: dt.date) -> bool:
    """Whether a deadline is overdue or within REMIND_WITHIN_DAYS of ``today``."""
    return deadline is not None and days_left(deadline, today) <= REMIND_WITHIN_DAYS


# --- Letter number (Sayı) ------------------------------------------------------------------
# Resmî Yazışmalarda Uygulanacak Usul ve Esaslar Hakkında Yönetmelik md. 10: "Sayı" is "E-" for
# an electronic document, the DETSİS number of the unit, the Standard File Plan code and the
# running number of the document. Choice: 045.01 as the file plan code for tekzip letters. The
# running number is the correspondence register's one outgoing sequence (cms.records): every
# tekzip letter is an outgoing record of the register.
TEKZIP_FILE_PLAN_CODE = "045.01"
TEKZIP_FILE_PLAN_TITLE = "Cevap ve Düzeltme (Tekzip) Yazıları"


def letter_number(detsis: str, running: int, file_plan_code: str = TEKZIP_FILE_PLAN_CODE) -> str:
    """The "Sayı" of a letter: ``E-12345678-045.01-17``."""
    if running <= 0:
        raise ValueError(f"running must be positive, got {running}")
    return f"E-{detsis}-{file_plan_code}-{running}"
