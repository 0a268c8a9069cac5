"""Letters from a template: one outgoing record per addressee (one addressee, or every
member of a distribution group for a bayram greeting), made together as a batch. The Müdür
approves the batch in one step (each record gets its own Sayı in the same transaction);
the PDFs are then built in the background and kept as each record's "YAZI" attachment,
and the progress screen shows how many were made and which failed, with the reason."""

import logging
import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_tasks import task

from .letters import issued_letter
from .models import (
    LETTER_LABEL,
    Attachment,
    Channel,
    Correspondence,
    Direction,
    LetterFailure,
    PartyKind,
)

logger = logging.getLogger(__name__)

__all__ = ["LETTER_LABEL", "approve_batch", "batch_records", "create_batch", "create_letters"]


@transaction.atomic
def create_letters(
    template, addressees, values, *, sdp_code, user, signatory_name="", signatory_title=""
):
    """One draft per addressee (anything with the `Addressee` fields: a group member, or an
    unsaved one typed in), the template filled with their name and title."""
    batch = uuid.uuid4()
    records = []
    for member in addressees:
        subject, body = template.fill({**values, "ad": member.name, "unvan": member.title})
        record = Correspondence(
            direction=Direction.OUTGOING,
            kind=template.kind,
            channel=Channel.KEP if member.kep else Channel.POST,
            subject=subject,
            body=body,
            party_kind=PartyKind.INSTITUTION if member.detsis else PartyKind.PERSON,
            party_name=f"{member.title} {member.name}".strip(),
            party_detsis=member.detsis,
            party_kep=member.kep,
            party_email=member.email,
            party_address=member.address,
            sdp_code=sdp_code,
            signatory_name=signatory_name,
            signatory_title=signatory_title,
            batch=batch,
            owner=user,
            live=False,
        )
        record._history_user = user
        record.save()
        record.save_revision(user=user)
        records.append(record)
    return batch, records


def create_batch(template, group, values, **kwargs):
    """One draft per member of a distribution group."""
    return create_letters(template, list(group.members.all()), values, **kwargs)


def batch_records(batch):
    return Correspondence.objects.filter(batch=batch).order_by("pk")


@transaction.atomic
def approve_batch(batch, user):
    """Approve (publish) every record of the batch: all get their numbers, or none."""
    records = list(batch_records(batch).select_for_update())
    for record in records:
        if not record.number:
            record.check_ready_for_approval()
            record.save_revision(user=user).publish(user=user)
    ids = [record.pk for record in records]
    transaction.on_commit(lambda: [build_letter.enqueue(pk) for pk in ids])
    return len(records)


def with_letter_state(records):
    """Annotate `built` (a "YAZI" PDF is kept) on a queryset of records."""
    letters = Attachment.objects.filter(correspondence=OuterRef("pk"), label=LETTER_LABEL)
    return records.annotate(built=Exists(letters))


def progress(records):
    """How far a batch (its id, or a queryset of its records) is: records, numbered,
    PDFs built, and those whose PDF failed (not built since)."""
    if not hasattr(records, "model"):
        records = batch_records(records)
    records = with_letter_state(records)
    failed = records.filter(built=False, letter_failures__isnull=False).distinct()
    return {
        "total": records.count(),
        "numbered": records.exclude(number="").count(),
        "built": records.filter(built=True).count(),
        "failed": failed.count(),
    }


@task()
def build_letter(pk):
    """Render a numbered letter's PDF and keep it as its "YAZI" attachment (once: the
    letter as issued); a failure is kept with its reason for the progress screen."""
    record = Correspondence.objects.filter(pk=pk).exclude(number="").first()
    if record is None:
        return
    try:
        issued_letter(record)
    except Exception as error:
        # Whatever the renderer or the storage raises, the office must see which letter
        # failed and why, not lose it in a worker's log only.
        logger.exception("letter PDF of record %s failed", pk)
        LetterFailure.objects.create(correspondence=record, reason=f"{error}"[:2000] or repr(error))
