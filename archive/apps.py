from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from PIL import Image

        # Pillow's own default (about 89 MP) only warns; Kalem refuses anything bigger
        # than the limit it sets, so a decompression bomb never reaches a decoder.
        Image.MAX_IMAGE_PIXELS = settings.KALEM_MAX_IMAGE_PIXELS
