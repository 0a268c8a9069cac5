"""A form's results: how many answered, and for each question how many chose each
answer, counted by the database (one grouped query over FormAnswer, whatever the number
of answers), with a bar chart per question drawn as inline SVG by pygal, the library of
the press monitoring report."""

import datetime as dt
from dataclasses import dataclass, field

import pygal
from django.db.models import Count
from django.utils.translation import gettext as _
from pygal.style import Style

from cms.dates import ISTANBUL

from . import rules
from .models import CHOICE_TYPES, SCALE, FormAnswer, split_choices

CHART_COLOUR = "#0b5394"


@dataclass
class Question:
    name: str
    label: str
    field_type: str
    answered: int = 0
    rows: list = field(default_factory=list)  # [(answer, count)]
    mean: float | None = None
    chart_svg: str = ""

    @property
    def countable(self):
        return self.field_type in CHOICE_TYPES


@dataclass
class Results:
    total: int
    questions: list


def period_bounds(start, end):
    """Aware datetimes for whole Istanbul days from `start` to `end` (either may be None)."""
    low = dt.datetime.combine(start, dt.time.min, tzinfo=ISTANBUL) if start else None
    high = (
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=ISTANBUL)
        if end
        else None
    )
    return low, high


def filtered(queryset, time_field, start, end):
    low, high = period_bounds(start, end)
    if low:
        queryset = queryset.filter(**{f"{time_field}__gte": low})
    if high:
        queryset = queryset.filter(**{f"{time_field}__lt": high})
    return queryset


def offered_answers(form_field):
    if form_field.field_type == SCALE:
        return [str(value) for value in rules.SCALE_VALUES]
    if form_field.field_type == "checkbox":
        return ["1"]
    return split_choices(form_field.choices)


def answer_label(form_field, value):
    if form_field.field_type == "checkbox":
        return _("Ticked")
    return value


def build_results(page, start=None, end=None):
    """Counts for `page` between `start` and `end` (dates, inclusive): three queries."""
    form_fields = list(page.get_form_fields())
    total = filtered(page.get_submissions(), "submit_time", start, end).count()
    counts = {}
    grouped = (
        filtered(FormAnswer.objects.filter(page_id=page.pk), "submitted_at", start, end)
        .values("field", "value")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in grouped:
        counts.setdefault(row["field"], {})[row["value"]] = row["count"]
    questions = []
    for form_field in form_fields:
        question = Question(form_field.clean_name, form_field.label, form_field.field_type)
        by_value = counts.get(form_field.clean_name, {})
        if question.countable:
            offered = offered_answers(form_field)
            # Answers no longer offered (the editor changed the choices) still count.
            values = offered + sorted(set(by_value) - set(offered))
            question.rows = [(answer_label(form_field, v), by_value.get(v, 0)) for v in values]
            if form_field.field_type in {"checkboxes", "multiselect"}:
                question.answered = None  # several per person: the rows say it
            else:
                question.answered = sum(by_value.values())
            if form_field.field_type == SCALE and question.answered:
                question.mean = (
                    sum(int(v) * n for v, n in by_value.items() if v.isdigit()) / question.answered
                )
            question.chart_svg = chart_svg(question)
        else:
            question.answered = sum(by_value.values())
        questions.append(question)
    return Results(total=total, questions=questions)


def count_ticks(highest, most=10):
    """At most `most` + 1 whole-number ticks from 0 past `highest`, evenly spaced."""
    step = max(1, -(-highest // most))
    return list(range(0, max(highest, 1) + step, step))


def chart_svg(question):
    """Horizontal bars, one per answer, as inline SVG (no JavaScript)."""
    style = Style(
        colors=(CHART_COLOUR,),
        background="white",
        plot_background="white",
        font_family="DejaVu Sans, Arial, sans-serif",
    )
    chart = pygal.HorizontalBar(
        style=style,
        js=[],
        disable_xml_declaration=True,
        width=720,
        height=max(200, 36 * len(question.rows) + 100),
        show_legend=False,
        print_values=True,
        # Whole numbers on the count axis: pygal's own ticks ran 0, 0.1 ... 0.9, 1 for a
        # single answer (with an English decimal point). No title: the question heads
        # the section already, and the chart keeps the room on a phone.
        y_labels=count_ticks(max((count for _label, count in question.rows), default=0)),
    )
    rows = question.rows[::-1]  # pygal draws the first bar at the bottom
    chart.x_labels = [str(label) for label, _count in rows]
    chart.add(_("Answers"), [count for _label, count in rows])
    return chart.render(is_unicode=True)
