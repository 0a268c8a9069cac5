"""The public calendar: upcoming and past lists, the month grid, categories, event pages,
RSS, and the listing block; on a phone and without JavaScript."""

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.blocks import ListingBlock
from events import rules
from events.models import EventPage
from tests.factories.events import (
    EventCategoryFactory,
    add_event,
    at,
    calendar_page,
    soon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(home):
    return calendar_page(home)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def day_cell(page, day):
    time = page.select_one(f'td.day time[datetime="{day:%Y-%m-%d}"]')
    assert time is not None, day
    return time.find_parent("td")


def titles(cell):
    return [a.text for a in cell.select(".day__events a")]


def test_calendar_urls_are_turkish_and_work_without_javascript(client, calendar):
    page = soup(client.get("/etkinlikler/2026/11/"))
    assert page.select_one("h1").text.strip() == "Etkinlikler: Kasım 2026"
    assert page.find("script") is None
    nav = page.select_one("nav.month-nav")
    assert [a["href"] for a in nav.select("a")] == [
        "/etkinlikler/2026/10/",
        "/etkinlikler/2026/12/",
    ]
    assert soup(client.get("/etkinlikler/2026/12/")).select_one('a[rel="next"]')["href"] == (
        "/etkinlikler/2027/01/"
    )
    head = page.select_one('meta[name="viewport"]')
    assert head is not None


@pytest.mark.parametrize(
    "url", ["/etkinlikler/2026/13/", "/etkinlikler/2026/0/", "/etkinlikler/0001/05/"]
)
def test_impossible_months_are_404_not_500(client, calendar, url):
    assert client.get(url).status_code == 404


def test_month_grid_shows_a_multi_day_event_on_every_day_it_spans(client, calendar):
    add_event(calendar, title="Festival", start=at(2026, 11, 29, 15), end=at(2026, 12, 2, 21))
    november = soup(client.get("/etkinlikler/2026/11/"))
    for day in [29, 30]:
        assert titles(day_cell(november, dt.date(2026, 11, day))) == ["Festival"]
    # The grid's last week runs into December, and December shows the rest.
    assert titles(day_cell(november, dt.date(2026, 12, 1))) == ["Festival"]
    december = soup(client.get("/etkinlikler/2026/12/"))
    for day in [1, 2]:
        assert titles(day_cell(december, dt.date(2026, 12, day))) == ["Festival"]
    assert titles(day_cell(december, dt.date(2026, 12, 3))) == []


def test_month_grid_expands_a_weekly_series_with_its_exceptions(client, calendar):
    event = add_event(
        calendar,
        title="Kent Konseyi",
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=10,
    )
    event.exceptions.create(date=dt.date(2026, 12, 16))
    event.save_revision().publish()
    december = soup(client.get("/etkinlikler/2026/12/"))
    wednesdays = [2, 9, 16, 23, 30]
    shown = [d for d in wednesdays if titles(day_cell(december, dt.date(2026, 12, d)))]
    assert shown == [2, 9, 23, 30]
    assert "18:00" in day_cell(december, dt.date(2026, 12, 2)).text


def test_month_grid_marks_holidays(client, calendar):
    call_command("load_holidays", "--years", "2026")
    page = soup(client.get("/etkinlikler/2026/10/"))
    assert "Cumhuriyet Bayramı" in day_cell(page, dt.date(2026, 10, 29)).text
    half_day = day_cell(page, dt.date(2026, 10, 28))
    assert "day--holiday" in half_day["class"]
    # The package's Turkish name says when the half day starts; it is not said twice.
    assert half_day.select_one(".day__holiday").text == "Cumhuriyet Bayramı (saat 13.00'ten)"


def test_a_hand_typed_half_day_gets_its_start_time(client, calendar):
    from events.models import OfficialHoliday

    OfficialHoliday.objects.create(
        date=dt.date(2026, 12, 31), name="Yılbaşı arifesi", half_day=True, starts_at=dt.time(13)
    )
    page = soup(client.get("/etkinlikler/2026/12/"))
    holiday = day_cell(page, dt.date(2026, 12, 31)).select_one(".day__holiday")
    assert holiday.text == "Yılbaşı arifesi (13:00 itibarıyla)"


@pytest.mark.parametrize("count", [2, 25])
def test_month_view_costs_the_same_queries_whatever_the_number_of_events(
    client, calendar, count, django_assert_max_num_queries
):
    category = EventCategoryFactory(name="Tören")
    for number in range(count):
        start = at(2026, 11, 1 + number % 28, 9 + number % 8)
        add_event(
            calendar,
            title=f"Etkinlik {number}",
            start=start,
            end=start + dt.timedelta(hours=1),
            category=category,
            repeat=rules.WEEKLY if number % 3 == 0 else "",
            repeat_count=8,
        )
    client.get("/etkinlikler/2026/11/")  # site root paths are cached after the first request
    with django_assert_max_num_queries(13):
        response = client.get("/etkinlikler/2026/11/")
    assert len(soup(response).select(".day__events li")) >= count


def test_cancelled_event_keeps_its_page_but_leaves_upcoming_lists(client, calendar):
    kept = add_event(calendar, title="Açılış Töreni", start=soon(2), end=soon(2, 12))
    cancelled = add_event(
        calendar,
        title="Sokak Festivali",
        start=soon(4),
        end=soon(4, 12),
        status=rules.CANCELLED,
        status_note="Hava koşulları nedeniyle iptal edildi.",
    )
    upcoming = soup(client.get("/etkinlikler/")).select(".event-item__title")
    assert [item.text.strip() for item in upcoming] == ["Açılış Töreni"]
    page = soup(client.get(cancelled.url))
    assert "Bu etkinlik iptal edildi." in page.select_one(".event__status").text
    assert "Hava koşulları" in page.select_one(".event__status").text
    feed = feedparser.parse(client.get("/etkinlikler/rss/").content)
    assert [entry.title for entry in feed.entries] == ["Açılış Töreni"]
    assert [p.pk for p in EventPage.listing_filter(EventPage.objects.live())] == [kept.pk]


def test_past_events_stay_browsable(client, calendar):
    add_event(calendar, title="Geçen Ayki Anma", start=soon(-40), end=soon(-40, 12))
    add_event(calendar, title="Yarınki Açılış", start=soon(1), end=soon(1, 12))
    past = soup(client.get("/etkinlikler/gecmis/"))
    assert [a.text for a in past.select(".event-item__title a")] == ["Geçen Ayki Anma"]
    upcoming = soup(client.get("/etkinlikler/"))
    assert [a.text for a in upcoming.select(".event-item__title a")] == ["Yarınki Açılış"]


def test_category_view_lists_only_its_events(client, calendar):
    opening = EventCategoryFactory(name="Açılış")
    add_event(calendar, title="Park Açılışı", category=opening)
    add_event(calendar, title="Basın Toplantısı")
    page = soup(client.get("/etkinlikler/kategori/acilis/"))
    assert [a.text for a in page.select(".event-item__title a")] == ["Park Açılışı"]
    assert page.select_one('a[href="webcal://testserver/etkinlikler/kategori/acilis.ics"]')
    alternates = [link["href"] for link in page.select('link[type="text/calendar"]')]
    assert alternates == ["/etkinlikler/takvim.ics", "/etkinlikler/kategori/acilis.ics"]
    assert client.get("/etkinlikler/kategori/yok/").status_code == 404


def test_event_page_has_an_ics_link_a_map_link_and_the_details(client, calendar):
    event = add_event(
        calendar,
        title="Semt Pazarı Açılışı",
        latitude="38.4192",
        longitude="27.1287",
        organiser="Özel Kalem Müdürlüğü",
        accessibility="Tekerlekli sandalye ile erişilebilir.",
        registration_url="https://example.org/kayit",
    )
    page = soup(client.get(event.url))
    assert (
        page.select_one(f'a[href="/etkinlikler/{event.slug}.ics"]').text == "Takvimime ekle (.ics)"
    )
    alternate = page.select_one('link[rel="alternate"][type="text/calendar"]')
    assert alternate["href"] == f"/etkinlikler/{event.slug}.ics"
    assert "openstreetmap.org" in page.find("a", string="Haritada göster")["href"]
    text = page.select_one("main").text
    assert "Özel Kalem Müdürlüğü" in text and "Tekerlekli sandalye" in text


def test_index_offers_subscription_and_rss(client, calendar):
    add_event(calendar, title="Konser", summary="Açık hava konseri.")
    page = soup(client.get("/etkinlikler/"))
    subscribe = page.select_one('a[href^="webcal://"]')
    assert subscribe["href"] == "webcal://testserver/etkinlikler/takvim.ics"
    assert page.select_one('link[type="text/calendar"]')["href"] == "/etkinlikler/takvim.ics"
    feed = feedparser.parse(client.get("/etkinlikler/rss/").content)
    assert feed.feed.title == "Etkinlikler: yaklaşan etkinlikler"
    assert feed.entries[0].title == "Konser" and "Açık hava konseri." in feed.entries[0].summary


def test_listing_block_shows_upcoming_events_soonest_first(calendar):
    add_event(calendar, title="Sonra", start=soon(10), end=soon(10, 12))
    add_event(calendar, title="Önce", start=soon(2), end=soon(2, 12))
    add_event(calendar, title="Geçti", start=soon(-3), end=soon(-3, 12))
    add_event(calendar, title="İptal", start=soon(3), end=soon(3, 12), status=rules.CANCELLED)
    series = add_event(
        calendar,
        title="Haftalık",
        start=soon(-20, 18),
        end=soon(-20, 20),
        repeat=rules.WEEKLY,
        repeat_count=10,
    )
    block = ListingBlock()
    value = block.to_python({"page_type": "events.eventpage", "limit": 5, "order": "natural"})
    assert [page.title for page in value.pages()] == ["Haftalık", "Önce", "Sonra"]
    # The series' card shows its next date, not the day it began.
    assert value.pages()[0].listing_date == series.next_occurrences(limit=1)[0].start
    assert value.pages()[0].listing_date > soon(0, 0)


def test_an_event_leaves_the_listing_in_the_minute_after_it_ends(client, calendar, settings):
    """A listing compares with the current minute (its statement is kept for the minute,
    cms.sql.compiled): an event ending at 11:00 is listed through 11:00:59 and gone at
    11:01, on the home page the listing block shows (two listings: read together), with
    the listing's HTML not cached (right after a publish)."""
    import time_machine

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from cms.dates import ISTANBUL

    ends = dt.datetime(2026, 12, 3, 11, 0, tzinfo=ISTANBUL)
    add_event(calendar, title="Basın toplantısı", start=ends - dt.timedelta(hours=1), end=ends)
    add_event(
        calendar,
        title="Konser",
        start=ends + dt.timedelta(days=2),
        end=ends + dt.timedelta(days=2, hours=2),
    )
    home = calendar.get_parent().specific
    listing = {"page_type": "events.eventpage", "limit": 5, "order": "natural"}
    home.body = [
        ("listing", {**listing, "title": "Etkinlikler"}),
        ("listing", {**listing, "title": "Yine"}),
    ]
    home.save_revision().publish()

    def listed(when):
        with time_machine.travel(when, tick=False):
            page = soup(client.get(home.url))
        return [a.text for a in page.select(".card__title a")]

    assert listed(ends - dt.timedelta(minutes=5)) == ["Basın toplantısı", "Konser"] * 2
    assert listed(ends + dt.timedelta(seconds=59)) == ["Basın toplantısı", "Konser"] * 2
    assert listed(ends + dt.timedelta(minutes=1)) == ["Konser"] * 2


def test_editor_errors_are_turkish_and_name_the_field(calendar):
    from django.core.exceptions import ValidationError

    event = EventPage(
        title="Hatalı",
        start=at(2026, 12, 1, 12),
        end=at(2026, 12, 1, 10),
        latitude=95,
        longitude=27,
        repeat=rules.WEEKLY,
    )
    with pytest.raises(ValidationError) as error:
        calendar.add_child(instance=event)
    errors = error.value.message_dict
    assert errors["end"] == ["Bitiş, başlangıçtan önce olamaz."]
    assert "repeat_until" in errors and "latitude" in errors
    assert not EventPage.objects.exists()


@pytest.mark.parametrize("count", [2, 20])
def test_upcoming_list_and_programme_cost_a_fixed_number_of_queries(
    client, calendar, count, django_assert_max_num_queries
):
    from tests.factories.events import AppointmentFactory

    for number in range(count):
        add_event(
            calendar,
            title=f"Etkinlik {number}",
            start=soon(1 + number),
            end=soon(1 + number, 12),
            category=EventCategoryFactory(name=f"Kategori {number % 3}"),
            repeat=rules.WEEKLY if number % 4 == 0 else "",
            repeat_count=4,
        )
        AppointmentFactory(
            start=soon(number % 7, 9 + number % 8),
            end=soon(number % 7, 10 + number % 8),
            is_public=True,
            public_title=f"Program {number}",
        )
    client.get("/etkinlikler/")
    with django_assert_max_num_queries(14):
        client.get("/etkinlikler/")
    with django_assert_max_num_queries(14):
        client.get("/etkinlikler/baskanin-programi/")


def test_an_event_cannot_take_the_calendar_files_slug(calendar):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        calendar.add_child(instance=EventPage(title="Takvim", start=soon(1), end=soon(1, 12)))
    assert error.value.message_dict["slug"] == [
        "Bu kısa ad takvim dosyası için ayrılmıştır; başka bir kısa ad seçin."
    ]


def test_a_citizen_on_a_phone_finds_this_weeks_opening_and_takes_it_to_their_calendar(
    client, calendar
):
    """The issue's "done when": no JavaScript, links only, as a phone without scripts."""
    import recurring_ical_events
    from icalendar import Calendar

    add_event(calendar, title="Kütüphane Açılış Töreni", start=soon(2, 11), end=soon(2, 12))
    add_event(calendar, title="Gelecek Ay Konseri", start=soon(40, 20), end=soon(40, 22))
    calendar.show_in_menus = True
    calendar.save_revision().publish()
    home = soup(client.get("/"))
    calendar_link = home.find("a", string="Etkinlikler")
    upcoming = soup(client.get(calendar_link["href"]))
    assert upcoming.find("script") is None
    event_link = upcoming.find("a", string="Kütüphane Açılış Töreni")
    event_page = soup(client.get(event_link["href"]))
    add = event_page.find("a", string="Takvimime ekle (.ics)")
    response = client.get(add["href"])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Kütüphane Açılış Töreni"
    assert vevent.decoded("DTSTART") == soon(2, 11)
    # …and subscribes to the whole calendar from the list page.
    subscribe = upcoming.find("a", string="Takvimin tamamına abone ol")["href"]
    assert subscribe.startswith("webcal://testserver/")
    feed = Calendar.from_ical(client.get(subscribe.removeprefix("webcal://testserver")).content)
    expanded = recurring_ical_events.of(feed).between(soon(0, 0), soon(60, 0))
    assert [str(e["SUMMARY"]) for e in expanded] == [
        "Kütüphane Açılış Töreni",
        "Gelecek Ay Konseri",
    ]


def test_a_series_saved_without_an_end_is_still_capped(client, calendar):
    from icalendar import Calendar

    event = add_event(
        calendar,
        title="Sonsuz Toplantı",
        start=at(2026, 11, 4, 18),
        end=at(2026, 11, 4, 20),
        repeat=rules.WEEKLY,
        repeat_count=5,
    )
    # An import or a script may skip the form's validation; the calendar stays finite.
    event.repeat_count = None
    event.save(clean=False)
    last = at(2026, 11, 4, 20) + dt.timedelta(weeks=rules.MAX_OCCURRENCES - 1)
    assert EventPage.objects.get(pk=event.pk).series_end == last
    (vevent,) = Calendar.from_ical(client.get(f"/etkinlikler/{event.slug}.ics").content).walk(
        "VEVENT"
    )
    assert vevent["RRULE"]["COUNT"] == [rules.MAX_OCCURRENCES]
    assert titles(day_cell(soup(client.get("/etkinlikler/2030/06/")), dt.date(2030, 6, 5)))
    later = soup(client.get(f"/etkinlikler/{last.year + 1}/{last.month:02d}/"))
    assert not later.select(".day__events li")


def test_month_grid_entries_link_each_event_with_its_time_and_status(client, calendar):
    timed = add_event(calendar, title="Söyleşi & İmza", start=at(2026, 12, 9, 14, 30))
    cancelled = add_event(
        calendar, title="Konser", start=at(2026, 12, 9, 20), status=rules.CANCELLED
    )
    all_day = add_event(
        calendar,
        title="Kitap Fuarı",
        all_day=True,
        start=at(2026, 12, 9, 0),
        end=at(2026, 12, 9, 23, 59),
    )
    cell = day_cell(soup(client.get("/etkinlikler/2026/12/")), dt.date(2026, 12, 9))
    entries = {item.a.text: item for item in cell.select(".day__events li")}
    assert set(entries) == {"Söyleşi & İmza", "Konser", "Kitap Fuarı"}
    for event in (timed, cancelled, all_day):
        assert entries[event.title].a["href"] == event.get_url()
    assert entries["Söyleşi & İmza"].select_one(".day__time").text == "14:30"
    assert entries["Kitap Fuarı"].select_one(".day__time") is None
    assert entries["Konser"]["class"] == ["is-cancelled"]
    assert entries["Konser"].select_one(".badge--cancelled").text == "İptal edildi"
    assert entries["Söyleşi & İmza"].get("class") is None


def series(calendar, title, days_ago, repeat, count, interval=1):
    return add_event(
        calendar,
        title=title,
        start=soon(-days_ago, 9),
        end=soon(-days_ago, 10),
        repeat=repeat,
        repeat_count=count,
        repeat_interval=interval,
    )


def test_series_cards_read_their_next_dates_together(calendar, django_assert_num_queries):
    """Each series' card shows the date its rule gives next, read for every card at once:
    a listing of four series costs what a listing of one does."""

    def listing():
        block = ListingBlock()
        value = block.to_python({"page_type": "events.eventpage", "limit": 10, "order": "natural"})
        return value

    series(calendar, "Haftalık", 20, rules.WEEKLY, 30)
    with CaptureQueriesContext(connection) as one:
        pages = listing().pages()
    assert len(pages) == 1
    series(calendar, "Aylık", 40, rules.MONTHLY_NTH_WEEKDAY, 12)
    series(calendar, "İki haftada bir", 3, rules.WEEKLY, 10, interval=2)
    # A yearly series whose next time is more than two years away shows its first day.
    far = series(calendar, "Üç yılda bir", 300, rules.YEARLY, 3, interval=3)
    with django_assert_num_queries(len(one)):
        pages = listing().pages()
    assert len(pages) == 4
    for page in pages:
        upcoming = EventPage.objects.get(pk=page.pk).next_occurrences(limit=1)
        expected = upcoming[0].start if upcoming else page.start
        assert page.listing_date == expected, page.title
    assert {page.title: page.listing_date for page in pages}["Üç yılda bir"] == far.start
