"""Press monitoring (basın takibi): clippings of what outlets published about the
municipality, with their tone, for the weekly and monthly reports to the mayor, and the
report PDFs built from them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.models import private_file_field
from cms.text import format_date

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
    scan = private_file_field(
        _("scanned copy"),
        "press/clippings/%Y/%m/",
        extensions=CLIPPING_EXTENSIONS,
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
        return f"{format_date(self.date)} {self.outlet}: {self.headline}"

    def clean(self):
        super().clean()
        if not self.url and not self.scan:
            raise ValidationError(_("Give the web address or upload a scanned copy."))


class ReportStatus(models.TextChoices):
    BUILDING = "building", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


def report_file_path(report, filename):
    return f"press/monitoring/{report.start:%Y}/{filename}"


class MonitoringReportFile(models.Model):
    """A monitoring report PDF for a period, built in the background (a year takes tens of
    seconds): who asked and when, then the file in private storage with its SHA-256.
    At most one build per period at a time; a finished file is never rewritten."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.BUILDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = private_file_field(_("file"), report_file_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("monitoring report PDF")
        verbose_name_plural = _("monitoring report PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["start", "end"],
                condition=Q(status="building"),
                name="press_monitoring_one_build_per_period",
            )
        ]

    def __str__(self):
        return f"{format_date(self.start)}–{format_date(self.end)} ({self.get_status_display()})"

    @property
    def filename(self):
        return f"basin-takip-raporu-{self.start:%Y%m%d}-{self.end:%Y%m%d}.pdf"
