"""Spreadsheet exports of admin listings (CSV and XLSX), in one place.

Every listing with `list_export` uses `SafeExportMixin` (modeladmin listings through
`ExportingIndexView`; a Wagtail viewset's index view can take the mixin the same way).
It makes three promises:

- No formula injection. A cell that starts with = + - @ tab or carriage return is run as
  a formula by Excel and LibreOffice ("=HYPERLINK(...)" in a contact's notes). Such a CSV
  cell is written with a leading apostrophe, which spreadsheets show as text; the
  importers take it off again (`restore_cell`). XLSX cells are typed as text by Wagtail.
- Turkish Excel reads it right: the CSV starts with a UTF-8 byte-order mark, without which
  Excel opens it as Windows-1254 and "Çağlayan" turns into "Ã‡aÄŸlayan".
- It imports back: yes/no as "evet"/"hayır", dates as 23.11.2026, choices by their Turkish
  label, empty cells empty (not "-"), and headings as the importer documents them.
"""

import codecs
import datetime as dt
from decimal import Decimal

from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from wagtail_modeladmin.views import IndexView

from .text import format_numeric_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise_cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def restore_cell(value: str) -> str:
    """The text `neutralise_cell` was given, for importers reading an exported file."""
    if value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def plain_value(value):
    """A value as the importers read it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return format_numeric_date(value)
    return value


class SafeExportMixin:
    """For views built on Wagtail's SpreadsheetExportMixin."""

    def export_value(self, item, field):
        """The cell of one field: a choice by its label, a related record by its name."""
        try:
            model_field = item._meta.get_field(field)
        except Exception:  # a method or a dotted path: whatever it returns
            model_field = None
        if model_field is not None and model_field.choices:
            return getattr(item, f"get_{field}_display")()
        value = getattr(item, field)
        return value() if callable(value) else value

    def to_row_dict(self, item):
        return {field: plain_value(self.export_value(item, field)) for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        number = isinstance(value, int | Decimal | float) and not isinstance(value, bool)
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            # A negative amount (what remains of an overspent budget) is a number, not a
            # formula: an apostrophe would turn it into text no sum adds up.
            return force_str(value) if number else neutralise_cell(force_str(value))
        return value

    def stream_csv(self, queryset):
        yield codecs.BOM_UTF8
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ExportingIndexView(SafeExportMixin, IndexView):
    """A modeladmin listing whose exports are safe; headings come from the ModelAdmin's
    `export_headings` ({field: heading}), so they match what the importer reads."""

    def get_heading(self, queryset, field):
        heading = getattr(self.model_admin, "export_headings", {}).get(field)
        if heading:
            return force_str(heading)
        return super().get_heading(queryset, field)
