from django.core.management.base import BaseCommand

from archive.models import Photo, PhotoRendition, Video
from archive.photos import tasks
from archive.videos import tasks as video_tasks
from cms.cache import purge_frontend_cache


class Command(BaseCommand):
    help = (
        "Run daily: photos whose consent ran out (or withdrawn outside the admin) leave "
        "public storage and the frontend cache; photos already withdrawn are skipped. "
        "Also removes full-size and oversized renditions left in public storage, and the "
        "public copies and posters of videos that may no longer be used. Then the "
        "archive's facet counts for the new day are worked in the background."
    )

    def handle(self, *args, **options):
        queued = sum(tasks.queue_withdrawal(photo) for photo in Photo.objects.unusable())
        videos = sum(video_tasks.queue_withdrawal(video) for video in Video.objects.unusable())
        urls = PhotoRendition.delete_files(PhotoRendition.oversized_public())
        if urls:
            purge_frontend_cache(urls=urls)
        # Counts are kept per day (usability depends on the date): run just after
        # midnight, this spares the day's first visitor the count.
        tasks.recount_archive_facets.enqueue()
        self.stdout.write(
            f"{queued} photo(s) queued for withdrawal from public storage; "
            f"{len(urls)} oversized public rendition(s) removed; "
            f"{videos} video(s) queued for withdrawal."
        )
