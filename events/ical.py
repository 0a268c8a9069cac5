"""iCalendar (RFC 5545) for one event or a whole calendar, built with the `icalendar`
package. Repeating events go out as one VEVENT with RRULE/EXDATE, so a subscribed phone
expands them itself and a ten-year series stays one entry."""

import datetime as dt
import hashlib
from collections import defaultdict
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from icalendar import Calendar, Event, Timezone

from . import rules

PRODID = "-//Kalem//Etkinlik Takvimi//TR"
REFRESH = dt.timedelta(hours=6)
_ICAL_STATUS = {
    rules.SCHEDULED: "CONFIRMED",
    rules.POSTPONED: "TENTATIVE",
    rules.CANCELLED: "CANCELLED",
}


def uid_domain():
    # The public base URL, not the request's host: UIDs must not change when the same
    # calendar is fetched as www.… and without it, or a phone would duplicate entries.
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "kalem"


def event_uid(event):
    return f"etkinlik-{event.pk}@{uid_domain()}"


def _location(event):
    return ", ".join(part for part in [event.venue, " ".join(event.address.split())] if part)


def _description(event):
    parts = []
    if event.status != rules.SCHEDULED and event.status_note:
        parts.append(event.status_note)
    if event.summary:
        parts.append(event.summary)
    if event.registration_url:
        parts.append(event.registration_url)
    return "\n\n".join(parts)


def _vevent(request, event):
    vevent = Event()
    vevent.add("uid", event_uid(event))
    stamp = event.last_published_at or event.latest_revision_created_at or event.start
    vevent.add("dtstamp", stamp.astimezone(dt.UTC))
    vevent.add("last-modified", stamp.astimezone(dt.UTC))
    vevent.add("summary", event.title)
    if event.all_day:
        first = rules.local(event.start).date()
        vevent.add("dtstart", first)
        # DTEND of an all-day event is the day after the last one (exclusive).
        vevent.add("dtend", rules.local(event.end).date() + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", rules.local(event.start))
        vevent.add("dtend", rules.local(event.end))
    recurrence = event.recurrence
    if recurrence.repeats:
        vevent.add("rrule", rules.ical_rrule(event.start, recurrence))
        if recurrence.exceptions:
            at = rules.local(event.start)
            vevent.add(
                "exdate",
                [
                    day
                    if event.all_day
                    else at.replace(year=day.year, month=day.month, day=day.day)
                    for day in sorted(recurrence.exceptions)
                ],
            )
    vevent.add("status", _ICAL_STATUS.get(event.status, "CONFIRMED"))
    vevent.add("url", event.get_full_url(request))
    if location := _location(event):
        vevent.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (float(event.latitude), float(event.longitude)))
    if event.category_id:
        vevent.add("categories", [event.category.name])
    if description := _description(event):
        vevent.add("description", description)
    if event.organiser:
        vevent.add("x-kalem-organiser", event.organiser)
    return vevent


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(rules.ISTANBUL))
    # How often subscribers should fetch again (RFC 7986, and Apple/Outlook's older name).
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    return calendar


def _add_timezones(calendar, first):
    # Even an all-day-only calendar names its zone, so clients place it in Istanbul.
    calendar.add_missing_timezones(
        first_date=(first or dt.datetime.now(dt.UTC)).date() - dt.timedelta(days=366),
        last_date=dt.date(rules.LAST_YEAR, 1, 1),
    )
    if not calendar.timezones:
        calendar.subcomponents.insert(0, Timezone.from_tzid(str(rules.ISTANBUL)))


def calendar_for_events(request, events, *, name):
    """The .ics text of ``events``: one VCALENDAR with the Europe/Istanbul VTIMEZONE."""
    calendar = _calendar(name)
    first = None
    for event in events:
        calendar.add_component(_vevent(request, event))
        first = min(first or event.start, event.start)
    _add_timezones(calendar, first)
    return calendar.to_ical()


# What _vevent reads of an event; the fingerprint of a stored VEVENT digests them.
_VEVENT_FIELDS = (
    "pk",
    "url_path",
    "last_published_at",
    "latest_revision_created_at",
    "title",
    "start",
    "end",
    "all_day",
    "repeat",
    "repeat_interval",
    "repeat_until",
    "repeat_count",
    "status",
    "status_note",
    "summary",
    "registration_url",
    "venue",
    "address",
    "latitude",
    "longitude",
    "category_id",
    "category__name",
    "organiser",
)


def calendar_feed(request, index, events, *, name):
    """The same text as calendar_for_events(request, events), assembled from each event's
    stored VEVENT (events.models.EventFeedEntry); entries missing or out of date are built
    with _vevent and stored. With thousands of events this is the difference between
    seconds and a tenth of one: the icalendar package's cost is per property line.

    ``events`` is the feed's queryset, in the feed's order.
    """
    EventException = apps.get_model("events", "EventException")
    EventFeedEntry = apps.get_model("events", "EventFeedEntry")
    # The stored entry comes in the same query (a LEFT JOIN).
    found = list(
        events.values_list(*_VEVENT_FIELDS, "feed_entry__fingerprint", "feed_entry__vevent")
    )
    rows = [row[:-2] for row in found]
    left_out = defaultdict(list)
    for page_id, day in EventException.objects.filter(page__in=events.values("pk")).values_list(
        "page_id", "date"
    ):
        left_out[page_id].append(day)
    # The events' addresses hang off the calendar's own; UIDs off the public base URL.
    context = (index.get_full_url(request), uid_domain())
    fingerprints = {
        row[0]: hashlib.sha256(repr((context, row, sorted(left_out[row[0]]))).encode()).hexdigest()
        for row in rows
    }
    texts = {
        row[0]: row[-1] for row in found if row[-2] is not None and row[-2] == fingerprints[row[0]]
    }
    missing = [pk for pk in fingerprints if pk not in texts]
    if missing:
        built = []
        for event in events.filter(pk__in=missing):
            text = _vevent(request, event).to_ical().decode()
            texts[event.pk] = text
            built.append(
                EventFeedEntry(event_id=event.pk, fingerprint=fingerprints[event.pk], vevent=text)
            )
        EventFeedEntry.objects.bulk_create(
            built,
            update_conflicts=True,
            unique_fields=["event"],
            update_fields=["fingerprint", "vevent"],
        )

    calendar = _calendar(name)
    timed = next((row for row in rows if not row[_VEVENT_FIELDS.index("all_day")]), None)
    if timed is not None:
        # A stand-in whose local start makes add_missing_timezones write the zone exactly
        # as it does for the real events; it is taken out before writing.
        stand_in = Event()
        stand_in.add("dtstart", rules.local(timed[_VEVENT_FIELDS.index("start")]))
        calendar.add_component(stand_in)
    starts = [row[_VEVENT_FIELDS.index("start")] for row in rows]
    _add_timezones(calendar, min(starts, default=None))
    if timed is not None:
        calendar.subcomponents.remove(stand_in)
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    body = "".join(texts[row[0]] for row in rows).encode()
    return head + body + b"END:VCALENDAR" + end
