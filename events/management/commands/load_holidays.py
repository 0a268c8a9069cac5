from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.workdays import official_holidays
from events import rules
from events.models import OfficialHoliday


class Command(BaseCommand):
    help = (
        "Load Turkey's official holidays and half days (from cms.workdays) into the event "
        "calendar for the given years. Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="+", type=int, required=True, metavar="YEAR")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, years, dry_run=False, **options):
        for year in years:
            if not rules.FIRST_YEAR <= year <= rules.LAST_YEAR:
                raise CommandError(
                    f"Year {year} is out of range ({rules.FIRST_YEAR}-{rules.LAST_YEAR})."
                )
        created = updated = removed = 0
        with transaction.atomic():
            for year in sorted(set(years)):
                wanted = {holiday.date: holiday for holiday in official_holidays(year)}
                existing = {h.date: h for h in OfficialHoliday.objects.filter(date__year=year)}
                for date, holiday in wanted.items():
                    fields = {
                        "name": holiday.name,
                        "half_day": holiday.half_day,
                        "starts_at": holiday.starts_at,
                    }
                    current = existing.get(date)
                    if current is None:
                        OfficialHoliday.objects.create(date=date, **fields)
                        created += 1
                    elif any(getattr(current, key) != value for key, value in fields.items()):
                        OfficialHoliday.objects.filter(pk=current.pk).update(**fields)
                        updated += 1
                # A date the calendar no longer lists (a corrected lunar date) goes away.
                stale = [h.pk for date, h in existing.items() if date not in wanted]
                removed += OfficialHoliday.objects.filter(pk__in=stale).delete()[0]
            if dry_run:
                transaction.set_rollback(True)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"Holidays for {', '.join(map(str, sorted(set(years))))}: {created} {verb} added, "
            f"{updated} {verb} updated, {removed} {verb} removed."
        )
