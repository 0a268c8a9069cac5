"""Background work of the video archive (django-tasks): processing an upload with
ffprobe/ffmpeg (media.py) into its poster frame and the site's MP4.

Queued where an upload is accepted (the admin's create and edit views), on commit, so
the worker finds the saved record."""

from django.apps import apps
from django.db import transaction
from django_tasks import task

from archive.photos import facet_counts
from cms.cache import purge_frontend_cache


@task()
def process_video(video_id):
    video = apps.get_model("archive", "Video").objects.filter(pk=video_id).first()
    if video is not None:
        video.process()


def queue_processing(video):
    """After a new file was saved: mark the video waiting and process it after commit."""
    type(video).objects.filter(pk=video.pk).update(
        processing_status=video.PENDING, processing_error=""
    )
    facet_counts.changed()  # no longer playable: the archive stops counting it
    video.processing_status = video.PENDING
    pk = video.pk
    transaction.on_commit(lambda: process_video.enqueue(pk))


@task()
def withdraw_video(video_id):
    video = apps.get_model("archive", "Video").objects.filter(pk=video_id).first()
    if video is not None:
        urls = video.withdraw_public_files()
        if urls:
            purge_frontend_cache(urls=urls)


def queue_withdrawal(video):
    """A video that may no longer be used and still has public files: withdraw them."""
    if not video.is_usable and video.has_public_files:
        pk = video.pk
        transaction.on_commit(lambda: withdraw_video.enqueue(pk))
        return True
    return False


def queue_usability_change(video):
    """After an editor saved a video: take its public files away if it may no longer be
    used, or make them anew if it may again."""
    if queue_withdrawal(video):
        return
    if video.needs_republishing():
        queue_processing(video)
