"""Forms of the press office's admin screens."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.dates import DateField

from .models import DistributionList
from .monitoring import Period

MAX_CSV_BYTES = 5 * 1024 * 1024


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class DistributeForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Distribution lists"),
        queryset=DistributionList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class ReportPeriodForm(forms.Form):
    PERIODS = [("month", _("Month")), ("week", _("Week")), ("custom", _("Custom period"))]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="month")
    day = DateField(
        label=_("A day in the week or month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start = DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both the first and the last day."))
            if end < start:
                raise forms.ValidationError(_("The last day cannot be before the first."))
            if (end - start).days > 366 * 2:
                raise forms.ValidationError(_("A report may cover at most two years."))
        return data

    def get_period(self):
        data = self.cleaned_data
        day = data.get("day") or timezone.localdate()
        if data["period"] == "week":
            return Period.week_of(day)
        if data["period"] == "custom":
            return Period(data["start"], data["end"])
        return Period.month_of(day)
