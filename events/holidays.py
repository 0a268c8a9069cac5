"""Official holidays on the event calendar: copied from cms.workdays (the `holidays`
package) into OfficialHoliday rows, so the calendar can show them with one query.

The working-day rules read cms.workdays directly and never need these rows; the rows are
what citizens see on the calendar, so the admin dashboard warns when a year is missing.
"""

from django.db import transaction
from django.utils import timezone

from cms.workdays import official_holidays

from .models import OfficialHoliday


def upcoming_years(today=None):
    """This year and the next: what the calendar is looked at for."""
    year = (today or timezone.localdate()).year
    return [year, year + 1]


def missing_years(today=None):
    """Those of this year and the next with no holiday on the calendar yet."""
    years = upcoming_years(today)
    loaded = set(
        OfficialHoliday.objects.filter(date__year__in=years).values_list("date__year", flat=True)
    )
    return [year for year in years if year not in loaded]


def load(years, *, dry_run=False):
    """Make the calendar's holidays of ``years`` exactly those of cms.workdays; running it
    again changes nothing. Returns (added, updated, removed)."""
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
    return created, updated, removed
