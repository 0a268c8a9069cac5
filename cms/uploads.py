"""Papers staff attach to records (invoices, receipts, reports): the type is read from the
first bytes, not the name, and only PDF and photos of paper are taken, so nothing a
browser or Office would run can be stored."""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PAPER_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
PAPER_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
PAPER_MAX_BYTES = 20 * 1024 * 1024


def validate_paper(upload):
    """A model field validator: a PDF, JPEG or PNG of at most 20 MB."""
    if upload.size > PAPER_MAX_BYTES:
        raise ValidationError(_("File: larger than 20 MB."))
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not head:
        raise ValidationError(_("File: the file is empty."))
    # The name must agree too: "fatura.exe" holding a PDF is not opened by a PDF reader.
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if not head.startswith(PAPER_SIGNATURES) or suffix not in PAPER_SUFFIXES:
        raise ValidationError(_("File: only PDF, JPEG or PNG files are accepted."))
