from django.core.management.base import BaseCommand

from archive.correspondence.incoming import expired_staged
from cms.storage import private_storage


class Command(BaseCommand):
    help = (
        "Remove uploaded e-Yazışma packages that were read but never confirmed and whose "
        "confirmation has expired (a day). Registered packages are the records' own files "
        "and are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, remove nothing.")

    def handle(self, *args, dry_run=False, **options):
        names = expired_staged()
        if not dry_run:
            for name in names:
                private_storage().delete(name)
        verb = "silinecek" if dry_run else "silindi"
        self.stdout.write(f"Onaylanmamış e-Yazışma paketi: {len(names)} dosya {verb}.")
