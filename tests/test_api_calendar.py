"""The read API's calendar (/api/v2/calendar/) and categories (/api/v2/categories/): the
events of a period with repeating ones expanded and holidays beside them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import OfficialHoliday
from tests.factories.events import EventCategoryFactory, add_event, at, calendar_page
from tests.factories.press import CategoryFactory

pytestmark = pytest.mark.django_db

CALENDAR = "/api/v2/calendar/"


@pytest.fixture
def calendar(home):
    return calendar_page(home)


def test_next_month_with_weekly_occurrences_and_holidays(client, calendar):
    concerts = EventCategoryFactory(name="Konser")
    add_event(
        calendar,
        title="Haftalık konser",
        start=at(2026, 12, 2, 19),
        end=at(2026, 12, 2, 21),
        repeat="weekly",
        repeat_count=5,
        category=concerts,
    )
    add_event(calendar, title="Fidan dikimi", start=at(2026, 12, 10, 10), end=at(2026, 12, 10, 12))
    add_event(calendar, title="Kasım etkinliği", start=at(2026, 11, 20), end=at(2026, 11, 20, 12))
    OfficialHoliday.objects.create(date=dt.date(2026, 12, 31), name="Yılbaşı arifesi")
    OfficialHoliday.objects.create(date=dt.date(2027, 1, 1), name="Yılbaşı")
    response = client.get(CALENDAR, {"start": "2026-12-01", "end": "2026-12-31"})
    assert response.status_code == 200
    data = response.json()
    found = [(item["start"][:10], item["event"]["title"]) for item in data["items"]]
    assert found == [
        ("2026-12-02", "Haftalık konser"),
        ("2026-12-09", "Haftalık konser"),
        ("2026-12-10", "Fidan dikimi"),
        ("2026-12-16", "Haftalık konser"),
        ("2026-12-23", "Haftalık konser"),
        ("2026-12-30", "Haftalık konser"),
    ]
    assert data["meta"]["total_count"] == 6
    assert data["items"][0]["start"] == "2026-12-02T19:00:00+03:00"
    assert data["items"][0]["event"]["category"] == {"slug": "konser", "name": "Konser"}
    assert data["holidays"] == [
        {"date": "2026-12-31", "name": "Yılbaşı arifesi", "half_day": False, "starts_at": None}
    ]
    detail = client.get(data["items"][0]["event"]["detail_url"])
    assert detail.json()["title"] == "Haftalık konser"

    only = client.get(CALENDAR, {"start": "2026-12-01", "end": "2026-12-31", "category": "konser"})
    assert {item["event"]["title"] for item in only.json()["items"]} == {"Haftalık konser"}
    page = client.get(
        CALENDAR, {"start": "2026-12-01", "end": "2026-12-31", "limit": 2, "offset": 2}
    ).json()
    assert [item["start"][:10] for item in page["items"]] == ["2026-12-10", "2026-12-16"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-13-01", "end": "2026-12-31"}, "start"),
        ({"start": "2026-12-01", "end": "31.12.2026"}, "end"),
        ({"start": "2026-12-01"}, "end"),
        ({"start": "2026-12-01", "end": "2026-12-31", "limit": "many"}, "limit"),
        ({"start": "2026-12-01", "end": "2026-12-31", "locale": "fr"}, "locale"),
        ({"start": "2026-12-01", "end": "2026-12-31", "colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(client, calendar, params, field):
    response = client.get(CALENDAR, params)
    assert response.status_code == 400
    assert field in response.json()["message"]


def test_a_century_is_not_a_request(client, calendar):
    response = client.get(CALENDAR, {"start": "2000-01-01", "end": "2099-12-31"})
    assert response.status_code == 400
    assert response.json() == {"message": "Bir seferde en fazla 366 günlük dönem isteyin."}


def test_calendar_query_count_does_not_grow_with_events(client, calendar):
    counts = []
    for number in range(2):
        for day in range(1, 6):
            add_event(
                calendar,
                title=f"Etkinlik {number}-{day}",
                start=at(2026, 12, day + number * 10),
                end=at(2026, 12, day + number * 10, 12),
                repeat="weekly",
                repeat_count=2,
            )
        client.get(CALENDAR, {"start": "2026-12-01", "end": "2026-12-31"})  # warms the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CALENDAR, {"start": "2026-12-01", "end": "2026-12-31"})
        assert response.json()["meta"]["total_count"] == 10 * (number + 1)
        counts.append(len(queries))
    assert 0 < counts[0] == counts[1], counts


def test_categories_of_press_and_events(client, db):
    CategoryFactory(name="Kültür")
    CategoryFactory(name="Altyapı")
    EventCategoryFactory(name="Tören")
    data = client.get("/api/v2/categories/").json()
    assert data["items"] == [
        {"type": "press", "slug": "altyapi", "name": "Altyapı"},
        {"type": "press", "slug": "kultur", "name": "Kültür"},
        {"type": "events", "slug": "toren", "name": "Tören"},
    ]
    events_only = client.get("/api/v2/categories/", {"type": "events"}).json()
    assert [item["slug"] for item in events_only["items"]] == ["toren"]
    assert client.get("/api/v2/categories/", {"type": "tags"}).status_code == 400


def test_categories_cost_the_same_queries_for_two_or_forty(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("/api/v2/categories/", {"limit": 20})
        assert answer.status_code == 200
        return len(captured), answer.json()

    CategoryFactory(name="Kültür")
    EventCategoryFactory(name="Konser")
    few, answer = queries()
    assert answer["meta"]["total_count"] == 2
    for number in range(19):
        CategoryFactory(name=f"Basın konusu {number:02}")
        EventCategoryFactory(name=f"Etkinlik türü {number:02}")
    many, answer = queries()
    assert (answer["meta"]["total_count"], len(answer["items"])) == (40, 20)
    assert 0 < many == few
