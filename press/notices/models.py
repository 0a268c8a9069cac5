"""The paid newspaper notice register (gazete ilanları): what a unit asked to have published,
where, through Basın İlan Kurumu or directly, what it cost, and the papers that close it
(proof of publication, invoice). Every change is kept (django-simple-history, shown and
restored by cms.history); the status moves only through `advance()`, one step at a time,
so restoring an old version never rewinds the process."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.storage import private_storage
from cms.uploads import validate_paper

from . import rules
from .rules import Status


class NoticeState(models.TextChoices):
    REQUESTED = Status.REQUESTED.value, _("requested")
    ORDERED = Status.ORDERED.value, _("ordered")
    PUBLISHED = Status.PUBLISHED.value, _("published")
    PROOF_RECEIVED = Status.PROOF_RECEIVED.value, _("proof received")
    INVOICED = Status.INVOICED.value, _("invoiced")
    PAID = Status.PAID.value, _("paid")
    CLOSED = Status.CLOSED.value, pgettext_lazy("paid notice", "closed")


def paper_field(verbose_name, upload_to, **kwargs):
    """A private paper (PDF, JPEG or PNG, type read from the content): a replaced file
    keeps its old name and stays stored, its history still naming it."""
    return models.FileField(
        verbose_name,
        upload_to=upload_to,
        storage=private_storage,
        blank=True,
        validators=[validate_paper],
        **kwargs,
    )


def proof_days():
    return int(getattr(settings, "KALEM_NOTICE_PROOF_DAYS", rules.DEFAULT_PROOF_DAYS))


def payment_days():
    return int(getattr(settings, "KALEM_NOTICE_PAYMENT_DAYS", rules.DEFAULT_PAYMENT_DAYS))


class NewspaperNoticeQuerySet(models.QuerySet):
    def proof_overdue(self, today):
        """Published notices whose proof is late (rules.proof_overdue, as a filter)."""
        limit = today - timezone.timedelta(days=proof_days())
        return self.filter(status=Status.PUBLISHED, published_on__lt=limit)

    def payment_overdue(self, today):
        limit = today - timezone.timedelta(days=payment_days())
        return self.filter(status=Status.INVOICED, invoiced_on__lt=limit)


class NewspaperNotice(models.Model):
    """One paid notice (ilan) given to one or more newspapers."""

    # The status is process, moved by advance(); a restored version keeps today's status.
    process_fields = ("status",)

    requesting_unit = models.CharField(
        _("requesting unit"),
        max_length=150,
        help_text=_("The directorate or unit that asked for the notice."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("notice text"), blank=True)
    text_file = paper_field(
        _("notice file"),
        "press/notices/text/%Y/",
        help_text=_("The notice as sent to the newspaper (PDF, JPEG or PNG)."),
    )
    outlets = models.ManyToManyField(
        "press.MediaOutlet", verbose_name=_("outlets"), blank=True, related_name="paid_notices"
    )
    via_bik = models.BooleanField(
        _("through Basın İlan Kurumu"),
        default=False,
        help_text=_("Official notices are placed through Basın İlan Kurumu."),
    )
    bik_reference = models.CharField(_("Basın İlan Kurumu reference"), max_length=60, blank=True)
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    columns = models.PositiveSmallIntegerField(_("columns"), null=True, blank=True)
    height_cm = models.DecimalField(
        _("height (cm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    cost = models.DecimalField(
        _("cost (TRY, VAT included)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    invoice = paper_field(_("invoice"), "press/notices/invoices/%Y/")
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    invoiced_on = models.DateField(_("invoice date"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    proof = paper_field(
        _("proof of publication"),
        "press/notices/proofs/%Y/",
        help_text=_("The clipping scan or the page PDF."),
    )
    clipping = models.ForeignKey(
        "press.PressClipping",
        verbose_name=_("clipping"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paid_notices",
        help_text=_("The clipping register's record of the published notice, where there is one."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NoticeState.choices,
        default=NoticeState.REQUESTED,
        editable=False,
        db_index=True,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[outlets])
    objects = NewspaperNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("paid newspaper notice")
        verbose_name_plural = _("paid newspaper notices")
        permissions = [("approve_newspapernotice", "Can approve paid newspaper notices")]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        # Only advance() (update_fields=["status"]) moves the status: an edit or a restored
        # version saves the status the notice has now.
        if self.pk and kwargs.get("update_fields") is None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True)
            self.status = stored.first() or self.status
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.via_bik and not self.bik_reference.strip() and self.status != Status.REQUESTED:
            errors["bik_reference"] = _(
                "Basın İlan Kurumu reference: enter the reference of a notice placed through "
                "the Kurum."
            )
        if self.ordered_on and self.published_on and self.published_on < self.ordered_on:
            errors["published_on"] = _("Published on: the date is before the order date.")
        if self.invoiced_on and self.paid_on and self.paid_on < self.invoiced_on:
            errors["paid_on"] = _("Paid on: the date is before the invoice date.")
        if not self.text.strip() and not self.text_file:
            errors["text"] = _("Notice text: write the text or upload the notice file.")
        if errors:
            raise ValidationError(errors)

    # -- the process

    def filled_fields(self):
        """The names of the fields rules.NEEDS asks about that hold a value."""
        names = {name for step in rules.NEEDS.values() for name in step}
        filled = set()
        for name in names:
            if name == "outlets":
                if self.pk and self.outlets.exists():
                    filled.add(name)
            elif name == "proof" and not self.proof:
                # The clipping register's scan of the published notice is proof enough.
                if self.clipping_id and self.clipping.scan:
                    filled.add(name)
            elif getattr(self, name):
                filled.add(name)
        return filled

    @property
    def next_status(self):
        return rules.next_status(self.status)

    def missing_for_next(self):
        """Labels of the fields the next step needs and the notice lacks."""
        step = self.next_status
        if step is None:
            return []
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in rules.missing_for(step, self.filled_fields())
        ]

    def advance(self, user):
        """Move to the next status (the caller has checked the user may); refused with a
        Turkish message naming the missing fields."""
        step = self.next_status
        if step is None:
            raise ValidationError(gettext("The notice is closed."))
        missing = self.missing_for_next()
        if missing:
            raise ValidationError(
                gettext("Fill in before moving on: %(fields)s.") % {"fields": ", ".join(missing)}
            )
        self.status = step
        self._history_user = user
        self.save(update_fields=["status"])

    # -- highlights

    def proof_overdue(self, today=None):
        today = today or timezone.localdate()
        return rules.proof_overdue(self.status, self.published_on, today, proof_days())

    def payment_overdue(self, today=None):
        today = today or timezone.localdate()
        return rules.payment_overdue(self.status, self.invoiced_on, today, payment_days())

    @property
    def proof_due(self):
        return rules.proof_due(self.published_on, proof_days())

    @property
    def payment_due(self):
        return rules.payment_due(self.invoiced_on, payment_days())

    def report_day(self):
        """The day the cost report files the notice under."""
        return self.published_on or self.ordered_on or timezone.localdate(self.created_at)
