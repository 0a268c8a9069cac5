"""The mayor's agenda (Başkanın programı): private appointments kept by Özel Kalem, some
of which are published as entries of the public programme."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .. import rules

REQUESTED = "talep"
APPROVED = "onaylandi"
POSTPONED = "ertelendi"
CANCELLED = "iptal"
STATUSES = [
    (REQUESTED, _("Requested")),
    (APPROVED, _("Approved")),
    (POSTPONED, _("Postponed")),
    (CANCELLED, _("Cancelled")),
]

# The only fields the public site may read. Public views fetch these with .values(), so a
# private field cannot reach a template even by mistake.
PUBLIC_FIELDS = ("pk", "public_title", "public_place", "start", "end")


class AppointmentQuerySet(models.QuerySet):
    def public(self):
        """Approved appointments marked public, as bare dicts of their public fields."""
        return (
            self.filter(is_public=True, status=APPROVED)
            .exclude(public_title="")
            .order_by("start")
            .values(*PUBLIC_FIELDS)
        )

    def between(self, start, end):
        return self.filter(start__lt=end, end__gt=start)

    def clashing_with(self, appointment):
        """Other live (not cancelled) appointments overlapping ``appointment``'s time."""
        return (
            self.between(appointment.start, appointment.end)
            .exclude(pk=appointment.pk)
            .exclude(status=CANCELLED)
            .order_by("start")
        )


class Appointment(index.Indexed, models.Model):
    """One appointment of the mayor. Everything but the public title, public place and
    times is confidential to Özel Kalem (Evrak and Müdür roles)."""

    visitor = models.CharField(_("visitor"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    requested_by = models.CharField(_("requested by"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=REQUESTED)
    confidential_notes = models.TextField(_("confidential notes"), blank=True)
    is_public = models.BooleanField(
        _("show on the public programme"),
        default=False,
        help_text=_(
            "Only the public title, public place and times are published, and only once "
            "the appointment is approved."
        ),
    )
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    public_place = models.CharField(_("public place"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("visitor"),
                FieldPanel("institution"),
                FieldPanel("subject"),
                FieldPanel("requested_by"),
            ],
            heading=_("Appointment"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("place")],
            heading=_("Time and place"),
        ),
        FieldPanel("status"),
        FieldPanel("confidential_notes"),
        MultiFieldPanel(
            [FieldPanel("is_public"), FieldPanel("public_title"), FieldPanel("public_place")],
            heading=_("Public programme"),
        ),
    ]
    search_fields = [
        index.SearchField("visitor"),
        index.SearchField("institution"),
        index.SearchField("subject"),
        index.AutocompleteField("visitor"),
        index.FilterField("status"),
        index.FilterField("start"),
    ]

    class Meta:
        ordering = ["-start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("mayor's appointments")

    def __str__(self):
        return f"{self.visitor}: {self.subject}"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.is_public and not self.public_title.strip():
            errors["public_title"] = _(
                "A public appointment needs a public title; the subject is never published."
            )
        if errors:
            raise ValidationError(errors)

    def clashes(self):
        """Appointments that overlap this one (for a warning: clashes are sometimes meant)."""
        if not (self.start and self.end):
            return Appointment.objects.none()
        return Appointment.objects.clashing_with(self)

    def overlaps(self, other):
        return rules.overlaps(self.start, self.end, other.start, other.end)
