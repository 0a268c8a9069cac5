"""The mayor's letters and the register's printouts, all through cms.pdf.

* Letter templates (tebrik, taziye, teşekkür, davet) with placeholders in braces, filled
  when an outgoing letter is created from them; the letter as a PDF on letterhead and,
  for e-mail and social media, as plain text.
* The registration stamp: a label with the register number, date and a QR code, for
  paper mail.
"""

import hashlib
import string
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cms.pdf import LETTER_PDF_VARIANT, letterhead_context, qr_data_uri, render_pdf
from cms.text import format_date, turkish_upper

from ..eyazisma.verification import verification_url
from .models import (
    LETTER_LABEL,
    OWN_LABELS,
    Attachment,
    AttachmentKind,
    Correspondence,
    Kind,
)


@dataclass(frozen=True)
class LetterTemplate:
    slug: str
    kind: str
    label: str
    subject: str
    body: str

    @property
    def placeholders(self):
        return [
            name for _, name, _, _ in string.Formatter().parse(self.body + self.subject) if name
        ]

    def fill(self, values):
        """The subject and body with every placeholder replaced; a missing value raises
        KeyError naming it."""
        return self.subject.format(**values), self.body.format(**values)


TEMPLATES = [
    LetterTemplate(
        "bayram-tebrik",
        Kind.CONGRATULATION,
        _("Congratulation: bayram"),
        "{bayram} tebriki",
        "Sayın {unvan} {ad},\n\n"
        "{bayram} münasebetiyle şahsınızın ve ailenizin bayramını en içten dileklerimle "
        "kutlar, sağlık, huzur ve mutluluk dolu nice bayramlar dilerim.\n\n"
        "Saygılarımla.",
    ),
    LetterTemplate(
        "atama-tebrik",
        Kind.CONGRATULATION,
        _("Congratulation: new appointment"),
        "Yeni görev tebriki",
        "Sayın {unvan} {ad},\n\n"
        "{gorev} görevine atandığınızı memnuniyetle öğrendim. Yeni görevinizde başarılar "
        "diler, çalışmalarınızda kolaylıklar temenni ederim.\n\n"
        "Saygılarımla.",
    ),
    LetterTemplate(
        "taziye",
        Kind.CONDOLENCE,
        _("Condolence"),
        "Taziye",
        "Sayın {unvan} {ad},\n\n"
        "{merhum}'in vefatını derin bir üzüntüyle öğrendim. Merhuma Allah'tan rahmet, "
        "sizlere ve tüm yakınlarına başsağlığı ve sabır dilerim.\n\n"
        "Saygılarımla.",
    ),
    LetterTemplate(
        "tesekkur",
        Kind.THANKS,
        _("Thanks"),
        "Teşekkür",
        "Sayın {unvan} {ad},\n\n"
        "{konu} konusundaki değerli katkılarınız için belediyemiz ve şahsım adına "
        "teşekkür ederim.\n\n"
        "Saygılarımla.",
    ),
    LetterTemplate(
        "davet",
        Kind.INVITATION,
        _("Invitation"),
        "Davet",
        "Sayın {unvan} {ad},\n\n"
        "{tarih} günü saat {saat}'te {yer}'de düzenlenecek {etkinlik} programına "
        "katılımlarınızı onur duyarak arz ederim.\n\n"
        "Saygılarımla.",
    ),
]
TEMPLATES_BY_SLUG = {template.slug: template for template in TEMPLATES}


def addressee_values(name, title):
    return {"ad": name, "unvan": title}


def paragraphs(text):
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


def public_base_url():
    """The public site's address (the default site's root URL): where /belge-dogrula/ is."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def verification_context(record):
    """The verification code and its QR code, for an approved letter (empty before)."""
    if not record.verification_code:
        return {}
    url = verification_url(record.verification_code, public_base_url())
    return {
        "verification_code": record.verification_code,
        "verification_url": url,
        "verification_page": url.split("?", 1)[0],
        "verification_qr": qr_data_uri(url),
    }


def letter_context(record):
    day = record.number_date
    return {
        **verification_context(record),
        "record": record,
        "number": record.display_number,
        "day": format_date(day) if day else "",
        "party_name": turkish_upper(record.party_name),
        "paragraphs": paragraphs(record.body),
        "recipients": list(record.recipients.all()) if record.pk else [],
        "references": list(record.references.all()) if record.pk else [],
        "attachments": enclosures(record),
    }


def enclosures(record):
    """The letter's attachments (Ekler), without the files Kalem keeps itself."""
    if not record.pk:
        return []
    return list(record.attachments.exclude(label__in=OWN_LABELS))


def letter_pdf(record):
    """The letter on letterhead (Resmî Yazışma Yönetmeliği layout), as PDF/A-3b."""
    return render_pdf(
        "archive/correspondence/letter.html",
        letter_context(record),
        letterhead=True,
        pdf_variant=LETTER_PDF_VARIANT,
    )


def issued_letter(record, user=None):
    """The approved letter's PDF as issued, kept as the record's "YAZI" attachment the
    first time anyone needs it: the file sent, the e-Yazışma package and the SHA-256 on
    /belge-dogrula/ are then the same bytes, whenever they are asked for. A letter approved
    again after an edit keeps its number but is printed anew from the approved text, as
    the next version; the earlier versions stay as they were sent."""
    with transaction.atomic():
        # Locked, so two first requests at once keep one file, not two versions.
        Correspondence.objects.select_for_update().get(pk=record.pk)
        record.refresh_from_db(fields=["live_revision"])
        approved = record.live_revision_id
        kept = record.attachments.filter(label=LETTER_LABEL).order_by("-version").first()
        # A PDF another app printed (tekzip letters) or kept before revisions were noted
        # has no revision: it is the letter as issued.
        if kept is not None and kept.issued_revision_id in (None, approved):
            return kept
        pdf = letter_pdf(record)
        attachment = Attachment(
            correspondence=record,
            label=LETTER_LABEL,
            kind=AttachmentKind.FILE,
            version=kept.version + 1 if kept else 1,
            description=record.number,
            original_name=f"{record.number}.pdf",
            content_type="application/pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            uploaded_by=user,
            issued_revision_id=approved,
        )
        attachment.file.save(f"{record.pk}-yazi.pdf", ContentFile(pdf), save=False)
        attachment.save()
        return attachment


def letter_text(record):
    """The letter as plain text, for e-mail and social media."""
    municipality = letterhead_context()["municipality"]
    lines = [
        "T.C.",
        turkish_upper(municipality.name),
        municipality.unit_name,
        "",
        f"Sayı: {record.display_number}",
    ]
    if record.number_date:
        lines.append(f"Tarih: {format_date(record.number_date)}")
    lines += [f"Konu: {record.subject}", "", *paragraphs(record.body), ""]
    if record.signatory_name:
        lines += [record.signatory_name, record.signatory_title]
    return "\n\n".join(line for line in "\n".join(lines).split("\n\n")) + "\n"


def stamp_pdf(record, request=None):
    """The registration stamp for paper mail: register number, date, QR of the record's
    admin address (the card), so a scan leads back to the record."""
    from django.urls import reverse

    path = reverse("archive_correspondence_detail", args=[record.pk])
    target = request.build_absolute_uri(path) if request else path
    number = record.register_number or record.display_number
    return render_pdf(
        "archive/correspondence/stamp.html",
        {
            "record": record,
            "number": number,
            "day": format_date(record.received_on or record.created_at.date()),
            "qr": qr_data_uri(f"{number} {target}"),
        },
        letterhead=True,
    )
