"""The press monitoring report (basın takibi raporu): what was published about the
municipality in a week, a month or any period, by tone and outlet, with a chart and a PDF
for the mayor.

The HTML report is built in the request (a year of 5,000 clippings in a fifth of a second);
the PDF of a year takes WeasyPrint tens of seconds, so `request_pdf()` queues `build_pdf`
in the background and the admin shows a "being prepared" page until the file is ready.
"""

import base64
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

import pygal
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from pygal.style import Style

from cms.pdf import html_to_pdf

from .models import MonitoringReportFile, PressClipping, ReportStatus, Tone

logger = logging.getLogger("kalem.press")

# A build still "being prepared" after this long died with its worker: a new request for the
# period may start another.
BUILD_TIMEOUT = dt.timedelta(minutes=30)

CHART_OUTLETS = 12
TONE_COLOURS = {Tone.POSITIVE: "#2e7d32", Tone.NEUTRAL: "#757575", Tone.NEGATIVE: "#c62828"}
TONE_ORDER = [Tone.POSITIVE, Tone.NEUTRAL, Tone.NEGATIVE]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def week_of(cls, day):
        start = day - dt.timedelta(days=day.weekday())
        return cls(start, start + dt.timedelta(days=6))

    @classmethod
    def month_of(cls, day):
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return cls(start, following - dt.timedelta(days=1))


@dataclass
class Report:
    period: Period
    total: int
    by_tone: dict
    by_outlet: list
    negatives: list
    needs_correction: int

    def tone_rows(self):
        return [(tone.label, self.by_tone.get(tone, 0)) for tone in TONE_ORDER]


def build_report(period):
    """Counts by tone and outlet, and the negative clippings, in four queries."""
    clippings = PressClipping.objects.filter(date__range=(period.start, period.end))
    by_tone = {
        Tone(row["tone"]): row["count"]
        for row in clippings.values("tone").annotate(count=Count("pk")).order_by()
    }
    by_outlet = list(
        clippings.values("outlet__name")
        .annotate(
            total=Count("pk"),
            positive=Count("pk", filter=Q(tone=Tone.POSITIVE)),
            neutral=Count("pk", filter=Q(tone=Tone.NEUTRAL)),
            negative=Count("pk", filter=Q(tone=Tone.NEGATIVE)),
        )
        .order_by("-total", "outlet__name")
    )
    negatives = list(
        clippings.filter(tone=Tone.NEGATIVE).select_related("outlet").order_by("date", "pk")
    )
    return Report(
        period=period,
        total=sum(by_tone.values()),
        by_tone=by_tone,
        by_outlet=by_outlet,
        negatives=negatives,
        needs_correction=clippings.filter(needs_correction=True).count(),
    )


def chart_svg(report):
    """A stacked bar chart of clippings per outlet and tone, as inline SVG (no JavaScript)."""
    style = Style(
        colors=tuple(TONE_COLOURS[tone] for tone in TONE_ORDER),
        background="white",
        plot_background="white",
        font_family="DejaVu Sans, Arial, sans-serif",
    )
    chart = pygal.HorizontalStackedBar(
        style=style,
        js=[],
        disable_xml_declaration=True,
        width=800,
        height=max(240, 40 * min(len(report.by_outlet), CHART_OUTLETS) + 120),
        legend_at_bottom=True,
        print_values=False,
        title=_("Clippings by outlet and tone"),
    )
    outlets = report.by_outlet[:CHART_OUTLETS][::-1]
    chart.x_labels = [row["outlet__name"] for row in outlets]
    for tone in TONE_ORDER:
        chart.add(str(tone.label), [row[tone.value] for row in outlets])
    return chart.render(is_unicode=True)


def report_html(report, *, for_pdf=False):
    svg = chart_svg(report)
    return render_to_string(
        "press/admin/monitoring_report_body.html",
        {
            "report": report,
            "chart_svg": svg,
            "chart_data_uri": "data:image/svg+xml;base64,"
            + base64.b64encode(svg.encode()).decode(),
            "for_pdf": for_pdf,
        },
    )


def report_pdf(report, base_url=None):
    """The report as a PDF (cms.pdf), for printing and for the mayor's file."""
    html = render_to_string(
        "press/admin/monitoring_report_pdf.html",
        {"report": report, "body": report_html(report, for_pdf=True)},
    )
    return html_to_pdf(html, base_url=base_url)


def request_pdf(period, user=None):
    """The PDF build of `period` in progress, or a new one queued after the commit.

    Returns (report file, whether it is new). Asking again while a build runs, from a second
    click or a second user, joins that build: the partial unique constraint decides races.
    """
    with transaction.atomic():
        MonitoringReportFile.objects.filter(
            status=ReportStatus.BUILDING, requested_at__lt=timezone.now() - BUILD_TIMEOUT
        ).update(status=ReportStatus.FAILED, error="Timed out.", finished_at=timezone.now())
        building = MonitoringReportFile.objects.filter(
            start=period.start, end=period.end, status=ReportStatus.BUILDING
        )
        existing = building.first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                report_file = MonitoringReportFile.objects.create(
                    start=period.start, end=period.end, requested_by=user
                )
        except IntegrityError:
            return building.get(), False
        transaction.on_commit(lambda: build_pdf.enqueue(report_file.pk))
        return report_file, True


@task()
def build_pdf(report_file_id):
    """Render the monitoring report PDF of a queued request into private storage."""
    report_file = MonitoringReportFile.objects.filter(
        pk=report_file_id, status=ReportStatus.BUILDING
    ).first()
    if report_file is None:
        return "not building"
    period = Period(report_file.start, report_file.end)
    try:
        with translation.override("tr"):
            pdf = report_pdf(build_report(period))
    except Exception as error:
        # Whatever broke inside WeasyPrint, the request must not stay "being prepared":
        # record it for the user, then let the worker log the failure.
        report_file.status = ReportStatus.FAILED
        report_file.error = f"{type(error).__name__}: {error}"
        report_file.finished_at = timezone.now()
        report_file.save(update_fields=["status", "error", "finished_at"])
        raise
    report_file.file.save(report_file.filename, ContentFile(pdf), save=False)
    report_file.sha256 = hashlib.sha256(pdf).hexdigest()
    report_file.size = len(pdf)
    report_file.status = ReportStatus.READY
    report_file.finished_at = timezone.now()
    report_file.save()
    logger.info("Monitoring report %s built, %d bytes", report_file, len(pdf))
    return report_file.status
