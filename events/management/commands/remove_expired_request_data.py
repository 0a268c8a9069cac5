from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events import tasks
from events.models import AppointmentRequest


class Command(BaseCommand):
    help = (
        "Remove the personal data of appointment requests closed longer ago than "
        "KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS (a nightly cron job). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = AppointmentRequest.objects.personal_data_due(
                timezone.localdate(), settings.KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS
            ).count()
            self.stdout.write(f"{count} closed requests would lose their personal data.")
            return
        count = tasks.remove_expired_request_data.call()
        self.stdout.write(f"{count} closed requests lost their personal data.")
