"""Categories of events and the official holidays shown on the calendar."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.text import format_date, slugify


class EventCategory(index.Indexed, models.Model):
    """A kind of event (Tören, Açılış, Kent Konseyi…): filters the calendar and its feeds."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Used in web addresses; filled in from the name when left empty."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = slugify(self.slug or self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.slug = slugify(self.slug or self.name)
        if not self.slug:
            raise ValidationError({"name": _("The name must contain letters or digits.")})


class OfficialHoliday(models.Model):
    """A public holiday or half day (from 13:00) of Turkey, loaded by `load_holidays` from
    cms.workdays so the calendar and the working-day rules never disagree."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    half_day = models.BooleanField(_("half day"), default=False)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("name"),
        FieldPanel("half_day"),
        FieldPanel("starts_at"),
    ]

    class Meta:
        ordering = ["date"]
        verbose_name = _("official holiday")
        verbose_name_plural = _("official holidays")

    def __str__(self):
        return f"{format_date(self.date)} {self.name}"

    @property
    def display_name(self):
        """The name as the calendar shows it, the start of a half day said once: the
        package's Turkish names already end in "(saat 13.00'ten)"; a name typed by hand
        may not."""
        if not self.half_day or self.starts_at is None or f"{self.starts_at:%H.%M}" in self.name:
            return self.name
        starts = _("from %(time)s") % {"time": f"{self.starts_at:%H:%M}"}
        return f"{self.name} ({starts})"
