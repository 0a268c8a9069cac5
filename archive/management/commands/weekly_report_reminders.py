from django.core.management.base import BaseCommand
from django.utils import timezone

from archive.weekly import rules
from archive.weekly.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the reporters of every directorate whose weekly report for this week is "
        "missing (cron, Thursdays). Run on another day it still reminds, for this week."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        monday = rules.week_start(timezone.localdate())
        reminded = send_reminders(monday, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"{len(reminded)} directorates {verb} reminded for the week of {monday}.")
        for directorate in reminded:
            self.stdout.write(f"  {directorate}")
