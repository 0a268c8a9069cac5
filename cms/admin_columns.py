"""Columns for admin listings.

Wagtail renders every table cell through a template (`wagtailadmin/tables/cell.html`):
about a millisecond a cell, 400 cells on a register page of 50 rows. `TextColumn` writes
a text cell directly, the same markup, for the listings staff open all day.

For wagtail-modeladmin listings:

modeladmin shows a BooleanField in `list_display` through Django admin's
`_boolean_icon()`, which links `admin/img/icon-yes.svg`; `django.contrib.admin` is not
installed, so under the manifest storage of production that file is missing and the
whole listing answers 500. Boolean fields are listed through `yes_no_column()` instead:
Wagtail's own icons and a word a screen reader reads.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column

ICON = (
    '<svg class="icon icon-{0} default {1}" aria-hidden="true"><use href="#icon-{0}"></use></svg>'
)


def yes_no(value):
    if value:
        return format_html(ICON + " {2}", "check", "w-text-positive-100", _("Yes"))
    return format_html(ICON + " {2}", "cross", "w-text-text-error", _("No"))


def yes_no_column(model, field_name):
    """A `list_display` entry for a BooleanField: name it in list_display as
    `<field_name>_column` and assign the result to that attribute of the ModelAdmin."""
    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def column(model_admin, obj):
        return yes_no(getattr(obj, field_name))

    column.__name__ = f"{field_name}_column"
    return column


class TextColumn(Column):
    """A column of text (a CharField, a choice's label, a string property), rendered
    without a template: `<td class="…">value</td>`, escaped, as Wagtail's cell template
    would. `TextColumn.of(model, "status")` reads a choice field's label."""

    @classmethod
    def of(cls, model, field_name, **kwargs):
        field = model._meta.get_field(field_name)
        accessor = f"get_{field_name}_display" if field.choices else field_name
        kwargs.setdefault("label", capfirst(field.verbose_name))
        kwargs.setdefault("sort_key", field_name)
        return cls(field_name, accessor=accessor, **kwargs)

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        text = "" if value is None else str(value)
        if not text.strip():
            text = self.empty_value_display
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, text)
        return format_html("<td>{}</td>", text)


class YesNoColumn(Column):
    """A BooleanField in a Wagtail viewset's listing: Wagtail printed it as "True" or
    "False", in English; this shows its icon and "Evet" or "Hayır"."""

    @classmethod
    def of(cls, model, field_name, **kwargs):
        field = model._meta.get_field(field_name)
        kwargs.setdefault("label", capfirst(field.verbose_name))
        kwargs.setdefault("sort_key", field_name)
        return cls(field_name, **kwargs)

    def render_cell_html(self, instance, parent_context):
        return format_html("<td>{}</td>", yes_no(self.get_value(instance)))
