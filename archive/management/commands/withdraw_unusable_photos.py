from django.core.management.base import BaseCommand

from archive.models import Photo, PhotoRendition
from archive.photos import tasks
from cms.cache import purge_frontend_cache


class Command(BaseCommand):
    help = (
        "Run daily: photos whose consent ran out (or withdrawn outside the admin) leave "
        "public storage and the frontend cache; photos already withdrawn are skipped. "
        "Also removes full-size and oversized renditions left in public storage."
    )

    def handle(self, *args, **options):
        queued = sum(tasks.queue_withdrawal(photo) for photo in Photo.objects.unusable())
        urls = PhotoRendition.delete_files(PhotoRendition.oversized_public())
        if urls:
            purge_frontend_cache(urls=urls)
        self.stdout.write(
            f"{queued} photo(s) queued for withdrawal from public storage; "
            f"{len(urls)} oversized public rendition(s) removed."
        )
