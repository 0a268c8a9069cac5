"""Directorates and their weekly activity reports (haftalık faaliyet raporu). Each
directorate's reporters submit one report a week (a form, or a file); the Müdür compiles
them into the mayor's weekly report (archive.weekly.compile)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.storage import private_storage
from cms.uploads import validate_paper

from . import rules

TEXT_MAX_LENGTH = 5000


class Directorate(index.Indexed, models.Model):
    """A directorate of the municipality that reports weekly, and who reports for it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    active = models.BooleanField(
        _("reports weekly"), default=True, help_text=_("A closed directorate reports no more.")
    )
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporters"),
        blank=True,
        related_name="reporting_directorates",
        help_text=_("Staff of the directorate who submit its weekly report."),
    )

    history = HistoricalRecords(m2m_fields=[reporters])

    panels = [FieldPanel("name"), FieldPanel("active"), FieldPanel("reporters")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        app_label = "archive"
        ordering = ["name"]
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")

    def __str__(self):
        return self.name


class WeeklyReport(models.Model):
    """One directorate's report for one week (Monday to Sunday, Istanbul)."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    directorate = models.ForeignKey(
        Directorate,
        verbose_name=_("directorate"),
        on_delete=models.PROTECT,
        related_name="weekly_reports",
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the week."))
    done = models.TextField(_("done this week"), blank=True, max_length=TEXT_MAX_LENGTH)
    planned = models.TextField(_("planned for next week"), blank=True, max_length=TEXT_MAX_LENGTH)
    issues = models.TextField(_("issues needing the mayor"), blank=True, max_length=TEXT_MAX_LENGTH)
    file = models.FileField(
        _("report file"),
        storage=private_storage,
        upload_to="archive/weekly/%Y/",
        blank=True,
        validators=[validate_paper],
        help_text=_("Instead of the form, or beside it: a PDF (or a photo of the paper)."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "archive"
        ordering = ["-week", "directorate__name"]
        constraints = [
            models.UniqueConstraint(fields=["directorate", "week"], name="one_report_a_week")
        ]
        permissions = [("compile_weeklyreport", "Can compile the mayor's weekly report")]
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")

    def __str__(self):
        return f"{self.directorate} {self.week:%d.%m.%Y}"

    def clean(self):
        if self.week and self.week != rules.week_start(self.week):
            raise ValidationError({"week": _("Week: give the Monday of the week.")})
        if not (self.done.strip() or self.planned.strip() or self.issues.strip() or self.file):
            raise ValidationError(
                {"done": _("Done this week: write the report or attach its file.")}
            )


class CompiledStatus(models.TextChoices):
    BUILDING = "building", _("being compiled")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class CompiledReport(models.Model):
    """One compilation of the mayor's weekly report, built in the background
    (archive.weekly.tasks): who asked, how far it got, and the result. The PDF itself is a
    version of the week's archived document (archive.documents), so compiling the week
    again adds version 2, 3… and never replaces the one the mayor already read."""

    week = models.DateField(_("week"), help_text=_("The Monday of the week."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CompiledStatus.choices,
        default=CompiledStatus.BUILDING,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    missing = models.PositiveSmallIntegerField(_("directorates missing"), null=True, blank=True)
    document = models.ForeignKey(
        "archive.ArchivedDocument",
        verbose_name=_("archived document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.ForeignKey(
        "archive.DocumentFileVersion",
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        app_label = "archive"
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("compiled weekly report")
        verbose_name_plural = _("compiled weekly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["week"],
                condition=models.Q(status="building"),
                name="archive_weekly_one_compilation_at_a_time",
            )
        ]

    def __str__(self):
        return f"{self.week:%d.%m.%Y} ({self.get_status_display()})"

    @property
    def filename(self):
        year, week = rules.iso_week(self.week)
        return f"baskanlik-haftalik-rapor-{year}-{week:02d}.pdf"
