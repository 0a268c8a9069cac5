"""The API's small endpoints: the mayor's public programme between two days, the
municipality's contact details, and the tags of public pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.models import MunicipalitySettings
from events.models.appointments import CANCELLED
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import AppointmentFactory, at
from tests.factories.press import PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db

PROGRAMME = "/api/v2/programme/"
WEEK = {"start": "2026-12-07", "end": "2026-12-13"}


def appointment(day, hour, title="", **fields):
    return AppointmentFactory(
        start=at(2026, 12, day, hour),
        end=at(2026, 12, day, hour + 1),
        is_public=bool(title),
        public_title=title,
        public_place="Belediye Meydanı" if title else "",
        **fields,
    )


def test_the_programme_lists_public_approved_appointments_in_time_order(client, db):
    appointment(9, 14, "Muhtarlar toplantısı")
    appointment(8, 10, "Okul açılışı")
    appointment(8, 11)  # private
    appointment(10, 9, "İptal edilen tören", status=CANCELLED)
    appointment(14, 10, "Gelecek hafta")  # after the window
    appointment(7, 0, "Gece yarısı")  # the window's first minute, Istanbul time
    answer = client.get(PROGRAMME, WEEK).json()
    assert [(item["title"], item["start"]) for item in answer["items"]] == [
        ("Gece yarısı", "2026-12-07T00:00:00+03:00"),
        ("Okul açılışı", "2026-12-08T10:00:00+03:00"),
        ("Muhtarlar toplantısı", "2026-12-09T14:00:00+03:00"),
    ]
    assert answer["items"][1]["place"] == "Belediye Meydanı"
    assert set(answer["items"][0]) == {"id", "title", "place", "start", "end"}
    assert answer["meta"] == {"total_count": 3, "start": "2026-12-07", "end": "2026-12-13"}


def test_the_programme_pages_with_a_stable_order(client, db):
    # Equal start times: the id decides, so two pages never repeat or skip an entry.
    made = [appointment(8, 10, f"Tören {n}") for n in range(5)]
    pages = [
        client.get(PROGRAMME, {**WEEK, "limit": 2, "offset": offset}).json()["items"]
        for offset in (0, 2, 4)
    ]
    assert [item["id"] for page in pages for item in page] == [a.pk for a in made]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-12-32", "end": "2026-12-31"}, "start"),
        ({"start": "2026-12-01"}, "end"),
        ({**WEEK, "offset": "-1"}, "offset"),
        ({**WEEK, "private": "1"}, "private"),
    ],
)
def test_bad_programme_parameters_are_a_400_naming_the_field(client, db, params, field):
    response = client.get(PROGRAMME, params)
    assert response.status_code == 400
    assert field in response.json()["message"]


def test_the_programme_costs_the_same_queries_for_a_full_week(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PROGRAMME, WEEK).status_code == 200
        return len(captured)

    appointment(8, 10, "Tek")
    one = queries()
    for day in range(8, 13):
        appointment(day, 15, f"Gün {day}")
    assert queries() == one


def test_contact_gives_the_municipality_as_the_site_footer_does(client, home):
    details = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    details.name = "Örnekköy Belediyesi"
    details.address = "Cumhuriyet Meydanı No: 1"
    details.phone = "0 232 000 00 00"
    details.kep_address = "ornekkoy.belediyesi@hs01.kep.tr"
    details.instagram = "https://instagram.com/ornekkoy"
    details.save()
    answer = client.get("/api/v2/contact/").json()
    assert answer["name"] == "Örnekköy Belediyesi"
    assert answer["address"] == "Cumhuriyet Meydanı No: 1"
    assert answer["kep_address"] == "ornekkoy.belediyesi@hs01.kep.tr"
    assert answer["social"]["instagram"] == "https://instagram.com/ornekkoy"
    assert answer["social"]["facebook"] == ""
    assert "Cumhuriyet Meydanı No: 1" in client.get("/").content.decode()


def test_tags_of_live_pages_in_turkish_order_with_counts(client, home):
    releases = publish_child(home, PressReleaseIndexFactory())
    publish_item(releases, tags=["çevre", "ulaşım"])
    publish_item(releases, tags=["çevre", "İmar"])
    page = publish_child(home, StandardPageFactory(title="Kurumsal"))
    page.tags.add("zabıta")
    page.save_revision().publish()
    draft = StandardPageFactory.build(title="Taslak", live=False)
    home.add_child(instance=draft)
    draft.tags.add("gizli")
    draft.save()
    answer = client.get("/api/v2/tags/").json()
    # Turkish alphabet: c < ç < ı < i < u < z; İmar sorts with i.
    assert answer["items"] == [
        {"name": "çevre", "count": 2},
        {"name": "İmar", "count": 1},
        {"name": "ulaşım", "count": 1},
        {"name": "zabıta", "count": 1},
    ]
    assert answer["meta"] == {"total_count": 4, "locale": "tr"}
    english = client.get("/api/v2/tags/", {"locale": "en"}).json()
    assert english["items"] == []


def test_a_tag_filters_the_pages_listing(client, home):
    releases = publish_child(home, PressReleaseIndexFactory())
    publish_item(releases, title="Yeşil alan", tags=["çevre"])
    publish_item(releases, title="Yeni hat", tags=["ulaşım"])
    answer = client.get(
        "/api/v2/pages/", {"type": "press.PressReleasePage", "tags": "çevre"}
    ).json()
    assert [item["title"] for item in answer["items"]] == ["Yeşil alan"]


def test_tags_cost_the_same_queries_for_one_page_or_twenty(client, home):
    releases = publish_child(home, PressReleaseIndexFactory())
    publish_item(releases, tags=["çevre"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v2/tags/").status_code == 200
        return len(captured)

    one = queries()
    for number in range(19):
        publish_item(releases, tags=[f"etiket {number}", "çevre"])
    assert client.get("/api/v2/tags/").json()["meta"]["total_count"] == 20
    assert queries() == one
