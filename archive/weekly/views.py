"""Admin screens of the weekly reports: a directorate's reporter submits the week's report;
the Müdür sees who has not reported and downloads the compiled PDF."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.pdf import pdf_response
from cms.permissions import VIEW, require, user_may, visible_instances
from cms.text import format_date

from . import compile, rules
from .forms import WeeklyReportForm
from .models import CompiledReport, CompiledStatus, WeeklyReport
from .permissions import COMPILE


def submit(request):
    """The reporter's form: one report per directorate and week; sending again for the
    same week updates the report (its earlier text stays in the history)."""
    require(request.user, "add", WeeklyReport)
    this_week = rules.week_start(timezone.localdate())
    form = WeeklyReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        initial={"week": this_week},
    )
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        if report.pk:
            require(request.user, "change", WeeklyReport, report)
        report.submitted_by = request.user
        report._history_user = request.user
        report.save()
        messages.success(
            request,
            _("The report of %(directorate)s for the week of %(day)s was saved.")
            % {"directorate": report.directorate, "day": format_date(report.week)},
        )
        return redirect("archive_weekly_submit")
    recent = (
        visible_instances(request.user, WeeklyReport)
        .select_related("directorate")
        .order_by("-week", "directorate__name")[:20]
    )
    return render(
        request,
        "archive/weekly/submit.html",
        {"form": form, "recent": recent, "page_title": _("Weekly report of the directorate")},
    )


def _week_from(request):
    """The week a URL names (?yil=2026&hafta=53), this week by default; 404 for a week
    that does not exist (week 53 of a 52-week year)."""
    if "hafta" not in request.GET:
        return rules.week_start(timezone.localdate())
    try:
        return rules.monday_of_iso_week(int(request.GET.get("yil", "")), int(request.GET["hafta"]))
    except (ValueError, OverflowError):
        raise Http404(_("There is no such week.")) from None


def overview(request):
    """Friday's screen for the Müdür: who reported this week, who did not, and the PDF."""
    require(request.user, COMPILE, WeeklyReport)
    monday = _week_from(request)
    submitted, missing = compile.week_status(monday)
    year, week = rules.iso_week(monday)
    previous, following = rules.previous_week(monday), rules.next_week(monday)
    return render(
        request,
        "archive/weekly/overview.html",
        {
            "page_title": _("Mayor's weekly report"),
            "year": year,
            "week": week,
            "first_day": monday,
            "last_day": rules.week_end(monday),
            "submitted": submitted,
            "missing": missing,
            "previous": rules.iso_week(previous),
            "next": rules.iso_week(following),
            "may_view_files": user_may(request.user, VIEW, WeeklyReport),
        },
    )


def compile_report(request):
    """The week's compilations of the mayor's report, newest first, with the progress of
    the one being compiled (the page refreshes itself until it is done); POST compiles the
    week again in the background (archive.weekly.tasks)."""
    require(request.user, COMPILE, WeeklyReport)
    monday = _week_from(request)
    year, week = rules.iso_week(monday)
    if request.method == "POST":
        _compiled, new = compile.request_compilation(monday, request.user)
        if new:
            messages.success(request, _("The weekly report is being compiled."))
        else:
            messages.info(request, _("The weekly report is already being compiled."))
        return redirect(f"{request.path}?yil={year}&hafta={week}")
    compilations = list(
        CompiledReport.objects.filter(week=monday).select_related("requested_by", "version")
    )
    return render(
        request,
        "archive/weekly/compilations.html",
        {
            "page_title": _("Mayor's weekly report"),
            "year": year,
            "week": week,
            "first_day": monday,
            "last_day": rules.week_end(monday),
            "compilations": compilations,
            "building": any(c.status == CompiledStatus.BUILDING for c in compilations),
        },
    )


def compiled_pdf(request, pk):
    """One compiled report's PDF, as kept in the archived document's version."""
    require(request.user, COMPILE, WeeklyReport)
    compiled = get_object_or_404(
        CompiledReport.objects.select_related("version"), pk=pk, status=CompiledStatus.READY
    )
    with compiled.version.file.open("rb") as handle:
        content = handle.read()
    return pdf_response(content, compiled.filename, attachment=True)
