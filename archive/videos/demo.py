"""Demo video: a short generated clip with Turkish and English captions on the park
opening album, processed at once (poster and web copy) so `make demo` plays it."""

from datetime import date

from django.core.files.base import ContentFile

from archive.models import PhotoAlbumPage, Photographer, Video

from .testing import video_bytes

TITLE = "Sahil Parkı açılış konuşması"
CAPTIONS = {
    "tr": "WEBVTT\n\n00:00.000 --> 00:03.000\nBaşkan Sahil Parkı'nı açtı.\n",
    "en": "WEBVTT\n\n00:00.000 --> 00:03.000\nThe mayor opened Sahil Park.\n",
}


def load(demo):
    if Video.objects.filter(title=TITLE).exists():
        return
    album = PhotoAlbumPage.objects.filter(slug="sahil-parki-acilisi").first()
    operator, _ = Photographer.objects.get_or_create(
        name="Mehmet Demir", defaults={"agency": "Basın Birimi"}
    )
    video = Video.objects.create(
        title=TITLE,
        file=ContentFile(video_bytes("mp4", seconds=3, size="640x360"), name="acilis.mp4"),
        description="Başkanın Sahil Parkı açılışındaki konuşması.",
        recorded_on=date(2026, 9, 12),
        place="Sahil Parkı",
        people="Belediye Başkanı",
        album=album,
        photographer=operator,
        credit_line="Video: Mehmet Demir / Basın Birimi",
        captions_tr=ContentFile(CAPTIONS["tr"].encode(), name="acilis-tr.vtt"),
        captions_en=ContentFile(CAPTIONS["en"].encode(), name="acilis-en.vtt"),
    )
    video.tags.add("açılış", "park")
    video.process()
