from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an EMPTY database and EMPTY "
        "storages (never over live data). --verify then compares every table's row count "
        "and every file's SHA-256 with the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SRC")
        parser.add_argument(
            "--database-url",
            help="Restore into this database (DATABASE_URL form) instead of the configured one.",
        )
        parser.add_argument(
            "--verify", action="store_true", help="Compare counts and hashes afterwards."
        )

    def handle(self, source, database_url=None, verify=False, **options):
        try:
            manifest, problems = restore_backup(
                source, database_url=database_url, check=verify, log=self.stdout.write
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"Verification found {len(problems)} differences.")
        if verify:
            files = sum(len(names) for names in manifest["files"].values())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Verified: {len(manifest['counts'])} tables' row counts and "
                    f"{files} files' SHA-256 match the backup."
                )
            )
        self.stdout.write(self.style.SUCCESS("Restore finished."))
