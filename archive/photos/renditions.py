"""Renditions made from a shrunk decode of the original.

Wagtail's `Filter.run` decodes the whole original for every size it makes: a 24 MP camera
JPEG is 72 MB of pixels, copied twice more (orientation, crop) before it is scaled down
to a 600 px grid picture. A JPEG can instead be decoded at 1/2, 1/4 or 1/8 of its size
(libjpeg's scaled IDCT, Pillow's `draft()`), which is several times faster and smaller.

`ShrinkOnLoadFilter` decodes no larger than the rendition needs (with a margin, so the
final Lanczos resampling still has SHRINK_MARGIN source pixels per output pixel), then
crops and resizes in one step with the crop box scaled to the reduced image. The crop and
focal point are still computed by Wagtail on the original's full size, so the picture is
the same as stock's (compared pixel by pixel in tests/test_archive_shrink_on_load.py).

`SharedDecode` serves all the sizes Wagtail makes in one `get_renditions()` call (the
upload's standard sizes) from one decode, at the scale the largest of them needs.

Only JPEG can be decoded shrunk; other formats go through Wagtail's path unchanged.
"""

import math
import threading
from contextlib import contextmanager
from types import SimpleNamespace

from PIL import ExifTags, Image, ImageOps
from wagtail.images.models import Filter
from willow.image import BadImageOperationError
from willow.plugins.pillow import PillowImage

from . import metadata

# Source pixels per output pixel that the final resampling gets at least. With 1.5 the
# 1/2…1/8 decode keeps the quality of a full decode (PSNR against stock above 40 dB on
# detailed pictures; 1 gave 42–46 dB and little more speed, 2 made the 1600 px sizes of a
# 6000 px original decode at full size, so the upload batch was only 1.4× stock).
SHRINK_MARGIN = 1.5

_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter


def _transform_size(filter, image, size):
    """The crop box on the oriented full-size picture and the output size Wagtail's
    filter gives, exactly as Filter.run computes them."""
    transform = filter.get_transform(image, size)
    return transform.get_rect().round(), transform.size


def _needed_fraction(filters, image, size):
    """The smallest fraction of the full size that still gives every filter SHRINK_MARGIN
    source pixels per output pixel (1 when one of them needs the full decode)."""
    fraction = 0.0
    for filter in filters:
        rect, (width, height) = _transform_size(filter, image, size)
        if rect.width <= 0 or rect.height <= 0:
            return 1.0
        fraction = max(fraction, width / rect.width, height / rect.height)
    return min(1.0, fraction * SHRINK_MARGIN)


class Decoded:
    """The original decoded at 1/scale of its size and turned upright; `full_size` is the
    upright original's size, in which Wagtail's transforms are computed."""

    def __init__(self, pillow_image, scale, full_size):
        self.image = pillow_image
        self.scale = scale
        self.full_size = full_size


def decode(source, image, filters):
    """Decode a JPEG `source` (a file) as small as `filters` allow, or None for any other
    format (the caller then takes Wagtail's path)."""
    source.seek(0)
    picture = Image.open(source)
    if picture.format != "JPEG":
        return None
    width, height = picture.size
    orientation = picture.getexif().get(ExifTags.Base.Orientation, 1)
    upright = (height, width) if orientation in _SWAPPING_ORIENTATIONS else (width, height)
    fraction = _needed_fraction(filters, image, upright)
    # draft() picks the largest of 1/8, 1/4, 1/2 that keeps the picture at least this size.
    wanted = (max(1, math.ceil(width * fraction)), max(1, math.ceil(height * fraction)))
    scale = 1
    if fraction < 1:
        result = picture.draft(None, wanted)
        if result is not None:
            scale = round(width / result[1][2])
    picture.load()
    ImageOps.exif_transpose(picture, in_place=True)  # as Willow's auto_orient, without a copy
    return Decoded(picture, scale, upright)


class _ShrunkWillowImage:
    """Stands in for the Willow image inside Wagtail's `Filter.run` up to the resize.

    Filter.run reads `format_name`, calls `auto_orient()`, computes the transform on
    `image.width`/`image.height`, then calls `crop(rect)` and `resize(size)`. Here the
    first three answer for the full-size original, and crop-and-resize happen together on
    the reduced picture with the crop box divided by the decode's scale. Everything after
    the resize (format, quality, background, save) is Wagtail's own, on a real Willow image.
    """

    format_name = "jpeg"

    def __init__(self, decoded):
        self.decoded = decoded
        width, height = decoded.full_size
        self.image = SimpleNamespace(width=width, height=height)
        self.box = None

    def auto_orient(self):
        return self  # the decode is upright already

    def crop(self, rect):
        left, top, right, bottom = rect
        width, height = self.decoded.full_size
        # Willow's checks and clamping, on the full size.
        if left >= right or left >= width or right <= 0 or top >= bottom or top >= height:
            raise BadImageOperationError(f"Invalid crop dimensions: {rect!r}")
        if bottom <= 0:
            raise BadImageOperationError(f"Invalid crop dimensions: {rect!r}")
        self.box = (max(0, left), max(0, top), min(right, width), min(bottom, height))
        return self

    def resize(self, size):
        scale = self.decoded.scale
        picture = self.decoded.image
        box = tuple(edge / scale for edge in self.box)
        # The reduced picture is ceil(full / scale) wide: a box edge at the full size maps
        # inside it.
        box = (box[0], box[1], min(box[2], picture.width), min(box[3], picture.height))
        return PillowImage(picture.resize(size, Image.Resampling.LANCZOS, box=box))


class PublicFilter(Filter):
    """Wagtail's rendition filter, minus the metadata: Willow copies the original's EXIF
    (GPS position, camera serial) into every JPEG and WebP rendition; we drop it."""

    def run(self, image, output, source=None):
        result = super().run(image, output, source)
        output.seek(0)
        cleaned = metadata.strip_metadata(output.read())
        output.seek(0)
        output.truncate()
        output.write(cleaned)
        output.seek(0)
        return result


class ShrinkOnLoadFilter(PublicFilter):
    """PublicFilter that decodes a JPEG original only as large as the rendition needs, or
    takes it from a decode shared with the other sizes made at the same time."""

    def __init__(self, spec=None, shared=None):
        super().__init__(spec=spec)
        self.shared = shared

    @contextmanager
    def get_willow_image(self, image, source=None):
        if self.shared is not None:
            decoded = self.shared.get(source, image)
        else:
            with self._source(image, source) as file:
                decoded = decode(file, image, [self])
        if decoded is None:
            if source is not None:
                source.seek(0)  # decode() read the header
            with super().get_willow_image(image, source) as willow:
                yield willow
        else:
            yield _ShrunkWillowImage(decoded)

    @staticmethod
    @contextmanager
    def _source(image, source):
        if source is not None:
            yield source
        else:
            with image.open_file() as file:
                yield file


class SharedDecode:
    """One decode for several renditions made together, at the scale the largest needs.

    Wagtail's `create_renditions` makes them on three threads from one read of the file;
    the first thread to ask decodes, the others wait for it and then resample the same
    (read-only) picture in parallel.
    """

    def __init__(self, filters):
        self.filters = list(filters)
        self._lock = threading.Lock()
        self._done = False
        self._decoded = None

    def get(self, source, image):
        with self._lock:
            if not self._done:
                if source is not None:
                    self._decoded = decode(source, image, self.filters)
                else:
                    with image.open_file() as file:
                        self._decoded = decode(file, image, self.filters)
                self._done = True
            return self._decoded
