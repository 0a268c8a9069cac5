"""Uploading photos through Wagtail's admin: metadata read from the file, duplicates
refused, near-duplicates flagged, hostile and damaged files refused per file."""

import io
import struct
import zlib
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from archive.models import Photo
from archive.photos.testing import make_test_photo
from cms.roles import PHOTO_ARCHIVE
from tests.factories.archive import IZMIR, photo_bytes

pytestmark = pytest.mark.django_db

TURKISH = {
    "headline": "Cumhuriyet Bayramı Töreni",
    "caption": "Başkan çelenk sunumunda; İstiklal Marşı okundu.",
    "keywords": ["tören", "Cumhuriyet Bayramı"],
    "creator": "Ayşe Yılmaz",
    "copyright": "© 2026 Örnekköy Belediyesi",
    "city": "İzmir",
    "location": "Cumhuriyet Meydanı",
}


@pytest.fixture
def editor(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    return client


def upload(client, data, name="foto.jpg", title="Yüklenen"):
    # The photo is described by a background task once the upload is committed; the
    # test settings run tasks at once (tests/tasks.py).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("wagtailimages:add"),
            {"title": title, "file": SimpleUploadedFile(name, data, "image/jpeg"), "collection": 1},
        )


def upload_multiple(client, data, name="foto.jpg"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile(name, data, "image/jpeg"), "collection": 1},
        )
    return response.json()


@pytest.mark.indexed
def test_exif_and_iptc_fill_the_photo_on_upload_through_the_admin(editor):
    data = photo_bytes(
        seed=1,
        taken_at=datetime(2026, 10, 29, 10, 30),
        gps=IZMIR,
        make="Nikon",
        model="Z 6II",
        **TURKISH,
    )
    response = upload(editor, data)
    assert response.status_code == 302, response.context["form"].errors

    photo = Photo.objects.get()
    assert photo.taken_at.isoformat() == "2026-10-29T07:30:00+00:00"  # 10:30 in Istanbul
    assert (photo.camera_make, photo.camera_model) == ("Nikon", "Z 6II")
    assert photo.lens == "RF35mm F1.8 MACRO IS STM"
    assert "1/250" in photo.exposure
    assert photo.gps_latitude == pytest.approx(IZMIR[0], abs=1e-4)
    assert photo.gps_longitude == pytest.approx(IZMIR[1], abs=1e-4)
    assert photo.headline == TURKISH["headline"]
    assert photo.caption == TURKISH["caption"]
    assert photo.creator == "Ayşe Yılmaz"
    assert photo.copyright == TURKISH["copyright"]
    assert (photo.city, photo.location, photo.place) == (
        "İzmir",
        "Cumhuriyet Meydanı",
        "Cumhuriyet Meydanı",
    )
    assert sorted(photo.tags.names()) == sorted(TURKISH["keywords"])
    assert len(photo.sha256) == 64 and len(photo.phash) == 16


def test_multiple_upload_reads_metadata_too(editor):
    result = upload_multiple(editor, photo_bytes(seed=2, **TURKISH))
    assert result["success"] is True
    photo = Photo.objects.get()
    assert photo.headline == TURKISH["headline"]
    assert "tören" in photo.tags.names()


@pytest.mark.indexed
def test_corrections_keep_history(editor):
    upload(editor, photo_bytes(seed=3, **TURKISH))
    photo = Photo.objects.get()
    photo.caption = "Düzeltilmiş altyazı"
    photo.save()
    captions = [record.caption for record in photo.history.order_by("history_date")]
    # The upload, then what the background task read from the file, then the correction.
    assert captions == ["", TURKISH["caption"], "Düzeltilmiş altyazı"]
    # The edit form and its renditions still work with history on the model.
    response = editor.get(reverse("wagtailimages:edit", args=[photo.pk]))
    assert response.status_code == 200


@pytest.mark.indexed
def test_rotated_camera_file_is_shown_upright(editor):
    # Orientation 6: stored landscape, to be turned 90° clockwise.
    upload(editor, photo_bytes(seed=4, size=(300, 200), orientation=6))
    photo = Photo.objects.get()
    assert photo.orientation == 6
    rendition = photo.get_rendition("max-150x150")
    assert (rendition.width, rendition.height) == (100, 150)
    # Stored 300×200, seen 200×300: the archive files it as a portrait.
    assert (photo.width, photo.height) == (300, 200)
    assert photo.orientation_kind == "portrait"


@pytest.mark.indexed
def test_exact_duplicate_is_refused_with_a_link_to_the_existing_photo(editor):
    data = photo_bytes(seed=5)
    upload(editor, data, title="İlk")
    existing = Photo.objects.get()
    response = upload(editor, data, title="Yine")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailimages:edit", args=[existing.pk]) in html
    assert Photo.objects.count() == 1

    result = upload_multiple(editor, data)
    assert result["success"] is False
    assert reverse("wagtailimages:edit", args=[existing.pk]) in result["error_message"]
    assert Photo.objects.count() == 1


@pytest.mark.indexed
def test_near_duplicate_is_accepted_and_flagged(editor):
    original = make_test_photo(io.BytesIO(), size=(400, 300), seed=6, quality=95)
    reencoded = make_test_photo(io.BytesIO(), size=(400, 300), seed=6, quality=60)
    upload(editor, original, title="Asıl")
    upload(editor, reencoded, title="Yeniden kaydedilmiş")
    first, second = Photo.objects.order_by("pk")
    assert second.near_duplicate_of == first
    report = editor.get(reverse("archive_photo_rights"))
    assert "Yeniden kaydedilmiş" in report.content.decode()


def forged_png(width, height):
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.mark.parametrize(
    "name, data",
    [
        ("bomba.png", forged_png(30000, 30000)),
        ("yarim.jpg", photo_bytes(seed=7, size=(400, 300))[:1500]),
        ("metin.jpg", "Bu bir fotoğraf değil.".encode()),
        ("betik.jpg", SVG),
    ],
)
def test_hostile_or_damaged_files_are_refused_per_file(editor, name, data):
    result = upload_multiple(editor, data, name=name)
    assert result["success"] is False
    assert result["error_message"].strip()
    response = upload(editor, data, name=name)
    assert response.status_code == 200
    assert Photo.objects.count() == 0


def test_truncated_jpeg_gets_a_turkish_message(editor):
    result = upload_multiple(editor, photo_bytes(seed=8, size=(400, 300))[:2000])
    assert "bozuk ya da eksik" in result["error_message"]


@pytest.mark.indexed
def test_absurd_exif_date_and_broken_gps_are_ignored_with_a_note(editor):
    from PIL import ExifTags

    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2999:01:01 00:00:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "X"
    gps[ExifTags.GPS.GPSLatitude] = (1.0, 2.0)
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "navy").save(buffer, "JPEG", exif=exif)
    response = upload(editor, buffer.getvalue())
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.taken_at is None and photo.gps_latitude is None
    assert "Çekim tarihi" in photo.metadata_notes


def test_truncated_jpeg_is_refused_even_after_weasyprint_relaxed_pillow(editor):
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True)

    result = upload_multiple(editor, photo_bytes(seed=9, size=(400, 300))[:2000])
    assert result["success"] is False
    assert Photo.objects.count() == 0


def test_refusals_say_what_is_wrong_in_turkish_not_svg_or_unknown_number(editor):
    html = b"<!DOCTYPE html><html><body><p>Bu bir web sayfasi.</p></body></html>"
    renamed = upload_multiple(editor, html, name="sayfa.jpg")["error_message"]
    assert "Geçerli bir .jpeg görüntüsü değil" in renamed
    assert "svg" not in renamed.lower()

    bomb = upload_multiple(editor, forged_png(30000, 30000), name="bomba.png")["error_message"]
    assert "Görüntü çok büyük" in bomb
    assert "unknown" not in bomb and "bilinmeyen" not in bomb
    assert Photo.objects.count() == 0
