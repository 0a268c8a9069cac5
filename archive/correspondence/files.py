"""Checking an uploaded attachment from its content, not its name: the type is read from
the first bytes, executables and macro-enabled Office files are refused, names with path
tricks are reduced to their last part."""

import hashlib
import io
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (first bytes, content type) of the files an office receives and sends.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
]
EXECUTABLE_SIGNATURES = [b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!"]
MACRO_EXTENSIONS = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm"}
# Office Open XML names of the parts carrying macros; in old OLE files the VBA storage.
MACRO_PARTS = ("vbaProject.bin", "vbaData.xml")
OLE_MACRO_MARKER = "_VBA_PROJECT".encode("utf-16-le")
ZIP_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def clean_name(name):
    """The last part of a name, whatever the separators ("../../etc/passwd" → "passwd")."""
    last = PurePosixPath((name or "").replace("\\", "/")).name.strip().lstrip(".")
    return last or "ek"


def check_upload(uploaded, limit_mb=None):
    """(clean name, content type, size, sha256) of an acceptable file; ValidationError
    (naming the field "file") otherwise. `limit_mb` defaults to the register's limit."""
    name = clean_name(uploaded.name)
    limit_mb = limit_mb or settings.KALEM_CORRESPONDENCE_MAX_ATTACHMENT_MB
    if uploaded.size is not None and uploaded.size > limit_mb * 1024 * 1024:
        # Refused before reading it into memory.
        raise ValidationError({"file": _("File: larger than %(mb)d MB.") % {"mb": limit_mb}})
    data = uploaded.read()
    uploaded.seek(0)
    if len(data) > limit_mb * 1024 * 1024:
        raise ValidationError({"file": _("File: larger than %(mb)d MB.") % {"mb": limit_mb}})
    if not data:
        raise ValidationError({"file": _("File: the file is empty.")})
    if any(data.startswith(sig) for sig in EXECUTABLE_SIGNATURES):
        raise ValidationError({"file": _("File: programs and scripts are not accepted.")})
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in MACRO_EXTENSIONS:
        raise ValidationError({"file": _("File: Office files with macros are not accepted.")})
    content_type = _sniff(data)
    if content_type is None:
        raise ValidationError(
            {"file": _("File: only PDF, images, Office documents, ZIP and plain text.")}
        )
    if content_type == "application/zip":
        content_type = _check_zip(data)
    if content_type == "application/x-ole-storage" and OLE_MACRO_MARKER in data:
        raise ValidationError({"file": _("File: Office files with macros are not accepted.")})
    return name, content_type, len(data), hashlib.sha256(data).hexdigest()


def _sniff(data):
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if "\x00" not in text else None


def _check_zip(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise ValidationError({"file": _("File: a damaged ZIP or Office file.")}) from None
    if any(PurePosixPath(n).name in MACRO_PARTS for n in names):
        raise ValidationError({"file": _("File: Office files with macros are not accepted.")})
    if any(
        n.lower().endswith((".exe", ".dll", ".bat", ".cmd", ".js", ".vbs", ".ps1")) for n in names
    ):
        raise ValidationError({"file": _("File: programs and scripts are not accepted.")})
    for prefix, content_type in ZIP_TYPES.items():
        if any(n.startswith(prefix) for n in names):
            return content_type
    return "application/zip"
