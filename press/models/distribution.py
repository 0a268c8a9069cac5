"""Sending a published press item to press contacts: one `Dispatch` per recipient, so
staff see who it reached, who was skipped and what failed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DispatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped")


class SkipReason(models.TextChoices):
    NO_CONSENT = "no_consent", _("no consent to receive releases")
    INACTIVE = "inactive", _("contact is not active")
    NO_EMAIL = "no_email", _("no e-mail address")


class Dispatch(models.Model):
    """One press item to one contact's address: queued, sent, failed (with the error) or
    skipped. The unique constraint is what guarantees nobody gets the same item twice."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    contact = models.ForeignKey(
        "press.PressContact",
        verbose_name=_("press contact"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="dispatches",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.QUEUED
    )
    skip_reason = models.CharField(
        _("reason skipped"), max_length=20, choices=SkipReason.choices, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["status", "contact__name"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "email"], condition=~Q(email=""), name="press_dispatch_once"
            ),
            models.UniqueConstraint(fields=["page", "contact"], name="press_dispatch_contact"),
        ]

    def __str__(self):
        return f"{self.email or self.contact} — {self.get_status_display()}"
