"""Storing one answer: the submission, its countable answers and its files, together or
not at all."""

from django.db import transaction

from .forms import sha256_of
from .models import CHOICE_TYPES, FormAnswer, FormPageSubmission, FormUpload


def answer_rows(page, submission, answers):
    """The FormAnswer rows of one submission: one per chosen value of a choice question
    (each ticked box its own), "" for a question answered in words; none when skipped."""
    rows = []
    for field in page.get_form_fields():
        value = answers.get(field.clean_name)
        if value in (None, "", []):
            continue
        if field.field_type == "checkbox":
            if not value:
                continue
            values = ["1"]
        elif field.field_type in CHOICE_TYPES:
            values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        else:
            values = [""]
        rows += [
            FormAnswer(
                submission=submission,
                page_id=page.pk,
                submitted_at=submission.submit_time,
                field=field.clean_name,
                value=v[:255],
            )
            for v in values
        ]
    return rows


@transaction.atomic
def record_submission(page, form):
    """Save a valid form's answer; returns the submission."""
    submission = FormPageSubmission.objects.create(page=page, form_data=form.answers())
    FormAnswer.objects.bulk_create(answer_rows(page, submission, submission.form_data))
    for name, upload in form.files_to_store():
        record = FormUpload(
            submission=submission,
            field=name,
            original_name=upload.name[:255],
            size=upload.size,
            sha256=sha256_of(upload),
        )
        # A new name on every upload (storage adds a suffix): nothing is overwritten.
        record.file.save(upload.name, upload, save=False)
        record.save()
    return submission
