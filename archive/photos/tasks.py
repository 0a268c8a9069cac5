"""Background work of the photo archive (django-tasks): processing uploads, renditions,
withdrawing unusable photos from public storage, and album ZIPs.

Tasks look models up through the app registry (the models import nothing from here), and
are queued where the work arises: where an upload is accepted (the image form, the
multiple uploader, the import command), where a photo is withdrawn, and by the daily
`withdraw_unusable_photos` command for consent that ran out.
"""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django_tasks import task

from cms.cache import purge_frontend_cache

from . import downloads, rules


def _photo(photo_id):
    return apps.get_model("archive", "Photo").objects.filter(pk=photo_id).first()


@task()
def process_photo(photo_id):
    """Metadata, pHash and standard renditions of a newly uploaded photo (Photo.process)."""
    photo = _photo(photo_id)
    if photo is not None:
        photo.process()


@task()
def generate_renditions(photo_id):
    """Make the standard renditions of a new photo, so no visitor waits for them."""
    photo = _photo(photo_id)
    if photo is not None:
        photo.get_renditions(*rules.UPLOAD_RENDITIONS)


def queue_upload(photo):
    """After an accepted upload is saved: describe it in the background, or (when it was
    described already, as imports do) make its renditions."""
    checked = getattr(photo, "_upload_checked", False)
    photo._upload_checked = False
    if not checked:
        return
    pk = photo.pk
    if photo.processing_status == photo.PENDING:
        transaction.on_commit(lambda: process_photo.enqueue(pk))
    else:
        transaction.on_commit(lambda: generate_renditions.enqueue(pk))


@task()
def withdraw_public_renditions(photo_id):
    """A photo that may no longer be used leaves public storage: its public renditions are
    deleted (Wagtail makes private ones if an editor needs them again) and the frontend
    cache forgets them and the pages that showed it."""
    photo = _photo(photo_id)
    if photo is None or photo.is_usable:
        return
    urls = photo.delete_public_renditions()
    pages = photo.live_pages_using()
    purge_frontend_cache(urls=urls, pages=pages)


def queue_withdrawal(photo):
    """Queue the withdrawal of a photo that became unusable and still has public files."""
    if not photo.is_usable and photo.has_public_renditions():
        pk = photo.pk
        transaction.on_commit(lambda: withdraw_public_renditions.enqueue(pk))
        return True
    return False


@task()
def republish_renditions(photo_id):
    """A photo usable again: the renditions made private meanwhile are deleted, so the
    pages showing it make public ones again on their next visit."""
    photo = _photo(photo_id)
    if photo is not None and photo.is_usable:
        PhotoRendition = apps.get_model("archive", "PhotoRendition")
        PhotoRendition.delete_files(photo.renditions_to_republish())
        purge_frontend_cache(pages=photo.live_pages_using())


def queue_usability_change(photo):
    """After an editor saved a photo: take it out of public storage if it may no longer
    be used, or back in if it may again."""
    if queue_withdrawal(photo):
        return
    if photo.is_usable and photo.renditions_to_republish():
        pk = photo.pk
        transaction.on_commit(lambda: republish_renditions.enqueue(pk))


def zip_lock_key(album_id):
    return f"kalem:archive:zip-building:{album_id}"


@task()
def build_album_zip(album_id):
    album = apps.get_model("archive", "PhotoAlbumPage").objects.filter(pk=album_id).first()
    try:
        if album is not None:
            downloads.build_album_zip(album, album.public_items(specs=()))
    finally:
        cache.delete(zip_lock_key(album_id))


# Below the purges and uploads: it only spares a visitor a wait (facet_counts).
RECOUNT_PRIORITY = -10


@task(priority=RECOUNT_PRIORITY)
def recount_archive_facets():
    """Count the unfiltered archive's facets afresh, for every public archive page in each
    language, so the first visitor after a change reads kept counts (facet_counts)."""
    from . import facet_counts, search

    facet_counts.recount_started()
    index_pages = apps.get_model("archive", "PhotoArchiveIndexPage").objects.live().public()
    for index_page in index_pages:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                search.search(index_page, {})
