import os
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from .text import slugify

PRIVATE_URL_SALT = "kalem.private-file"


class TurkishFileNameMixin:
    """Uploaded file names become Turkish-transliterated slugs ("Açılış Töreni.JPG" →
    "acilis-toreni.jpg"), so media URLs are plain ASCII on every storage backend."""

    def get_valid_name(self, name):
        path = PurePosixPath(name)
        stem = slugify(path.stem, max_length=60) or "dosya"
        suffix = "".join(c for c in path.suffix.lower() if c.isalnum() or c == ".")
        return f"{stem}{suffix}"


class TurkishFileSystemStorage(TurkishFileNameMixin, FileSystemStorage):
    pass


class PrivateFileSystemStorage(TurkishFileNameMixin, FileSystemStorage):
    """Files that must never sit under a public media URL: tekzip letters and delivery
    proofs, clipping scans, photo originals.

    They live under PRIVATE_MEDIA_ROOT, which the web server does not serve. `url()`
    gives a signed, expiring link to an admin view (like an S3 pre-signed URL), so a
    link only works for a logged-in staff member and only for a while; views that need a
    finer check (archive downloads, tekzip letters) read the file themselves.
    """

    # Read on every access rather than cached, so tests and deployments can move the
    # folder with the setting alone.
    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        token = signing.dumps(name, salt=PRIVATE_URL_SALT)
        return reverse("kalem_private_file", args=[token])


def private_storage():
    """The storage for files with no public URL (STORAGES["private"]).

    A callable, so model fields and migrations name the alias rather than a folder."""
    return storages["private"]


def private_file_name(token):
    """The storage name a signed private-file link points to, or None if the link is
    forged or older than KALEM_PRIVATE_URL_MAX_AGE."""
    try:
        return signing.loads(
            token, salt=PRIVATE_URL_SALT, max_age=settings.KALEM_PRIVATE_URL_MAX_AGE
        )
    except signing.BadSignature:
        return None


# Renditions under this folder are stored in private storage (see RenditionStorage).
PRIVATE_RENDITIONS_DIR = "private-renditions"


def is_private_rendition(name):
    return PurePosixPath(name).parts[:1] == (PRIVATE_RENDITIONS_DIR,)


@deconstructible
class RenditionStorage(Storage):
    """Image renditions (WAGTAILIMAGES_RENDITION_STORAGE): public media, except names under
    PRIVATE_RENDITIONS_DIR, which live in private storage and are reached only through
    signed admin links. The image model's rendition decides which by its name, so the
    public media folder never holds a file that is not meant to be public."""

    def _storage(self, name):
        return storages["private" if is_private_rendition(name) else "default"]

    def get_valid_name(self, name):
        return storages["default"].get_valid_name(name)

    def save(self, name, content, max_length=None):
        return self._storage(name).save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self._storage(name).open(name, mode)

    def delete(self, name):
        return self._storage(name).delete(name)

    def exists(self, name):
        return self._storage(name).exists(name)

    def size(self, name):
        return self._storage(name).size(name)

    def url(self, name):
        return self._storage(name).url(name)

    def path(self, name):
        return self._storage(name).path(name)

    def listdir(self, path):
        return self._storage(path).listdir(path)

    def get_modified_time(self, name):
        return self._storage(name).get_modified_time(name)
