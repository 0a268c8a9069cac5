from django.core.management.base import BaseCommand
from django.utils import timezone

from archive.correspondence.digest import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each holder the register records overdue or due within 3 working days "
        "(run daily from cron; `--queue` hands it to the task worker instead)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Enqueue as a background task.")

    def handle(self, *args, queue=False, **options):
        if queue:
            from archive.correspondence.tasks import send_daily_digest

            send_daily_digest.enqueue()
            self.stdout.write("Günlük evrak özeti kuyruğa alındı.")
            return
        sent = send_digests(timezone.localdate())
        self.stdout.write(f"Günlük evrak özeti: {sent} e-posta gönderildi.")
