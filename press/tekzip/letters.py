"""The tekzip letter as a PDF (WeasyPrint) on the municipality's letterhead, in the layout of
the Resmî Yazışmalarda Uygulanacak Usul ve Esaslar Hakkında Yönetmelik: "T.C." and the
institution at the top, Sayı and Konu on the left, the date on the right, the addressee, the
text, the signature block and the EK list. Every PDF is kept as a new `DenialNoticeLetter`."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cms.pdf import html_to_pdf, letterhead_context
from cms.text import turkish_upper

from .models import DenialNotice, DenialNoticeLetter


def letter_html(notice, *, number, day):
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
            },
        )


@transaction.atomic
def generate_letter(notice, user=None):
    """Render the notice's letter and keep it as the next version; returns the new letter."""
    # Lock the notice row: two clicks at once must not get the same running number or version.
    notice = DenialNotice.objects.select_for_update().get(pk=notice.pk)
    today = timezone.localdate()
    if not notice.letter_sequence:
        last = DenialNotice.objects.filter(letter_year=today.year).aggregate(
            last=Max("letter_sequence")
        )["last"]
        notice.letter_year = today.year
        notice.letter_sequence = (last or 0) + 1
        notice.save(update_fields=["letter_year", "letter_sequence"])
    number = notice.letter_number
    pdf = html_to_pdf(letter_html(notice, number=number, day=today))
    version = (notice.letters.aggregate(last=Max("version"))["last"] or 0) + 1
    letter = DenialNoticeLetter(
        notice=notice,
        version=version,
        number=number,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        created_by=user,
    )
    letter.file.save(f"tekzip-{notice.pk}-v{version}.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter
