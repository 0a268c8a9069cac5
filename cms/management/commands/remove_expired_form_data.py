from django.core.management.base import BaseCommand

from cms.forms_builder.retention import remove_expired_personal_data


class Command(BaseCommand):
    help = "Removes personal data from form answers older than their form's retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        count = remove_expired_personal_data(dry_run=dry_run)
        verb = "would be cleared" if dry_run else "cleared"
        self.stdout.write(f"{count} form answers {verb}.")
