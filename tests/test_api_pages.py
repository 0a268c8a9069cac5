"""The read API's pages (/api/v2/pages/): what the municipal app and lobby screens read.
Only live public pages of the types that list their public fields, withdrawn items with
their notice, photos only when cleared for public use, with renditions and credits."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories.archive import ArchivePhotoFactory, PhotographerFactory, album_with
from tests.factories.archive import archive_index as make_archive_index
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import EventCategoryFactory, add_event, at, calendar_page
from tests.factories.press import (
    AnnouncementFactory,
    AnnouncementIndexFactory,
    CategoryFactory,
    PressReleaseIndexFactory,
    publish_item,
)

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


@pytest.fixture
def releases(home):
    return publish_child(home, PressReleaseIndexFactory())


@pytest.fixture
def announcements(home):
    return publish_child(home, AnnouncementIndexFactory())


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def titles(response):
    return [item["title"] for item in items(response)]


def test_latest_announcements_with_lead_image_renditions_and_credit(client, announcements):
    photo = ArchivePhotoFactory(
        credit_line="",
        photographer=PhotographerFactory(name="Ayşe Yılmaz"),
        caption="Meydan",
        file_kwargs={"size": (800, 600)},
    )
    publish_item(announcements, AnnouncementFactory, title="Su kesintisi", date=dt.date(2026, 3, 1))
    publish_item(
        announcements,
        AnnouncementFactory,
        title="Asfalt çalışması",
        date=dt.date(2026, 3, 5),
        lead_image=photo,
    )
    response = client.get(
        PAGES, {"type": "press.AnnouncementPage", "order": "-date", "fields": "summary,lead_image"}
    )
    found = items(response)
    assert [item["title"] for item in found] == ["Asfalt çalışması", "Su kesintisi"]
    image = found[0]["lead_image"]
    assert image["credit"] == "Ayşe Yılmaz (Basın Birimi)"
    assert image["caption"] == "Meydan"
    assert set(image["renditions"]) == {"card", "medium", "large", "social"}
    card = image["renditions"]["card"]
    assert (card["width"], card["height"]) == (640, 360)
    assert default_storage.exists(card["url"].removeprefix(settings.MEDIA_URL))
    assert found[1]["lead_image"] is None
    assert found[0]["summary"] == "Asfalt çalışması hakkında kısa özet."


def test_unusable_lead_image_is_null(client, releases):
    photo = ArchivePhotoFactory(do_not_use=True)
    page = publish_item(releases, lead_image=photo)
    data = client.get(f"{PAGES}{page.pk}/").json()
    assert data["lead_image"] is None
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404


def test_detail_of_a_press_release_lists_only_its_public_fields(client, releases):
    category = CategoryFactory(name="Kültür")
    page = publish_item(releases, categories=[category], tags=["festival"], title="Festival")
    data = client.get(f"{PAGES}{page.pk}/").json()
    assert data["title"] == "Festival"
    assert data["categories"] == [{"slug": "kultur", "name": "Kültür"}]
    assert data["tags"] == ["festival"]
    assert data["meta"]["type"] == "press.PressReleasePage"
    assert data["withdrawn"] is False
    assert data["body"][0]["value"] == "<p>Açıklamanın tam metni.</p>"
    assert set(data) == {
        "id",
        "meta",
        "title",
        "date",
        "summary",
        "lead_image",
        "body",
        "categories",
        "tags",
        "change_notes",
        "withdrawn",
        "withdrawn_at",
        "withdrawal_note",
    }


@pytest.mark.indexed
def test_withdrawn_item_shows_its_notice_but_leaves_the_listing(client, releases):
    kept = publish_item(releases, title="Geçerli açıklama")
    gone = publish_item(releases, title="Geri çekilen açıklama")
    gone.withdrawn = True
    gone.withdrawal_note = "Yanlış bilgi içerdiği için geri çekildi."
    gone.save_revision().publish()
    listed = titles(client.get(PAGES, {"type": "press.PressReleasePage"}))
    assert listed == [kept.title]
    assert titles(client.get(PAGES, {"search": "açıklama"})) == [kept.title]
    data = client.get(f"{PAGES}{gone.pk}/").json()
    assert data["withdrawn"] is True
    assert data["withdrawal_note"] == "Yanlış bilgi içerdiği için geri çekildi."
    assert data["withdrawn_at"]


def test_drafts_and_private_pages_are_not_found(client, home):
    public = publish_child(home, StandardPageFactory(title="Hakkımızda"))
    private = publish_child(home, StandardPageFactory(title="İç duyuru"))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
    )
    draft = StandardPageFactory(title="Taslak sayfa")
    home.add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()
    listed = titles(client.get(PAGES, {"type": "cms.StandardPage"}))
    assert listed == ["Hakkımızda"]
    assert client.get(f"{PAGES}{public.pk}/").status_code == 200
    for page in (private, draft):
        response = client.get(f"{PAGES}{page.pk}/")
        assert response.status_code == 404
        assert response.json() == {"message": "No Page matches the given query."}


def test_unknown_id_is_404_in_json(client, home):
    response = client.get(f"{PAGES}999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_filter_by_category_and_dates(client, releases):
    culture = CategoryFactory(name="Kültür")
    roads = CategoryFactory(name="Altyapı")
    publish_item(releases, title="Konser", categories=[culture], date=dt.date(2026, 5, 1))
    publish_item(releases, title="Yol", categories=[roads], date=dt.date(2026, 5, 2))
    publish_item(releases, title="Tiyatro", categories=[culture], date=dt.date(2026, 6, 1))
    base = {"type": "press.PressReleasePage", "order": "date"}
    assert titles(client.get(PAGES, {**base, "category": "kultur"})) == ["Konser", "Tiyatro"]
    assert titles(client.get(PAGES, {**base, "date_from": "2026-05-02"})) == ["Yol", "Tiyatro"]
    assert titles(client.get(PAGES, {**base, "date_to": "2026-05-01"})) == ["Konser"]
    assert titles(client.get(PAGES, {**base, "date": "2026-05-02"})) == ["Yol"]


def test_stable_pagination_over_equal_dates(client, releases):
    for number in range(7):
        publish_item(releases, title=f"Açıklama {number}", date=dt.date(2026, 4, 1))
    seen = []
    for offset in range(0, 7, 3):
        seen += titles(
            client.get(
                PAGES,
                {"type": "press.PressReleasePage", "order": "-date", "limit": 3, "offset": offset},
            )
        )
    assert sorted(seen) == [f"Açıklama {number}" for number in range(7)]


def test_locale_filter(client, home):
    publish_child(home, StandardPageFactory(title="Türkçe sayfa"))
    assert titles(client.get(PAGES, {"type": "cms.StandardPage", "locale": "tr"})) == [
        "Türkçe sayfa"
    ]
    assert titles(client.get(PAGES, {"type": "cms.StandardPage", "locale": "en"})) == []


def test_event_detail_expands_its_repeating_dates(client, home):
    calendar = calendar_page(home)
    category = EventCategoryFactory(name="Konser")
    with_dates = add_event(
        calendar,
        title="Haftalık konser",
        start=at(2026, 12, 1, 19),
        end=at(2026, 12, 1, 21),
        repeat="weekly",
        repeat_count=3,
        category=category,
    )
    with time_machine.travel(at(2026, 11, 20, 12)):
        data = client.get(f"{PAGES}{with_dates.pk}/").json()
    assert [o["start"][:10] for o in data["occurrences"]] == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
    ]
    assert data["category"] == {"slug": "konser", "name": "Konser"}
    assert data["venue"] == "Cumhuriyet Meydanı"


def test_album_lists_only_photos_cleared_for_use_with_credits(client, home):
    index = make_archive_index(home)
    shown = ArchivePhotoFactory(credit_line="Fotoğraf: Ali Kaya", caption="Tören")
    hidden = ArchivePhotoFactory(consent_expires=dt.date(2020, 1, 1), caption="Süresi geçmiş")
    album = album_with(index, [shown, hidden], title="Cumhuriyet Bayramı")
    data = client.get(f"{PAGES}{album.pk}/").json()
    assert [photo["id"] for photo in data["photos"]] == [shown.pk]
    assert data["photos"][0]["credit"] == "Fotoğraf: Ali Kaya"
    assert data["photos"][0]["caption"] == "Tören"


@pytest.mark.indexed
def test_search_finds_public_pages(client, releases):
    publish_item(releases, title="Kültür merkezi açıldı")
    publish_item(releases, title="Yol çalışması")
    assert titles(client.get(PAGES, {"search": "kültür merkezi"})) == ["Kültür merkezi açıldı"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "press.PressReleasePage", "fields": "summary,date,lead_image,categories,tags"},
        {},
    ],
)
def test_listing_query_count_does_not_grow_with_page_size(client, releases, params):
    category = CategoryFactory(name="Kültür")
    for number in range(12):
        publish_item(
            releases,
            title=f"Açıklama {number}",
            categories=[category],
            tags=["etiket"],
            lead_image=ArchivePhotoFactory(),
        )
    counts = []
    for limit in (2, 12):
        client.get(PAGES, {**params, "limit": limit})  # renditions made on the first call
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PAGES, {**params, "limit": limit})
        assert len(response.json()["items"]) == limit
        counts.append(len(queries))
    assert 0 < counts[0] == counts[1], counts


@pytest.mark.parametrize("page_type", ["events.EventPage", "archive.PhotoAlbumPage"])
def test_event_and_album_listings_cost_the_same_for_any_page_size(client, home, page_type):
    calendar = calendar_page(home)
    index = make_archive_index(home)
    category = EventCategoryFactory(name="Tören")
    for number in range(8):
        add_event(
            calendar,
            title=f"Etkinlik {number}",
            start=at(2026, 12, 1 + number),
            end=at(2026, 12, 1 + number, 12),
            category=category,
            lead_image=ArchivePhotoFactory(),
        )
        album_with(index, [ArchivePhotoFactory()], cover=ArchivePhotoFactory())
    counts = []
    for limit in (2, 8):
        params = {"type": page_type, "fields": "*", "limit": limit}
        client.get(PAGES, params)  # renditions made on the first call
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PAGES, params)
        assert len(response.json()["items"]) == limit
        counts.append(len(queries))
    assert 0 < counts[0] == counts[1], counts


def test_expired_announcement_leaves_the_listing_but_keeps_its_detail(client, announcements):
    publish_item(announcements, AnnouncementFactory, title="Süresiz duyuru")
    publish_item(
        announcements, AnnouncementFactory, title="Bugün son", valid_until=dt.date(2026, 11, 20)
    )
    old = publish_item(
        announcements, AnnouncementFactory, title="Geçmiş duyuru", valid_until=dt.date(2026, 11, 19)
    )
    with time_machine.travel(at(2026, 11, 20, 23)):
        listed = titles(client.get(PAGES, {"type": "press.AnnouncementPage", "order": "title"}))
        detail = client.get(f"{PAGES}{old.pk}/").json()
    assert listed == ["Bugün son", "Süresiz duyuru"]
    assert detail["valid_until"] == "2026-11-19"
