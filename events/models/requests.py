"""Appointment requests (randevu talepleri) from citizens and institutions, made on the
site's form or received by letter, and the office's decision on each. An accepted request
becomes a private appointment of the mayor (events.models.appointments); nothing of a
request ever reaches a public page."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from cms.identity import mask_tc_kimlik, tc_kimlik_valid

from .. import rules
from .appointments import Appointment

NEW = "yeni"
EVALUATING = "degerlendirmede"
ACCEPTED = "kabul"
REFERRED = "havale"
DECLINED = "ret"
STATUSES = [
    (NEW, _("New")),
    (EVALUATING, _("Being evaluated")),
    (ACCEPTED, _("Accepted")),
    (REFERRED, _("Referred to a directorate")),
    (DECLINED, _("Declined")),
]
OPEN_STATUSES = (NEW, EVALUATING)
CLOSED_STATUSES = (ACCEPTED, REFERRED, DECLINED)

WEB = "web"
LETTER = "yazi"
CHANNELS = [(WEB, _("The site's form")), (LETTER, _("Letter or petition"))]

APPOINTMENT = "randevu"
INVITATION = "davet"
KINDS = [(APPOINTMENT, _("Appointment request")), (INVITATION, _("Invitation"))]

SUBJECT_MAX_LENGTH = 2000
# What is left of a request once its personal data is removed (rules.personal_data_due).
REMOVED = "—"


class AppointmentRequestQuerySet(models.QuerySet):
    def personal_data_due(self, today, retention_days):
        """Closed requests whose personal data is to be removed on or before `today`."""
        cutoff = rules.personal_data_cutoff(today, retention_days)
        return self.filter(
            status__in=CLOSED_STATUSES, closed_at__date__lte=cutoff, personal_data_removed=False
        )


class AppointmentRequest(index.Indexed, models.Model):
    """A request to meet the mayor (or an invitation to an event), and where it stands.

    The status changes only through `events.appointment_requests` (one function per
    decision), which writes the history and tells the requester."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default=APPOINTMENT)
    channel = models.CharField(
        _("received through"), max_length=10, choices=CHANNELS, default=LETTER
    )
    name = models.CharField(_("name and surname"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    tc_kimlik_no = models.CharField(_("TC identity number"), max_length=11, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    subject = models.TextField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    preferred_date = models.DateField(_("preferred date"))
    alternative_date = models.DateField(_("alternative date"), null=True, blank=True)
    # A request received by letter: the sender's own number and date, and the incoming
    # record of the correspondence register it was registered as (cms.records).
    letter_number = models.CharField(_("letter's number"), max_length=80, blank=True)
    letter_date = models.DateField(_("letter's date"), null=True, blank=True)
    register_number = models.CharField(
        _("register number"), max_length=40, blank=True, editable=False
    )
    register_record_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    consent_at = models.DateTimeField(
        _("KVKK consent given"), null=True, blank=True, editable=False
    )

    status = models.CharField(
        _("status"), max_length=20, choices=STATUSES, default=NEW, editable=False
    )
    decision_note = models.TextField(_("reason or routing note"), blank=True, editable=False)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True, editable=False)
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("appointment"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="request",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    personal_data_removed = models.BooleanField(
        _("personal data removed"), default=False, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["tc_kimlik_no"])
    objects = AppointmentRequestQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("channel")]),
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("institution"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("tc_kimlik_no"),
            ],
            heading=_("Requester"),
        ),
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("preferred_date"), FieldPanel("alternative_date")]),
        FieldRowPanel(
            [FieldPanel("letter_number"), FieldPanel("letter_date")],
            heading=_("Received by letter"),
        ),
    ]
    search_fields = [
        index.SearchField("reference"),
        index.SearchField("name"),
        index.SearchField("institution"),
        index.SearchField("subject"),
        index.AutocompleteField("name"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("appointment request")
        verbose_name_plural = _("appointment requests")

    def __str__(self):
        return f"{self.reference} {self.name}"

    @property
    def masked_tc_kimlik_no(self):
        return mask_tc_kimlik(self.tc_kimlik_no)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def clean(self):
        errors = {}
        if self.tc_kimlik_no and not tc_kimlik_valid(self.tc_kimlik_no):
            errors["tc_kimlik_no"] = _("TC identity number: the number is not valid.")
        first, second = self.preferred_date, self.alternative_date
        if first and second and second < first:
            errors["alternative_date"] = _(
                "Alternative date: it cannot be before the preferred date."
            )
        if errors:
            raise ValidationError(errors)
