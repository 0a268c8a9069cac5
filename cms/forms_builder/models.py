"""Form pages (surveys, applications, event registrations) and what a citizen's answer
leaves: the submission (Wagtail's JSON of the answers), one `FormAnswer` row per answered
question for counting in the database, and uploaded files in private storage."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractFormField,
    AbstractFormSubmission,
    FormMixin,
)
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.forms import KalemPageForm
from cms.models import KalemPage
from cms.storage import private_storage
from cms.text import slugify

from . import rules

SCALE = "scale"
FILE = "file"
FIELD_TYPES = (
    *FORM_FIELD_CHOICES,
    (SCALE, _("Scale 1–5")),
    (FILE, _("File upload (PDF, JPEG, PNG)")),
)
# Answers counted per value (a chart each); the others are counted as answered or not.
CHOICE_TYPES = {"dropdown", "radio", "checkboxes", "multiselect", "checkbox", SCALE}
FORM_KINDS = [
    ("survey", _("Survey (kamuoyu yoklaması)")),
    ("application", _("Application")),
    ("registration", _("Event registration")),
]


def split_choices(text):
    """The editor's choices, as Wagtail's form builder splits them (lines, or commas)."""
    from wagtail.contrib.forms.forms import _split_by_newline_or_comma

    return [choice for choice in _split_by_newline_or_comma(text or "") if choice]


def default_retention_days():
    return settings.KALEM_FORM_RETENTION_DAYS


class FormPageField(AbstractFormField):
    page = ParentalKey("cms.FormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("field type"), max_length=16, choices=FIELD_TYPES)
    field_type.required_on_save = True
    personal_data = models.BooleanField(
        _("personal data"),
        default=False,
        help_text=_(
            "Name, contact details, identity numbers, uploaded files… Shown only to roles "
            "allowed to read personal data, and removed after the retention period."
        ),
    )

    panels = [*AbstractFormField.panels, FieldPanel("personal_data")]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def get_field_clean_name(self):
        # Kalem's transliteration ("Adınız" → "adiniz"), not Wagtail's escapes ("adu0131niz"):
        # the name is the key in the stored answers and the column in exports.
        return slugify(self.label, max_length=200).replace("-", "_") or "alan"

    @property
    def holds_personal_data(self):
        # An uploaded file may show anything (a face, an identity card): always personal.
        return self.personal_data or self.field_type == FILE


class FormPageAdminForm(KalemPageForm, WagtailAdminFormPageForm):
    """The editor's form: Kalem's page form with Wagtail's form-builder checks, and the
    rules of a form that collects personal data."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        live = [
            form.cleaned_data
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        personal = any(f.get("personal_data") or f.get("field_type") == FILE for f in live)
        if personal and not rules_text(cleaned_data.get("kvkk_notice")):
            self.add_error(
                "kvkk_notice",
                _("KVKK notice: a field collects personal data, so the notice is required."),
            )
        for form in formset.forms:
            data = form.cleaned_data if form.is_valid() else {}
            if (
                data
                and not data.get("DELETE")
                and data.get("field_type") in CHOICE_TYPES - {"checkbox", SCALE}
                and not data.get("choices", "").strip()
            ):
                form.add_error("choices", _("Choices: list the answers, one per line."))
        opens, closes = cleaned_data.get("opens_at"), cleaned_data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Closes at: must be after the opening moment."))
        return cleaned_data


def rules_text(html):
    """Whether rich text holds any words (an emptied editor leaves "<p></p>")."""
    from django.utils.html import strip_tags

    return strip_tags(html or "").strip()


class FormPage(FormMixin, KalemPage):
    """A public form built in the admin from fields: a survey, an application or an event
    registration. It takes answers between its opening and closing moments."""

    kind = models.CharField(_("kind"), max_length=20, choices=FORM_KINDS, default="survey")
    intro = RichTextField(_("introduction"), blank=True)
    kvkk_notice = RichTextField(
        _("KVKK notice"),
        blank=True,
        help_text=_(
            "The information notice under KVKK md. 10. Required when a field collects "
            "personal data; the form then asks for explicit consent."
        ),
    )
    thanks = RichTextField(_("thank-you text"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    one_answer_per_person = models.BooleanField(
        _("one answer per person"),
        default=False,
        help_text=_(
            "A browser that has answered cannot answer again, and one address may answer "
            "only a few times a day. Without identity checks it cannot stop someone using "
            "several browsers or connections."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days)"),
        default=default_retention_days,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("After this many days from each answer its personal data is removed."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("kvkk_notice"),
        FieldPanel("thanks"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("one_answer_per_person"),
                FieldPanel("retention_days"),
            ],
            heading=_("Answers"),
        ),
        *Page.settings_panels,
    ]
    base_form_class = FormPageAdminForm
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []
    template = "cms/form_page.html"
    landing_page_template = "cms/form_page_landing.html"

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    # -- Wagtail's form builder hooks
    def get_submission_class(self):
        return FormPageSubmission

    def get_form_fields(self):
        return self.form_fields.all()

    def get_form_class(self):
        from .forms import PublicFormBuilder

        return PublicFormBuilder(self.get_form_fields()).get_form_class()

    @property
    def collects_personal_data(self):
        return any(field.holds_personal_data for field in self.get_form_fields())

    def personal_field_names(self):
        return {field.clean_name for field in self.get_form_fields() if field.holds_personal_data}

    def get_data_fields(self):
        """Columns of the submissions list and its exports; personal ones only for those
        who may read them (the view sets `hide_personal_data`)."""
        fields = super().get_data_fields()
        if getattr(self, "hide_personal_data", False):
            hidden = self.personal_field_names()
            fields = [(name, label) for name, label in fields if name not in hidden]
        return fields

    def state(self, now=None):
        return rules.form_state(self.opens_at, self.closes_at, now or timezone.now())

    def get_submissions_list_view_class(self):
        from .views import SubmissionsListView

        return SubmissionsListView

    def serve(self, request, *args, **kwargs):
        from .views import serve_form

        return serve_form(self, request)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        from .views import serve_form

        return serve_form(self, request, preview=True)


class FormPageSubmission(AbstractFormSubmission):
    """One citizen's answer. The answers stay in `form_data` (Wagtail's JSON); personal
    fields in it are blanked after the form's retention period."""

    personal_data_removed_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True
    )

    class Meta(AbstractFormSubmission.Meta):
        verbose_name = _("form answer")
        verbose_name_plural = _("form answers")
        # cms.forms_builder.permissions.READ_PERSONAL: the named columns and the files.
        permissions = [
            ("read_personal_formpagesubmission", "Can read personal data in form answers")
        ]
        indexes = [models.Index(fields=["page", "submit_time"])]


class FormAnswer(models.Model):
    """One answered question of one submission, kept for counting in the database: a
    choice's value (each ticked box its own row), a scale's number, or "" for a question
    answered in words (counted as answered, its text stays in the submission)."""

    submission = models.ForeignKey(
        FormPageSubmission, on_delete=models.CASCADE, related_name="answers"
    )
    # Copied from the submission so that the results aggregate on one table and index.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField()
    field = models.CharField(max_length=255)
    value = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["page", "submitted_at", "field", "value"])]

    def __str__(self):
        return f"{self.field}: {self.value}"


class FormUpload(models.Model):
    """A file a citizen sent with a form, in private storage (cms.storage), opened only
    through a signed link by roles that may read personal data."""

    submission = models.ForeignKey(
        FormPageSubmission, on_delete=models.CASCADE, related_name="uploads"
    )
    field = models.CharField(max_length=255)
    file = models.FileField(upload_to="forms/%Y/%m", storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self):
        return self.original_name
