"""Tekit (reminder) letters: when an institution the office asked for an answer lets the
answer date pass, a new outgoing letter is drafted from the tekit template with the first
letter as its İlgi, for the Müdür to approve (and number) like any other letter."""

from django.db import transaction
from django.utils import timezone

from cms.text import format_date

from . import rules
from .letters import LetterTemplate
from .models import OPEN_STATUSES, Correspondence, Direction, Kind, Urgency

TEKIT_TEMPLATE = LetterTemplate(
    "tekit",
    Kind.OFFICIAL,
    "Tekit",
    "{konu}",
    "İlgi yazımız ile {konu_kucuk} konusunda {son_tarih} tarihine kadar bilgi verilmesi "
    "istenmiş, ancak bugüne kadar cevap alınamamıştır.\n\n"
    "Konunun tekiden incelenerek sonucundan ivedilikle bilgi verilmesini rica ederim.",
)


def is_awaiting_answer(record):
    """An approved outgoing request with an answer date, not answered yet."""
    return (
        record.direction == Direction.OUTGOING
        and bool(record.number)
        and record.status in OPEN_STATUSES
    )


def can_remind(record, today=None):
    today = today or timezone.localdate()
    answered = not is_awaiting_answer(record) or record.answers.exists()
    return rules.reminder_due(record.due_on, today, answered=answered)


def tekit_text(record):
    """The subject and body of the reminder of `record`."""
    return TEKIT_TEMPLATE.fill(
        {
            "konu": record.subject,
            "konu_kucuk": record.subject[:1].lower() + record.subject[1:],
            "son_tarih": format_date(record.due_on),
        }
    )


@transaction.atomic
def draft_tekit(record, *, user, body=None):
    """The reminder as a draft outgoing letter to the same addressee, ACELE, with the
    request as its İlgi; returns the draft."""
    subject, text = tekit_text(record)
    draft = Correspondence(
        direction=Direction.OUTGOING,
        kind=Kind.OFFICIAL,
        channel=record.channel,
        subject=subject,
        body=body or text,
        party_kind=record.party_kind,
        party_name=record.party_name,
        party_detsis=record.party_detsis,
        party_kep=record.party_kep,
        party_email=record.party_email,
        party_address=record.party_address,
        sdp_code=record.sdp_code,
        signatory_name=record.signatory_name,
        signatory_title=record.signatory_title,
        confidentiality=record.confidentiality,
        urgency=Urgency.URGENT,
        owner=user,
        live=False,
    )
    # A cluster relation: kept in memory on the unsaved draft, written with its save.
    draft.references = [record]
    draft._history_user = user
    draft.save()
    draft.save_revision(user=user)
    return draft
