from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage

from .text import slugify


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
