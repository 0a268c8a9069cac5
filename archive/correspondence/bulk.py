"""Bulk greetings: the same letter from a template to every member of a distribution
group, as one outgoing record per recipient. The Müdür approves the batch in one step
(each record gets its own Sayı in the same transaction); the PDFs are then built in the
background and kept as each record's "YAZI" attachment, with a progress view."""

import uuid

from django.db import transaction
from django_tasks import task

from .letters import issued_letter
from .models import (
    LETTER_LABEL,
    Attachment,
    Channel,
    Correspondence,
    Direction,
    PartyKind,
)


@transaction.atomic
def create_batch(template, group, values, *, sdp_code, user, signatory_name="", signatory_title=""):
    """One draft per group member, the template filled with their name and title."""
    batch = uuid.uuid4()
    records = []
    for member in group.members.all():
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


def progress(batch):
    records = batch_records(batch)
    total = records.count()
    built = (
        Attachment.objects.filter(correspondence__in=records, label=LETTER_LABEL)
        .values("correspondence")
        .distinct()
        .count()
    )
    return {"total": total, "built": built, "numbered": records.exclude(number="").count()}


@task()
def build_letter(pk):
    """Render a numbered letter's PDF and keep it as its "YAZI" attachment (once)."""
    record = Correspondence.objects.filter(pk=pk).exclude(number="").first()
    if record is not None:
        issued_letter(record)
