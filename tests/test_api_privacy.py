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


@pytest.mark.indexed
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


# --- Every register, and the videos' private fields ------------------------------------------

REGISTER_SECRETS = [
    # the correspondence register (incoming, and an approved outgoing letter)
    "Gizlikayıt gelen konu",
    "Gizlikayıt Vakfı",
    "Gizlikayıt giden konu",
    "Gizlikayıt paragrafı",
    # denial notices, newspaper notices
    "Gizlikayıt tekzip haberi",
    "Gizlikayıt cevabı",
    "Gizlikayıt ilan konusu",
    # appointment requests (a citizen's name, e-mail, phone, subject)
    "Gizlikayıt Başvuran",
    "gizlikayit@example.com",
    "0555 999 88 77",
    "Gizlikayıt talep konusu",
    # archived documents, weekly reports
    "Gizlikayıt arşiv belgesi",
    "Gizlikayıt haftalık iş",
    # protocol: visits, gifts, expenses
    "Gizlikayıt heyeti",
    "Gizlikayıt hediyesi",
    "Gizlikayıt Lokantası",
    # a survey's answers
    "Gizlikayıt anket cevabı",
    # a video: who is in it, its restrictions, its original file, one that may not be used
    "Gizlikayıt video kişisi",
    "Gizlikayıt video kısıtı",
    "gizlikayit-orijinal",
    "Gizlikayıt kullanılmaz video",
]


@pytest.fixture
def registers_with_secrets(site_with_secrets, home):
    from archive.models import PhotoArchiveIndexPage
    from archive.videos.models import Video
    from cms.forms_builder.models import FormPageField
    from tests.factories.archive import VideoFactory
    from tests.factories.cms import set_detsis
    from tests.factories.correspondence import CorrespondenceFactory, OutgoingFactory, sdp
    from tests.factories.documents import ArchivedDocumentFactory
    from tests.factories.events import ExpenseFactory, GiftFactory, VisitFactory, register_request
    from tests.factories.forms import answer, survey_page
    from tests.factories.notices import NewspaperNoticeFactory
    from tests.factories.tekzip import DenialNoticeFactory
    from tests.factories.weekly import WeeklyReportFactory

    with time_machine.travel(NOW, tick=False):
        set_detsis()
        CorrespondenceFactory(subject="Gizlikayıt gelen konu", party_name="Gizlikayıt Vakfı")
        letter = OutgoingFactory(
            subject="Gizlikayıt giden konu", body="Gizlikayıt paragrafı", sdp_code=sdp("010.03")
        )
        letter.save_revision().publish()
        DenialNoticeFactory(title="Gizlikayıt tekzip haberi", reply="<p>Gizlikayıt cevabı</p>")
        NewspaperNoticeFactory(subject="Gizlikayıt ilan konusu")
        register_request(
            name="Gizlikayıt Başvuran",
            email="gizlikayit@example.com",
            phone="0555 999 88 77",
            subject="Gizlikayıt talep konusu",
        )
        ArchivedDocumentFactory(title="Gizlikayıt arşiv belgesi")
        WeeklyReportFactory(done="Gizlikayıt haftalık iş")
        VisitFactory(title="Gizlikayıt heyeti")
        GiftFactory(description="Gizlikayıt hediyesi")
        ExpenseFactory(supplier="Gizlikayıt Lokantası")
        survey = survey_page(
            home, fields=[FormPageField(label="Görüşünüz", field_type="singleline")]
        )
        answer(survey, "Gizlikayıt anket cevabı")

        index = home.get_children().type(PhotoArchiveIndexPage).specific().get()
        album = album_with(index, [ArchivePhotoFactory()], title="Video albümü")
        for title, fields in (
            ("Açılış videosu", {}),
            ("Gizlikayıt kullanılmaz video", {"do_not_use": True}),
        ):
            video = VideoFactory(
                title=title,
                album=album,
                people="Gizlikayıt video kişisi",
                usage_restrictions="Gizlikayıt video kısıtı",
                file=ContentFile(b"not a real video", name="gizlikayit-orijinal.mp4"),
                **fields,
            )
            Video.objects.filter(pk=video.pk).update(
                processing_status=Video.READY,
                web_file=f"videos/site/{video.pk}.mp4",
                poster=f"videos/site/{video.pk}.jpg",
            )


@pytest.mark.indexed
def test_no_register_record_and_no_private_video_field_reaches_the_api(
    client, registers_with_secrets
):
    with time_machine.travel(NOW, tick=False):
        urls = [*api_urls(client), "/api/v2/videos/", "/api/v2/videos/?search=Gizlikayıt"]
        for item in client.get("/api/v2/videos/").json()["items"]:
            urls.append(item["meta"]["detail_url"].removeprefix("http://localhost"))
        bodies = {}
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            bodies[url] = json.dumps(response.json(), ensure_ascii=False)
    everything = "".join(bodies.values())
    # The crawl reached the public neighbours of the secrets.
    assert "Açılış videosu" in everything
    assert "Video albümü" in everything
    for url, body in bodies.items():
        for secret in REGISTER_SECRETS:
            assert secret not in body, (url, secret)
