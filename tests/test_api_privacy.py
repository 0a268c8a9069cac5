"""Privacy by construction: secret markers put in every private field (the mayor's
appointments, a photo's GPS position, camera and restrictions, a withdrawn or expired
photo, drafts, unpublished changes, password-protected pages, the press directory) never
appear in any answer of the read API, wherever a client looks."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.base import ContentFile
from PIL.ExifTags import Base
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories.archive import IZMIR, ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import AppointmentFactory, add_event, at, calendar_page
from tests.factories.press import (
    PressContactFactory,
    PressReleaseIndexFactory,
    publish_item,
)

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 12)

SECRETS = [
    # appointments
    "Gizli Ziyaretçi",
    "Gizli Vakıf",
    "Gizli konu",
    "Makam Odası",
    "Gizli not",
    "Talep Eden",
    # photos
    str(IZMIR[0]),
    str(IZMIR[1]),
    "GizliModel",
    "GizliObjektif",
    "GIZLISERI123",
    "Gizli kısıtlama",
    "Gizli kişi",
    "Onayı bitmiş",
    "Kullanılmayacak",
    "original_images",
    # pages
    "Gizli taslak",
    "Gizli yayımlanmamış değişiklik",
    "Parolalı sayfa",
    "Parolalı alt sayfa",
    "Gizli taslak etkinlik",
    "Gizli etiket",
    "Gizli personel belgesi",
    # registers
    "Gizli Muhabir",
    "gizli.muhabir@example.com",
]


def secret_photo(**fields):
    return ArchivePhotoFactory(
        file_kwargs={
            "gps": IZMIR,
            "model": "GizliModel",
            "lens": "GizliObjektif",
            "extra_exif": {Base.BodySerialNumber: "GIZLISERI123"},
            "size": (400, 300),
        },
        usage_restrictions="Gizli kısıtlama",
        people="Gizli kişi",
        **fields,
    )


@pytest.fixture
def site_with_secrets(home):
    with time_machine.travel(NOW, tick=False):
        releases = publish_child(home, PressReleaseIndexFactory())
        shown = secret_photo(caption="Meydan töreni")
        expired = secret_photo(caption="Onayı bitmiş", consent_expires=dt.date(2026, 1, 1))
        withdrawn_photo = secret_photo(caption="Kullanılmayacak", do_not_use=True)
        release = publish_item(releases, title="Tören yapıldı", lead_image=shown, tags=["duyuru"])
        publish_item(releases, title="İkinci haber", lead_image=expired)
        # An unpublished change of a live page stays in the editor's draft.
        release.title = "Gizli yayımlanmamış değişiklik"
        release.save_revision()
        draft = StandardPageFactory(title="Gizli taslak", intro="Gizli taslak")
        draft.tags.add("Gizli etiket")
        home.add_child(instance=draft)
        draft.save_revision()
        draft.unpublish()
        private = publish_child(home, StandardPageFactory(title="Parolalı sayfa"))
        publish_child(private, StandardPageFactory(title="Parolalı alt sayfa", lead_image=shown))
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        index = archive_index(home)
        album_with(index, [shown, expired, withdrawn_photo], title="Tören albümü")
        calendar = calendar_page(home)
        add_event(calendar, title="Açılış", start=at(2026, 11, 24, 10), end=at(2026, 11, 24, 12))
        hidden_event = add_event(
            calendar,
            title="Gizli taslak etkinlik",
            start=at(2026, 11, 25, 10),
            end=at(2026, 11, 25, 12),
        )
        hidden_event.unpublish()
        for hour in (9, 14):
            AppointmentFactory(
                visitor="Gizli Ziyaretçi",
                institution="Gizli Vakıf",
                subject="Gizli konu",
                place="Makam Odası",
                confidential_notes="Gizli not",
                requested_by="Talep Eden",
                start=at(2026, 11, 24, hour),
                end=at(2026, 11, 24, hour + 1),
                is_public=hour == 9,
                public_title="Muhtarlar ziyareti",
            )
        PressContactFactory(name="Gizli Muhabir", email="gizli.muhabir@example.com")
        staff = Collection.get_first_root_node().add_child(name="Personel")
        CollectionViewRestriction.objects.create(
            collection=staff, restriction_type=CollectionViewRestriction.LOGIN
        )
        for title, collection in (("Gizli personel belgesi", staff), ("Meclis kararı", None)):
            document = get_document_model()(
                title=title, collection=collection or Collection.get_first_root_node()
            )
            document.file.save("belge.pdf", ContentFile(b"%PDF-1.4\n"))
    return {"photos": [shown, expired, withdrawn_photo]}


def api_urls(client):
    """Every list the API offers, each item of each, each with every field."""
    types = [
        "press.PressReleasePage",
        "cms.StandardPage",
        "events.EventPage",
        "archive.PhotoAlbumPage",
        "cms.HomePage",
    ]
    urls = [
        "/api/v2/pages/",
        "/api/v2/pages/?search=Gizli",
        "/api/v2/pages/?search=Parolalı",
        "/api/v2/images/",
        "/api/v2/images/?search=Gizli",
        "/api/v2/calendar/?start=2026-11-01&end=2026-11-30",
        "/api/v2/categories/",
        "/api/v2/programme/?start=2026-11-01&end=2026-11-30",
        "/api/v2/contact/",
        "/api/v2/tags/",
        "/api/v2/documents/",
        "/api/v2/documents/?search=Gizli",
    ]
    urls += [f"/api/v2/pages/?type={name}&fields=*" for name in types]
    for listing in (
        "/api/v2/pages/?limit=20",
        "/api/v2/images/?limit=20",
        "/api/v2/documents/?limit=20",
    ):
        for item in client.get(listing).json()["items"]:
            urls.append(item["meta"]["detail_url"].removeprefix("http://localhost"))
    return urls


def test_private_fields_never_reach_any_api_response(client, site_with_secrets):
    with time_machine.travel(NOW, tick=False):
        urls = api_urls(client)
        bodies = {}
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            # Read as text, not as the bytes: JSON may write "ç" as "\\u00e7".
            bodies[url] = json.dumps(response.json(), ensure_ascii=False)
    # The crawl did reach the public content the secrets sit beside.
    everything = "".join(bodies.values())
    assert "Tören yapıldı" in everything
    assert "Meydan töreni" in everything
    assert "Açılış" in everything
    assert "Muhtarlar ziyareti" in everything  # the public programme entry
    assert "duyuru" in everything  # a public page's tag
    assert "Meclis kararı" in everything  # a public document
    for url, body in bodies.items():
        for secret in SECRETS:
            assert secret not in body, (url, secret)


def test_photos_not_cleared_for_use_are_not_found(client, site_with_secrets):
    shown, expired, withdrawn = site_with_secrets["photos"]
    with time_machine.travel(NOW, tick=False):
        assert client.get(f"/api/v2/images/{shown.pk}/").status_code == 200
        for photo in (expired, withdrawn):
            assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404
        listed = [item["id"] for item in client.get("/api/v2/images/").json()["items"]]
    assert listed == [shown.pk]
