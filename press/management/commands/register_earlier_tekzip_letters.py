"""Give every tekzip letter numbered before the one outgoing register (issue 13) its
register record, keeping the letter's Sayı and date, with its PDFs as the record's letter
file versions. Safe to run again: a notice already in the register is left as it is.

    manage.py register_earlier_tekzip_letters [--dry-run]
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cms.records import outgoing_register
from press.models import DenialNotice
from press.tekzip.letters import register_letter


class Command(BaseCommand):
    help = "Register the tekzip letters numbered before the one outgoing register."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        register = outgoing_register()
        counts = {"registered": 0, "already": 0, "refused": 0}
        notices = DenialNotice.objects.filter(letters__isnull=False).distinct().order_by("pk")
        for notice in notices.select_related("outlet"):
            letters = list(notice.letters.order_by("version"))
            first = letters[0]
            day = timezone.localdate(first.created_at)
            try:
                # Every PDF is read before anything is written: a missing file stops this
                # notice with nothing stored.
                pdfs = [(letter.file.name.rsplit("/", 1)[-1], _read(letter)) for letter in letters]
                with transaction.atomic():
                    issued, created = register.record_earlier(
                        register_letter(notice), number=first.number, day=day
                    )
                    if dry_run:
                        transaction.set_rollback(True)
                    elif created:
                        for filename, pdf in pdfs:
                            register.attach_pdf(issued, pdf, filename=filename)
            except (ValidationError, OSError) as error:
                counts["refused"] += 1
                reason = " ".join(getattr(error, "messages", [str(error)]))
                self.stdout.write(f"REFUSED notice #{notice.pk} {first.number}: {reason}")
                continue
            if created:
                counts["registered"] += 1
                done = "would register" if dry_run else f"registered as record #{issued.record_id}:"
                self.stdout.write(
                    f"{done} notice #{notice.pk} {first.number} of {day:%d.%m.%Y} ({len(pdfs)} PDF)"
                )
            else:
                counts["already"] += 1
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['registered']} registered, {counts['already']} already in the "
            f"register, {counts['refused']} refused."
        )
        if counts["refused"]:
            raise SystemExit(1)


def _read(letter):
    with letter.file.open("rb") as handle:
        return handle.read()
