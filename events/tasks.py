"""Background work of the events app (django-tasks)."""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from cms.text import format_datetime

# While a load is queued, asking again queues nothing (several staff may press the button).
QUEUED_KEY = "kalem:events:holidays-queued"
QUEUED_FOR = 15 * 60


@task()
def load_upcoming_holidays():
    """Put this year's and next year's official holidays on the calendar (idempotent).

    There is no scheduler: cron runs `load_holidays --upcoming` (see the README), and the
    admin dashboard offers this task when a year is missing."""
    from . import holidays

    years = holidays.upcoming_years()
    added, updated, removed = holidays.load(years)
    cache.delete(QUEUED_KEY)
    return {"years": years, "added": added, "updated": updated, "removed": removed}


def queue_upcoming_holidays():
    """Queue the load once the current transaction commits; False if one is queued already."""
    if not cache.add(QUEUED_KEY, True, QUEUED_FOR):
        return False
    transaction.on_commit(load_upcoming_holidays.enqueue)
    return True


# What the requester is told at each step. Only this request's own date and time are ever
# named: never another appointment of the mayor.
REQUEST_SUBJECTS = {
    "yeni": _("Your appointment request has been received (%(reference)s)"),
    "degerlendirmede": _("Your appointment request is being evaluated (%(reference)s)"),
    "kabul": _("Your appointment request has been accepted (%(reference)s)"),
    "havale": _("Your appointment request has been referred (%(reference)s)"),
    "ret": _("Your appointment request could not be accepted (%(reference)s)"),
}


# The SMS says the step and the reference in one short message (a Turkish SMS of 155
# characters fits one part); details such as a reason stay in the e-mail or the letter.
REQUEST_SMS = {
    "yeni": _("Your appointment request to the mayor was received. Reference: %(reference)s"),
    "degerlendirmede": _("Your appointment request %(reference)s is being evaluated."),
    "kabul": _("Your appointment request %(reference)s was accepted: %(when)s."),
    "havale": _("Your appointment request %(reference)s was referred to %(directorate)s."),
    "ret": _("Your appointment request %(reference)s could not be accepted."),
}


@task()
def notify_requester(request_id, status):
    """Tell the requester, in Turkish, the step their request has reached: by e-mail, and
    by SMS when they gave a mobile number (cms.sms). Returns the messages sent."""
    from cms.sms import send_sms

    from .models import AppointmentRequest

    record = AppointmentRequest.objects.select_related("appointment").get(pk=request_id)
    sent = 0
    with translation.override("tr"):
        context = {"record": record, "status": status}
        if record.appointment is not None:
            context["when"] = format_datetime(timezone.localtime(record.appointment.start))
        if record.email:
            subject = REQUEST_SUBJECTS[status] % {"reference": record.reference}
            body = render_to_string("events/email/request_status.txt", context)
            sent += send_mail(subject, body, None, [record.email])
        if record.phone:
            text = REQUEST_SMS[status] % {
                "reference": record.reference,
                "when": context.get("when", ""),
                "directorate": record.referred_to,
            }
            sent += send_sms(record.phone, f"{text} {_('Private Secretariat of the Mayor')}")
    return sent


@task()
def remove_expired_request_data():
    """Blank the personal data of requests closed longer ago than the retention period."""
    from . import appointment_requests
    from .models import AppointmentRequest

    due = AppointmentRequest.objects.personal_data_due(
        timezone.localdate(), settings.KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS
    )
    count = 0
    for record in due:
        appointment_requests.remove_personal_data(record)
        count += 1
    return count


@task()
def send_invitations(ceremony_id, user_id=None):
    """Send the ceremony's invitations not sent yet (events.invitations); returns how many
    went out. Letters are numbered and printed here: tens of PDFs take longer than a
    request should."""
    from django.contrib.auth import get_user_model

    from . import invitations
    from .models import Ceremony

    ceremony = Ceremony.objects.get(pk=ceremony_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return sum(
        invitations.send(invitation, user=user) for invitation in invitations.to_send(ceremony)
    )
