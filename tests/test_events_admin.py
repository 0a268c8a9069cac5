"""The events app in the Wagtail admin: who may open which screen, and what editors see."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from events.models import EventPage
from tests.factories.events import AppointmentFactory, EventCategoryFactory, calendar_page
from tests.refusals import assert_refused, assert_sent_to_dashboard

pytestmark = pytest.mark.django_db


def appointment_urls(pk):
    return [
        reverse("wagtailsnippets_events_appointment:list"),
        reverse("wagtailsnippets_events_appointment:add"),
        reverse("wagtailsnippets_events_appointment:edit", args=[pk]),
        reverse("wagtailsnippets_events_appointment:delete", args=[pk]),
        reverse("wagtailsnippets_events_appointment:history", args=[pk]),
        reverse("record_history:index", args=["events", "appointment", pk]),
        reverse("events_daily_programme"),
        reverse("events_daily_programme_day", args=[2026, 11, 24]),
        reverse("wagtailsnippetchoosers_events_appointment:choose"),
        reverse("wagtailsnippetchoosers_events_appointment:choose_results"),
        reverse("wagtailsnippetchoosers_events_appointment:chosen", args=[pk]),
    ]


def category_urls(pk):
    return [
        reverse("wagtailsnippets_events_eventcategory:list"),
        reverse("wagtailsnippets_events_eventcategory:add"),
        reverse("wagtailsnippets_events_eventcategory:edit", args=[pk]),
        reverse("wagtailsnippets_events_eventcategory:delete", args=[pk]),
    ]


def holiday_change_urls():
    return [reverse("wagtailsnippets_events_officialholiday:add")]


def test_photo_editors_cannot_even_list_holidays(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    assert_sent_to_dashboard(client.get(reverse("wagtailsnippets_events_officialholiday:list")))
    client.force_login(user_with_role(PRESS, username="basin2"))
    assert client.get(reverse("wagtailsnippets_events_officialholiday:list")).status_code == 200


def test_photo_editors_cannot_add_event_pages(client, user_with_role, home):
    calendar = calendar_page(home)
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", calendar.pk])
    assert_sent_to_dashboard(client.get(url))


@pytest.mark.parametrize("role", [PRESS, PHOTO_ARCHIVE])
def test_the_mayors_agenda_is_closed_to_press_and_photo_staff(client, user_with_role, role):
    appointment = AppointmentFactory()
    client.force_login(user_with_role(role))
    for url in appointment_urls(appointment.pk):
        assert_refused(client.get(url), url)
    assert_sent_to_dashboard(
        client.post(reverse("wagtailsnippets_events_appointment:delete", args=[appointment.pk]))
    )
    version = appointment.history.get()
    restore = reverse(
        "record_history:restore", args=["events", "appointment", appointment.pk, version.history_id]
    )
    assert_refused(client.post(restore), restore)
    assert AppointmentFactory._meta.model.objects.filter(pk=appointment.pk).exists()


@pytest.mark.parametrize("role", [CLERK, HEAD])
@pytest.mark.indexed
def test_ozel_kalem_staff_open_every_agenda_screen(client, user_with_role, role):
    appointment = AppointmentFactory()
    client.force_login(user_with_role(role))
    for url in appointment_urls(appointment.pk):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_the_login(client):
    appointment = AppointmentFactory()
    for url in appointment_urls(appointment.pk):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, CLERK])
def test_categories_are_managed_by_press_and_head_only(client, user_with_role, role):
    category = EventCategoryFactory()
    client.force_login(user_with_role(role))
    for url in category_urls(category.pk):
        assert_refused(client.get(url), url)


@pytest.mark.parametrize("role", [PRESS, HEAD])
@pytest.mark.indexed
def test_press_and_head_manage_categories(client, user_with_role, role):
    category = EventCategoryFactory()
    client.force_login(user_with_role(role))
    for url in category_urls(category.pk):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [PRESS, CLERK, PHOTO_ARCHIVE])
def test_only_the_head_edits_holidays(client, user_with_role, role):
    client.force_login(user_with_role(role))
    for url in holiday_change_urls():
        assert_refused(client.get(url), url)


def test_appointment_list_offers_history_and_print(client, user_with_role):
    appointment = AppointmentFactory(visitor="Ayşe Hanım")
    client.force_login(user_with_role(CLERK))
    page = client.get(reverse("wagtailsnippets_events_appointment:list")).content.decode()
    assert reverse("record_history:index", args=["events", "appointment", appointment.pk]) in page
    assert reverse("events_daily_programme") in page


def test_press_can_add_an_event_page_but_errors_are_turkish(client, user_with_role, home):
    calendar = calendar_page(home)
    client.force_login(user_with_role(PRESS))
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", calendar.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Hatalı Etkinlik",
        "slug": "hatali-etkinlik",
        "start": "01.12.2026 12:00",
        "end": "01.12.2026 10:00",
        "repeat": "weekly",
        "repeat_interval": "1",
        "latitude": "95",
        "longitude": "27",
        "status": "scheduled",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
        "body-count": "0",
        "related_press_releases-count": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").text
    assert "Bitiş, başlangıçtan önce olamaz." in text
    assert "Tekrarlanan bir etkinliğin bir sonu olmalıdır" in text
    assert "90" in text  # latitude out of range
    assert not EventPage.objects.exists()


def test_press_enters_a_weekly_series_with_a_date_left_out(client, user_with_role, home):
    calendar = calendar_page(home)
    client.force_login(user_with_role(PRESS))
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", calendar.pk])
    response = client.post(
        url,
        {
            "title": "Kent Konseyi Toplantısı",
            "slug": "kent-konseyi-toplantisi",
            "start": "02.12.2026 18:00",
            "end": "02.12.2026 20:00",
            "repeat": "weekly",
            "repeat_interval": "1",
            "repeat_count": "10",
            "status": "scheduled",
            "exceptions-TOTAL_FORMS": "1",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-MIN_NUM_FORMS": "0",
            "exceptions-MAX_NUM_FORMS": "1000",
            "exceptions-0-date": "30.12.2026",
            "exceptions-0-ORDER": "1",
            "exceptions-0-id": "",
            "exceptions-0-DELETE": "",
            "body-count": "0",
            "related_press_releases-count": "0",
        },
    )
    errors = BeautifulSoup(response.content, "html.parser").select(".error-message")
    assert response.status_code == 302, [e.text for e in errors]
    event = EventPage.objects.get(locale__language_code="tr")
    assert not event.live  # press staff submit; the head of office publishes
    assert [e.date.isoformat() for e in event.exceptions.all()] == ["2026-12-30"]
    assert event.series_end.date().isoformat() == "2027-02-03"


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("38.42", "200", "longitude", "180"),
        ("-91", "27.14", "latitude", "-90"),
        ("38.42", "", "longitude", "Enlem ve boylamın ikisini birden girin ya da hiçbirini"),
        ("kuzey", "27.14", "latitude", "sayı"),
    ],
)
def test_coordinates_out_of_range_are_refused_on_the_field(
    client, user_with_role, home, latitude, longitude, field, message
):
    calendar = calendar_page(home)
    client.force_login(user_with_role(PRESS))
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", calendar.pk])
    response = client.post(
        url,
        {
            "title": "Park Açılışı",
            "slug": "park-acilisi",
            "start": "01.12.2026 10:00",
            "end": "01.12.2026 12:00",
            "repeat": "",
            "repeat_interval": "1",
            "latitude": latitude,
            "longitude": longitude,
            "status": "scheduled",
            "exceptions-TOTAL_FORMS": "0",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-MIN_NUM_FORMS": "0",
            "exceptions-MAX_NUM_FORMS": "1000",
            "body-count": "0",
            "related_press_releases-count": "0",
        },
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    error = page.select_one(f"[data-field-wrapper] #id_{field}").find_parent(
        attrs={"data-field-wrapper": True}
    )
    assert message in error.text
    assert not EventPage.objects.exists()
