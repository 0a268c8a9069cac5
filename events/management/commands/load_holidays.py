from django.core.management.base import BaseCommand, CommandError

from events import holidays, rules


class Command(BaseCommand):
    help = (
        "Load Turkey's official holidays and half days (from cms.workdays) into the event "
        "calendar for the given years, or with --upcoming for this year and the next (the "
        "yearly cron job). Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--years", nargs="+", type=int, metavar="YEAR")
        which.add_argument(
            "--upcoming", action="store_true", help="This year and the next (for cron)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, years=None, upcoming=False, dry_run=False, **options):
        if upcoming:
            years = holidays.upcoming_years()
        for year in years:
            if not rules.FIRST_YEAR <= year <= rules.LAST_YEAR:
                raise CommandError(
                    f"Year {year} is out of range ({rules.FIRST_YEAR}-{rules.LAST_YEAR})."
                )
        created, updated, removed = holidays.load(years, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"Holidays for {', '.join(map(str, sorted(set(years))))}: {created} {verb} added, "
            f"{updated} {verb} updated, {removed} {verb} removed."
        )
