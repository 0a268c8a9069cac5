"""What the calendar shows: events' occurrences for a period, the month grid, and the
mayor's public programme. Each view costs a fixed number of queries: one for the events,
one for their stored occurrences, one for holidays, whatever the number of events.

Occurrences are read from a table (EventOccurrence) written when an event is saved, not
expanded from every event's rule on each request: a month of 100 weekly series and
2,000 events was a quarter of a second of rule expansion and exception loading."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from cms.frontend_cache import listed
from cms.text import turkish_sort_key

from . import rules
from .models.appointments import Appointment
from .models.calendar import OfficialHoliday

UPCOMING_DAYS = 365


def store(event):
    """Rewrite ``event``'s stored occurrences from its rule and dates left out; at most
    rules.MAX_OCCURRENCES rows, so no series can fill the table."""
    EventOccurrence = apps.get_model("events", "EventOccurrence")
    with transaction.atomic():
        EventOccurrence.objects.filter(event_id=event.pk).delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event_id=event.pk, start=start, end=end)
            for start, end in rules.every_occurrence(event.start, event.end, event.recurrence)
        )


@dataclass
class MonthEvent:
    """What the month grid shows of an event, made from one row: a busy month has
    hundreds of events, and building each as a page object (its signals, its cluster)
    was most of the grid's time."""

    pk: int
    title: str
    slug: str
    all_day: bool
    repeat: str
    status: str
    month_url: str = ""  # set by the calendar's month route

    @property
    def is_cancelled(self):
        return self.status == rules.CANCELLED


def expand(events, start, end, *, light=False):
    """The occurrences of ``events`` (a queryset) that overlap [start, end), from the
    stored table, soonest first and, at the same time, by title in Turkish order. With
    ``light`` each occurrence's source is a MonthEvent, not the page."""
    EventOccurrence = apps.get_model("events", "EventOccurrence")
    if light:
        fields = [name for name in MonthEvent.__dataclass_fields__ if name != "month_url"]
        by_pk = {row[0]: MonthEvent(*row) for row in events.values_list(*fields)}
    else:
        by_pk = {event.pk: event for event in events}
    if not by_pk:
        return []
    rows = EventOccurrence.objects.filter(
        event__in=events.values("pk"), start__lt=end, end__gte=start
    ).values_list("event_id", "start", "end")
    found = [
        rules.Occurrence(*_as_expanded(by_pk[pk], first, last), by_pk[pk], by_pk[pk].all_day)
        for pk, first, last in rows
        if pk in by_pk
    ]
    # One sort key per event, not per occurrence: a weekly series shows four or five times.
    titles = {pk: turkish_sort_key(event.title) for pk, event in by_pk.items()}
    return sorted(found, key=lambda occurrence: (occurrence.start, titles[occurrence.source.pk]))


def _as_expanded(event, start, end):
    """The times as the rule gives them: a series' in Istanbul time, a single event's as
    the database hands back its own start and end (UTC). The RSS item ids are written
    from them, so a change would show subscribers every event again."""
    if event.repeat:
        return rules.local(start), rules.local(end)
    return start, end


def expand_rules(events, start, end, *, light=False):
    """The same list as expand(), each event's rule expanded on the spot (as the calendar
    did before the table): the reference the equality test and bench/events_calendar.py
    compare the stored occurrences against."""
    fields, deferred = events.query.deferred_loading
    if not deferred:  # an only() list (the month grid's): add what the rule is made of
        events = events.only(*fields, *RULE_FIELDS)
    found = []
    for event in events.prefetch_related("exceptions"):
        found.extend(event.occurrences_between(start, end))
    return sorted(
        found, key=lambda occurrence: (occurrence.start, turkish_sort_key(occurrence.source.title))
    )


RULE_FIELDS = ("start", "end", "repeat", "repeat_interval", "repeat_until", "repeat_count")

# What the month grid shows of an event (its template); the dates come from the stored
# occurrences.
MONTH_FIELDS = ("title", "slug", "all_day", "repeat", "status", "category")


def events_overlapping(index, start, end, *, category=None, cancelled=True):
    """The index's public events with an occurrence that may fall in [start, end)."""
    events = index.events().filter(start__lt=end, series_end__gte=start)
    if category is not None:
        events = events.filter(category=category)
    if not cancelled:
        events = events.exclude(status=rules.CANCELLED)
    return events.defer_streamfields().select_related("category")


def upcoming(index, *, category=None, now=None):
    """Occurrences from now to a year ahead, cancelled events left out."""
    now = now or timezone.now()
    end = now + dt.timedelta(days=UPCOMING_DAYS)
    events = events_overlapping(index, now, end, category=category, cancelled=False)
    return expand(events, now, end)


def past(index, *, now=None):
    """Every occurrence that has ended, newest first: past events stay browsable."""
    now = now or timezone.now()
    first = index.events().filter(start__lt=now).aggregate(first=Min("start"))["first"]
    if first is None:
        return []
    occurrences = expand(events_overlapping(index, first, now), first, now)
    return [occurrence for occurrence in reversed(occurrences) if occurrence.end < now]


def upcoming_holidays(limit=5, today=None):
    today = today or timezone.localdate()
    listed(OfficialHoliday)
    return list(OfficialHoliday.objects.filter(date__gte=today)[:limit])


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)
    holiday: OfficialHoliday | None = None


@dataclass
class MonthGrid:
    first: dt.date
    weeks: list
    occurrences: list
    holidays: list
    previous: dt.date
    next: dt.date
    events: list = field(default_factory=list)


def month_calendar(index, year, month):
    """The month's grid (Monday-first weeks) with each day's occurrences and holiday; a
    multi-day event appears on every day it spans. ValueError for an impossible month."""
    month_start, month_end = rules.month_bounds(year, month)
    weeks = rules.month_weeks(year, month)
    grid_start = dt.datetime.combine(weeks[0][0], dt.time(0, 0), tzinfo=rules.ISTANBUL)
    grid_end = dt.datetime.combine(
        weeks[-1][-1] + dt.timedelta(days=1), dt.time(0, 0), tzinfo=rules.ISTANBUL
    )
    # Only the fields the grid shows: building whole event pages (body, SEO, revisions…)
    # for every event of the month was most of the view's database time.
    events = events_overlapping(index, grid_start, grid_end).only(*MONTH_FIELDS)
    occurrences = expand(events, grid_start, grid_end, light=True)
    by_day = defaultdict(list)
    for occurrence in occurrences:
        for day in occurrence.days():
            by_day[day].append(occurrence)
    listed(OfficialHoliday)  # a holiday added to the month is shown at once
    holidays = {
        holiday.date: holiday
        for holiday in OfficialHoliday.objects.filter(date__range=(weeks[0][0], weeks[-1][-1]))
    }
    today = timezone.localdate()
    grid = [
        [
            Day(day, day.month == month, day == today, by_day.get(day, []), holidays.get(day))
            for day in week
        ]
        for week in weeks
    ]
    (previous_year, previous_month), (next_year, next_month) = rules.adjacent_months(year, month)
    return MonthGrid(
        first=month_start.date(),
        weeks=grid,
        occurrences=[
            occurrence
            for occurrence in occurrences
            if occurrence.start < month_end and occurrence.end >= month_start
        ],
        holidays=[holiday for day, holiday in sorted(holidays.items()) if day.month == month],
        previous=dt.date(previous_year, previous_month, 1),
        next=dt.date(next_year, next_month, 1),
        events=list(
            {occurrence.source.pk: occurrence.source for occurrence in occurrences}.values()
        ),
    )


def _check_day(day):
    if not rules.FIRST_YEAR <= day.year <= rules.LAST_YEAR:
        raise ValueError(f"no programme for {day}")


def _programme(days):
    start = dt.datetime.combine(days[0], dt.time(0, 0), tzinfo=rules.ISTANBUL)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(0, 0), tzinfo=rules.ISTANBUL)
    by_day = defaultdict(list)
    # Read with .values(): the model's list key is the only key a change can purge.
    listed(Appointment, OfficialHoliday)
    for entry in Appointment.objects.between(start, end).public():
        by_day[rules.local(entry["start"]).date()].append(entry)
    holidays = {h.date: h for h in OfficialHoliday.objects.filter(date__range=(days[0], days[-1]))}
    return [(day, by_day.get(day, []), holidays.get(day)) for day in days]


def programme_day(day):
    """The public programme of one day (only public fields of approved public entries)."""
    _check_day(day)
    return {
        "view": "programme",
        "mode": "day",
        "day": day,
        "days": _programme([day]),
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "week_start": rules.week_of(day)[0],
        "today": timezone.localdate(),
    }


def programme_coming(day):
    """The programme's front page: ``day`` and the six days after it. A calendar week would
    show a week that is nearly over on a Saturday or Sunday."""
    _check_day(day)
    days = [day + dt.timedelta(days=n) for n in range(7)]
    week = rules.week_of(day)
    return {
        "view": "programme",
        "mode": "coming",
        "day": day,
        "days": _programme(days),
        "previous": week[0] - dt.timedelta(days=7),
        "next": week[0] + dt.timedelta(days=7),
        "week_start": days[0],
        "week_end": days[-1],
        "today": timezone.localdate(),
    }


def programme_week(day):
    """The public programme of the week (Monday to Sunday) containing ``day``."""
    _check_day(day)
    week = rules.week_of(day)
    return {
        "view": "programme",
        "mode": "week",
        "day": day,
        "days": _programme(week),
        "previous": week[0] - dt.timedelta(days=7),
        "next": week[0] + dt.timedelta(days=7),
        "week_start": week[0],
        "week_end": week[-1],
        "today": timezone.localdate(),
    }
