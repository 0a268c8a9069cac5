from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.models import PhotoAlbumPage
from archive.photos.importing import ImportReport, import_file, photo_files

# Each file's outcome as the operator reads it, in the active language.
OUTCOMES = {
    "imported": lambda: _("imported"),
    "skipped": lambda: _("skipped"),
    "failed": lambda: _("failed"),
}


class Command(BaseCommand):
    help = (
        "Import a folder of photos into the archive, reading their metadata; files already "
        "in the archive (same SHA-256) are skipped, so an interrupted import can be rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--album", help="slug of the album to add the photos to")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, path, album=None, dry_run=False, **options):
        folder = Path(path)
        if not folder.is_dir():
            raise CommandError(_("Not a folder: %(path)s") % {"path": path})
        album_page = None
        if album:
            album_page = PhotoAlbumPage.objects.filter(slug=album).first()
            if album_page is None:
                raise CommandError(_("No album with the slug %(slug)s.") % {"slug": album})
        files = photo_files(folder)
        report = ImportReport()
        for number, file in enumerate(files, start=1):
            outcome, detail = import_file(file, album=album_page, dry_run=dry_run)
            if outcome == "imported":
                report.imported.append(file)
                note = ""
            elif outcome == "skipped":
                report.skipped.append((file, detail))
                note = _("already in the archive: %(photo)s") % {"photo": detail}
            else:
                report.failed.append((file, detail))
                note = detail
            label = OUTCOMES[outcome]()
            self.stdout.write(f"[{number}/{len(files)}] {file.name}: {label} {note}".rstrip())
        if album_page is not None and report.imported and not dry_run:
            album_page.save_revision().publish()
        self.stdout.write(
            _("Imported: %(imported)d, skipped: %(skipped)d, failed: %(failed)d")
            % {
                "imported": len(report.imported),
                "skipped": len(report.skipped),
                "failed": len(report.failed),
            }
            + (" " + _("(dry run, nothing saved)") if dry_run else "")
        )
        for file, reason in report.failed:
            self.stdout.write(f"  {file}: {reason}")
