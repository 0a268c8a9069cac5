"""The printable papers of a list: the disposal or transfer list and, once the files are
destroyed, the disposal report (tutanak), as PDF (cms.pdf) and Excel.

A document above Tasnif Dışı is named on the papers by its level and number only, so
the papers (kept ten years, read by the commission) never carry a classified title."""

import io

from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from cms.confidentiality import Level
from cms.pdf import render_pdf
from cms.text import format_date


def safe_title(document):
    if document.confidentiality > Level.UNCLASSIFIED or document.personal:
        return _("%(level)s document no. %(pk)d") % {
            "level": document.get_confidentiality_display(),
            "pk": document.pk,
        }
    return document.title


def rows(listing):
    result = []
    for index, item in enumerate(
        listing.active_items().select_related("document", "document__sdp_code"), start=1
    ):
        document = item.document
        result.append(
            {
                "index": index,
                "pk": document.pk,
                "sdp": document.sdp_code.code,
                "title": safe_title(document),
                "date": format_date(document.document_date),
                "closed": format_date(document.trigger_date),
                "location": document.location,
                "hashes": [(v.number, v.sha256) for v in document.versions.order_by("number")],
            }
        )
    return result


def context(listing):
    signatures = listing.signatures.select_related("user")
    return {
        "listing": listing,
        "rows": rows(listing),
        "removed": listing.items.filter(removed_at__isnull=False).select_related("document"),
        "signatures": [
            {"name": s.user.get_full_name() or s.user.get_username(), "at": s.signed_at}
            for s in signatures
        ],
        "created": format_date(localdate(listing.created_at)),
        "approved": format_date(localdate(listing.approved_at)) if listing.approved_at else "",
        "done": format_date(localdate(listing.done_at)) if listing.done_at else "",
        "kept_until": format_date(listing.kept_until) if listing.kept_until else "",
    }


def list_pdf(listing):
    return render_pdf("archive/documents/list_pdf.html", context(listing), letterhead=True)


def list_xlsx(listing):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = listing.number[:31]
    sheet.append(
        [
            _("No."),
            _("Document"),
            _("File plan code"),
            _("Title"),
            _("Document date"),
            _("File closed on"),
            _("Location"),
            _("SHA-256"),
        ]
    )
    for row in rows(listing):
        hashes = " ".join(f"v{number}:{sha}" for number, sha in row["hashes"])
        values = [
            row["index"],
            row["pk"],
            row["sdp"],
            row["title"],
            row["date"],
            row["closed"],
            row["location"],
            hashes,
        ]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula ("=HYPERLINK(...)" in a title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
