"""Sections other apps add to the mayor's weekly report (archive/weekly/compile.py).

The compiled report carries, beside every directorate's section, the week's programme
highlights (events) and the press coverage summary from the clippings (press). The archive
app may not import either, so each app registers a function with the
`kalem_weekly_report_sections` hook; it gets the week's Monday and Sunday and returns a
`WeeklySection` (or None when it has nothing to say). Each should cost a fixed number of
queries however busy the week was (bench/weekly_report.py)."""

import datetime as dt
from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "kalem_weekly_report_sections"


@dataclass(frozen=True)
class WeeklySection:
    title: str
    # Short lines, printed as a list.
    lines: list[str] = field(default_factory=list)
    # Figures printed as a small table of (label, value) pairs above the lines.
    figures: list[tuple[str, str]] = field(default_factory=list)
    # Sections sort by this (programme before press).
    order: int = 100


def sections(monday: dt.date, sunday: dt.date) -> list[WeeklySection]:
    found = [function(monday, sunday) for function in hooks.get_hooks(HOOK)]
    return sorted((section for section in found if section), key=lambda s: s.order)
