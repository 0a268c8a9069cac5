"""Renditions from a shrunk decode: a JPEG original is decoded at 1/2…1/8 of its size
when the rendition is small enough, the upload's standard sizes share one decode, and
the pictures are those stock Wagtail makes (PSNR of at least 35 dB against stock's
rendition, pixel by pixel, on a picture with detail at every scale)."""

import functools
import io

import numpy as np
import pytest
from django.core.files.images import ImageFile
from PIL import ExifTags, Image

from archive.photos import renditions
from archive.photos.renditions import PublicFilter
from archive.photos.rules import UPLOAD_RENDITIONS
from archive.photos.testing import draw_detailed_picture
from tests.factories.archive import ArchivePhotoFactory

pytestmark = pytest.mark.django_db

# 1920×1280: large enough that the grid and card sizes decode at half size, small enough
# to keep the test cheap (the 24 MP case is bench/renditions.py).
SIZE = (1920, 1280)
MIN_PSNR = 35.0


@functools.cache
def picture(size):
    return draw_detailed_picture(size, seed=7)  # drawn once per run: it takes a second


def detailed_photo(orientation=1, image_format="JPEG", size=SIZE, **fields):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    options = {"quality": 92} if image_format == "JPEG" else {}
    picture(size).save(buffer, image_format, exif=exif.tobytes(), **options)
    name = "detay.jpg" if image_format == "JPEG" else "detay.png"
    return ArchivePhotoFactory(file=ImageFile(io.BytesIO(buffer.getvalue()), name=name), **fields)


def stock(photo, spec):
    """The rendition as Wagtail's own Filter.run makes it (full decode), without metadata."""
    output = io.BytesIO()
    PublicFilter(spec=spec).run(photo, output)
    return output.getvalue()


def pixels(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float64)


def psnr(expected, actual):
    mse = ((pixels(expected) - pixels(actual)) ** 2).mean()
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


def rendition_bytes(rendition):
    with rendition.file.open("rb") as file:
        return file.read()


def recorded_decodes(monkeypatch):
    """The size of every decode of an original, in order."""
    sizes = []
    real_decode = renditions.decode

    def recording_decode(source, image, filters):
        decoded = real_decode(source, image, filters)
        sizes.append(decoded.image.size)
        return decoded

    monkeypatch.setattr(renditions, "decode", recording_decode)
    return sizes


def test_standard_sizes_come_from_one_decode_and_match_stock(monkeypatch):
    photo = detailed_photo()
    decodes = recorded_decodes(monkeypatch)
    made = photo.get_renditions(*UPLOAD_RENDITIONS)
    # The 1600 px sizes need the whole original; the four smaller ones are made from it.
    assert decodes == [SIZE]
    for spec in UPLOAD_RENDITIONS:
        expected, actual = stock(photo, spec), rendition_bytes(made[spec])
        assert Image.open(io.BytesIO(actual)).size == Image.open(io.BytesIO(expected)).size, spec
        assert Image.open(io.BytesIO(actual)).format == Image.open(io.BytesIO(expected)).format
        assert psnr(expected, actual) >= MIN_PSNR, spec


def test_small_sizes_made_alone_decode_at_half_size(monkeypatch):
    photo = detailed_photo()
    decodes = recorded_decodes(monkeypatch)
    rendition = photo.get_rendition("format-jpeg|max-600x600")
    card = photo.get_rendition("format-webp|fill-640x360")
    assert decodes == [(960, 640), (960, 640)]
    assert psnr(stock(photo, "format-webp|fill-640x360"), rendition_bytes(card)) >= MIN_PSNR
    assert (rendition.width, rendition.height) == (600, 400)
    assert psnr(stock(photo, "format-jpeg|max-600x600"), rendition_bytes(rendition)) >= MIN_PSNR


def test_turned_camera_photo_with_focal_point_crops_as_stock():
    # Orientation 6: the camera was held upright; the picture is 1280×1920 once turned.
    # The focal point is on the upright picture, low down: the crop must follow it.
    photo = detailed_photo(
        orientation=6,
        focal_point_x=600,
        focal_point_y=1600,
        focal_point_width=200,
        focal_point_height=200,
    )
    for spec in ("fill-640x360-c100|format-jpeg", "format-webp|fill-300x300", "width-400"):
        rendition = photo.get_rendition(spec)
        expected, actual = stock(photo, spec), rendition_bytes(rendition)
        assert Image.open(io.BytesIO(actual)).size == Image.open(io.BytesIO(expected)).size
        assert psnr(expected, actual) >= MIN_PSNR, spec


def test_png_original_takes_wagtails_path_unchanged():
    photo = detailed_photo(image_format="PNG", size=(800, 600))
    rendition = photo.get_rendition("max-600x600")
    assert rendition_bytes(rendition) == stock(photo, "max-600x600")
    # Several sizes at once (the shared decode declines a PNG) are stock's too.
    made = photo.get_renditions("max-300x300", "format-jpeg|fill-200x200")
    for spec, made_rendition in made.items():
        assert rendition_bytes(made_rendition) == stock(photo, spec), spec
