"""Columns for wagtail-modeladmin listings.

modeladmin shows a BooleanField in `list_display` through Django admin's
`_boolean_icon()`, which links `admin/img/icon-yes.svg`; `django.contrib.admin` is not
installed, so under the manifest storage of production that file is missing and the
whole listing answers 500. Boolean fields are listed through `yes_no_column()` instead:
Wagtail's own icons and a word a screen reader reads.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
