"""The directorate reporter's weekly report form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.dates import DateField

from . import rules
from .models import Directorate, WeeklyReport


class WeeklyReportForm(forms.ModelForm):
    week = DateField(label=_("Week"), help_text=_("Any day of the week; the Monday is kept."))

    class Meta:
        model = WeeklyReport
        fields = ["directorate", "week", "done", "planned", "issues", "file"]
        widgets = {
            "done": forms.Textarea(attrs={"rows": 6}),
            "planned": forms.Textarea(attrs={"rows": 4}),
            "issues": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "directorate": {
                "required": _("Directorate: choose one."),
                "invalid_choice": _("Directorate: you do not report for this directorate."),
            },
            "done": {"max_length": _("Done this week: at most %(limit_value)d characters.")},
            "planned": {
                "max_length": _("Planned for next week: at most %(limit_value)d characters.")
            },
            "issues": {
                "max_length": _("Issues needing the mayor: at most %(limit_value)d characters.")
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = Directorate.objects.filter(
            active=True, reporters=user
        )
        self.fields["week"].error_messages["required"] = _("Week: please fill in.")

    def clean_week(self):
        return rules.week_start(self.cleaned_data["week"])

    def clean(self):
        data = super().clean()
        # A second report for the same directorate and week corrects the first: the form
        # writes onto it, and its earlier text stays in the history.
        if data.get("directorate") and data.get("week"):
            existing = WeeklyReport.objects.filter(
                directorate=data["directorate"], week=data["week"]
            ).first()
            if existing is not None:
                self.instance = existing
        return data
