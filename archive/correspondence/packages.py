"""The register and e-Yazışma (issue 14): an approved outgoing record as a `.eyp` package,
and the lookup through which /belge-dogrula/ finds a letter by its verification code.
Reading incoming packages into the register is in `incoming.py`.

The package library (archive/eyazisma) knows no models; this module maps a record to its
`Letter` and back, field by field (see the table in models.py).
"""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.confidentiality import GUVENLIK_KODU, Level
from cms.pdf import municipality_settings

from ..eyazisma import (
    Dagitim,
    DagitimTuru,
    Ek,
    EkTuru,
    GercekKisi,
    GuvenlikKodu,
    Ilgi,
    Imza,
    Ivedilik,
    Kurum,
    Letter,
    LetterIncomplete,
    Sdp,
    configured_signer,
    write_package,
)
from ..eyazisma.verification import VERIFICATION_PATH, VerifiedLetter, register_lookup
from . import letters, numbering
from .models import AttachmentKind, Correspondence, PartyKind, Status, Urgency

# İlgi labels as the regulation prints them: a, b, c, ç, d … (Turkish alphabet).
ILGI_LABELS = "abcçdefgğhıijklmnoöprsştuüvyz"
EK_TURU = {
    AttachmentKind.FILE: EkTuru.DED,
    AttachmentKind.LINK: EkTuru.HRF,
    AttachmentKind.PHYSICAL: EkTuru.FZK,
}


def can_package(record):
    """Only an approved (numbered) outgoing letter goes out as a package."""
    return bool(record.is_outgoing and record.number and record.belge_id)


def _person(name, **extra):
    """A person's name as IlkAdi / Soyadi: the last word is the surname."""
    first, _space, last = (name or "").strip().rpartition(" ")
    return GercekKisi(ilk_adi=first or last, soyadi=last if first else "", **extra)


def _party(name, title, detsis, kep, email):
    if detsis:
        return Kurum(detsis, name, kep_adresi=kep, eposta=email)
    return _person(name, unvan=title, kep_adresi=kep, eposta=email)


def _miat(record):
    """GÜNLÜDÜR's date as a duration from the letter's date (at least one day)."""
    if record.urgency != Urgency.DATED or record.urgency_date is None:
        return None
    return timedelta(days=max((record.urgency_date - record.number_date).days, 1))


def _approved_at(record):
    """The moment of approval: the publishing time when it fell on the Sayı's date,
    otherwise the start of that date (Istanbul)."""
    published = record.last_published_at
    if published is not None and timezone.localtime(published).date() == record.number_date:
        return timezone.localtime(published)
    return timezone.make_aware(datetime.combine(record.number_date, time.min))


def _stable_id(record, kind, pk):
    """A GUID for an Ek or İlgi that stays the same across downloads of one letter."""
    return str(uuid.uuid5(record.belge_id, f"{kind}-{pk}")).upper()


def latest_enclosures(record):
    """The current version of each attachment the letter encloses."""
    latest = {}
    for attachment in letters.enclosures(record):  # ordered by label, newest version first
        latest.setdefault(attachment.label, attachment)
    return list(latest.values())


def letter_for(record, enclosures) -> Letter:
    """The record as the standard's Letter (Ustveri and NihaiUstveri)."""
    municipality = municipality_settings()
    ivedilik = Ivedilik(record.urgency)
    miat = _miat(record)
    recipients = list(record.recipients.all())
    if recipients:
        dagitim = [
            Dagitim(
                _party(r.name, r.title, r.detsis, r.kep, r.email),
                tur=DagitimTuru(r.purpose),
                ivedilik=ivedilik,
                miat=miat,
            )
            for r in recipients
        ]
    else:
        detsis = record.party_detsis if record.party_kind == PartyKind.INSTITUTION else ""
        dagitim = [
            Dagitim(
                _party(record.party_name, "", detsis, record.party_kep, record.party_email),
                ivedilik=ivedilik,
                miat=miat,
            )
        ]
    sdp = [Sdp(record.sdp_code.code, record.sdp_code.title)] if record.sdp_code else []
    sdp += [Sdp(code.code, code.title) for code in record.other_sdp_codes.all()]
    ekler = [
        Ek(
            id=_stable_id(record, "ek", a.pk),
            ad=f"{a.label}: {a.description}" if a.description else a.label,
            tur=EK_TURU[a.kind],
            dosya_adi=a.original_name,
            mime_turu=a.content_type,
            referans=a.url,
        )
        for a in enclosures
    ]
    ilgiler = [
        Ilgi(
            id=_stable_id(record, "ilgi", ref.pk),
            etiket=ILGI_LABELS[index % len(ILGI_LABELS)],
            belge_no=ref.number or ref.sender_number or ref.register_number,
            tarih=timezone.make_aware(datetime.combine(day, time.min)) if day else None,
            ad=ref.subject,
        )
        for index, ref in enumerate(record.references.order_by("pk"))
        for day in [ref.number_date or ref.sender_date or ref.received_on]
    ]
    if not record.signatory_name.strip():
        raise LetterIncomplete(field=_("signer (İmzalayan)"))
    return Letter(
        belge_id=str(record.belge_id).upper(),
        konu=record.subject,
        sayi=record.number,
        tarih=_approved_at(record),
        guvenlik_kodu=GuvenlikKodu(GUVENLIK_KODU[Level(record.confidentiality)]),
        olusturan=Kurum(
            numbering.institution_detsis(),
            municipality.name,
            kep_adresi=municipality.kep_address,
        ),
        dagitim=dagitim,
        sdp=sdp,
        ekler=ekler,
        ilgiler=ilgiler,
        imzalar=[Imza(_person(record.signatory_name), makam=record.signatory_title)],
        dogrulama_adresi=letters.public_base_url().rstrip("/") + VERIFICATION_PATH,
        dosya_adi=f"{record.number}.pdf",
    )


def write_record_package(record, out, *, user=None):
    """Write the approved record as a package to `out` (a binary file): the issued letter
    PDF and the current version of each enclosed file. Raises EyazismaError (naming what
    is missing) or ValidationError (the municipality's DETSİS number is not set)."""
    enclosures = latest_enclosures(record)
    letter = letter_for(record, enclosures)
    pdf = letters.issued_letter(record, user)
    files = {}
    try:
        for ek, attachment in zip(letter.ekler, enclosures, strict=True):
            if ek.tur is EkTuru.DED:
                files[ek.id] = attachment.file.open("rb")
        with pdf.file.open("rb") as pdf_file:
            return write_package(letter, pdf_file, files, out, signer=configured_signer())
    finally:
        for handle in files.values():
            handle.close()


# Verification ----------------------------------------------------------------------------


@register_lookup
def find_register_letter(code):
    """/belge-dogrula/ asks this with a normalised code: an approved letter that was not
    cancelled. A confidential or Kişiye Özel letter is only confirmed with its date
    (docs/decisions.md); a Tasnif Dışı one with its Sayı, Konu, addressee institution and
    the SHA-256 of the PDF as issued."""
    record = (
        Correspondence.objects.filter(verification_code=code)
        .exclude(number="")
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if record is None:
        return None
    restricted = record.confidentiality > Level.UNCLASSIFIED or record.personal
    if restricted:
        return VerifiedLetter(
            sayi="",
            tarih=_approved_at(record),
            konu="",
            guvenlik_kodu=GuvenlikKodu(GUVENLIK_KODU[Level(record.confidentiality)]),
            restricted=True,
        )
    issued = record.attachments.filter(label=letters.LETTER_LABEL).order_by("-version").first()
    to_institution = record.party_kind == PartyKind.INSTITUTION
    return VerifiedLetter(
        sayi=record.number,
        tarih=_approved_at(record),
        konu=record.subject,
        guvenlik_kodu=GuvenlikKodu.YOK,
        pdf_sha256=issued.sha256 if issued else "",
        # A citizen's name is personal data: only an institution is named, and only a
        # letter to an institution is offered as a PDF (docs/decisions.md).
        muhatap=record.party_name if to_institution else "",
        pdf_file=issued.file if issued and to_institution else None,
    )
