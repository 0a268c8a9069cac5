"""Forms of archived documents: the document's own admin form (with a file to upload as
the next version), a new version, a hold and its lifting, taking a document off a list."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import files
from .models import GivenAs, HoldReason


def _checked(form, field="file"):
    uploaded = form.cleaned_data.get(field)
    if not uploaded:
        return None
    try:
        return files.check_upload(uploaded)
    except ValidationError as error:
        form.add_error(field, error.message_dict["file"])
        return None


class ArchivedDocumentForm(WagtailAdminModelForm):
    """The snippet form, with the scan to store as the next file version."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A new file becomes the next version; earlier versions are kept."),
    )
    change_note = forms.CharField(label=_("Change note"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        data["checked"] = _checked(self)
        return data


class VersionForm(forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Change note"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        data["checked"] = _checked(self)
        return data


class HoldForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=HoldReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=300, help_text=_("Case number, request, …")
    )


class LiftForm(forms.Form):
    lift_note = forms.CharField(label=_("Why it is lifted"), max_length=300)


class TakeOffForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RetrievalForm(forms.Form):
    requester = forms.ModelChoiceField(
        label=_("Requested by"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        error_messages={"required": _("Requested by: choose who asks for the document.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        error_messages={"required": _("Purpose: say why the document is needed.")},
    )


class GiveForm(forms.Form):
    given_as = forms.ChoiceField(
        label=_("Given as"),
        choices=GivenAs.choices,
        error_messages={"required": _("Given as: choose a copy or the original.")},
    )
