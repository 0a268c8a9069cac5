"""The whole-calendar .ics assembled from stored VEVENTs (events.ical.calendar_feed) is
byte for byte the text built through the icalendar package (calendar_for_events), on a
generated calendar with every kind of event, and stays so when what a VEVENT shows
changes without the event being saved (a category renamed)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory

from events import ical, rules
from events.models import EventFeedEntry
from tests.factories.events import EventCategoryFactory, add_event, at, calendar_page

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00")]


@pytest.fixture
def calendar(home):
    return calendar_page(home)


def both(calendar):
    """The calendar's .ics the old way and the new way."""
    request = RequestFactory().get("/etkinlikler/takvim.ics")
    built = ical.calendar_for_events(request, calendar.feed_events(), name=calendar.title)
    assembled = ical.calendar_feed(request, calendar, calendar.feed_events(), name=calendar.title)
    return built, assembled


def generated_calendar(calendar):
    """Single, all-day, multi-day, weekly and monthly series with dates left out,
    cancelled and postponed events, with and without category, place and links."""
    categories = [EventCategoryFactory(name=name) for name in ("Tören", "Kültür-Sanat")]
    for number in range(8):
        start = at(2026, 11, 2 + 3 * number, 9 + number)
        event = add_event(
            calendar,
            title=f"Etkinlik {number}",
            start=start,
            end=start + dt.timedelta(hours=2),
            category=categories[number % 2] if number % 3 else None,
            repeat=[rules.WEEKLY, rules.MONTHLY_NTH_WEEKDAY, ""][number % 3],
            repeat_count=6 if number % 3 != 2 else None,
            status=[rules.SCHEDULED, rules.CANCELLED, rules.POSTPONED][number % 3],
            status_note="Hava koşulları nedeniyle." if number % 3 else "",
            latitude=Decimal("38.4192") if number % 2 else None,
            longitude=Decimal("27.1287") if number % 2 else None,
            registration_url="https://kayit.example.org/" if number == 4 else "",
            organiser="Kültür Müdürlüğü" if number == 5 else "",
        )
        if event.repeat:
            event.exceptions.create(date=(start + dt.timedelta(days=7)).date())
    add_event(
        calendar,
        title="Kent Festivali",
        all_day=True,
        start=at(2026, 12, 4, 0),
        end=at(2026, 12, 6, 23, 59),
    )
    add_event(calendar, title="Aynı saatte A", start=at(2026, 12, 10, 14))
    add_event(calendar, title="Aynı saatte B", start=at(2026, 12, 10, 14))
    return categories


def test_assembled_calendar_is_the_built_calendar(calendar):
    generated_calendar(calendar)
    built, assembled = both(calendar)
    assert assembled == built
    assert EventFeedEntry.objects.count() == 11
    # The second fetch uses the stored entries.
    built, assembled = both(calendar)
    assert assembled == built


def test_entries_follow_a_renamed_category_and_an_edited_event(calendar):
    categories = generated_calendar(calendar)
    both(calendar)
    categories[0].name = "Resmi Tören"
    categories[0].save()
    event = calendar.events().get(title="Etkinlik 3")
    event.title = "Etkinlik 3 (yeni saat)"
    event.exceptions.create(date=dt.date(2026, 12, 28))
    event.save_revision().publish()
    built, assembled = both(calendar)
    assert b"Resmi T" in built
    assert b"yeni saat" in built
    assert assembled == built


def test_all_day_only_and_empty_calendars_are_the_same(calendar):
    assert both(calendar)[1] == both(calendar)[0]
    add_event(
        calendar,
        title="Bayram",
        all_day=True,
        start=at(2026, 12, 1, 0),
        end=at(2026, 12, 1, 23, 59),
    )
    built, assembled = both(calendar)
    assert b"VTIMEZONE" in built
    assert assembled == built


def test_the_feed_url_serves_the_assembled_calendar(client, calendar):
    generated_calendar(calendar)
    response = client.get("/etkinlikler/takvim.ics")
    assert response.content == both(calendar)[0]
