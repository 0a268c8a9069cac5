"""Background work of publications (django-tasks): an uploaded issue PDF's cover (first
page drawn by pdftoppm) and text (pypdf), then the search index of the issues showing it."""

import logging
import subprocess

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger("kalem.press")


@task()
def process_pdf(pdf_id):
    """Read the cover and text of one PublicationPdf; a failure is recorded on it (the
    PDF stays published and downloadable) and the editor sees it under the field."""
    from wagtail.search import index

    from . import pdf
    from .models import Processing, PublicationIssuePage, PublicationPdf

    record = PublicationPdf.objects.filter(pk=pdf_id).first()
    if record is None or record.status == Processing.READY:
        return None
    with record.file.open("rb") as handle:
        data = handle.read()
    try:
        text, pages = pdf.extract_text(data)
        cover = pdf.render_cover(data)
    except (pdf.PdfRefused, subprocess.SubprocessError, OSError, RuntimeError) as error:
        logger.warning("publication PDF %s not processed: %s", record.pk, error)
        record.status = Processing.FAILED
        record.error = _("The cover or the text could not be read from the PDF.")
        record.processed_at = timezone.now()
        record.save(update_fields=["status", "error", "processed_at"])
        return record.status
    with transaction.atomic():
        record.text, record.page_count = text, pages
        record.cover.save(f"kapak-{record.pk}.png", ContentFile(cover), save=False)
        record.status, record.error = Processing.READY, ""
        record.processed_at = timezone.now()
        record.save(
            update_fields=["text", "page_count", "cover", "status", "error", "processed_at"]
        )
    # The live issues showing this PDF were indexed before its text was known.
    for page in PublicationIssuePage.objects.live().filter(pdf=record):
        index.insert_or_update_object(page)
    return record.status
