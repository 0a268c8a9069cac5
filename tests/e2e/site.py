"""A small public site with one page of every public type, built from the factories."""

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.pdf import html_to_pdf
from press.models import PublicationIssuePage, PublicationPdf, PublicationSeriesPage
from press.publications.tasks import process_pdf
from tests.factories.archive import ArchivePhotoFactory, VideoFactory, album_with, archive_index
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import AppointmentFactory, add_event, at, calendar_page
from tests.factories.forms import PARK, PARK_CHOICES, SATISFACTION, field, survey_page
from tests.factories.press import (
    AnnouncementFactory,
    AnnouncementIndexFactory,
    NewsFactory,
    NewsIndexFactory,
    PressReleaseIndexFactory,
    publish_item,
)

# The clock of the public-site tests: a Tuesday, so "today" and "this week" are fixed.
NOW = at(2026, 11, 24, 10)


def build_public_site(home):
    """Every public page type, with images where the page shows them; returns
    {name: path} in the order a reader might meet them."""
    lead = ArchivePhotoFactory(
        title="Sahil yolu",
        file_kwargs={"size": (1600, 1000), "taken_at": dt.datetime(2026, 11, 20, 10)},
    )
    standard = publish_child(home, StandardPageFactory(title="Kurumsal", slug="kurumsal"))
    releases = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(
        releases,
        title="Sahil yolu yenileniyor",
        date=dt.date(2026, 11, 23),
        lead_image=lead,
        tags=["ulaşım"],
    )
    news = publish_child(home, NewsIndexFactory())
    news_item = publish_item(
        news, NewsFactory, title="Kütüphane hafta sonu açık", date=dt.date(2026, 11, 22)
    )
    announcements = publish_child(home, AnnouncementIndexFactory())
    announcement = publish_item(
        announcements, AnnouncementFactory, title="Su kesintisi", date=dt.date(2026, 11, 21)
    )
    calendar = calendar_page(home)
    event = add_event(
        calendar,
        title="Cumhuriyet Bayramı töreni",
        start=at(2026, 11, 26, 10),
        end=at(2026, 11, 26, 12),
    )
    AppointmentFactory(
        start=at(2026, 11, 25, 10),
        end=at(2026, 11, 25, 11),
        is_public=True,
        public_title="Muhtarlar toplantısı",
        public_place="Belediye Hizmet Binası",
    )
    archive = archive_index(home)
    photos = [
        ArchivePhotoFactory(
            title=f"Tören {number}",
            place="Cumhuriyet Meydanı",
            file_kwargs={"size": (1200, 800), "taken_at": dt.datetime(2026, 10, 29, 10, number)},
        )
        for number in range(1, 5)
    ]
    for photo in photos:
        photo.tags.add("tören")
    album = album_with(
        archive, photos, title="Cumhuriyet Bayramı töreni", date=dt.date(2026, 10, 29)
    )
    # A survey that also asks for a name: the KVKK notice and the consent box show.
    survey = survey_page(
        home,
        slug="kent-parki-anketi",
        fields=[
            field(PARK, "radio", choices="\n".join(PARK_CHOICES)),
            field(SATISFACTION, "scale"),
            field("Adınız soyadınız", "singleline", required=False, personal_data=True),
        ],
        kvkk_notice="<p>Kişisel verileriniz yalnızca bu anket için işlenir.</p>",
    )
    # A page playing a video (poster, captions) from the video archive.
    video = VideoFactory(
        title="Sahil yolu açılışı",
        captions_tr=ContentFile(
            b"WEBVTT\n\n00:00.000 --> 00:01.000\nBa\xc5\x9fkan yolu a\xc3\xa7t\xc4\xb1.\n",
            name="tr.vtt",
        ),
    )
    video.process()
    video_page = publish_child(
        home,
        StandardPageFactory(
            title="Açılış videosu",
            slug="acilis-videosu",
            body=[("video", {"video": video, "caption": "Sahil yolu açılışı"})],
        ),
    )
    # A bulletin with one issue whose cover and text were read from its PDF.
    bulletin = publish_child(
        home, PublicationSeriesPage(title="Belediye Bülteni", slug="bulten", kind="bulletin")
    )
    pdf = html_to_pdf(
        "<html><body style='font-family: DejaVu Sans'><h1>Belediye Bülteni</h1>"
        "<p>Kasım 2026 sayısı: sahil yolu, kütüphane, su kesintisi.</p></body></html>"
    )
    record = PublicationPdf.objects.create(
        file=SimpleUploadedFile("bulten-kasim.pdf", pdf, "application/pdf"),
        original_name="bulten-kasim.pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=1,
    )
    process_pdf.call(record.pk)
    issue = publish_child(
        bulletin,
        PublicationIssuePage(
            title="Bülten Kasım 2026",
            slug="kasim-2026",
            number="42",
            date=dt.date(2026, 11, 20),
            pdf=record,
        ),
    )
    home.featured = [("page", release), ("page", news_item), ("page", announcement)]
    home.hero_title = "Örnekköy Belediyesi"
    home.hero_image = lead
    home.save_revision().publish()
    return {
        "home": "/",
        "standard page": standard.url,
        "press release list": releases.url,
        "press release": release.url,
        "news list": news.url,
        "news item": news_item.url,
        "announcement list": announcements.url,
        "announcement": announcement.url,
        "search with results": "/ara/?q=sahil",
        "search without results": "/ara/?q=bulunmayan",
        "not found": "/olmayan-sayfa/",
        "events list": calendar.url,
        "events month": calendar.url + "2026/11/",
        "programme": calendar.url + "baskanin-programi/",
        "event": event.url,
        "photo archive": archive.url,
        "photo archive search": archive.url + "?q=tören&place=Cumhuriyet+Meydanı",
        "album": album.url,
        "photo": album.url + album.reverse_subpage("photo", args=[photos[0].pk]),
        "survey form": survey.url,
        "video page": video_page.url,
        "publication series": bulletin.url,
        "publication issue": issue.url,
    }
