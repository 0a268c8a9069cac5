"""The tekzip letter as a PDF (WeasyPrint) on the municipality's letterhead, in the layout of
the Resmî Yazışmalarda Uygulanacak Usul ve Esaslar Hakkında Yönetmelik: "T.C." and the
institution at the top, Sayı and Konu on the left, the date on the right, the addressee, the
text, the signature block and the EK list. Every PDF is kept as a new `DenialNoticeLetter`."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from cms.pdf import LETTER_PDF_VARIANT, html_to_pdf, letterhead_context
from cms.records import OutgoingLetter, outgoing_register, verification_context
from cms.text import turkish_upper

from .models import DenialNotice, DenialNoticeLetter
from .rules import TEKZIP_FILE_PLAN_CODE, TEKZIP_FILE_PLAN_TITLE


def letter_html(notice, *, number, day, verification=None):
    with translation.override("tr"):
        return render_to_string(
            "press/tekzip/letter.html",
            {
                "notice": notice,
                # The municipality, its logo and the institution in capitals (cms.pdf).
                **letterhead_context(),
                # Official letters print the addressee in capitals too.
                "outlet_name": turkish_upper(notice.outlet.name),
                "number": number,
                "day": day,
                "enclosures": [
                    line.strip() for line in notice.enclosures.splitlines() if line.strip()
                ],
                # The register's verification code and QR (cms.records), when numbered.
                **(verification or {}),
            },
        )


def register_letter(notice):
    """What the one outgoing register (cms.records) keeps of the notice's letter."""
    with translation.override("tr"):
        subject = gettext("Reply and correction (tekzip)")
    outlet = notice.outlet
    return OutgoingLetter(
        source=f"press.denialnotice:{notice.pk}",
        subject=f"{subject}: {notice.title}"[:300],
        addressee=outlet.name,
        file_plan_code=TEKZIP_FILE_PLAN_CODE,
        file_plan_title=TEKZIP_FILE_PLAN_TITLE,
        email=outlet.email,
        address=outlet.address,
        summary=notice.addressee,
        signatory_name=notice.signatory_name,
        signatory_title=notice.signatory_title,
    )


@transaction.atomic
def generate_letter(notice, user=None):
    """Render the notice's letter and keep it as the next version; returns the new letter.

    The first letter of a notice becomes an outgoing record of the correspondence register
    with the next official number (Sayı) and date; later versions keep both, and every PDF
    is kept on the register's record too."""
    # Lock the notice row: two clicks at once must not make two records or one version twice.
    notice = (
        DenialNotice.objects.select_related("outlet")
        .select_for_update(of=("self",))
        .get(pk=notice.pk)
    )
    register = outgoing_register()
    issued = register.issue(register_letter(notice), user=user)
    pdf = html_to_pdf(
        letter_html(
            notice,
            number=issued.number,
            day=issued.day,
            verification=verification_context(issued),
        ),
        pdf_variant=LETTER_PDF_VARIANT,
    )
    version = (notice.letters.aggregate(last=Max("version"))["last"] or 0) + 1
    letter = DenialNoticeLetter(
        notice=notice,
        version=version,
        number=issued.number,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        created_by=user,
    )
    letter.file.save(f"tekzip-{notice.pk}-v{version}.pdf", ContentFile(pdf), save=False)
    letter.save()
    register.attach_pdf(issued, pdf, filename=f"tekzip-{notice.pk}-v{version}.pdf", user=user)
    return letter
