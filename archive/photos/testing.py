"""Real JPEG photos with known metadata, for tests, demo data and benchmarks."""

from __future__ import annotations

import io
import os
import random
import struct
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import IO, Any

from PIL import ExifTags, Image, ImageDraw, ImageFont
from PIL.TiffImagePlugin import IFDRational

from archive.photos.metadata import xmp_packet

DEFAULT_TAKEN_AT = datetime(2024, 4, 23, 11, 0)  # naive: camera local time, no zone

_BASE = ExifTags.Base
_GPS = ExifTags.GPS


def make_test_photo(
    path_or_fp: str | os.PathLike[str] | IO[bytes],
    *,
    size: tuple[int, int] = (600, 400),
    seed: int = 0,
    taken_at: datetime | None = DEFAULT_TAKEN_AT,
    make: str | None = "Canon",
    model: str | None = "EOS R6",
    lens: str | None = "RF35mm F1.8 MACRO IS STM",
    gps: tuple[float, float] | None = None,
    orientation: int = 1,
    headline: str | None = None,
    caption: str | None = None,
    keywords: Sequence[str] = (),
    creator: str | None = None,
    copyright: str | None = None,
    city: str | None = None,
    location: str | None = None,
    extra_exif: Mapping[int, Any] | None = None,
    write_iptc: bool = True,
    write_xmp: bool = True,
    iptc_encoding: str = "utf-8",
    quality: int = 90,
) -> bytes:
    """Draw a photo, write it as JPEG with the given EXIF, IPTC and XMP, and return its bytes."""
    exif = Image.Exif()
    exif[_BASE.Orientation] = orientation
    if make:
        exif[_BASE.Make] = make
    if model:
        exif[_BASE.Model] = model
    if creator:
        exif[_BASE.Artist] = creator.encode("utf-8")
    if copyright:
        exif[_BASE.Copyright] = copyright.encode("utf-8")

    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    # Fixed exposure so tests can expect "1/250 s, f/8, ISO 200, 35 mm".
    exif_ifd[_BASE.ExposureTime] = IFDRational(1, 250)
    exif_ifd[_BASE.FNumber] = IFDRational(8, 1)
    exif_ifd[_BASE.ISOSpeedRatings] = 200
    exif_ifd[_BASE.FocalLength] = IFDRational(35, 1)
    if lens:
        exif_ifd[_BASE.LensModel] = lens
    if taken_at is not None:
        # A naive datetime is written as camera local time without a zone, like most cameras.
        exif_ifd[_BASE.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        if (offset := taken_at.utcoffset()) is not None:
            exif_ifd[_BASE.OffsetTimeOriginal] = _exif_offset(offset)
    exif_ifd.update(extra_exif or {})

    if gps is not None:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        latitude, longitude = gps
        gps_ifd[_GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        gps_ifd[_GPS.GPSLatitude] = _degrees_minutes_seconds(abs(latitude))
        gps_ifd[_GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        gps_ifd[_GPS.GPSLongitude] = _degrees_minutes_seconds(abs(longitude))

    options: dict[str, Any] = {"quality": quality, "exif": exif.tobytes()}
    if write_xmp:
        options["xmp"] = xmp_packet(
            headline=headline,
            caption=caption,
            keywords=tuple(keywords),
            creator=creator,
            copyright=copyright,
            city=city,
            location=location,
        )
    buffer = io.BytesIO()
    draw_test_picture(size, seed).save(buffer, "JPEG", **options)
    data = buffer.getvalue()

    if write_iptc:
        datasets = {
            (2, 105): [headline],
            (2, 120): [caption],
            (2, 25): list(keywords),
            (2, 80): [creator],
            (2, 116): [copyright],
            (2, 90): [city],
            (2, 92): [location],
        }
        data = _with_iptc(data, datasets, iptc_encoding)

    if isinstance(path_or_fp, (str, os.PathLike)):
        with open(path_or_fp, "wb") as fp:
            fp.write(data)
    else:
        path_or_fp.write(data)
    return data


def draw_test_picture(size: tuple[int, int] = (600, 400), seed: int = 0) -> Image.Image:
    """Draw a picture with shapes and text; different seeds give visibly different pictures."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, _colour(rng))
    draw = ImageDraw.Draw(image)
    # Large shapes drive the low frequencies that pHash compares.
    for _ in range(6):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randrange(width // 4, width), y0 + rng.randrange(height // 4, height)
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x0, y0, x1, y1), fill=_colour(rng))
    font = ImageFont.load_default(size=max(12, height // 10))
    draw.text((width // 20, height // 20), f"KALEM {seed}", fill="white", font=font)
    return image


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def _exif_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"


def _degrees_minutes_seconds(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600 * 1000)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 1000)


def _with_iptc(
    jpeg: bytes, datasets: dict[tuple[int, int], list[str | None]], encoding: str
) -> bytes:
    """Insert an APP13 Photoshop block with IPTC-IIM datasets; Pillow cannot write one."""
    records = struct.pack(">BBBH", 0x1C, 2, 0, 2) + b"\x00\x04"  # record version 4
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        records = struct.pack(">BBBH", 0x1C, 1, 90, 3) + b"\x1b%G" + records
    for (record, number), values in datasets.items():
        for value in values:
            if value:
                data = value.encode(encoding)
                records += struct.pack(">BBBH", 0x1C, record, number, len(data)) + data
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00"  # IPTC-NAA, empty name
    resource += struct.pack(">I", len(records)) + records + b"\x00" * (len(records) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload

    # JFIF wants its APP0 first, so go past the existing APPn segments.
    offset = 2
    while jpeg[offset] == 0xFF and 0xE0 <= jpeg[offset + 1] <= 0xEF:
        offset += 2 + struct.unpack(">H", jpeg[offset + 2 : offset + 4])[0]
    return jpeg[:offset] + segment + jpeg[offset:]


def draw_detailed_picture(size: tuple[int, int] = (600, 400), seed: int = 0) -> Image.Image:
    """A picture with detail at every scale, like a camera's: the shapes and text of
    draw_test_picture, smooth gradients, fine gratings up to the pixel pitch and sensor
    noise. Resampling differences show on it where flat test pictures hide them."""
    import numpy as np

    width, height = size
    rng = np.random.default_rng(seed)
    pixels = np.asarray(draw_test_picture(size, seed), dtype=np.float32) * 0.8
    x = np.arange(width, dtype=np.float32)
    y = np.arange(height, dtype=np.float32)[:, None]
    pixels += (40 * (x / width - 0.5))[None, :, None] * np.array([1, 0.5, -0.5], np.float32)
    # Gratings whose period runs from 64 px down to 3 px across the picture.
    period = 64 / (1 + 20 * x / width)
    pixels += (25 * np.sin(2 * np.pi * (x + 0.5 * y) / period))[..., None]
    pixels += rng.integers(-12, 13, (height, width, 1), dtype=np.int8)  # sensor noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
