"""A document's files: checking an upload from its content (the register's check, with
the archive's size limit), adding a version, restoring one as a new version, and
reading the text out of a stored file (PDF with pypdf, DOCX from its XML, plain text).

Files are only ever written under new names here; nothing in this module deletes one
(disposal.py is the only place that does)."""

import io
import re
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from archive.correspondence.files import check_upload as check_register_upload

from .models import ArchivedDocument, DocumentFileVersion, Extraction

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Extracted text kept per version; a scan of a whole ledger stays searchable by its start.
MAX_TEXT_CHARS = 1_000_000


def check_upload(uploaded):
    """(clean name, content type, size, sha256), or ValidationError naming "file"."""
    return check_register_upload(uploaded, limit_mb=settings.KALEM_ARCHIVE_MAX_DOCUMENT_MB)


@transaction.atomic
def add_version(document, data, *, name, content_type, sha256, user=None, note="", restored=None):
    """Store `data` as the next version of `document` (under a new name: never an
    overwrite) and queue its text extraction once the transaction commits."""
    from .tasks import extract_text

    # Lock the document: two uploads at once must not get the same version number.
    ArchivedDocument.objects.select_for_update().filter(pk=document.pk).first()
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = DocumentFileVersion(
        document=document,
        number=last + 1,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=sha256,
        note=note,
        restored_from=restored,
        uploaded_by=user,
    )
    version.file.save(name, ContentFile(data), save=False)
    version.save()
    transaction.on_commit(lambda: extract_text.enqueue(version.pk))
    return version


def restore(document, old, *, user=None):
    """ "Restore version 3": version N+1 with version 3's content (same SHA-256)."""
    with old.file.open("rb") as handle:
        data = handle.read()
    return add_version(
        document,
        data,
        name=old.original_name,
        content_type=old.content_type,
        sha256=old.sha256,
        user=user,
        note=_("Restored from version %(number)d") % {"number": old.number},
        restored=old.number,
    )


def duplicates_of(sha256, exclude_document=None):
    """Documents already holding a live version with this content."""
    queryset = ArchivedDocument.objects.filter(
        versions__sha256=sha256, versions__destroyed_at__isnull=True
    )
    if exclude_document is not None:
        queryset = queryset.exclude(pk=exclude_document.pk)
    return queryset.distinct()


class ExtractionError(Exception):
    """The file could not be read (encrypted, damaged); the message says why."""


def extract(data, content_type):
    """(text, Extraction state) of a file's content."""
    if content_type == "application/pdf":
        return _pdf_text(data), Extraction.DONE
    if content_type == DOCX:
        return _docx_text(data), Extraction.DONE
    if content_type == "text/plain":
        return data.decode("utf-8", errors="replace"), Extraction.DONE
    return "", Extraction.NONE


def _pdf_text(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError("encrypted PDF")
        parts = []
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > MAX_TEXT_CHARS:
                break
        return "\n".join(parts)[:MAX_TEXT_CHARS]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ExtractionError(f"unreadable PDF: {error}") from error


def _docx_text(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 50 * MAX_TEXT_CHARS:  # a zip bomb, not a letter
                raise ExtractionError("document.xml too large")
            xml = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError) as error:
        raise ExtractionError(f"unreadable DOCX: {error}") from error
    xml = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)[:MAX_TEXT_CHARS]
