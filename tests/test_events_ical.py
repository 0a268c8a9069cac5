"""iCalendar output: one event, the whole calendar and a category, parsed back with
icalendar (and expanded with recurring-ical-events, as a phone would)."""

import datetime as dt
from decimal import Decimal

import pytest
import recurring_ical_events
from icalendar import Calendar

from events import rules
from tests.factories.events import (
    EventCategoryFactory,
    add_event,
    at,
    calendar_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(home):
    return calendar_page(home)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def only_event(ics):
    events = ics.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_event_ics_has_the_required_properties(client, calendar):
    event = add_event(
        calendar,
        title="Kütüphane Açılışı",
        start=at(2026, 12, 4, 11),
        end=at(2026, 12, 4, 12, 30),
        venue="Kent Kütüphanesi",
        address="Gazi Bulvarı No: 12",
        latitude=Decimal("38.4237"),
        longitude=Decimal("27.1428"),
        category=EventCategoryFactory(name="Açılış"),
    )
    response = client.get(event.url + "ical/")
    assert 'filename="' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.ics"')
    ics = parse(response)
    assert ics["VERSION"] == "2.0" and ics["PRODID"]
    vevent = only_event(ics)
    assert str(vevent["SUMMARY"]) == "Kütüphane Açılışı"
    assert str(vevent["UID"]) == f"etkinlik-{event.pk}@testserver"
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert vevent.decoded("DTSTART") == at(2026, 12, 4, 11)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Istanbul"
    assert vevent.decoded("DTEND") == at(2026, 12, 4, 12, 30)
    assert str(vevent["URL"]) == f"http://localhost{event.url}"
    assert "Kent Kütüphanesi" in str(vevent["LOCATION"])
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (38.4237, 27.1428)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert [str(tz["TZID"]) for tz in ics.walk("VTIMEZONE")] == ["Europe/Istanbul"]


def test_uid_is_stable_between_downloads(client, calendar):
    event = add_event(calendar)
    first = only_event(parse(client.get(event.url + "ical/")))["UID"]
    event.title = "Yeni başlık"
    event.save_revision().publish()
    assert only_event(parse(client.get(event.url + "ical/")))["UID"] == first


def test_recurring_event_round_trips_its_rule_and_exceptions(client, calendar):
    event = add_event(
        calendar,
        title="Kent Konseyi",
        start=at(2026, 11, 25, 18),
        end=at(2026, 11, 25, 20),
        repeat=rules.WEEKLY,
        repeat_until=dt.date(2027, 1, 27),
    )
    event.exceptions.create(date=dt.date(2026, 12, 30))
    event.save_revision().publish()
    ics = parse(client.get(event.url + "ical/"))
    vevent = only_event(ics)
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
    assert vevent["RRULE"]["UNTIL"][0] == dt.datetime(2027, 1, 27, 20, 59, 59, tzinfo=dt.UTC)
    assert [item.dt for item in vevent["EXDATE"].dts] == [at(2026, 12, 30, 18)]
    # What a phone expands from the file is what the site shows.
    start, end = at(2026, 11, 1, 0), at(2027, 3, 1, 0)
    phone = [item.decoded("DTSTART") for item in recurring_ical_events.of(ics).between(start, end)]
    site = [o.start for o in event.occurrences_between(start, end)]
    assert phone == site
    assert len(site) == 9  # ten Wednesdays, one left out


def test_monthly_rule_uses_the_nth_weekday(client, calendar):
    event = add_event(
        calendar,
        start=at(2026, 12, 8, 14),
        end=at(2026, 12, 8, 15),
        repeat=rules.MONTHLY_NTH_WEEKDAY,
        repeat_count=6,
    )
    vevent = only_event(parse(client.get(event.url + "ical/")))
    assert vevent["RRULE"]["BYDAY"] == ["2TU"] and vevent["RRULE"]["COUNT"] == [6]


def test_cancelled_event_is_marked_cancelled(client, calendar):
    event = add_event(
        calendar, status=rules.CANCELLED, status_note="Hava koşulları nedeniyle iptal edildi."
    )
    vevent = only_event(parse(client.get(event.url + "ical/")))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Hava koşulları" in str(vevent["DESCRIPTION"])


def test_all_day_event_uses_dates_and_an_exclusive_end(client, calendar):
    event = add_event(calendar, start=at(2026, 12, 13, 9), end=at(2026, 12, 16, 17), all_day=True)
    vevent = only_event(parse(client.get(event.url + "ical/")))
    assert vevent.decoded("DTSTART") == dt.date(2026, 12, 13)
    assert vevent.decoded("DTEND") == dt.date(2026, 12, 17)


def test_whole_calendar_and_category_feeds(client, calendar):
    konsey = EventCategoryFactory(name="Kent Konseyi")
    tören = EventCategoryFactory(name="Tören")
    add_event(calendar, title="Konsey", category=konsey)
    add_event(calendar, title="Tören", category=tören)
    add_event(calendar, title="İptal", status=rules.CANCELLED)
    ics = parse(client.get(calendar.url + "ical/"))
    assert {str(e["SUMMARY"]) for e in ics.walk("VEVENT")} == {"Konsey", "Tören", "İptal"}
    assert str(ics["X-WR-CALNAME"]) == "Etkinlikler"
    assert ics.walk("VTIMEZONE")
    only_konsey = parse(client.get(f"{calendar.url}kategori/{konsey.slug}/ical/"))
    assert [str(e["SUMMARY"]) for e in only_konsey.walk("VEVENT")] == ["Konsey"]
    assert client.get(f"{calendar.url}kategori/yok-boyle/ical/").status_code == 404


def test_the_calendar_feed_costs_a_fixed_number_of_queries(
    client, calendar, django_assert_max_num_queries
):
    for number in range(12):
        event = add_event(
            calendar, title=f"E{number}", repeat=rules.WEEKLY if number % 2 else "", repeat_count=5
        )
        event.exceptions.create(date=dt.date(2030, 1, 1))
    with django_assert_max_num_queries(12):
        ics = parse(client.get(calendar.url + "ical/"))
    assert len(ics.walk("VEVENT")) == 12


def test_cached_calendar_feed_shows_a_newly_published_event_at_once(client, calendar):
    add_event(calendar, title="İlk")
    assert len(parse(client.get(calendar.url + "ical/")).walk("VEVENT")) == 1
    add_event(calendar, title="İkinci")
    cancelled = add_event(calendar, title="Üçüncü")
    assert len(parse(client.get(calendar.url + "ical/")).walk("VEVENT")) == 3
    cancelled.status = rules.CANCELLED
    cancelled.save_revision().publish()
    statuses = {
        str(e["SUMMARY"]): str(e["STATUS"])
        for e in parse(client.get(calendar.url + "ical/")).walk("VEVENT")
    }
    assert statuses["Üçüncü"] == "CANCELLED"
