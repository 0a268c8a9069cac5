"""Safe opening, metadata extraction, hashing and publication copies for archive photos.

Pure Pillow code: no Django, so it can be used from models, commands, tests and benchmarks.
Every function that takes a "source" accepts bytes, a filesystem path or a binary file object.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import struct
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import IO, Any, BinaryIO
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import numpy
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import ExifTags, Image, ImageFile, IptcImagePlugin, UnidentifiedImageError

# iPhones upload HEIC: pillow-heif is a dependency, not an option.
from pillow_heif import register_heif_opener

from cms.dates import ISTANBUL
from cms.text import format_datetime

register_heif_opener()

Source = bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]


# 64 MP covers every current full-frame body (Sony A7R V: 9504×6336 = 60.2 MP) and keeps a
# decoded RGB image under ~200 MB; medium-format 100 MP files must be downsized before upload.
DEFAULT_MAX_PIXELS = 64_000_000

# Pillow's JPEG reader also hands back "MPO" images: JPEGs from phones and some cameras with
# an extra multi-picture index, which every browser shows as a plain JPEG.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "HEIF")

# pHash is 64 bits. Re-encodes, resizes and small brightness/contrast edits of one photo stay
# at 0-4 bits apart in our tests; two unrelated photos are ~32 ± 4 apart, so the chance that
# unrelated pictures fall within 6 bits is about 1 in 10^8. Two frames of the same burst
# may still land between 6 and 12: those are separate photos and should not be flagged.
NEAR_DUPLICATE_DISTANCE = 6

# Errors Pillow and pillow_heif raise for damaged or hostile files while parsing headers or
# decoding. Some plugins fail on malformed input with IndexError, KeyError or TypeError
# (found by fuzzing), so those count as "damaged file" too inside the few calls guarded.
DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    RuntimeError,
    IndexError,
    KeyError,
    TypeError,
)
DAMAGED_MESSAGE = gettext_lazy("The image file is damaged or incomplete.")
_HEIF_FAILED = gettext_lazy(
    "This HEIC file cannot be opened on this server; please export it as JPEG and upload that."
)

_SNIFF_BYTES = 4096
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_FUTURE_SLACK = timedelta(days=1)  # camera clocks set to a far-east zone run a few hours ahead


class ImageRejected(ValueError):
    """The upload is not an image we are willing to open; the message is for editors."""


@dataclass(frozen=True)
class PhotoMetadata:
    """Descriptive and technical metadata read from a photo file."""

    width: int
    height: int
    orientation: int = 1
    taken_at: datetime | None = None
    camera_make: str | None = None
    camera_model: str | None = None
    lens: str | None = None
    exposure: str | None = None
    gps_latitude: float | None = None
    gps_longitude: float | None = None
    headline: str | None = None
    caption: str | None = None
    keywords: list[str] = field(default_factory=list)
    creator: str | None = None
    credit: str | None = None
    copyright: str | None = None
    city: str | None = None
    location: str | None = None
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------


def open_image_safely(source: Source, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Open and fully decode an uploaded image, or raise ImageRejected saying why."""
    image = _open_header(_seekable(source), max_pixels)
    try:
        _load_strictly(image)
    except DECODE_ERRORS as exc:
        if image.format == "HEIF":
            raise ImageRejected(_HEIF_FAILED) from exc
        raise ImageRejected(DAMAGED_MESSAGE) from exc
    return image


def _load_strictly(image: Image.Image) -> None:
    """Decode, failing on truncated data even where another library relaxed that.

    WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import, after which a
    cut-off JPEG decodes "successfully" with grey bands; uploads must still be refused.
    """
    relaxed = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = relaxed


def _open_header(fp: BinaryIO, max_pixels: int) -> Image.Image:
    """Parse only the header and check type and size; pixels are not decoded yet."""
    head = fp.read(_SNIFF_BYTES)
    fp.seek(0)
    if _looks_like_svg(head):
        raise ImageRejected(_("SVG files are not accepted: they can contain scripts."))

    limit = max_pixels
    if Image.MAX_IMAGE_PIXELS is not None:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both. The
        # process-wide limit is respected, never changed, so other code keeps its setting.
        # catch_warnings is not thread-safe, but a race can at worst leave this "error"
        # filter installed, which is the behaviour we want anyway.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(fp, formats=ALLOWED_FORMATS)
            # Animated GIF/WebP and multi-page TIFF hold one bitmap per frame. An MPO's extra
            # frames are previews or HDR gain maps that are never decoded, so they don't count.
            frames = getattr(image, "n_frames", 1) if image.format != "MPO" else 1
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected(too_large_message(limit)) from exc
        except UnidentifiedImageError as exc:
            raise ImageRejected(_unidentified_message(fp, head)) from exc
        except DECODE_ERRORS as exc:
            raise ImageRejected(DAMAGED_MESSAGE) from exc

    width, height = image.size
    if width * height * frames > limit:
        size = f"{width}×{height} piksel" + (f", {frames} kare" if frames > 1 else "")
        raise ImageRejected(
            _("The image is too large: %(size)s (at most %(limit)s pixels).")
            % {"size": size, "limit": _count(limit)}
        )
    return image


def _unidentified_message(fp: BinaryIO, head: bytes) -> str:
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return _HEIF_FAILED
    fp.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Header only, to tell editors which format it was; never decoded.
            other_format = Image.open(fp).format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            other_format = "?"
        except DECODE_ERRORS:
            return _("The file is not an image.")
    names = ", ".join(ALLOWED_FORMATS).replace("HEIF", "HEIC")
    return _("This image format is not supported: %(format)s. Accepted: %(names)s.") % {
        "format": other_format,
        "names": names,
    }


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<svg" in text


def too_large_message(limit: int | None = None) -> str:
    """The refusal of an image whose header claims more pixels than the limit."""
    if limit is None:
        limit = Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS
    return _("The image is too large (at most %(limit)s pixels).") % {"limit": _count(limit)}


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _seekable(source: Source) -> BinaryIO:
    """Return a stream positioned at the start of the source."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fp:
            return io.BytesIO(fp.read())
    if source.seekable():
        source.seek(0)
        return source
    return io.BytesIO(source.read())


# ---------------------------------------------------------------------------
# Hashing
# ---------------------------------------------------------------------------


def sha256_of(source: Source) -> str:
    """Return the SHA-256 hex digest of the whole file."""
    digest = hashlib.sha256()
    if isinstance(source, (bytes, bytearray, memoryview)):
        digest.update(source)
        return digest.hexdigest()
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fp:
            return hashlib.file_digest(fp, "sha256").hexdigest()
    if source.seekable():
        source.seek(0)
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
    if source.seekable():
        source.seek(0)
    return digest.hexdigest()


_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def perceptual_hash(image: Image.Image) -> str:
    """Return the 64-bit pHash of the image as seen upright, as 16 hex digits."""
    # pHash works on a 32×32 greyscale thumbnail. Shrinking first keeps memory small, and
    # rotating a square thumbnail equals rotating the photo, so the EXIF orientation is
    # applied to the thumbnail rather than to a full-size copy.
    thumb = image.convert("L").resize((32, 32), Image.Resampling.LANCZOS)
    method = _TRANSPOSE_FOR_ORIENTATION.get(_orientation_of(image.getexif()))
    if method is not None:
        thumb = thumb.transpose(method)
    # imagehash.phash's algorithm (DCT-II of the thumbnail, low 8×8 frequencies compared
    # with their median), with the DCT as a matrix product: same hashes, without importing
    # SciPy (~0.8 s and ~60 MB in every process that hashes a photo).
    pixels = numpy.asarray(thumb, dtype=numpy.float64)
    low = (_DCT_8x32 @ pixels @ _DCT_8x32.T).flatten()
    bits = low > numpy.median(low)
    return f"{int(''.join('1' if bit else '0' for bit in bits), 2):016x}"


def _dct_matrix(size: int, rows: int):
    """The first `rows` rows of the (unnormalised, SciPy type II) DCT matrix."""
    k = numpy.arange(rows)[:, None]
    n = numpy.arange(size)[None, :]
    return 2 * numpy.cos(numpy.pi * k * (2 * n + 1) / (2 * size))


_DCT_8x32 = _dct_matrix(32, 8)


def hash_distance(a: str, b: str) -> int:
    """Return how many bits two perceptual hashes differ in."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass(frozen=True)
class PhotoAnalysis:
    """Everything an upload is checked and described by: metadata and both hashes."""

    metadata: PhotoMetadata
    sha256: str
    phash: str


def check_upload(source: Source, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[str, str]:
    """The checks an upload must pass before it is stored; returns (SHA-256, pHash).

    Cheap enough for the upload request: the type and size come from the header, and the
    pixels are decoded at reduced size (see _decode_reduced), which still refuses a
    truncated or damaged file. The pHash costs ~2 ms more on that decoded image, so it is
    taken here rather than decoding again later; metadata is read in the background.
    """
    fp = _seekable(source)
    digest = sha256_of(fp)
    image = _decode_reduced(fp, max_pixels)
    try:
        phash = perceptual_hash(image)
    except DECODE_ERRORS as exc:
        raise ImageRejected(DAMAGED_MESSAGE) from exc
    fp.seek(0)
    return digest, phash


def analyse(source: Source, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> PhotoAnalysis:
    """Check an upload (type, size, complete pixel data) and read its metadata and hashes."""
    fp = _seekable(source)
    digest = sha256_of(fp)
    metadata = extract_metadata(fp, max_pixels=max_pixels)
    image = _decode_reduced(fp, max_pixels)
    try:
        phash = perceptual_hash(image)
    except DECODE_ERRORS as exc:
        raise ImageRejected(DAMAGED_MESSAGE) from exc
    fp.seek(0)
    return PhotoAnalysis(metadata=metadata, sha256=digest, phash=phash)


def _decode_reduced(fp: BinaryIO, max_pixels: int) -> Image.Image:
    """Decode the whole image, a JPEG in draft mode at 1/8 scale: the decoder still walks
    the whole entropy-coded stream, so a truncated file is refused, at a fraction of the
    cost of a full decode (a 24 MP photo in ~30 ms instead of ~250 ms)."""
    image = _open_header(fp, max_pixels)
    if image.format in ("JPEG", "MPO"):
        image.draft("RGB", (256, 256))
    try:
        _load_strictly(image)
    except DECODE_ERRORS as exc:
        raise ImageRejected(_HEIF_FAILED if image.format == "HEIF" else DAMAGED_MESSAGE) from exc
    return image


# ---------------------------------------------------------------------------
# Metadata extraction
# ---------------------------------------------------------------------------

_IFD0 = ExifTags.Base
_GPS = ExifTags.GPS

# ISO 2022 escape sequences found in IPTC 1:90 (CodedCharacterSet).
_IPTC_CHARSETS = {
    b"\x1b%G": "utf-8",
    b"\x1b-M": "iso-8859-9",
    b"\x1b.A": "latin-1",
    b"\x1b-A": "latin-1",
}
# Files without 1:90 are usually UTF-8 nowadays; older Turkish newsroom software wrote
# Windows-1254, which is what we fall back to when the bytes are not valid UTF-8.
_LEGACY_CHARSET = "cp1254"

_NS_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_NS_DC = "{http://purl.org/dc/elements/1.1/}"
_NS_PHOTOSHOP = "{http://ns.adobe.com/photoshop/1.0/}"
_NS_IPTC_CORE = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}"


def extract_metadata(source: Source, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> PhotoMetadata:
    """Read EXIF, IPTC and XMP metadata after the same header checks as open_image_safely."""
    fp = _seekable(source)
    image = _open_header(fp, max_pixels)
    notes: list[str] = []

    with warnings.catch_warnings(record=True) as pillow_warnings:
        warnings.simplefilter("always")
        try:
            # PNG keeps EXIF wherever it likes, so Pillow decodes PNG pixels to find it.
            exif = image.getexif()
            exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
            gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        except DECODE_ERRORS as exc:
            raise ImageRejected(DAMAGED_MESSAGE) from exc
    # Pillow reports unreadable EXIF entries as UserWarning and skips them.
    if any(issubclass(w.category, UserWarning) for w in pillow_warnings):
        notes.append(_("The EXIF data is partly damaged; the readable fields were used."))

    xmp = _read_xmp(image, notes)
    iptc = _read_iptc(image, notes)

    orientation = _orientation_of(exif)
    if exif.get(_IFD0.Orientation, 1) != orientation:
        notes.append(_("The EXIF orientation is invalid; the image was accepted unrotated."))
    width, height = image.size
    if orientation >= 5:  # 5-8 are stored on their side
        width, height = height, width

    latitude, longitude = _gps_position(gps_ifd, notes)
    fp.seek(0)  # leave a caller's upload ready to be saved

    return PhotoMetadata(
        width=width,
        height=height,
        orientation=orientation,
        taken_at=_taken_at(exif_ifd, notes),
        camera_make=_exif_text(exif.get(_IFD0.Make)),
        camera_model=_exif_text(exif.get(_IFD0.Model)),
        lens=_exif_text(exif_ifd.get(_IFD0.LensModel)),
        exposure=_exposure(exif_ifd),
        gps_latitude=latitude,
        gps_longitude=longitude,
        headline=_first(
            xmp.get(_NS_PHOTOSHOP + "Headline"),
            iptc.get((2, 105)),
            xmp.get(_NS_DC + "title"),
            iptc.get((2, 5)),
        ),
        caption=_first(
            xmp.get(_NS_DC + "description"),
            iptc.get((2, 120)),
            [_exif_text(exif.get(_IFD0.ImageDescription))],
        ),
        keywords=xmp.get(_NS_DC + "subject") or iptc.get((2, 25)) or [],
        creator=_joined(
            xmp.get(_NS_DC + "creator") or iptc.get((2, 80)) or [_exif_text(exif.get(_IFD0.Artist))]
        ),
        credit=_first(xmp.get(_NS_PHOTOSHOP + "Credit"), iptc.get((2, 110))),
        copyright=_first(
            xmp.get(_NS_DC + "rights"),
            iptc.get((2, 116)),
            [_exif_text(exif.get(_IFD0.Copyright))],
        ),
        city=_first(xmp.get(_NS_PHOTOSHOP + "City"), iptc.get((2, 90))),
        location=_first(xmp.get(_NS_IPTC_CORE + "Location"), iptc.get((2, 92))),
        warnings=notes,
    )


def _first(*candidates: list[str] | None) -> str | None:
    for values in candidates:
        for value in values or ():
            if value:
                return value
    return None


def _joined(values: list[str | None]) -> str | None:
    return ", ".join(v for v in values if v) or None


def _orientation_of(exif: Image.Exif) -> int:
    value = exif.get(_IFD0.Orientation, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _exif_text(value: Any) -> str | None:
    """Decode an EXIF ASCII field, which in practice is often UTF-8 or Windows-1254."""
    if value is None:
        return None
    if isinstance(value, str):
        # Pillow decodes EXIF strings as Latin-1; undo that to get the original bytes back.
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError:
            return value.strip("\x00 ").strip() or None
    if not isinstance(value, bytes):
        return None
    return _decode_legacy(value.rstrip(b"\x00")).strip() or None


def _decode_legacy(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(_LEGACY_CHARSET, "replace")


def _number(value: Any) -> float | None:
    """Turn an EXIF rational or integer into a finite float."""
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


_EXIF_DATETIME = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def _taken_at(exif_ifd: dict[int, Any], notes: list[str]) -> datetime | None:
    raw = _exif_text(exif_ifd.get(_IFD0.DateTimeOriginal)) or _exif_text(
        exif_ifd.get(_IFD0.DateTimeDigitized)
    )
    # Cameras without a set clock write zeros or blanks: that means "unknown", not an error.
    if not raw or not raw.strip(" :0"):
        return None
    match = _EXIF_DATETIME.match(raw)
    try:
        local = datetime(*(int(part) for part in match.groups())) if match else None
    except ValueError:
        local = None
    if local is None:
        notes.append(
            _("The date taken could not be read (%(value)s); it was ignored.")
            % {"value": _printable(raw)}
        )
        return None

    zone: timezone | ZoneInfo = ISTANBUL
    offset = _exif_text(exif_ifd.get(_IFD0.OffsetTimeOriginal))
    if offset and offset.strip(" :"):
        parsed = _EXIF_OFFSET.fullmatch(offset)
        if parsed:
            sign = -1 if parsed[1] == "-" else 1
            zone = timezone(sign * timedelta(hours=int(parsed[2]), minutes=int(parsed[3])))
        else:
            notes.append(
                _("The time zone could not be read (%(value)s); Istanbul time was assumed.")
                % {"value": _printable(offset)}
            )

    if local.year < 1900:
        taken_at = None
    else:
        taken_at = local.replace(tzinfo=zone)
        if taken_at > datetime.now(UTC) + _FUTURE_SLACK:
            taken_at = None
    if taken_at is None:
        notes.append(
            _(
                "The date taken is impossible (%(value)s); the camera's clock may be wrong, "
                "so the date was ignored."
            )
            % {"value": format_datetime(local)}
        )
    return taken_at


def _printable(text: str) -> str:
    """Shorten a damaged field for a warning, without control characters."""
    return "".join(c for c in text if c.isprintable())[:40]


def _gps_position(gps_ifd: dict[int, Any], notes: list[str]) -> tuple[float | None, float | None]:
    if _GPS.GPSLatitude not in gps_ifd and _GPS.GPSLongitude not in gps_ifd:
        return None, None
    latitude = _gps_coordinate(gps_ifd, _GPS.GPSLatitude, _GPS.GPSLatitudeRef, "N", "S", 90)
    longitude = _gps_coordinate(gps_ifd, _GPS.GPSLongitude, _GPS.GPSLongitudeRef, "E", "W", 180)
    # A lone coordinate is useless, and 0,0 is what receivers write before they have a fix.
    if latitude is None or longitude is None or latitude == longitude == 0:
        notes.append(_("The GPS position is damaged or invalid; it was ignored."))
        return None, None
    return latitude, longitude


def _gps_coordinate(
    gps_ifd: dict[int, Any], tag: int, ref_tag: int, positive: str, negative: str, limit: int
) -> float | None:
    ref = _exif_text(gps_ifd.get(ref_tag))
    values = gps_ifd.get(tag)
    if ref is None or ref.upper() not in (positive, negative):
        return None
    if not isinstance(values, tuple) or len(values) != 3:
        return None
    degrees, minutes, seconds = (_number(v) for v in values)
    if degrees is None or minutes is None or seconds is None:
        return None
    if degrees < 0 or not (0 <= minutes < 60 and 0 <= seconds < 60):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if value > limit:
        return None
    value = round(value, 7)  # about 1 cm; more digits are float noise
    return -value if ref.upper() == negative else value


def _exposure(exif_ifd: dict[int, Any]) -> str | None:
    parts = []
    shutter = _number(exif_ifd.get(_IFD0.ExposureTime))
    if shutter and shutter > 0:
        parts.append(f"1/{round(1 / shutter)} s" if shutter < 1 else f"{shutter:g} s")
    aperture = _number(exif_ifd.get(_IFD0.FNumber))
    if aperture and aperture > 0:
        parts.append(f"f/{round(aperture, 1):g}")
    iso = _number(exif_ifd.get(_IFD0.ISOSpeedRatings))
    if iso and iso > 0:
        parts.append(f"ISO {iso:.0f}")
    focal = _number(exif_ifd.get(_IFD0.FocalLength))
    if focal and focal > 0:
        parts.append(f"{round(focal, 1):g} mm")
    return ", ".join(parts) or None


def _read_iptc(image: Image.Image, notes: list[str]) -> dict[tuple[int, int], list[str]]:
    """Return IPTC-IIM datasets as lists of decoded strings."""
    try:
        raw = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, OSError, struct.error):
        notes.append(_("The IPTC data is damaged and could not be read."))
        return {}
    charset = raw.get((1, 90))
    encoding = _IPTC_CHARSETS.get(charset) if isinstance(charset, bytes) else None
    result = {}
    for key, value in raw.items():
        values = value if isinstance(value, list) else [value]
        texts = [
            (data.decode(encoding, "replace") if encoding else _decode_legacy(data)).strip()
            for data in values
            if data
        ]
        result[key] = [text for text in texts if text]
    return result


def _read_xmp(image: Image.Image, notes: list[str]) -> dict[str, list[str]]:
    """Return the properties of the XMP rdf:Description blocks as lists of strings."""
    try:
        tree = image.getxmp(strip_namespaces=False)
    except (ParseError, DefusedXmlException):
        notes.append(_("The XMP data is damaged and could not be read."))
        return {}
    result: dict[str, list[str]] = {}
    for description in _find_key(tree, _NS_RDF + "Description"):
        if not isinstance(description, dict):
            continue
        for name, value in description.items():
            texts = [t.strip() for t in _xmp_texts(value) if t and t.strip()]
            if texts:
                result.setdefault(name, texts)
    return result


def _find_key(node: Any, key: str) -> list[Any]:
    """Collect every value stored under key anywhere in Pillow's nested XMP dictionary."""
    found: list[Any] = []
    if isinstance(node, list):
        for item in node:
            found += _find_key(item, key)
    elif isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                found += value if isinstance(value, list) else [value]
            else:
                found += _find_key(value, key)
    return found


_XMP_CONTAINERS = {_NS_RDF + "Alt", _NS_RDF + "Bag", _NS_RDF + "Seq", _NS_RDF + "li", "text"}


def _xmp_texts(value: Any) -> list[str]:
    """Flatten a simple property, or an rdf:Alt/Bag/Seq of them, to its strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _xmp_texts(item)]
    if isinstance(value, dict):
        # Attributes such as xml:lang sit next to the text; only containers hold values.
        return [t for k, v in value.items() if k in _XMP_CONTAINERS for t in _xmp_texts(v)]
    return []


# ---------------------------------------------------------------------------
# Publication copies
# ---------------------------------------------------------------------------

# What a published copy may keep. These describe the picture and the camera type, not a
# person or a particular device. Everything else is dropped: GPS, serial numbers, owner
# names, maker notes, software history, and the embedded EXIF thumbnail (which can show the
# uncropped original). The event date stays because a press photo's date is public anyway.
PUBLIC_IFD0_TAGS = frozenset({_IFD0.Make, _IFD0.Model, _IFD0.Orientation})
PUBLIC_EXIF_TAGS = frozenset(
    {
        _IFD0.DateTimeOriginal,
        _IFD0.OffsetTimeOriginal,
        _IFD0.ExposureTime,
        _IFD0.FNumber,
        _IFD0.ISOSpeedRatings,
        _IFD0.FocalLength,
        _IFD0.LensModel,
        _IFD0.ColorSpace,
    }
)


def normalise_for_publication(image: Image.Image) -> Image.Image:
    """Return an upright copy whose only metadata is the public EXIF subset and ICC profile."""
    exif = image.getexif()
    # Same rotation as ImageOps.exif_transpose, but the copy starts without the original's
    # metadata blocks instead of carrying them over and then having to strip them.
    method = _TRANSPOSE_FOR_ORIENTATION.get(_orientation_of(exif))
    upright = image.transpose(method) if method is not None else image.copy()
    public_exif = _public_exif(exif)
    public_exif.pop(_IFD0.Orientation, None)
    # Replacing info drops XMP, IPTC, JPEG comments and any other embedded blocks.
    upright.info = {"exif": public_exif.tobytes()}
    for key in ("icc_profile", "transparency"):
        if key in image.info:
            upright.info[key] = image.info[key]
    return upright


def _public_exif(source: Image.Exif) -> Image.Exif:
    public = Image.Exif()
    for tag in PUBLIC_IFD0_TAGS & source.keys():
        public[tag] = _as_written(source[tag])
    exif_ifd = source.get_ifd(ExifTags.IFD.Exif)
    kept = {tag: _as_written(exif_ifd[tag]) for tag in PUBLIC_EXIF_TAGS & exif_ifd.keys()}
    if kept:
        public.get_ifd(ExifTags.IFD.Exif).update(kept)
    return public


def _as_written(value: Any) -> Any:
    # Pillow writes str as ASCII with "?" for anything else; bytes are written unchanged, and
    # strings it read were decoded as Latin-1, so encoding back restores the original bytes.
    if isinstance(value, str):
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            return value.encode("utf-8")
    return value


def save_public_copy(
    image: Image.Image,
    fp: str | os.PathLike[str] | IO[bytes],
    format: str,
    *,
    credit_line: str,
    copyright: str | None = None,
    quality: int = 85,
) -> None:
    """Write a JPEG or WebP carrying the credit line and copyright and no personal metadata."""
    format = format.upper().replace("JPG", "JPEG")
    if format not in ("JPEG", "WEBP"):
        raise ValueError(f"Public copies are JPEG or WebP, not {format}.")

    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    allowed_modes = ("RGB", "L") if format == "JPEG" else ("RGB", "RGBA", "L")
    if image.mode in allowed_modes:
        picture = image.copy()
    elif has_alpha and format == "WEBP":
        picture = image.convert("RGBA")
    elif has_alpha:
        # JPEG has no alpha: show transparent areas as white, as a web page would.
        rgba = image.convert("RGBA")
        picture = Image.new("RGB", rgba.size, "white")
        picture.paste(rgba, mask=rgba.getchannel("A"))
    else:
        picture = image.convert("RGB")
    if image.mode == "CMYK":
        icc_profile = None  # a CMYK profile would mis-colour the converted RGB pixels
    # JPEG writing falls back to info for the comment block; start from nothing.
    picture.info = {}

    exif = _public_exif(image.getexif())
    exif[_IFD0.Artist] = credit_line.encode("utf-8")
    # Viewers that show only the description (Windows, many CMSs) still credit the author.
    exif[_IFD0.ImageDescription] = credit_line.encode("utf-8")
    if copyright:
        exif[_IFD0.Copyright] = copyright.encode("utf-8")

    options: dict[str, Any] = {
        "quality": quality,
        "exif": exif.tobytes(),
        "xmp": xmp_packet(credit=credit_line, copyright=copyright),
    }
    if icc_profile:
        options["icc_profile"] = icc_profile
    if format == "JPEG":
        options["optimize"] = True
    picture.save(fp, format, **options)


def xmp_packet(
    *,
    headline: str | None = None,
    caption: str | None = None,
    keywords: list[str] | tuple[str, ...] = (),
    creator: str | None = None,
    credit: str | None = None,
    copyright: str | None = None,
    city: str | None = None,
    location: str | None = None,
) -> bytes:
    """Build an XMP packet with the given IPTC Core properties."""

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    def items(kind: str, values: list[str] | tuple[str, ...]) -> str:
        lis = "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values)
        return f"<rdf:{kind}>{lis}</rdf:{kind}>"

    properties = {
        "photoshop:Headline": headline and escape(headline),
        "dc:description": caption and alt(caption),
        "dc:subject": keywords and items("Bag", keywords),
        "dc:creator": creator and items("Seq", [creator]),
        "photoshop:Credit": credit and escape(credit),
        "dc:rights": copyright and alt(copyright),
        "photoshop:City": city and escape(city),
        "Iptc4xmpCore:Location": location and escape(location),
    }
    body = "".join(f"<{name}>{value}</{name}>" for name, value in properties.items() if value)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


# ---------------------------------------------------------------------------
# Renditions
# ---------------------------------------------------------------------------

# JPEG markers that carry metadata: APP1 (EXIF, XMP), APP12-13 (Photoshop/IPTC), COM.
# APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) stay: the
# picture would change colour without them.
_JPEG_METADATA_MARKERS = {0xE1, 0xEC, 0xED, 0xFE}
_PNG_METADATA_CHUNKS = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}


def strip_metadata(data: bytes) -> bytes:
    """Drop EXIF, XMP, IPTC and comments from an encoded JPEG, PNG or WebP, losslessly.

    Wagtail's renditions copy the original's EXIF (GPS included) into every JPEG and WebP
    they write; this removes it without decoding and re-encoding the pixels.
    """
    if data[:2] == b"\xff\xd8":
        return _strip_jpeg(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _strip_png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _strip_webp(data)
    return _reencode_without_metadata(data)


def _reencode_without_metadata(data: bytes) -> bytes:
    """Other formats (HEIC, AVIF on request) are written again from their pixels when they
    carry EXIF or XMP: no lossless way exists, and a rendition must never keep them."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except DECODE_ERRORS:
        return data
    if not (image.getexif() or image.info.get("exif") or image.info.get("xmp")):
        return data
    if image.format not in ("HEIF", "AVIF"):
        # GIF and ICO writers never add EXIF; anything else is not a rendition format.
        raise ValueError(f"Cannot remove metadata from a {image.format} rendition.")
    clean = image.copy()
    clean.info = {}
    output = io.BytesIO()
    clean.save(output, image.format, quality=80)
    return output.getvalue()


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    offset = 2
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        if marker == 0xDA:  # start of scan: pixel data follows, no more metadata
            break
        length = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
        if marker not in _JPEG_METADATA_MARKERS:
            out += data[offset : offset + 2 + length]
        offset += 2 + length
    return bytes(out + data[offset:])


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    offset = 8
    while offset + 8 <= len(data):
        length = struct.unpack(">I", data[offset : offset + 4])[0]
        kind = data[offset + 4 : offset + 8]
        end = offset + 12 + length
        if kind not in _PNG_METADATA_CHUNKS:
            out += data[offset:end]
        offset = end
    return bytes(out)


def _strip_webp(data: bytes) -> bytes:
    chunks = bytearray()
    offset = 12
    while offset + 8 <= len(data):
        kind = data[offset : offset + 4]
        length = struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        end = offset + 8 + length + (length & 1)
        chunk = bytearray(data[offset:end])
        if kind == b"VP8X":
            chunk[8] &= ~0x0C & 0xFF  # clear the "has EXIF" and "has XMP" flags
        if kind not in (b"EXIF", b"XMP "):
            chunks += chunk
        offset = end
    return b"RIFF" + struct.pack("<I", len(chunks) + 4) + b"WEBP" + bytes(chunks)
