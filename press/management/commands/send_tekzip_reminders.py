"""Daily e-mail about denial notices whose next deadline is overdue or within seven days, to
the Müdür group and the notice's owner; once per notice per day (press.tekzip.reminders)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from press.tekzip.reminders import due_reminders, send_reminder


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
        sent = 0
        for notice, recipients in due_reminders(today):
            if dry_run:
                self.stdout.write(f"{notice.pk} {notice} -> {', '.join(recipients)}")
                sent += 1
            elif send_reminder(notice, recipients, today):
                sent += 1
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {sent} reminder(s) for {today.isoformat()}")
