"""The mayor's weekly report: every active directorate's section for one week, and the
directorates that did not report named, as one PDF through cms.pdf."""

from django.utils import timezone

from cms.pdf import render_pdf
from cms.text import format_date, format_datetime, turkish_sort_key

from . import rules
from .models import Directorate, WeeklyReport


def week_status(monday):
    """(reports of the week in directorate order, directorates without a report)."""
    directorates = sorted(
        Directorate.objects.filter(active=True), key=lambda d: turkish_sort_key(d.name)
    )
    reports = {
        report.directorate_id: report
        for report in WeeklyReport.objects.filter(week=monday).select_related(
            "directorate", "submitted_by"
        )
    }
    submitted = [reports[d.pk] for d in directorates if d.pk in reports]
    missing = rules.missing(directorates, [report.directorate for report in submitted])
    return submitted, missing


def weekly_report_pdf(monday):
    """The compiled report of the week starting on `monday`, as PDF bytes."""
    submitted, missing = week_status(monday)
    year, week = rules.iso_week(monday)
    return render_pdf(
        "archive/weekly/compiled_report.html",
        {
            # As text: a number in a translated sentence would get a thousands separator.
            "year": str(year),
            "week": str(week),
            "first_day": format_date(monday),
            "last_day": format_date(rules.week_end(monday)),
            "reports": submitted,
            "missing": missing,
            "compiled_at": format_datetime(timezone.now()),
        },
        letterhead=True,
    )
