"""Tests for archive.photos.metadata: safe opening, metadata, hashing and public copies."""

import io
import struct
import zlib
from datetime import datetime, timedelta, timezone

import pytest
from PIL import ExifTags, Image, ImageEnhance, IptcImagePlugin
from PIL.TiffImagePlugin import IFDRational

from archive.photos.metadata import (
    NEAR_DUPLICATE_DISTANCE,
    ImageRejected,
    extract_metadata,
    hash_distance,
    normalise_for_publication,
    open_image_safely,
    perceptual_hash,
    save_public_copy,
    sha256_of,
)
from archive.photos.testing import draw_test_picture, make_test_photo

TURKISH = {
    "headline": "Çamlıca'da İftar Sofrası",
    "caption": "Belediye başkanı ışıklı çarşıyı açtı; şölen gece yarısına dek sürdü. ÇĞIİÖŞÜ",
    "keywords": ["iftar", "Üsküdar", "gönüllüler"],
    "creator": "Ayşe Yılmaz",
    "copyright": "© 2024 Kalem Belediyesi",
    "city": "İstanbul",
    "location": "Büyük Çamlıca Tepesi",
}
CREDIT = "Fotoğraf: Ayşe Yılmaz / Kalem Belediyesi Basın Ofisi"
GPS_IFD = ExifTags.IFD.GPSInfo
GPS = ExifTags.GPS


def photo(**kwargs) -> io.BytesIO:
    kwargs.setdefault("size", (120, 80))
    buffer = io.BytesIO()
    make_test_photo(buffer, **kwargs)
    buffer.seek(0)
    return buffer


def photo_with_gps(fields: dict) -> io.BytesIO:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update(fields)
    buffer = io.BytesIO()
    draw_test_picture((60, 40)).save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    return buffer


def forged_png(width: int, height: int) -> bytes:
    """A PNG that claims a huge size but holds only a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


# --- metadata extraction ---------------------------------------------------------------


def test_turkish_metadata_round_trips_through_exif_iptc_and_xmp():
    meta = extract_metadata(photo(**TURKISH))

    assert meta.headline == TURKISH["headline"]
    assert meta.caption == TURKISH["caption"]
    assert meta.keywords == TURKISH["keywords"]
    assert meta.creator == TURKISH["creator"]
    assert meta.copyright == TURKISH["copyright"]
    assert meta.city == TURKISH["city"]
    assert meta.location == TURKISH["location"]
    assert (meta.camera_make, meta.camera_model) == ("Canon", "EOS R6")
    assert meta.lens == "RF35mm F1.8 MACRO IS STM"
    assert (meta.width, meta.height, meta.orientation) == (120, 80, 1)
    assert meta.warnings == []


@pytest.mark.parametrize("encoding", ["utf-8", "cp1254", "iso-8859-9"])
def test_turkish_iptc_is_decoded_in_utf8_and_legacy_charsets(encoding):
    meta = extract_metadata(photo(write_xmp=False, iptc_encoding=encoding, **TURKISH))

    assert meta.headline == TURKISH["headline"]
    assert meta.caption == TURKISH["caption"]
    assert meta.keywords == TURKISH["keywords"]
    assert meta.city == TURKISH["city"]


def test_xmp_alone_provides_descriptive_metadata():
    meta = extract_metadata(photo(write_iptc=False, **TURKISH))

    assert meta.caption == TURKISH["caption"]
    assert meta.keywords == TURKISH["keywords"]
    assert meta.location == TURKISH["location"]


def test_broken_xmp_gives_warning_and_other_metadata_still_read():
    buffer = io.BytesIO()
    draw_test_picture((60, 40)).save(buffer, "JPEG", xmp=b"<x:xmpmeta><unclosed")

    meta = extract_metadata(buffer)

    assert meta.caption is None
    assert any("XMP" in warning for warning in meta.warnings)


def test_exposure_is_summarised_for_humans():
    assert extract_metadata(photo()).exposure == "1/250 s, f/8, ISO 200, 35 mm"


def test_exif_time_without_zone_is_istanbul_time_including_old_summer_time_rules():
    summer = extract_metadata(photo(taken_at=datetime(2024, 4, 23, 11, 0))).taken_at
    # Turkey kept EET (+02:00) in winter until 2016.
    winter_2010 = extract_metadata(photo(taken_at=datetime(2010, 1, 15, 9, 30))).taken_at

    assert summer.utcoffset() == timedelta(hours=3)
    assert summer.replace(tzinfo=None) == datetime(2024, 4, 23, 11, 0)
    assert winter_2010.utcoffset() == timedelta(hours=2)


def test_offset_time_original_overrides_istanbul():
    berlin = datetime(2024, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))

    assert extract_metadata(photo(taken_at=berlin)).taken_at == berlin


@pytest.mark.parametrize("year", [1800, 2099])
def test_absurd_date_gives_none_and_warning(year):
    meta = extract_metadata(photo(taken_at=datetime(year, 1, 1, 12, 0)))

    assert meta.taken_at is None
    assert any("Çekim tarihi" in warning for warning in meta.warnings)


def test_gps_is_read_as_signed_decimal_degrees():
    meta = extract_metadata(photo(gps=(-33.8688, -70.6693)))

    assert meta.gps_latitude == pytest.approx(-33.8688, abs=1e-6)
    assert meta.gps_longitude == pytest.approx(-70.6693, abs=1e-6)
    assert meta.warnings == []


@pytest.mark.parametrize(
    "fields",
    [
        # Latitude beyond the pole.
        {
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: (95.0, 0.0, 0.0),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: (28.0, 58.0, 0.0),
        },
        # Zero denominator in the minutes.
        {
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: (IFDRational(41, 1), IFDRational(1, 0), IFDRational(0, 1)),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: (28.0, 58.0, 0.0),
        },
        # No hemisphere reference.
        {GPS.GPSLatitude: (41.0, 0.0, 0.0), GPS.GPSLongitude: (28.0, 58.0, 0.0)},
        # Only two components.
        {
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: (41.0, 0.0),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: (28.0, 58.0, 0.0),
        },
    ],
    ids=["out-of-range", "zero-denominator", "missing-ref", "two-components"],
)
def test_malformed_gps_gives_none_and_warning(fields):
    meta = extract_metadata(photo_with_gps(fields))

    assert (meta.gps_latitude, meta.gps_longitude) == (None, None)
    assert any("GPS" in warning for warning in meta.warnings)


def test_orientation_6_swaps_width_and_height():
    meta = extract_metadata(photo(size=(120, 80), orientation=6))

    assert meta.orientation == 6
    assert (meta.width, meta.height) == (80, 120)


def test_extract_metadata_rewinds_the_callers_file():
    upload = photo()
    extract_metadata(upload)

    assert upload.tell() == 0


# --- publication copies ----------------------------------------------------------------


def test_public_copy_has_no_gps_or_personal_exif_and_carries_credit():
    original = photo(
        gps=(41.0082, 28.9784),
        extra_exif={
            ExifTags.Base.BodySerialNumber: "0123456789",
            ExifTags.Base.CameraOwnerName: "Ayşe Yılmaz",
            ExifTags.Base.MakerNote: b"secret maker data",
        },
        **TURKISH,
    )
    assert extract_metadata(original).gps_latitude is not None

    public = normalise_for_publication(open_image_safely(original))
    output = io.BytesIO()
    save_public_copy(public, output, "JPEG", credit_line=CREDIT, copyright="© Kalem Belediyesi")

    output.seek(0)
    written = Image.open(output)
    exif = written.getexif()
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    assert ExifTags.Base.GPSInfo not in exif
    assert exif.get_ifd(GPS_IFD) == {}
    for tag in (
        ExifTags.Base.BodySerialNumber,
        ExifTags.Base.CameraOwnerName,
        ExifTags.Base.MakerNote,
    ):
        assert tag not in exif_ifd
    assert IptcImagePlugin.getiptcinfo(written) is None
    assert "comment" not in written.info
    # The original's XMP (caption, place, creator) is replaced by the credit-only packet.
    assert TURKISH["location"].encode() not in written.info["xmp"]
    assert b"dc:creator" not in written.info["xmp"]

    meta = extract_metadata(output)
    assert (meta.gps_latitude, meta.gps_longitude) == (None, None)
    assert meta.credit == CREDIT
    assert meta.creator == CREDIT  # EXIF Artist
    assert meta.copyright == "© Kalem Belediyesi"
    assert meta.camera_model == "EOS R6"
    assert meta.exposure == "1/250 s, f/8, ISO 200, 35 mm"


def test_normalise_applies_orientation_and_drops_the_tag():
    upright = normalise_for_publication(open_image_safely(photo(size=(120, 80), orientation=6)))

    assert upright.size == (80, 120)
    assert ExifTags.Base.Orientation not in upright.getexif()
    assert set(upright.info) == {"exif"}


def test_public_copy_can_be_webp_with_credit():
    public = normalise_for_publication(open_image_safely(photo(gps=(41.0, 29.0))))
    output = io.BytesIO()
    save_public_copy(public, output, "webp", credit_line=CREDIT)

    meta = extract_metadata(output)
    assert Image.open(output).format == "WEBP"
    assert meta.credit == CREDIT
    assert meta.gps_latitude is None
    assert meta.copyright is None


def test_transparent_png_becomes_a_white_backed_jpeg():
    image = Image.new("RGBA", (40, 30), (255, 0, 0, 0))
    output = io.BytesIO()
    save_public_copy(image, output, "JPEG", credit_line=CREDIT)

    written = Image.open(output)
    assert written.mode == "RGB"
    assert written.getpixel((5, 5)) == (255, 255, 255)


# --- hashing ---------------------------------------------------------------------------


def test_exact_duplicate_has_same_sha256_from_bytes_path_and_file(tmp_path):
    data = make_test_photo(tmp_path / "a.jpg", size=(60, 40))
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(data)

    assert sha256_of(data) == sha256_of(copy) == sha256_of(io.BytesIO(data))
    assert sha256_of(data) != sha256_of(make_test_photo(io.BytesIO(), size=(60, 40), seed=1))


def test_slightly_edited_copy_is_a_near_duplicate_but_another_photo_is_not():
    original = draw_test_picture((300, 200), seed=7)
    smaller = original.resize((150, 100))
    brighter = ImageEnhance.Brightness(original).enhance(1.1)
    other = draw_test_picture((300, 200), seed=8)

    reference = perceptual_hash(original)
    assert hash_distance(reference, perceptual_hash(smaller)) <= NEAR_DUPLICATE_DISTANCE
    assert hash_distance(reference, perceptual_hash(brighter)) <= NEAR_DUPLICATE_DISTANCE
    assert hash_distance(reference, perceptual_hash(other)) > NEAR_DUPLICATE_DISTANCE


def test_perceptual_hash_sees_exif_rotation_like_a_viewer_does():
    tagged = open_image_safely(photo(size=(120, 80), orientation=6))
    rotated_pixels = normalise_for_publication(tagged)

    distance = hash_distance(perceptual_hash(tagged), perceptual_hash(rotated_pixels))
    assert distance <= NEAR_DUPLICATE_DISTANCE


# --- refusing dangerous or broken uploads ------------------------------------------------


def test_valid_photo_is_opened_and_decoded():
    image = open_image_safely(photo(size=(120, 80)))

    assert image.format == "JPEG"
    assert image.size == (120, 80)
    assert image.getpixel((0, 0)) is not None


def test_decompression_bomb_header_is_refused():
    with pytest.raises(ImageRejected, match="çok büyük"):
        open_image_safely(forged_png(30000, 30000), max_pixels=50_000_000)


def test_bomb_is_refused_with_its_size_even_when_pillow_limit_is_off(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)

    with pytest.raises(ImageRejected, match="30000×30000 piksel"):
        open_image_safely(forged_png(30000, 30000), max_pixels=50_000_000)


def test_image_over_our_own_limit_is_refused_before_decoding():
    with pytest.raises(ImageRejected, match="120×80 piksel"):
        open_image_safely(photo(size=(120, 80)), max_pixels=5_000)


def test_animated_gif_counts_every_frame_towards_the_limit():
    frames = [draw_test_picture((40, 30), seed) for seed in range(3)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:])

    with pytest.raises(ImageRejected, match="40×30 piksel, 3 kare"):
        open_image_safely(gif, max_pixels=40 * 30 * 2)


def test_phone_jpeg_with_multi_picture_index_opens_and_only_its_main_frame_counts():
    mpo = io.BytesIO()
    main, preview = draw_test_picture((120, 80)), draw_test_picture((120, 80), 1)
    main.save(mpo, "MPO", save_all=True, append_images=[preview])

    image = open_image_safely(mpo, max_pixels=120 * 80)

    assert image.format == "MPO"
    assert image.size == (120, 80)


def test_truncated_jpeg_is_refused():
    data = photo(size=(300, 200)).getvalue()

    with pytest.raises(ImageRejected, match="bozuk ya da eksik"):
        open_image_safely(data[: len(data) // 2])


def test_text_file_named_jpg_is_refused(tmp_path):
    fake = tmp_path / "basin-bulteni.jpg"
    fake.write_text("Bu bir basın bültenidir, fotoğraf değil.\n", encoding="utf-8")

    with pytest.raises(ImageRejected, match="Dosya bir görüntü değil"):
        open_image_safely(fake)


def test_svg_with_script_is_refused():
    svg = (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )

    with pytest.raises(ImageRejected, match="SVG"):
        open_image_safely(svg)


def test_unsupported_format_is_named_in_the_refusal():
    bmp = io.BytesIO()
    draw_test_picture((40, 30)).save(bmp, "BMP")

    with pytest.raises(ImageRejected, match="desteklenmiyor: BMP"):
        open_image_safely(bmp)


def test_damaged_heic_is_refused_with_a_clear_message():
    fake_heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64

    with pytest.raises(ImageRejected, match="HEIC"):
        open_image_safely(fake_heic)


def test_heic_from_a_phone_opens():
    # pillow-heif is a dependency (iPhones upload HEIC): no build may lack it.
    heic = io.BytesIO()
    draw_test_picture((64, 48)).save(heic, "HEIF", quality=60)

    image = open_image_safely(heic)

    assert image.format == "HEIF"
    assert image.size == (64, 48)


def test_hand_written_phash_equals_imagehash_on_real_pictures():
    # archive.photos.metadata computes pHash with numpy alone (no SciPy in every worker); it must
    # give ImageHash's own hashes bit for bit, or near-duplicates found before and after
    # the switch would not match. ImageHash is only a test dependency for this check.
    import imagehash

    pictures = [draw_test_picture(size, seed) for seed in range(12) for size in [(600, 400)]]
    pictures += [draw_test_picture((333, 517), seed) for seed in range(12, 18)]
    pictures += [
        Image.open(io.BytesIO(make_test_photo(io.BytesIO(), size=(800, 533), seed=seed)))
        for seed in range(18, 24)
    ]
    hashes = [perceptual_hash(picture) for picture in pictures]
    assert hashes == [str(imagehash.phash(picture)) for picture in pictures]
    assert len(set(hashes)) == len(pictures)  # different pictures, different hashes
