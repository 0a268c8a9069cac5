"""Reading a publication PDF: the checks an upload must pass, its text (pypdf) and its
cover (the first page drawn by poppler's pdftoppm, Debian's poppler-utils).

Checks read the file once and stop early: the header, the size, whether pypdf can open
it, whether it is encrypted, and whether its first pages carry text (a scan without a
text layer would never be found by site search). The whole text is read later, in the
background (tasks.process_pdf)."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# A magazine's text is tens of thousands of characters; more than this is not a
# publication, and PostgreSQL's tsvector holds at most 1 MB.
MAX_TEXT_CHARS = 500_000
# Pages read for the "has text" check at upload.
TEXT_CHECK_PAGES = 3
COVER_WIDTH = 600  # pixels: the cover is shown at most 300 CSS px wide, sharp at 2x
COVER_TIMEOUT = 60  # seconds for pdftoppm on one page


class PdfRefused(ValueError):
    """The upload is not a usable publication PDF; the message (Turkish) says why."""


def max_bytes():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)


def _reader(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return PdfReader(io.BytesIO(data))
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise PdfRefused(_("PDF file: the file is damaged and cannot be read.")) from None


def check(data, size):
    """The number of pages of an acceptable upload; PdfRefused otherwise."""
    from pypdf.errors import PdfReadError

    limit = max_bytes()
    if size > limit:
        raise PdfRefused(
            _("PDF file: the file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        )
    if not data.startswith(b"%PDF-"):
        raise PdfRefused(_("PDF file: the file is not a PDF."))
    reader = _reader(data)
    if reader.is_encrypted:
        raise PdfRefused(
            _("PDF file: the PDF is encrypted (password protected); upload it without a password.")
        )
    try:
        pages = len(reader.pages)
        text = "".join(
            (reader.pages[n].extract_text() or "") for n in range(min(pages, TEXT_CHECK_PAGES))
        )
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise PdfRefused(_("PDF file: the file is damaged and cannot be read.")) from None
    if pages == 0:
        raise PdfRefused(_("PDF file: the PDF has no pages."))
    if not text.strip():
        raise PdfRefused(
            _(
                "PDF file: the first pages have no text (a scan without a text layer); export "
                "the PDF from the layout program, or run text recognition first."
            )
        )
    return pages


def extract_text(data):
    """(text, pages): the text of every page, page after page, capped at MAX_TEXT_CHARS."""
    reader = _reader(data)
    parts, length = [], 0
    for page in reader.pages:
        part = page.extract_text() or ""
        parts.append(part)
        length += len(part)
        if length > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)[:MAX_TEXT_CHARS], len(reader.pages)


def pdftoppm():
    path = shutil.which("pdftoppm")
    if path is None:
        raise RuntimeError("pdftoppm is missing: install Debian's poppler-utils")
    return path


def render_cover(data, width=COVER_WIDTH):
    """The first page as PNG bytes, `width` pixels wide."""
    with tempfile.TemporaryDirectory(prefix="kalem-cover-") as folder:
        source = Path(folder) / "issue.pdf"
        source.write_bytes(data)
        target = Path(folder) / "cover"
        # No shell, fixed arguments: only the temporary file names vary.
        subprocess.run(  # noqa: S603
            [
                pdftoppm(),
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                "-singlefile",
                "-scale-to-x",
                str(width),
                "-scale-to-y",
                "-1",
                str(source),
                str(target),
            ],
            check=True,
            capture_output=True,
            timeout=COVER_TIMEOUT,
        )
        return (Path(folder) / "cover.png").read_bytes()
