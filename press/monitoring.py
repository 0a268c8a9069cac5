"""The press monitoring report (basın takibi raporu): what was published about the
municipality in a week, a month or any period, by tone and outlet, with a chart and a PDF
for the mayor."""

import base64
import datetime as dt
from dataclasses import dataclass

import pygal
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pygal.style import Style

from .models import PressClipping, Tone

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
    """The report as a PDF (WeasyPrint), for printing and for the mayor's file."""
    from weasyprint import HTML

    html = render_to_string(
        "press/admin/monitoring_report_pdf.html",
        {"report": report, "body": report_html(report, for_pdf=True)},
    )
    return HTML(string=html, base_url=base_url).write_pdf()
