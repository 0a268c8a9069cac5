"""The cost report of paid newspaper notices: a month or a year, by outlet and by requesting
unit, on screen, as Excel (every text cell typed as text: no formula runs) and as PDF
(cms.pdf). The sums are rules.cost_report's; this module only reads the notices."""

import datetime as dt
import io

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from cms.pdf import render_pdf
from cms.text import turkish_sort_key

from . import rules
from .models import NewspaperNotice


def cost_lines(year):
    """The notices with a cost filed in `year` (published, else ordered, else recorded),
    in two queries: the notices and their outlets."""
    unpublished = Q(published_on__isnull=True)
    notices = NewspaperNotice.objects.filter(cost__isnull=False).filter(
        Q(published_on__year=year)
        | (unpublished & Q(ordered_on__year=year))
        | (unpublished & Q(ordered_on__isnull=True, created_at__year=year))
    )
    return [
        rules.CostLine(
            day=notice.report_day(),
            outlets=tuple(sorted((o.name for o in notice.outlets.all()), key=turkish_sort_key)),
            unit=notice.requesting_unit,
            cost=notice.cost,
        )
        for notice in notices.prefetch_related("outlets")
    ]


def build(year, month=None):
    report = rules.cost_report(cost_lines(year), year, month)
    report["year"] = year
    report["month"] = month
    report["period"] = period_label(year, month)
    return report


def period_label(year, month=None):
    if month is None:
        return str(year)
    return formats.date_format(dt.date(year, month, 1), "F Y")


def xlsx(report):
    from openpyxl import Workbook

    book = Workbook()
    for title, rows, heading in (
        (_("By outlet"), report["by_outlet"], _("Outlet")),
        (_("By unit"), report["by_unit"], _("Requesting unit")),
    ):
        sheet = book.create_sheet(title[:31])
        sheet.append([_("Paid newspaper notices"), report["period"]])
        sheet.append([heading, _("Cost (TRY)")])
        for name, amount in rows:
            sheet.append([name or _("no outlet"), amount])
        sheet.append([_("Total"), report["total"]])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    # Typed as text, never a formula ("=HYPERLINK(...)" as a unit's name).
                    cell.data_type = "s"
                else:
                    cell.number_format = "#,##0.00"
        sheet.column_dimensions["A"].width = 40
        sheet.column_dimensions["B"].width = 16
    book.remove(book.worksheets[0])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(report):
    return render_pdf("press/notices/report_pdf.html", {"report": report}, letterhead=True)
