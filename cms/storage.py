import os
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

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


# Public rendition addresses kept per process (about 200 bytes each).
PUBLIC_URLS_KEPT = 20_000


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
        storage = self._storage(name)
        if is_private_rendition(name) or getattr(storage, "querystring_auth", False):
            return storage.url(name)  # signed: a new one each time
        # A public rendition's address never changes, and building it (quoting, joining
        # to the base URL; on S3, botocore's request signer) was a tenth of an image tag.
        # Kept on the storage object, so a new one (a settings change) starts empty.
        urls = storage.__dict__.setdefault("_kalem_public_urls", {})
        if name not in urls:
            if len(urls) >= PUBLIC_URLS_KEPT:
                urls.clear()
            urls[name] = storage.url(name)
        return urls[name]

    def path(self, name):
        return self._storage(name).path(name)

    def listdir(self, path):
        return self._storage(path).listdir(path)

    def get_modified_time(self, name):
        return self._storage(name).get_modified_time(name)


# --- Object storage (S3 API) -------------------------------------------------------------
# Used when the KALEM_S3_* variables are set (cms/settings/production.py). Two buckets:
# the public one holds what any citizen may fetch (renditions, public documents) and is
# read without signatures, through the proxy and its cache; the private one holds
# originals and every private file, and is only reached through a pre-signed URL that
# lives KALEM_S3["signed_url_seconds"], handed out by a Kalem view after its permission
# check (cms.views.private_file and file_download). Names never overwrite: a second
# "photo.jpg" becomes "photo_<random>.jpg", as on the disk.


def s3_options(bucket_kind):
    s3 = settings.KALEM_S3
    options = {
        "bucket_name": s3[f"{bucket_kind}_bucket"],
        "endpoint_url": s3["endpoint_url"] or None,
        "region_name": s3["region_name"],
        "file_overwrite": False,
        "default_acl": None,
        "signature_version": "s3v4",
        "url_protocol": s3["url_protocol"],
    }
    if s3["access_key"]:
        options.update(access_key=s3["access_key"], secret_key=s3["secret_key"])
    if bucket_kind == "public":
        options.update(querystring_auth=False, custom_domain=s3["public_domain"] or None)
    else:
        options.update(querystring_auth=True, querystring_expire=s3["signed_url_seconds"])
    return options


class PublicS3Storage(TurkishFileNameMixin, S3Storage):
    def __init__(self, **overrides):
        super().__init__(**{**s3_options("public"), **overrides})


class PrivateS3Storage(TurkishFileNameMixin, S3Storage):
    def __init__(self, **overrides):
        super().__init__(**{**s3_options("private"), **overrides})

    def url(self, name):
        # Like the private folder: a link to Kalem's checked view, never to the bucket.
        token = signing.dumps(name, salt=PRIVATE_URL_SALT)
        return reverse("kalem_private_file", args=[token])

    def signed_download_url(self, name, filename=None, as_attachment=False):
        """A pre-signed GET of the object, valid for signed_url_seconds; call only after
        the permission check."""
        parameters = {}
        if filename:
            header = content_disposition_header(as_attachment, filename)
            parameters["ResponseContentDisposition"] = header
        return super().url(name, parameters=parameters)
