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
        register_header_size()
        from cms.records import register_incoming_register, register_outgoing_register

        from . import permissions  # noqa: F401  (registers the archive models' policies)
        from .correspondence import packages  # noqa: F401  (the /belge-dogrula/ lookup)
        from .correspondence.outgoing import RegisterOutgoing
        from .correspondence.received import RegisterIncoming

        register_outgoing_register(RegisterOutgoing())
        register_incoming_register(RegisterIncoming())
        from .photos import facet_counts

        facet_counts.connect_signals()


def register_header_size():
    """Teach Willow to read an image file's size from its header.

    Willow otherwise answers `get_size()` and `get_frame_count()` by decoding the whole
    picture, which Wagtail's upload form does for every file: a truncated JPEG then raises
    OSError there (a server error instead of a form error), and a 24 MP photo costs a full
    decode before our own checks (archive.photos.metadata.analyse) run. With the size from the
    header, Wagtail's checks pass quickly and Photo.clean() refuses damaged files with a
    clear message.
    """
    from django.core.exceptions import ValidationError
    from PIL import Image
    from willow.image import (
        BMPImageFile,
        GIFImageFile,
        JPEGImageFile,
        PNGImageFile,
        TIFFImageFile,
        WebPImageFile,
    )
    from willow.registry import registry

    from .photos.metadata import DAMAGED_MESSAGE, DECODE_ERRORS, too_large_message

    def from_header(read):
        def operation(image_file):
            image_file.f.seek(0)
            try:
                value = read(Image.open(image_file.f))
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                # Wagtail's own message here reads "too many pixels (unknown number)".
                raise ValidationError(too_large_message(), code="file_too_many_pixels") from exc
            except DECODE_ERRORS as exc:
                # A file cut inside its header: Wagtail's upload field turns this into a
                # form error on the file, where an OSError would be a server error.
                raise ValidationError(DAMAGED_MESSAGE, code="invalid_image") from exc
            finally:
                image_file.f.seek(0)
            return value

        return operation

    header_size = from_header(lambda image: image.size)
    header_frames = from_header(lambda image: getattr(image, "n_frames", 1))

    for image_class in (
        JPEGImageFile,
        PNGImageFile,
        GIFImageFile,
        WebPImageFile,
        TIFFImageFile,
        BMPImageFile,
    ):
        registry.register_operation(image_class, "get_size", header_size)
        registry.register_operation(image_class, "get_frame_count", header_frames)
