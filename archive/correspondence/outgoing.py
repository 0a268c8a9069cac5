"""The register's side of the one outgoing register (cms.records): letters other apps
print (the tekzip letters of press) become outgoing records with the next Sayı, and each
PDF of theirs is kept as a new version of the record's letter file ("YAZI")."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.records import IssuedLetter, OutgoingRegister

from ..eyazisma.verification import verification_url
from .letters import public_base_url
from .models import (
    LETTER_LABEL,
    Attachment,
    AttachmentKind,
    Channel,
    Correspondence,
    Direction,
    Kind,
    PartyKind,
    SdpCode,
)


@transaction.atomic
def keep_letter_pdf(record, pdf, *, filename, user=None):
    """Keep `pdf` as the next "YAZI" version of `record`; never overwrites a file."""
    # Lock the record: two PDFs at once must not get the same version.
    Correspondence.objects.select_for_update().get(pk=record.pk)
    version = record.attachments.filter(label=LETTER_LABEL).count() + 1
    attachment = Attachment(
        correspondence=record,
        label=LETTER_LABEL,
        kind=AttachmentKind.FILE,
        version=version,
        description=record.number,
        original_name=filename,
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(f"{record.pk}-yazi.pdf", ContentFile(pdf), save=False)
    attachment.save()
    return attachment


def _issued(record):
    """The record as the sending app knows it: number, date and verification code."""
    code = record.verification_code
    return IssuedLetter(
        record.pk,
        record.number,
        record.number_date,
        verification_code=code,
        verification_url=verification_url(code, public_base_url()) if code else "",
    )


class RegisterOutgoing(OutgoingRegister):
    @transaction.atomic
    def issue(self, letter, *, user=None):
        # The caller locks its own row (the notice), so one source is issued at a time;
        # the unique constraint on `source` stops a second record if it did not.
        record = Correspondence.objects.filter(source=letter.source).first()
        if record is None:
            record = self._create(letter, user)
        return _issued(record)

    @transaction.atomic
    def record_earlier(self, letter, *, number, day, user=None):
        record = Correspondence.objects.filter(source=letter.source).first()
        if record is not None:
            return _issued(record), False
        taken = Correspondence.objects.filter(number=number, number_year=day.year).first()
        if taken is not None:
            raise ValidationError(
                _("Sayı %(number)s is already the number of register record #%(pk)s.")
                % {"number": number, "pk": taken.pk}
            )
        record = self._create(letter, user, number=number, day=day)
        return _issued(record), True

    def _create(self, letter, user, *, number="", day=None):
        code, _created = SdpCode.objects.get_or_create(
            code=letter.file_plan_code, defaults={"title": letter.file_plan_title}
        )
        record = Correspondence(
            direction=Direction.OUTGOING,
            kind=Kind.OFFICIAL,
            channel=Channel.KEP if letter.kep else Channel.POST,
            source=letter.source,
            subject=letter.subject,
            party_kind=PartyKind.INSTITUTION,
            party_name=letter.addressee,
            party_kep=letter.kep,
            party_email=letter.email,
            party_address=letter.address,
            summary=letter.summary,
            signatory_name=letter.signatory_name,
            signatory_title=letter.signatory_title,
            sdp_code=code,
            owner=user,
            live=False,
        )
        record._history_user = user
        record.save()
        if number:
            # Numbered before it came to the register: it keeps its Sayı and date, and
            # approving it below draws no number (the allocator keeps a given one).
            record.number, record.number_date, record.number_year = number, day, day.year
            record._history_user = user
            record._change_reason = _("Registered with its earlier number")
            record.save_process("number", "number_date", "number_year")
        # The sending app's own approval (the Müdür's, in its workflow) is the signature:
        # publishing the record now gives it the next number, whoever prints the letter.
        record.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        record.refresh_from_db()
        return record

    def attach_pdf(self, issued, pdf, *, filename, user=None):
        record = Correspondence.objects.get(pk=issued.record_id)
        return keep_letter_pdf(record, pdf, filename=filename, user=user).version
