from django.core.management.base import BaseCommand

from cms.roles import ROLES, apply_grants, registered_grants


class Command(BaseCommand):
    help = "Create the staff roles (groups) and grant them their permissions. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        added = apply_grants(list(registered_grants()), dry_run=dry_run)
        verb = "would add" if dry_run else "added"
        self.stdout.write(f"Roles: {', '.join(ROLES)}; {verb} {added} permission(s).")
