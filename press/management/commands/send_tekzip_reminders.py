"""Daily e-mail about denial notices whose next deadline is overdue or within seven days, to
the Müdür group and the notice's owner; once per notice per day."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.roles import HEAD
from press.models import DenialNotice, DenialNoticeReminder, deadline_row


def recipients_for(notice, head_emails):
    emails = list(head_emails)
    if notice.owner_id and notice.owner.is_active and notice.owner.email:
        emails.append(notice.owner.email)
    return sorted(set(emails))


class Command(BaseCommand):
    help = "E-mail reminders of tekzip deadlines that are overdue or due within seven days."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")
        parser.add_argument("--date", help="Count as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        head_emails = (
            get_user_model()
            .objects.filter(groups__name=HEAD, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        already = set(
            DenialNoticeReminder.objects.filter(day=today).values_list("notice_id", flat=True)
        )
        sent = 0
        for notice in DenialNotice.objects.select_related("owner").needing_attention(today):
            if notice.pk in already:
                continue
            recipients = recipients_for(notice, head_emails)
            if not recipients:
                continue
            if dry_run:
                self.stdout.write(f"{notice.pk} {notice} -> {', '.join(recipients)}")
                sent += 1
                continue
            if self.send(notice, recipients, today):
                sent += 1
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {sent} reminder(s) for {today.isoformat()}")

    def send(self, notice, recipients, today):
        context = {"notice": notice, **deadline_row(notice.next_deadline(today), today)}
        context["base_url"] = settings.WAGTAILADMIN_BASE_URL
        try:
            with transaction.atomic():
                # The row first: a second run (or a parallel one) finds it and sends nothing.
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
