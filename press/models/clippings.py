"""Press monitoring (basın takibi): clippings of what outlets published about the
municipality, with their tone, for the weekly and monthly reports to the mayor."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CLIPPING_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp", "tif", "tiff"]


class Tone(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")
    NEUTRAL = "neutral", _("neutral")


class PressClipping(models.Model):
    """One item an outlet published or broadcast: where, when, what, and in which tone."""

    outlet = models.ForeignKey(
        "press.MediaOutlet",
        verbose_name=_("media outlet"),
        on_delete=models.PROTECT,
        related_name="clippings",
    )
    date = models.DateField(_("date"), db_index=True)
    headline = models.CharField(_("headline"), max_length=300)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    scan = models.FileField(
        _("scanned copy"),
        upload_to="press/clippings/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(CLIPPING_EXTENSIONS)],
        help_text=_("PDF or image of the printed page."),
    )
    page_number = models.CharField(_("page"), max_length=20, blank=True)
    topic = models.CharField(_("topic"), max_length=150, blank=True)
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL)
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    needs_correction = models.BooleanField(
        _("needs correction"),
        default=False,
        help_text=_("The item is wrong or incomplete and may call for a tekzip notice."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("press clipping")
        verbose_name_plural = _("press clippings")

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.outlet}: {self.headline}"

    def clean(self):
        super().clean()
        if not self.url and not self.scan:
            raise ValidationError(_("Give the web address or upload a scanned copy."))
