"""The daily e-mail about denial notices whose next deadline is overdue or within seven days,
to the Müdür group and the notice's owner; once per notice per day (the reminder row is
written first, so a second or parallel run sends nothing)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from cms.roles import HEAD

from .models import DenialNotice, DenialNoticeReminder, deadline_row


def recipients_for(notice, head_emails):
    emails = list(head_emails)
    if notice.owner_id and notice.owner.is_active and notice.owner.email:
        emails.append(notice.owner.email)
    return sorted(set(emails))


def due_reminders(today):
    """(notice, recipients) for every notice that needs a reminder today and has none yet."""
    head_emails = (
        get_user_model()
        .objects.filter(groups__name=HEAD, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    already = set(
        DenialNoticeReminder.objects.filter(day=today).values_list("notice_id", flat=True)
    )
    for notice in DenialNotice.objects.select_related("owner").needing_attention(today):
        if notice.pk in already:
            continue
        recipients = recipients_for(notice, head_emails)
        if recipients:
            yield notice, recipients


def send_reminder(notice, recipients, today):
    """Send one reminder; False when another run already sent today's."""
    context = {"notice": notice, **deadline_row(notice.next_deadline(today), today)}
    context["base_url"] = settings.WAGTAILADMIN_BASE_URL
    try:
        with transaction.atomic():
            DenialNoticeReminder.objects.create(
                notice=notice, day=today, recipients=", ".join(recipients)
            )
            with translation.override(settings.LANGUAGE_CODE):
                subject = render_to_string("press/tekzip/reminder_subject.txt", context)
                body = render_to_string("press/tekzip/reminder.txt", context)
            send_mail(" ".join(subject.split()), body, None, recipients)
    except IntegrityError:
        return False
    return True
