"""The stored occurrences (events.EventOccurrence): the calendar reads them instead of
expanding every event's rule on each request, and shows exactly what the rules give;
publishing, drafts, dates left out and deletion keep them in step; a series is capped."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import occurrences, rules
from events.models import EventOccurrence, EventPage
from tests.factories.events import (
    EventCategoryFactory,
    EventPageFactory,
    add_event,
    at,
    calendar_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(home):
    return calendar_page(home)


def generated_calendar(calendar):
    """Series of every kind, events crossing months and days, same-time events whose
    titles sort only in Turkish order, a cancelled and a postponed event, a draft."""
    culture = EventCategoryFactory(name="Kültür-Sanat")
    meeting = EventCategoryFactory(name="Kent Konseyi")
    konsey = add_event(
        calendar,
        title="Kent Konseyi",
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=30,
        category=meeting,
    )
    konsey.exceptions.create(date=dt.date(2026, 12, 16))
    konsey.exceptions.create(date=dt.date(2027, 1, 6))
    konsey.save_revision().publish()
    add_event(
        calendar,
        title="Çiçek Pazarı",
        start=at(2026, 11, 7, 10),
        end=at(2026, 11, 7, 14),
        repeat=rules.WEEKLY,
        repeat_interval=2,
        repeat_until=dt.date(2027, 3, 1),
        category=culture,
    )
    add_event(
        calendar,
        title="Cadde Şenliği",
        start=at(2026, 11, 7, 10),
        end=at(2026, 11, 7, 12),
        category=culture,
    )
    add_event(
        calendar,
        title="İnci Konseri",
        start=at(2026, 11, 7, 10),
        end=at(2026, 11, 7, 11),
        status=rules.POSTPONED,
        status_note="Hava koşulları nedeniyle",
    )
    add_event(
        calendar,
        title="Meclis Toplantısı",
        start=at(2026, 11, 3, 14),
        end=at(2026, 11, 3, 17),
        repeat=rules.MONTHLY_NTH_WEEKDAY,
        repeat_count=12,
    )
    add_event(
        calendar,
        title="Kuruluş Yıl Dönümü",
        start=at(2026, 11, 20, 0),
        end=at(2026, 11, 20, 23, 59),
        all_day=True,
        repeat=rules.YEARLY,
        repeat_count=3,
    )
    add_event(
        calendar, title="Yılbaşı Festivali", start=at(2026, 12, 30, 15), end=at(2027, 1, 2, 21)
    )
    add_event(
        calendar,
        title="Gece Nöbeti",
        start=at(2026, 11, 30, 22),
        end=at(2026, 12, 1, 6),
        repeat=rules.WEEKLY,
        repeat_count=6,
    )
    add_event(
        calendar,
        title="Iğdır Günleri",
        start=at(2026, 12, 12, 11),
        end=at(2026, 12, 12, 13),
        status=rules.CANCELLED,
        status_note="Ertelendi",
    )
    draft = EventPageFactory(
        title="Taslak Etkinlik", start=at(2026, 12, 5), end=at(2026, 12, 5, 12)
    )
    calendar.add_child(instance=draft)
    draft.unpublish()
    return konsey


# What citizens and subscribers get from the calendar, one request each.
PUBLIC_URLS = [
    "/etkinlikler/2026/11/",
    "/etkinlikler/2026/12/",
    "/etkinlikler/2027/01/",
    "/etkinlikler/2027/11/",
    "/etkinlikler/",
    "/etkinlikler/gecmis/",
    "/etkinlikler/kategori/kultur-sanat/",
    "/etkinlikler/rss/",
    "/etkinlikler/takvim.ics",
    "/api/v2/calendar/?start=2026-11-01&end=2027-03-31&limit=100",
]


def responses(client):
    found = {}
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content
    return found


@pytest.mark.clock("2026-12-10T12:00", tick=False)
def test_the_calendar_shows_the_same_from_stored_occurrences_as_from_the_rules(
    client, calendar, monkeypatch
):
    generated_calendar(calendar)
    stored = responses(client)
    # The same pages with each event's rule expanded on the spot, as before the table.
    monkeypatch.setattr(occurrences, "expand", occurrences.expand_rules)
    expanded = responses(client)
    for url in PUBLIC_URLS:
        assert stored[url] == expanded[url], url
    november = BeautifulSoup(stored["/etkinlikler/2026/11/"], "html.parser")
    # Not an empty calendar compared with itself: in the grid (26 October - 6 December)
    # five council Wednesdays, three fortnightly markets, the two single events of 7
    # November, two first Tuesdays, the anniversary, and the night watch of 30 November
    # on both days it spans.
    assert len(november.select(".day__events li")) == 15


@pytest.mark.clock("2026-12-10T12:00", tick=False)
def test_the_calendar_api_gives_each_rules_occurrences_in_order(client, calendar):
    generated_calendar(calendar)
    data = json.loads(client.get(PUBLIC_URLS[-1]).content)
    first, last = at(2026, 11, 1, 0), at(2027, 4, 1, 0)
    expected = sorted(
        (occurrence.start, occurrence.source.title, occurrence.source.pk, occurrence.end)
        for event in EventPage.objects.live().prefetch_related("exceptions")
        for occurrence in event.occurrences_between(first, last)
    )
    assert [(item["start"], item["event"]["title"], item["end"]) for item in data["items"]] == [
        (start.isoformat(), title, end.isoformat()) for start, title, _pk, end in expected
    ]
    assert data["meta"]["total_count"] == len(expected) > 30


def month_titles(client, url, day):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    cell = page.select_one(f'td.day time[datetime="{day:%Y-%m-%d}"]').find_parent("td")
    return [a.text for a in cell.select(".day__events a")]


def test_publishing_a_shorter_series_takes_its_dates_off_the_calendar(client, calendar):
    event = add_event(
        calendar,
        title="Kent Konseyi",
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=10,
    )
    assert month_titles(client, "/etkinlikler/2026/12/", dt.date(2026, 12, 30)) == ["Kent Konseyi"]
    event.repeat_count = 3
    event.save_revision().publish()
    assert month_titles(client, "/etkinlikler/2026/12/", dt.date(2026, 12, 30)) == []
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 18)) == ["Kent Konseyi"]
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 25)) == []


def test_a_draft_leaves_the_live_calendar_as_published(client, calendar):
    event = add_event(
        calendar, title="Açılış Töreni", start=at(2026, 11, 4, 10), end=at(2026, 11, 4, 12)
    )
    event.start, event.end = at(2026, 11, 11, 10), at(2026, 11, 11, 12)
    event.save_revision()  # saved, not published
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 4)) == ["Açılış Töreni"]
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 11)) == []
    EventPage.objects.get(pk=event.pk).get_latest_revision().publish()
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 4)) == []
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 11)) == ["Açılış Töreni"]


def test_a_date_left_out_and_published_leaves_the_calendar(client, calendar):
    event = add_event(
        calendar,
        title="Kent Konseyi",
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=10,
    )
    stored = EventOccurrence.objects.filter(event=event)
    assert stored.filter(start=at(2026, 11, 18, 18)).exists()
    event.exceptions.create(date=dt.date(2026, 11, 18))
    event.save_revision().publish()
    assert not stored.filter(start=at(2026, 11, 18, 18)).exists()
    assert stored.count() == 9
    assert month_titles(client, "/etkinlikler/2026/11/", dt.date(2026, 11, 18)) == []


@pytest.mark.indexed
def test_deleting_an_event_deletes_its_occurrences(calendar):
    event = add_event(
        calendar,
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=10,
    )
    other = add_event(calendar, start=at(2026, 11, 5, 18), end=at(2026, 11, 5, 20))
    event.delete()
    assert list(EventOccurrence.objects.values_list("event_id", flat=True)) == [other.pk]


def test_a_series_stores_at_most_the_cap_even_when_its_end_skipped_validation(calendar):
    # An import or a script may skip clean(): a weekly series "until" 30 years ahead.
    event = add_event(
        calendar,
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=10,
    )
    EventPage.objects.filter(pk=event.pk).update(
        repeat_count=None, repeat_until=dt.date(2056, 1, 1)
    )
    event = EventPage.objects.get(pk=event.pk)
    event.save(clean=False)
    stored = EventOccurrence.objects.filter(event=event).order_by("start")
    assert stored.count() == rules.MAX_OCCURRENCES
    assert stored.first().start == at(2026, 11, 4, 18)
    assert stored.last().start == at(2026, 11, 4, 18) + dt.timedelta(
        weeks=rules.MAX_OCCURRENCES - 1
    )


def month_queries(client, url):
    client.get(url)  # site root paths are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), len(
        BeautifulSoup(response.content, "html.parser").select(".day__events li")
    )


def test_month_view_queries_do_not_grow_with_the_number_of_series(client, calendar):
    def add_series(numbers):
        for number in numbers:
            add_event(
                calendar,
                title=f"Seri {number}",
                start=at(2026, 11, 2 + number, 9),
                end=at(2026, 11, 2 + number, 10),
                repeat=rules.WEEKLY,
                repeat_count=20,
            )

    add_series(range(2))
    few, few_entries = month_queries(client, "/etkinlikler/2026/11/")
    add_series(range(2, 8))
    many, many_entries = month_queries(client, "/etkinlikler/2026/11/")
    assert many_entries > few_entries >= 8
    assert many == few
