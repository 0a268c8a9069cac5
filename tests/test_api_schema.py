"""The published OpenAPI description (/api/v2/schema/) is a valid OpenAPI 3.1 document and
real answers of every endpoint validate against it; its photo objects are closed, so a
field the description does not promise would fail here."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from wagtail.documents import get_document_model

from archive.models import Video
from events.models import OfficialHoliday
from press.models import PublicationIssuePage, PublicationPdf, PublicationSeriesPage
from tests.factories.archive import ArchivePhotoFactory, VideoFactory, album_with, archive_index
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import (
    AppointmentFactory,
    EventCategoryFactory,
    add_event,
    at,
    calendar_page,
)
from tests.factories.press import (
    AnnouncementFactory,
    AnnouncementIndexFactory,
    CategoryFactory,
    publish_item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v2/schema/")
    assert response.status_code == 200
    return response.json()


def response_schema(spec, path, status="200"):
    return spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def check(spec, path, response):
    assert response.status_code == 200, response.content
    OAS31Validator(response_schema(spec, path)).validate(response.json())


def test_the_description_is_valid_openapi(spec):
    validate(spec)
    assert set(spec["paths"]) == {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/calendar/",
        "/api/v2/categories/",
        "/api/v2/programme/",
        "/api/v2/contact/",
        "/api/v2/tags/",
        "/api/v2/videos/",
        "/api/v2/videos/{id}/",
    }


# Its announcement is live until its expiry; the day is pinned so it is live on every day.
@pytest.mark.clock("2026-11-20T10:00")
@pytest.mark.indexed
def test_real_answers_match_the_description(client, home, spec):
    photo = ArchivePhotoFactory(caption="Tören")
    announcements = publish_child(home, AnnouncementIndexFactory())
    publish_item(
        announcements,
        AnnouncementFactory,
        categories=[CategoryFactory(name="Kültür")],
        tags=["duyuru"],
        lead_image=photo,
        valid_until=dt.date(2026, 12, 31),
    )
    publish_child(home, StandardPageFactory(lead_image=photo))
    calendar = calendar_page(home)
    add_event(
        calendar,
        start=at(2026, 12, 2, 19),
        end=at(2026, 12, 2, 21),
        repeat="weekly",
        repeat_count=3,
        category=EventCategoryFactory(name="Konser"),
        latitude="38.419200",
        longitude="27.128700",
    )
    album = album_with(archive_index(home), [photo, ArchivePhotoFactory()], cover=photo)
    OfficialHoliday.objects.create(
        date=dt.date(2026, 12, 31), name="Yılbaşı arifesi", half_day=True, starts_at=dt.time(13)
    )

    listing = client.get("/api/v2/pages/", {"limit": 20})
    check(spec, "/api/v2/pages/", listing)
    types = {item["meta"]["type"] for item in listing.json()["items"]}
    assert {"press.AnnouncementPage", "events.EventPage", "archive.PhotoAlbumPage"} <= types
    for page_type in sorted(types):
        check(
            spec, "/api/v2/pages/", client.get("/api/v2/pages/", {"type": page_type, "fields": "*"})
        )
    for item in listing.json()["items"]:
        check(spec, "/api/v2/pages/{id}/", client.get(f"/api/v2/pages/{item['id']}/"))
    images = client.get("/api/v2/images/")
    check(spec, "/api/v2/images/", images)
    assert images.json()["meta"]["total_count"] == 2
    for item in images.json()["items"]:
        check(spec, "/api/v2/images/{id}/", client.get(f"/api/v2/images/{item['id']}/"))
    calendar_answer = client.get("/api/v2/calendar/", {"start": "2026-12-01", "end": "2026-12-31"})
    check(spec, "/api/v2/calendar/", calendar_answer)
    assert calendar_answer.json()["meta"]["total_count"] == 3
    check(spec, "/api/v2/categories/", client.get("/api/v2/categories/"))
    AppointmentFactory(
        start=at(2026, 12, 3, 10), is_public=True, public_title="Okul açılışı", public_place="Okul"
    )
    programme = client.get("/api/v2/programme/", {"start": "2026-12-01", "end": "2026-12-07"})
    check(spec, "/api/v2/programme/", programme)
    assert programme.json()["meta"]["total_count"] == 1
    check(spec, "/api/v2/contact/", client.get("/api/v2/contact/"))
    document = get_document_model()(title="Meclis kararı")
    document.file.save("karar.pdf", ContentFile(b"%PDF-1.4\n"))
    documents = client.get("/api/v2/documents/")
    check(spec, "/api/v2/documents/", documents)
    assert documents.json()["meta"]["total_count"] == 1
    check(spec, "/api/v2/documents/{id}/", client.get(f"/api/v2/documents/{document.pk}/"))
    tags = client.get("/api/v2/tags/")
    check(spec, "/api/v2/tags/", tags)
    assert tags.json()["items"] == [{"name": "duyuru", "count": 1}]
    Video.objects.filter(pk=VideoFactory(album=album).pk).update(
        processing_status=Video.READY, web_file="videos/abc/tören.mp4", poster="videos/abc/p.jpg"
    )
    videos = client.get("/api/v2/videos/")
    check(spec, "/api/v2/videos/", videos)
    assert videos.json()["meta"]["total_count"] == 1
    video_id = videos.json()["items"][0]["id"]
    check(spec, "/api/v2/videos/{id}/", client.get(f"/api/v2/videos/{video_id}/"))
    series = publish_child(
        home, PublicationSeriesPage(title="Belediye Bülteni", slug="bulten", kind="bulletin")
    )
    record = PublicationPdf.objects.create(
        file=ContentFile(b"%PDF-1.4\n", name="bulten.pdf"),
        original_name="bulten.pdf",
        size=9,
        sha256="0" * 64,
        page_count=1,
    )
    issue = publish_child(
        series,
        PublicationIssuePage(
            title="Bülten 42",
            slug="sayi-42",
            number="42",
            date=dt.date(2026, 11, 20),
            pdf=record,
            print_run=5000,
            distribution_points="Muhtarlıklar",
        ),
    )
    check(
        spec,
        "/api/v2/pages/",
        client.get("/api/v2/pages/", {"type": "press.PublicationSeriesPage"}),
    )
    issue_answer = client.get(f"/api/v2/pages/{issue.pk}/")
    check(spec, "/api/v2/pages/{id}/", issue_answer)
    assert issue_answer.json()["number"] == "42"
    assert issue_answer.json()["pdf"]["url"] == f"http://testserver{record.file.url}"
    # The print facts are for staff: not even asked for by name.
    assert "print_run" not in issue_answer.json()
    assert client.get(f"/api/v2/pages/{issue.pk}/", {"fields": "print_run"}).status_code == 400
    error = client.get("/api/v2/pages/", {"locale": "fr"})
    assert error.status_code == 400
    OAS31Validator(response_schema(spec, "/api/v2/pages/", "400")).validate(error.json())


def test_a_field_the_description_does_not_promise_fails_validation(spec):
    image = {"id": 1, "meta": {"type": "archive.Photo", "detail_url": "x"}, "gps_latitude": 38.4}
    with pytest.raises(ValidationError, match="gps_latitude"):
        OAS31Validator(response_schema(spec, "/api/v2/images/{id}/")).validate(image)
