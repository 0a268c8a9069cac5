"""The citizen's form, built from the fields the editor set: every field's message names
the field in Turkish, choices outside the offered ones are refused, files are checked by
content, and a form that collects personal data asks for explicit consent."""

import hashlib
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from cms.dates import DateField
from cms.uploads import PAPER_SIGNATURES, PAPER_SUFFIXES

from . import rules

# The field bots fill in and people never see (as on the appointment request form).
HONEYPOT = "website"
CONSENT = "kvkk_consent"


def _messages(label):
    # Django formats these with its own parameters: a "%" in the label must stay a "%".
    label = label.replace("%", "%%")
    return {
        "required": _("%(field)s: please fill in.") % {"field": label},
        "invalid_choice": _("%(field)s: choose one of the offered answers.") % {"field": label},
        "invalid_list": _("%(field)s: choose among the offered answers.") % {"field": label},
        "invalid": _("%(field)s: the value is not valid.") % {"field": label},
        "max_length": _("%(field)s: too long.") % {"field": label},
    }


class PublicFormBuilder(FormBuilder):
    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = _messages(field.label)
        return options

    def create_date_field(self, field, options):
        # Kalem's date field: Turkish dates, and years far off are a message, not a 500.
        options["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return DateField(**options)

    def create_checkbox_field(self, field, options):
        options["error_messages"]["required"] = _("%(field)s: please tick the box.") % {
            "field": field.label.replace("%", "%%")
        }
        return forms.BooleanField(**options)

    def create_scale_field(self, field, options):
        options["choices"] = [(value, str(value)) for value in rules.SCALE_VALUES]
        options["coerce"] = int
        options["widget"] = forms.RadioSelect(attrs={"class": "scale"})
        options["initial"] = None
        return forms.TypedChoiceField(**options)

    def create_file_field(self, field, options):
        options.pop("initial", None)
        return PublicFileField(**options)

    def get_form_class(self):
        return type("PublicForm", (PublicForm,), self.formfields)


class PublicFileField(forms.FileField):
    """A PDF, JPEG or PNG (by its first bytes and its name) up to KALEM_FORM_UPLOAD_MAX_MB:
    nothing a browser or Office would run is stored."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        label = self.label
        limit = settings.KALEM_FORM_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("%(field)s: the file is larger than %(limit)d MB.")
                % {"field": label, "limit": limit}
            )
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        suffix = PurePosixPath(upload.name or "").suffix.lower()
        if not head.startswith(PAPER_SIGNATURES) or suffix not in PAPER_SUFFIXES:
            raise forms.ValidationError(
                _("%(field)s: only PDF, JPEG or PNG files are accepted.") % {"field": label}
            )
        return upload


class PublicForm(BaseForm):
    """Adds the consent box (when the page collects personal data) and the hidden trap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.FileField):
                field.error_messages["empty"] = _("%(field)s: the file is empty.") % {
                    "field": field.label
                }
        if self.page is not None and self.page.collects_personal_data:
            self.fields[CONSENT] = forms.BooleanField(
                label=_(
                    "I have read the KVKK notice and consent to my data being processed "
                    "for this form."
                ),
                error_messages={
                    "required": _("Consent: please read the KVKK notice and tick the box.")
                },
            )
        self.fields[HONEYPOT] = forms.CharField(label=_("Leave this field empty"), required=False)

    @property
    def spam(self):
        return bool(self.data.get(HONEYPOT))

    def answers(self):
        """The answers to keep: the editor's fields only (not consent, not the trap),
        files by their original name."""
        answers = {}
        for name, value in self.cleaned_data.items():
            if name in (CONSENT, HONEYPOT):
                continue
            if hasattr(value, "read"):
                value = PurePosixPath(value.name).name
            answers[name] = value
        return answers

    def files_to_store(self):
        for name, value in self.cleaned_data.items():
            if hasattr(value, "read"):
                yield name, value


def sha256_of(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
