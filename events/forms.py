"""Forms of the events app: the public appointment request and the office's decision."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.dates import ISTANBUL, DateField
from cms.identity import tc_kimlik_valid

from . import rules
from .models.requests import SUBJECT_MAX_LENGTH, AppointmentRequest

# The field bots fill in and people never see (hidden by CSS, labelled "leave empty" for
# screen readers). Named like a real field so that bots take it for one.
HONEYPOT = "website"


class AppointmentRequestForm(forms.ModelForm):
    """The site's form "Başkandan randevu talebi". Every message names its field."""

    preferred_date = DateField(label=_("Preferred date"))
    alternative_date = DateField(label=_("Alternative date"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I have read the KVKK notice and consent to my data being processed for this request."
        ),
        error_messages={"required": _("Consent: please read the KVKK notice and tick the box.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = AppointmentRequest
        fields = [
            "name",
            "email",
            "phone",
            "tc_kimlik_no",
            "institution",
            "subject",
            "preferred_date",
            "alternative_date",
        ]
        widgets = {"subject": forms.Textarea(attrs={"rows": 5, "maxlength": SUBJECT_MAX_LENGTH})}
        error_messages = {
            "name": {
                "required": _("Name and surname: please fill in."),
                "max_length": _("Name and surname: at most %(limit_value)d characters."),
            },
            "email": {"invalid": _("E-mail: enter a valid e-mail address.")},
            "phone": {"max_length": _("Phone: at most %(limit_value)d characters.")},
            "institution": {"max_length": _("Institution: at most %(limit_value)d characters.")},
            "subject": {
                "required": _("Subject: please fill in."),
                "max_length": _("Subject: at most %(limit_value)d characters."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_date"].error_messages["required"] = _(
            "Preferred date: please fill in."
        )
        self.fields["email"].required = True
        self.fields["email"].error_messages["required"] = _(
            "E-mail: we send the reference number and the answer by e-mail."
        )

    @property
    def spam(self):
        return bool(self.data.get(HONEYPOT))

    def clean_tc_kimlik_no(self):
        value = self.cleaned_data["tc_kimlik_no"].strip()
        if value and not tc_kimlik_valid(value):
            raise forms.ValidationError(_("TC identity number: the number is not valid."))
        return value

    def _clean_future(self, name, label):
        value = self.cleaned_data.get(name)
        if value and rules.preferred_date_problem(value, timezone.localdate()):
            raise forms.ValidationError(
                _("%(field)s: choose a day after today.") % {"field": label}
            )
        return value

    def clean_preferred_date(self):
        return self._clean_future("preferred_date", _("Preferred date"))

    def clean_alternative_date(self):
        return self._clean_future("alternative_date", _("Alternative date"))

    def save(self, commit=True):
        self.instance.channel = "web"
        self.instance.consent_at = timezone.now()
        return super().save(commit=commit)


ACCEPT = "kabul"
REFER = "havale"
DECLINE = "ret"
EVALUATE = "degerlendir"


class DecisionForm(forms.Form):
    """The office's decision on one request (admin)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (EVALUATE, _("Start evaluating")),
            (ACCEPT, _("Accept and put on the mayor's programme")),
            (REFER, _("Refer to a directorate")),
            (DECLINE, _("Decline")),
        ],
    )
    date = DateField(label=_("Date"), required=False)
    start_time = forms.TimeField(label=_("Start time"), required=False)
    end_time = forms.TimeField(label=_("End time"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    directorate = forms.CharField(label=_("Directorate"), max_length=200, required=False)
    # A request received by letter is an incoming record of the register: referring it
    # routes that record (havale) to the directorate's people or its role.
    route_to = forms.ModelMultipleChoiceField(
        label=_("Route the letter to"), queryset=get_user_model().objects.none(), required=False
    )
    route_role = forms.ModelChoiceField(
        label=_("Or everyone in a role"), queryset=Group.objects.all(), required=False
    )
    note = forms.CharField(
        label=_("Reason or routing note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes_letter = bool(record and record.register_record_id)
        if self.routes_letter:
            # Inactive users are listed too: choosing one gets the register's clear error.
            self.fields["route_to"].queryset = (
                get_user_model()
                .objects.filter(Q(is_staff=True) | Q(groups__isnull=False))
                .distinct()
                .order_by("username")
            )
        else:
            # A request made on the site has no register record: the note stays on it.
            del self.fields["route_to"]
            del self.fields["route_role"]

    def recipients(self):
        """Whom the letter is routed to: the people chosen and the role's active members."""
        if not self.routes_letter:
            return []
        people = list(self.cleaned_data.get("route_to") or [])
        role = self.cleaned_data.get("route_role")
        if role is not None:
            people += list(get_user_model().objects.filter(groups=role, is_active=True))
        return list({user.pk: user for user in people}.values())

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == ACCEPT:
            for name, label in [
                ("date", _("Date")),
                ("start_time", _("Start time")),
                ("end_time", _("End time")),
            ]:
                if not data.get(name):
                    self.add_error(name, _("%(field)s: needed to accept.") % {"field": label})
            start, end = data.get("start_time"), data.get("end_time")
            if start and end and end <= start:
                self.add_error("end_time", _("End time: must be after the start time."))
        if decision == REFER and not data.get("directorate", "").strip():
            self.add_error("directorate", _("Directorate: say where the request is referred."))
        if (
            decision == REFER
            and self.routes_letter
            and not (data.get("route_to") or data.get("route_role"))
        ):
            self.add_error(
                "route_to",
                _(
                    "Route the letter to: a request received by letter is routed through the "
                    "register; choose the directorate's person or role."
                ),
            )
        if decision == DECLINE and not data.get("note", "").strip():
            self.add_error("note", _("Reason: a declined request needs a reason."))
        return data

    def moments(self):
        day = self.cleaned_data["date"]
        return (
            dt.datetime.combine(day, self.cleaned_data["start_time"], tzinfo=ISTANBUL),
            dt.datetime.combine(day, self.cleaned_data["end_time"], tzinfo=ISTANBUL),
        )
