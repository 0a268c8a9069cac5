"""Importing a folder of photos (manage.py import_photos): resumable by SHA-256."""

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Max
from wagtail.models import Collection

from . import metadata, tasks
from .models import Photo
from .pages import AlbumPhoto

EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif", ".heic"}


@dataclass
class ImportReport:
    imported: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (path, reason)
    failed: list = field(default_factory=list)  # (path, reason)


def photo_files(folder):
    return sorted(
        path
        for path in Path(folder).rglob("*")
        if path.is_file() and path.suffix.lower() in EXTENSIONS
    )


def import_file(path, *, album=None, user=None, dry_run=False):
    """Import one file; returns ("imported"|"skipped"|"failed", photo or reason)."""
    data = path.read_bytes()
    try:
        analysis = metadata.analyse(data, max_pixels=settings.KALEM_MAX_IMAGE_PIXELS)
    except metadata.ImageRejected as exc:
        return "failed", str(exc)
    existing = Photo.objects.filter(sha256=analysis.sha256).first()
    if existing is not None:
        if album is not None and not dry_run:
            add_to_album(album, existing)
        return "skipped", f"#{existing.pk} {existing.title}"
    if dry_run:
        return "imported", None
    with transaction.atomic():
        photo = Photo(
            title=(analysis.metadata.headline or path.stem)[:255],
            collection=Collection.get_first_root_node(),
            file=ImageFile(io.BytesIO(data), name=path.name),
            uploaded_by_user=user,
        )
        photo._analysis = analysis
        photo.save()
        tasks.queue_upload(photo)
        if album is not None:
            add_to_album(album, photo)
    return "imported", photo


def add_to_album(album, photo):
    """Append the photo to the album unless it is there already; True when added."""
    if AlbumPhoto.objects.filter(page=album, photo=photo).exists():
        return False
    # Max() skips NULLs; ORDER BY … DESC would put them first on PostgreSQL.
    last = AlbumPhoto.objects.filter(page=album).aggregate(last=Max("sort_order"))["last"]
    AlbumPhoto.objects.create(page=album, photo=photo, sort_order=0 if last is None else last + 1)
    return True
