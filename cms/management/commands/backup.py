from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or a SQLite copy) and every file of "
        "the public and private storages into DEST, with a manifest of row counts and "
        "SHA-256s. DEST must be a new or empty folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", metavar="DEST")

    def handle(self, destination, **options):
        try:
            make_backup(destination, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
