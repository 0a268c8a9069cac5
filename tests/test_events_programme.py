"""The mayor's programme: private appointments kept by Özel Kalem, of which only the public
entries (and only their public fields) reach the site, its .ics and its feeds."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from cms.roles import CLERK, HEAD
from events.models import Appointment
from events.models.appointments import CANCELLED, REQUESTED
from tests.factories.events import (
    AppointmentFactory,
    EventCategoryFactory,
    add_event,
    at,
    calendar_page,
    soon,
)

pytestmark = pytest.mark.django_db

SECRETS = ["Gizli Ziyaretçi", "Gizli Vakıf", "Gizli konu", "Makam Odası", "Gizli not", "Talep Eden"]


@pytest.fixture
def calendar(home):
    return calendar_page(home)


def secret_appointment(**fields):
    return AppointmentFactory(
        visitor="Gizli Ziyaretçi",
        institution="Gizli Vakıf",
        subject="Gizli konu",
        place="Makam Odası",
        confidential_notes="Gizli not",
        requested_by="Talep Eden",
        **fields,
    )


def form_data(**fields):
    data = {
        "visitor": "Ali Veli",
        "institution": "Örnek Derneği",
        "subject": "Tanışma",
        "start": "24.11.2026 10:00",
        "end": "24.11.2026 11:00",
        "place": "Makam",
        "requested_by": "Özel Kalem",
        "status": "onaylandi",
        "confidential_notes": "",
        "public_title": "",
        "public_place": "",
    }
    data.update(fields)
    return data


def test_public_entry_shows_only_its_public_fields(client, calendar):
    secret_appointment(
        start=at(2026, 11, 24, 10),
        end=at(2026, 11, 24, 11),
        is_public=True,
        public_title="Muhtarlar toplantısı",
        public_place="Belediye Hizmet Binası",
    )
    secret_appointment(start=at(2026, 11, 24, 14), end=at(2026, 11, 24, 15))
    response = client.get("/etkinlikler/baskanin-programi/2026/11/24/")
    assert response.status_code == 200
    html = response.content.decode()
    page = BeautifulSoup(html, "html.parser")
    entries = [li.text.split() for li in page.select(".programme-list li")]
    assert len(entries) == 1
    assert "Muhtarlar toplantısı" in html and "Belediye Hizmet Binası" in html
    for secret in SECRETS:
        assert secret not in html


def public_outputs(day, words):
    """Every public output an appointment on `day` could leak into: the site's pages, the
    calendar's .ics, its RSS, the sitemap, the site search for each of `words`, the public
    programme (day and week) and the read API's calendar and programme. Shared with the
    mayor's office tests (an accepted appointment request must reach none of them)."""
    return [
        "/",
        "/etkinlikler/",
        f"/etkinlikler/{day:%Y/%m}/",
        "/etkinlikler/takvim.ics",
        "/sitemap.xml",
        *[f"/ara/?q={word}" for word in words],
        "/etkinlikler/rss/",
        "/etkinlikler/baskanin-programi/",
        f"/etkinlikler/baskanin-programi/{day:%Y/%m/%d}/",
        f"/etkinlikler/baskanin-programi/hafta/{day:%Y/%m/%d}/",
        f"/api/v2/calendar/?start={day:%Y-%m-01}&end={day:%Y-%m-28}",
        f"/api/v2/programme/?start={day:%Y-%m-01}&end={day:%Y-%m-28}",
    ]


# A Wednesday: "tomorrow" is in the same week, so this week's programme shows it (on a
# Sunday it would be next week's).
@pytest.mark.clock("2027-06-02T10:00")
@pytest.mark.indexed
def test_private_fields_never_reach_any_public_output(client, calendar):
    event = add_event(
        calendar,
        title="Açılış",
        start=soon(1),
        end=soon(1, 12),
        category=EventCategoryFactory(name="Açılış"),
    )
    secret_appointment(start=soon(1, 9), end=soon(1, 10), is_public=True, public_title="Ziyaret")
    secret_appointment(start=soon(2, 9), end=soon(2, 10))
    day = soon(1).date()
    urls = [
        *public_outputs(day, ["Gizli", "Ziyaretçi"]),
        "/etkinlikler/kategori/acilis.ics",
        f"/etkinlikler/{event.slug}.ics",
        f"/etkinlikler/{event.slug}/",
        "/etkinlikler/kategori/acilis/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    assert "Ziyaret" in client.get("/etkinlikler/baskanin-programi/").content.decode()


def test_only_approved_public_appointments_are_published(client, calendar):
    AppointmentFactory(
        start=soon(1, 9), end=soon(1, 10), is_public=True, public_title="Onaylı Ziyaret"
    )
    AppointmentFactory(
        start=soon(1, 11),
        end=soon(1, 12),
        is_public=True,
        public_title="Talep Aşamasında",
        status=REQUESTED,
    )
    AppointmentFactory(
        start=soon(1, 13),
        end=soon(1, 14),
        is_public=True,
        public_title="İptal Edilen",
        status=CANCELLED,
    )
    day = soon(1).date()
    body = client.get(f"/etkinlikler/baskanin-programi/{day:%Y/%m/%d}/").content.decode()
    assert "Onaylı Ziyaret" in body
    assert "Talep Aşamasında" not in body and "İptal Edilen" not in body


def test_week_view_lists_each_day_and_navigates(client, calendar):
    AppointmentFactory(
        start=at(2026, 11, 26, 9), end=at(2026, 11, 26, 10), is_public=True, public_title="Perşembe"
    )
    page = BeautifulSoup(
        client.get("/etkinlikler/baskanin-programi/hafta/2026/11/25/").content, "html.parser"
    )
    headings = [h.a.text.strip() for h in page.select(".programme-day h2")]
    assert headings[0] == "23 Kasım 2026, Pazartesi" and len(headings) == 7
    assert "Perşembe" in page.select(".programme-day")[3].text
    assert page.select_one('a[rel="next"]')["href"] == (
        "/etkinlikler/baskanin-programi/hafta/2026/11/30/"
    )


@pytest.mark.parametrize(
    "url",
    ["/etkinlikler/baskanin-programi/2026/02/30/", "/etkinlikler/baskanin-programi/2026/13/01/"],
)
def test_impossible_programme_days_are_404(client, calendar, url):
    assert client.get(url).status_code == 404


def test_clerk_gets_a_warning_for_overlapping_appointments_but_the_save_goes_through(
    client, user_with_role
):
    existing = AppointmentFactory(
        visitor="Vali Yardımcısı", start=at(2026, 11, 24, 10, 30), end=at(2026, 11, 24, 11, 30)
    )
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_appointment:add"), form_data(), follow=True
    )
    assert response.status_code == 200
    assert Appointment.objects.count() == 2
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Vali Yardımcısı" in warnings[0] and "çakışıyor" in warnings[0]
    created = Appointment.objects.exclude(pk=existing.pk).get()
    assert created.created_by.groups.filter(name=CLERK).exists()


def test_no_warning_when_appointments_only_touch(client, user_with_role):
    AppointmentFactory(start=at(2026, 11, 24, 11), end=at(2026, 11, 24, 12))
    AppointmentFactory(start=at(2026, 11, 24, 9), end=at(2026, 11, 24, 11), status=CANCELLED)
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_appointment:add"), form_data(), follow=True
    )
    assert Appointment.objects.count() == 3
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_bad_appointment_is_refused_with_turkish_errors_and_nothing_saved(client, user_with_role):
    client.force_login(user_with_role(HEAD))
    response = client.post(
        reverse("wagtailsnippets_events_appointment:add"),
        form_data(end="24.11.2026 09:00", is_public="on"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bitiş, başlangıçtan sonra olmalıdır." in body
    assert "kamuya açık bir başlığı olmalıdır" in body
    assert not Appointment.objects.exists()


def test_every_change_is_kept_in_the_field_history(client, user_with_role):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    client.post(reverse("wagtailsnippets_events_appointment:add"), form_data())
    appointment = Appointment.objects.get()
    client.post(
        reverse("wagtailsnippets_events_appointment:edit", args=[appointment.pk]),
        form_data(subject="Ertelenen tanışma", status="ertelendi"),
    )
    assert appointment.history.count() == 2
    assert appointment.history.first().history_user == clerk
    page = client.get(
        reverse("record_history:index", args=["events", "appointment", appointment.pk])
    )
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").select_one("table").text
    assert "Tanışma" in text and "Ertelenen tanışma" in text and "Konu" in text
    # Restoring the first version writes a third change; nothing is rewritten.
    first = appointment.history.order_by("history_id").first()
    client.post(
        reverse(
            "record_history:restore",
            args=["events", "appointment", appointment.pk, first.history_id],
        )
    )
    appointment.refresh_from_db()
    assert appointment.subject == "Tanışma" and appointment.status == "onaylandi"
    assert appointment.history.count() == 3


def test_printable_daily_programme_has_the_private_details_for_the_office(client, user_with_role):
    secret_appointment(start=at(2026, 11, 24, 10), end=at(2026, 11, 24, 11))
    AppointmentFactory(
        visitor="İptal Ziyaret",
        start=at(2026, 11, 24, 12),
        end=at(2026, 11, 24, 13),
        status=CANCELLED,
    )
    client.force_login(user_with_role(HEAD))
    response = client.get(reverse("events_daily_programme_day", args=[2026, 11, 24]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one('link[href$="events_print.css"]')
    assert "Gizli Ziyaretçi" in page.text and "Gizli not" in page.text
    assert "İptal Ziyaret" not in page.text
    assert "24 Kasım 2026, Salı" in page.text
    assert client.get("/admin/events/programme/2026/02/30/").status_code == 404


def test_programme_on_a_saturday_shows_today_and_the_next_six_days(client, calendar):
    """On a weekend the calendar week is nearly over; the front page of the programme
    starts today and runs six days on, and the week links stay."""
    import time_machine

    AppointmentFactory(
        start=at(2026, 11, 30, 10),
        end=at(2026, 11, 30, 11),
        is_public=True,
        public_title="Pazartesi toplantısı",
    )
    AppointmentFactory(
        start=at(2026, 11, 27, 10),
        end=at(2026, 11, 27, 11),
        is_public=True,
        public_title="Geçen cuma",
    )
    with time_machine.travel(at(2026, 11, 28, 9), tick=False):
        response = client.get("/etkinlikler/baskanin-programi/")
    page = BeautifulSoup(response.content, "html.parser")
    days = [h2.get("id") for h2 in page.select(".programme-day h2")]
    assert days == [
        f"programme-2026-{d}"
        for d in ("11-28", "11-29", "11-30", "12-01", "12-02", "12-03", "12-04")
    ]
    text = page.get_text(" ", strip=True)
    assert "Pazartesi toplantısı" in text
    assert "Geçen cuma" not in text
    assert "28 Kasım – 4 Aralık 2026" in page.select_one(".lead").get_text()
    nav = [a["href"] for a in page.select(".month-nav a")]
    assert "/etkinlikler/baskanin-programi/hafta/2026/11/16/" in nav
    assert "/etkinlikler/baskanin-programi/hafta/2026/11/30/" in nav
