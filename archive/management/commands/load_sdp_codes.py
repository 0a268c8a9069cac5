from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from archive.correspondence import sdp_codes
from archive.correspondence.models import SdpCode

# A file plan is a few thousand lines; anything much bigger is not one.
MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Load the office's Standard File Plan (Standart Dosya Planı) codes from a CSV file "
        "(code; title; optional in use evet/hayır). Every row is checked first; a file with "
        "any error writes nothing. --dry-run shows what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file: code;title[;in use]")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, path, dry_run=False, **options):
        with translation.override("tr"):
            self._load(Path(path), dry_run)

    def _load(self, path, dry_run):
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("The file is larger than 5 MB; it is not a file plan."))
        try:
            text = sdp_codes.decode(path.read_bytes())
        except ValueError as error:
            raise CommandError(str(error)) from error
        existing = {
            code: (title, active)
            for code, title, active in SdpCode.objects.values_list("code", "title", "active")
        }
        rows, errors = sdp_codes.parse_rows(text, existing)
        if errors:
            raise CommandError(
                "\n".join(
                    [_("%(count)d errors; nothing was written:") % {"count": len(errors)}, *errors]
                )
            )
        if not rows:
            raise CommandError(_("The file has no codes; nothing was written."))
        created, changed = sdp_codes.plan(rows, existing)
        if not dry_run:
            with transaction.atomic():
                for row in [*created, *changed]:
                    SdpCode.objects.update_or_create(
                        code=row.code, defaults={"title": row.title, "active": row.active}
                    )
        summary = _("%(created)d codes added, %(changed)d changed, %(same)d unchanged.") % {
            "created": len(created),
            "changed": len(changed),
            "same": len(rows) - len(created) - len(changed),
        }
        if dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        for row in created:
            self.stdout.write(f"+ {row.code} {row.title}")
        for row in changed:
            self.stdout.write(f"~ {row.code} {row.title}")
        self.stdout.write(summary)
