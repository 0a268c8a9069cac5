"""Removing personal data from form answers once each form's retention period has run
(KVKK md. 7/1): the personal fields of the stored answer are blanked, the uploaded files
deleted, and the answer itself kept for the counts (nothing in it names a person any more).
Run daily: `manage.py remove_expired_form_data`."""

import logging

from django.db import transaction
from django.utils import timezone

from . import rules
from .models import FormAnswer, FormPage, FormPageSubmission

logger = logging.getLogger("kalem.forms")


def remove_expired_personal_data(now=None, dry_run=False):
    """Blank the personal data of every answer past its form's retention; returns how
    many answers were (or, with `dry_run`, would be) cleared."""
    now = now or timezone.now()
    cleared = 0
    for page in FormPage.objects.prefetch_related("form_fields"):
        personal = page.personal_field_names()
        if not personal:
            continue
        due = FormPageSubmission.objects.filter(
            page=page,
            personal_data_removed_at__isnull=True,
            submit_time__lt=rules.submitted_before_to_erase(page.retention_days, now),
        )
        if dry_run:
            cleared += due.count()
            continue
        for submission in due.prefetch_related("uploads").iterator(chunk_size=200):
            _clear(submission, personal, now)
            cleared += 1
    logger.info("Personal data removed from %d form answers", cleared)
    return cleared


@transaction.atomic
def _clear(submission, personal, now):
    submission.form_data = {
        name: ("" if name in personal else value) for name, value in submission.form_data.items()
    }
    submission.personal_data_removed_at = now
    submission.save(update_fields=["form_data", "personal_data_removed_at"])
    # A personal choice (say, the neighbourhood one lives in) stays counted as answered.
    FormAnswer.objects.filter(submission=submission, field__in=personal).update(value="")
    for upload in submission.uploads.all():
        name = upload.file.name
        upload.delete()
        # After the row: a failed delete of the file leaves an orphan file, never a row
        # pointing to nothing; the deletion is the purpose here (KVKK), not a replacement.
        transaction.on_commit(lambda name=name, storage=upload.file.storage: storage.delete(name))
