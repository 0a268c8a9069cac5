"""Admin screens of the paid notice register that a snippet viewset has not: moving a
notice to its next status (ordering is the Müdür's approval), and the cost report on
screen, as Excel and as PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.pdf import pdf_response
from cms.permissions import VIEW, require

from . import reports
from .models import NewspaperNotice, NoticeState
from .rules import Status

# "approve" is the Müdür's: ordering a notice commits the money.
APPROVE = "approve"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def action_for(step):
    """The permission moving to `step` needs."""
    return APPROVE if step == Status.ORDERED else "change"


def advance(request, pk):
    """GET shows the notice and what the next step needs; POST takes the step."""
    notice = get_object_or_404(NewspaperNotice, pk=pk)
    require(request.user, VIEW, NewspaperNotice, notice)
    step = notice.next_status
    if step is not None:
        require(request.user, action_for(step), NewspaperNotice, notice)
    if request.method == "POST" and step is not None:
        try:
            notice.advance(request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The notice is now: %(status)s.") % {"status": NoticeState(step).label},
            )
            return redirect(NewspaperNotice.snippet_viewset.get_url_name("edit"), notice.pk)
    return render(
        request,
        "press/notices/advance.html",
        {
            "page_title": _("Next step of the notice"),
            "notice": notice,
            "next_label": NoticeState(step).label if step else "",
            "missing": notice.missing_for_next(),
            "edit_url": reverse(
                NewspaperNotice.snippet_viewset.get_url_name("edit"), args=[notice.pk]
            ),
        },
    )


def _period(request):
    try:
        year = int(request.GET.get("yil") or timezone.localdate().year)
        month = int(request.GET["ay"]) if request.GET.get("ay") else None
    except ValueError:
        raise Http404(_("There is no such period.")) from None
    if not FIRST_YEAR <= year <= LAST_YEAR or (month is not None and not 1 <= month <= 12):
        raise Http404(_("There is no such period."))
    return year, month


@require_GET
def cost_report(request):
    """The month's or the year's costs by outlet and unit; ?bicim=xlsx or pdf downloads."""
    require(request.user, VIEW, NewspaperNotice)
    year, month = _period(request)
    report = reports.build(year, month)
    name = f"gazete-ilanlari-{year}" + (f"-{month:02d}" if month else "")
    wanted = request.GET.get("bicim")
    if wanted == "xlsx":
        response = HttpResponse(
            reports.xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if wanted == "pdf":
        return pdf_response(reports.pdf(report), f"{name}.pdf", attachment=True)
    if wanted:
        raise Http404(_("There is no such format."))
    return render(
        request,
        "press/notices/report.html",
        {
            "page_title": _("Paid notice costs: %(period)s") % {"period": report["period"]},
            "report": report,
            "query": f"yil={year}" + (f"&ay={month}" if month else ""),
            "months": [(number, reports.period_label(year, number)) for number in range(1, 13)],
            "year": year,
            "month": month,
            "previous": year - 1,
            "next": year + 1,
        },
    )
