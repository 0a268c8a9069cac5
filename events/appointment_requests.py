"""Every change of an appointment request's status, one function per decision (the admin
views and the site's form call these, never set a status themselves). Each writes the
request's history with the user who decided and tells the requester on commit."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.records import IncomingLetter, incoming_register

from . import rules, tasks
from .models import Appointment
from .models.appointments import APPROVED
from .models.requests import (
    ACCEPTED,
    DECLINED,
    EVALUATING,
    INVITATION,
    LETTER,
    NEW,
    REFERRED,
    REMOVED,
    AppointmentRequest,
)


class NotOpen(Exception):
    """The request was decided already (another clerk may have been faster)."""


def _new_reference(year):
    token = "".join(
        secrets.choice(rules.REQUEST_REFERENCE_ALPHABET)
        for _ in range(rules.REQUEST_REFERENCE_LENGTH)
    )
    return rules.request_reference(year, token)


def register(request_record, *, user=None):
    """Save a new (unsaved) request with a fresh reference number and send the receipt."""
    request_record.status = NEW
    request_record.created_by = user if user and user.is_authenticated else None
    request_record._history_user = request_record.created_by
    year = timezone.localdate().year
    for _attempt in range(5):
        request_record.reference = _new_reference(year)
        try:
            with transaction.atomic():
                if request_record.channel == LETTER:
                    _register_letter(request_record, user=request_record.created_by)
                request_record.save()
            break
        except IntegrityError:
            if AppointmentRequest.objects.filter(reference=request_record.reference).exists():
                continue
            raise
    _notify(request_record, NEW)
    return request_record


def _register_letter(record, *, user):
    """A request or invitation received by post is an incoming record of the register too
    (keyed by the request's reference), its number kept on the request; the caller's
    transaction saves both or neither."""
    registered = incoming_register().receive(
        IncomingLetter(
            source=f"events.appointmentrequest:{record.reference}",
            subject=f"{record.get_kind_display()}: {record.subject}",
            sender=record.institution or record.name,
            kind="invitation" if record.kind == INVITATION else "petition",
            sender_is_person=not record.institution,
            sender_number=record.letter_number,
            sender_date=record.letter_date,
            email=record.email,
            summary=f"{record.reference} {record.name}",
        ),
        user=user,
    )
    record.register_number = registered.number
    record.register_record_id = registered.record_id


def _decide(record, status, user, **fields):
    with transaction.atomic():
        locked = AppointmentRequest.objects.select_for_update().get(pk=record.pk)
        if not locked.is_open:
            raise NotOpen
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.status = status
        if status in (ACCEPTED, REFERRED, DECLINED):
            locked.closed_at = timezone.now()
        locked._history_user = user
        locked.save()
        _notify(locked, status)
    return locked


def start_evaluation(record, *, user):
    return _decide(record, EVALUATING, user)


def accept(record, *, start, end, place, user):
    """Accept: the request becomes a private appointment of the mayor (never public; the
    requester's details stay in the appointment's confidential fields)."""
    with transaction.atomic():
        appointment = Appointment(
            visitor=record.name,
            institution=record.institution,
            subject=record.subject[:300],
            start=start,
            end=end,
            place=place,
            requested_by=f"{record.name} ({record.reference})",
            status=APPROVED,
            is_public=False,
            created_by=user,
        )
        appointment.full_clean()
        appointment._history_user = user
        appointment.save()
        return _decide(record, ACCEPTED, user, appointment=appointment)


def refer(record, *, directorate, note, user, route_to=()):
    """Refer to a directorate. A request received by letter is routed on (havale) through
    the register where it landed, to the directorate's people with the note, so they hold
    it with its answer date; one made on the site keeps the note on the request only.
    Both or neither: a refused routing leaves the request open."""
    with transaction.atomic():
        if record.register_record_id:
            incoming_register().route(
                record.register_record_id,
                to_users=route_to,
                note=f"{directorate}: {note}".strip().rstrip(":"),
                user=user,
            )
        return _decide(record, REFERRED, user, referred_to=directorate, decision_note=note)


def decline(record, *, reason, user):
    return _decide(record, DECLINED, user, decision_note=reason)


def remove_personal_data(record):
    """Blank the requester's details of a closed request, keeping its reference, dates and
    decision (the history keeps the change, not the data: see the task that calls this)."""
    record.name = REMOVED
    record.email = ""
    record.phone = ""
    record.tc_kimlik_no = ""
    record.institution = ""
    record.subject = REMOVED
    record.personal_data_removed = True
    record.save()
    record.history.exclude(history_id=record.history.latest().history_id).update(
        name=REMOVED, email="", phone="", institution="", subject=REMOVED
    )
    return record


def _notify(record, status):
    if record.email or record.phone:
        transaction.on_commit(lambda: tasks.notify_requester.enqueue(record.pk, status))
