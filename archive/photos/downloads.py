"""Press downloads: public copies of a photo in fixed sizes, and whole-album ZIPs.

A public copy is upright, carries the credit line and copyright (EXIF, XMP) and nothing
personal (no GPS, no serial numbers): archive.photos.metadata.save_public_copy. Copies are kept
in storage under a name derived from the original's SHA-256, the size and the credit, so
a corrected credit line makes a new copy instead of serving a stale one. They are kept in
private storage: a print-size or full-size copy is only ever handed out by the download
views, which check the licence, the photo's usability and the user.
"""

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from cms.storage import private_storage
from cms.text import slugify, turkish_sort_key

from . import metadata, rules

DOWNLOAD_DIR = "archive-downloads"


def _credit(photo):
    return photo.credit or ""


def copy_name(photo, size):
    key = hashlib.sha256(f"{_credit(photo)}\n{photo.copyright}".encode()).hexdigest()[:10]
    return f"{DOWNLOAD_DIR}/{photo.sha256[:2]}/{photo.sha256}-{size}-{key}.jpg"


def download_filename(photo, size):
    return f"{slugify(photo.title) or 'foto'}-{size}.jpg"


def public_copy(photo, size):
    """The storage name of the photo's public copy in `size`, made once when first asked."""
    name = copy_name(photo, size)
    if private_storage().exists(name):
        return name
    with photo.open_file() as original:
        image = metadata.open_image_safely(original, max_pixels=settings.KALEM_MAX_IMAGE_PIXELS)
    upright = metadata.normalise_for_publication(image)
    long_edge = rules.DOWNLOAD_SIZES[size]
    if long_edge and max(upright.size) > long_edge:
        resized = upright.copy()
        resized.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS)
        resized.info = upright.info
        upright = resized
    buffer = io.BytesIO()
    metadata.save_public_copy(
        upright,
        buffer,
        "JPEG",
        credit_line=_credit(photo),
        copyright=photo.copyright or None,
        quality=90,
    )
    return private_storage().save(name, ContentFile(buffer.getvalue()))


def album_zip_name(album, entries):
    key = hashlib.sha256(
        "\n".join(f"{e.photo.sha256}:{_credit(e.photo)}" for e in entries).encode()
    ).hexdigest()[:16]
    return f"{DOWNLOAD_DIR}/albums/{album.pk}-{key}.zip"


class AlbumTooLarge(ValueError):
    """The album is over the ZIP limits (rules.ALBUM_ZIP_MAX_*)."""


def build_album_zip(album, entries):
    """Write the album's ZIP (print-size copies, numbered in album order); return its name."""
    name = album_zip_name(album, entries)
    if private_storage().exists(name):
        return name
    if len(entries) > rules.ALBUM_ZIP_MAX_PHOTOS:
        raise AlbumTooLarge(name)
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # JPEGs don't deflate
        for number, entry in enumerate(entries, start=1):
            with private_storage().open(public_copy(entry.photo, "print")) as copy:
                data = copy.read()
            total += len(data)
            if total > rules.ALBUM_ZIP_MAX_BYTES:
                raise AlbumTooLarge(name)
            filename = f"{number:03}-{download_filename(entry.photo, 'print')}"
            archive.writestr(filename, data)
        credits = sorted(
            {_credit(e.photo) for e in entries if _credit(e.photo)}, key=turkish_sort_key
        )
        archive.writestr("KUNYE.txt", f"{album.title}\n\n" + "\n".join(credits) + "\n")
    return private_storage().save(name, ContentFile(buffer.getvalue()))
