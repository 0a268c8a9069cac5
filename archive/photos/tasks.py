"""Background work of the photo archive (django-tasks): processing uploads, renditions
and album ZIPs."""

from django.core.cache import cache
from django_tasks import task

# What an uploaded photo will be shown in: the album grid and photo page, and cards.
UPLOAD_RENDITIONS = (
    "format-webp|max-600x600",
    "format-jpeg|max-600x600",
    "format-webp|max-1600x1600",
    "format-jpeg|max-1600x1600",
    "format-webp|fill-640x360",
    "format-jpeg|fill-640x360",
)


@task()
def process_photo(photo_id):
    """Metadata, pHash and standard renditions of a newly uploaded photo (Photo.process)."""
    from .models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is not None:
        photo.process()


@task()
def generate_renditions(photo_id):
    """Make the standard renditions of a new photo, so no visitor waits for them."""
    from .models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is not None:
        photo.get_renditions(*UPLOAD_RENDITIONS)


def zip_lock_key(album_id):
    return f"kalem:archive:zip-building:{album_id}"


@task()
def build_album_zip(album_id):
    from . import downloads
    from .pages import PhotoAlbumPage

    album = PhotoAlbumPage.objects.filter(pk=album_id).first()
    try:
        if album is not None:
            downloads.build_album_zip(album, album.public_items(specs=()))
    finally:
        cache.delete(zip_lock_key(album_id))
