"""List filters of the press office's modeladmin screens."""

from django.contrib.admin import SimpleListFilter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cms.dates import make_date
from cms.text import turkish_sort_key

from .models import MediaOutlet


class MonthFilter(SimpleListFilter):
    """Clippings of one of the last twelve months."""

    title = _("month")
    parameter_name = "ay"

    def lookups(self, request, model_admin):
        today = timezone.localdate().replace(day=1)
        months = []
        year, month = today.year, today.month
        for _step in range(12):
            first = today.replace(year=year, month=month)
            months.append((first.strftime("%Y-%m"), first))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return [(key, date_format(first, "YEAR_MONTH_FORMAT")) for key, first in months]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            year, month = value.split("-")
            first = make_date(year, month, 1)
        except ValueError:
            return queryset
        return queryset.filter(date__year=first.year, date__month=first.month)


class OutletFilter(SimpleListFilter):
    """Records of one media outlet. Django's related-field filter needs django.contrib.admin,
    which Kalem does not install."""

    title = _("media outlet")
    parameter_name = "kurulus"

    def lookups(self, request, model_admin):
        outlets = MediaOutlet.objects.values_list("pk", "name")
        return [
            (str(pk), name) for pk, name in sorted(outlets, key=lambda o: turkish_sort_key(o[1]))
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(outlet_id=value)
        return queryset
