"""iCalendar output: one event, the whole calendar and a category, parsed back with
icalendar (and expanded with recurring-ical-events, as a phone would)."""

import datetime as dt
from decimal import Decimal

import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from icalendar import Calendar

from events import rules
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


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def ics_of(event):
    """/etkinlikler/<slug>.ics"""
    return event.url.rstrip("/") + ".ics"


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
    response = client.get(ics_of(event))
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
    first = only_event(parse(client.get(ics_of(event))))["UID"]
    event.title = "Yeni başlık"
    event.save_revision().publish()
    assert only_event(parse(client.get(ics_of(event))))["UID"] == first


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
    ics = parse(client.get(ics_of(event)))
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
    vevent = only_event(parse(client.get(ics_of(event))))
    assert vevent["RRULE"]["BYDAY"] == ["2TU"] and vevent["RRULE"]["COUNT"] == [6]


def test_cancelled_event_is_marked_cancelled(client, calendar):
    event = add_event(
        calendar, status=rules.CANCELLED, status_note="Hava koşulları nedeniyle iptal edildi."
    )
    vevent = only_event(parse(client.get(ics_of(event))))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Hava koşulları" in str(vevent["DESCRIPTION"])


def test_all_day_event_uses_dates_and_an_exclusive_end(client, calendar):
    event = add_event(calendar, start=at(2026, 12, 13, 9), end=at(2026, 12, 16, 17), all_day=True)
    vevent = only_event(parse(client.get(ics_of(event))))
    assert vevent.decoded("DTSTART") == dt.date(2026, 12, 13)
    assert vevent.decoded("DTEND") == dt.date(2026, 12, 17)


def test_whole_calendar_and_category_feeds(client, calendar):
    konsey = EventCategoryFactory(name="Kent Konseyi")
    tören = EventCategoryFactory(name="Tören")
    add_event(calendar, title="Konsey", category=konsey)
    add_event(calendar, title="Tören", category=tören)
    add_event(calendar, title="İptal", status=rules.CANCELLED)
    ics = parse(client.get("/etkinlikler/takvim.ics"))
    assert {str(e["SUMMARY"]) for e in ics.walk("VEVENT")} == {"Konsey", "Tören", "İptal"}
    assert str(ics["X-WR-CALNAME"]) == "Etkinlikler"
    assert ics.walk("VTIMEZONE")
    only_konsey = parse(client.get(f"/etkinlikler/kategori/{konsey.slug}.ics"))
    assert [str(e["SUMMARY"]) for e in only_konsey.walk("VEVENT")] == ["Konsey"]
    assert client.get("/etkinlikler/kategori/yok-boyle.ics").status_code == 404


def test_the_calendar_feed_costs_a_fixed_number_of_queries(
    client, calendar, django_assert_max_num_queries
):
    for number in range(12):
        event = add_event(
            calendar, title=f"E{number}", repeat=rules.WEEKLY if number % 2 else "", repeat_count=5
        )
        event.exceptions.create(date=dt.date(2030, 1, 1))
    # 13: the first fetch writes the VEVENTs; one of the reads is the site's private
    # sections (cms.listing.restricted_paths), once per request.
    with django_assert_max_num_queries(13):
        ics = parse(client.get("/etkinlikler/takvim.ics"))
    assert len(ics.walk("VEVENT")) == 12


def test_cached_calendar_feed_shows_a_newly_published_event_at_once(client, calendar):
    add_event(calendar, title="İlk")
    assert len(parse(client.get("/etkinlikler/takvim.ics")).walk("VEVENT")) == 1
    add_event(calendar, title="İkinci")
    cancelled = add_event(calendar, title="Üçüncü")
    assert len(parse(client.get("/etkinlikler/takvim.ics")).walk("VEVENT")) == 3
    cancelled.status = rules.CANCELLED
    cancelled.save_revision().publish()
    statuses = {
        str(e["SUMMARY"]): str(e["STATUS"])
        for e in parse(client.get("/etkinlikler/takvim.ics")).walk("VEVENT")
    }
    assert statuses["Üçüncü"] == "CANCELLED"


def test_ics_addresses_are_real_ics_files(client, calendar):
    event = add_event(
        calendar, title="Açılış Töreni", category=EventCategoryFactory(name="Kültür-Sanat")
    )
    assert event.slug == "acilis-toreni"
    for url, filename, summaries in [
        ("/etkinlikler/acilis-toreni.ics", "acilis-toreni.ics", ["Açılış Töreni"]),
        ("/etkinlikler/takvim.ics", "takvim.ics", ["Açılış Töreni"]),
        ("/etkinlikler/kategori/kultur-sanat.ics", "kultur-sanat.ics", ["Açılış Töreni"]),
    ]:
        response = client.get(url)
        assert response["Content-Type"] == "text/calendar; charset=utf-8", url
        assert response["Content-Disposition"] == f'inline; filename="{filename}"'
        assert [str(e["SUMMARY"]) for e in parse(response).walk("VEVENT")] == summaries
    assert client.head("/etkinlikler/takvim.ics").status_code == 200
    assert client.post("/etkinlikler/takvim.ics").status_code == 405


def test_old_ical_addresses_redirect_permanently(client, calendar):
    add_event(calendar, title="Açılış Töreni", category=EventCategoryFactory(name="Kültür-Sanat"))
    for old, new in [
        ("/etkinlikler/acilis-toreni/ical/", "/etkinlikler/acilis-toreni.ics"),
        ("/etkinlikler/ical/", "/etkinlikler/takvim.ics"),
        ("/etkinlikler/kategori/kultur-sanat/ical/", "/etkinlikler/kategori/kultur-sanat.ics"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/etkinlikler/kategori/yok-boyle/ical/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/etkinlikler/yok-boyle.ics",
        "/yok-boyle.ics",
        "/etkinlikler/gecmis.ics",
        "/etkinlikler/2026/11.ics",
        "/etkinlikler/baskanin-programi.ics",
        "/etkinlikler/kategori.ics",
        "/etkinlikler/kategori/yok-boyle.ics",
        "/etkinlikler/acilis-toreni/takvim.ics",
        "/takvim.ics",
        "/etkinlikler/taslak.ics",
    ],
)
def test_unknown_and_draft_ics_files_are_404(client, calendar, url):
    add_event(calendar, title="Açılış Töreni")
    draft = EventPageFactory(title="Taslak", live=False)
    calendar.add_child(instance=draft)
    draft.save_revision()
    assert not draft.live
    assert client.get(url).status_code == 404


def test_private_event_and_private_calendar_files_are_404_to_the_public(
    client, calendar, superuser
):
    from wagtail.models import PageViewRestriction

    add_event(calendar, title="Açık Etkinlik")
    private = add_event(calendar, title="Personel Toplantısı")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/etkinlikler/personel-toplantisi.ics").status_code == 404
    feed = parse(client.get("/etkinlikler/takvim.ics"))
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Açık Etkinlik"]
    client.force_login(superuser)  # staff who may see the page may have its file
    assert parse(client.get("/etkinlikler/personel-toplantisi.ics"))
    client.logout()
    PageViewRestriction.objects.create(
        page=calendar, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    assert client.get("/etkinlikler/takvim.ics").status_code == 404
    assert client.get("/etkinlikler/acik-etkinlik.ics").status_code == 404


@pytest.fixture
def back_to_turkish():
    # A request to /en/ leaves English active in this thread; later tests expect Turkish.
    from django.utils import translation

    yield
    translation.activate("tr")


def test_english_calendar_has_its_own_ics_files(client, home, calendar, superuser, back_to_turkish):
    from wagtail.models import Locale

    event = add_event(calendar, title="Açılış Töreni")
    english = Locale.objects.get(language_code="en")
    client.force_login(superuser)
    response = client.post(
        f"/admin/translation/submit/page/{home.pk}/",
        {"locales": [english.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    english_event = event.get_translation(english)
    english_event.title = "Opening Ceremony"
    english_event.save_revision().publish()
    english_calendar = calendar.get_translation(english)
    english_calendar.save_revision().publish()
    home.get_translation(english).save_revision().publish()
    client.logout()
    vevent = only_event(parse(client.get("/en/etkinlikler/acilis-toreni.ics")))
    assert str(vevent["SUMMARY"]) == "Opening Ceremony"
    assert str(vevent["URL"]).endswith("/en/etkinlikler/acilis-toreni/")
    assert str(vevent["UID"]) != f"etkinlik-{event.pk}@testserver"
    feed = parse(client.get("/en/etkinlikler/takvim.ics"))
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Opening Ceremony"]
    page = BeautifulSoup(client.get("/en/etkinlikler/").content, "html.parser")
    assert page.select_one('link[type="text/calendar"]')["href"] == "/en/etkinlikler/takvim.ics"


def test_a_phone_expands_a_series_across_the_old_daylight_saving_dates_as_the_site_does(
    client, calendar
):
    event = add_event(
        calendar,
        title="Kent Konseyi",
        start=at(2027, 3, 17, 18),
        end=at(2027, 3, 17, 20),
        repeat=rules.WEEKLY,
        repeat_until=dt.date(2027, 11, 3),
    )
    ics = parse(client.get(ics_of(event)))
    # The VTIMEZONE says +03 without a DAYLIGHT part for these years.
    assert not [part for part in ics.walk("DAYLIGHT") if part.decoded("DTSTART").year >= 2017]
    start, end = at(2027, 3, 1, 0), at(2027, 12, 1, 0)
    phone = [
        item.decoded("DTSTART").astimezone(dt.UTC)
        for item in recurring_ical_events.of(ics).between(start, end)
    ]
    site = [o.start.astimezone(dt.UTC) for o in event.occurrences_between(start, end)]
    assert phone == site and len(site) == 34
    assert {moment.hour for moment in phone} == {15}
