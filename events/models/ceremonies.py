"""Ceremonies and openings (tören, açılış) and the protocol precedence list they seat
their guests by. The precedence list is edited by Özel Kalem when a governor, a
commander or a judge changes; its history keeps who held each office before. Nothing
here reaches the public site."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class ProtocolOffice(index.Indexed, models.Model):
    """One office on the local protocol list (il/ilçe protokol listesi) and the person
    holding it. Rank 1 comes first; equal ranks share a place (entry order decides)."""

    rank = models.PositiveSmallIntegerField(
        _("rank"),
        validators=[MinValueValidator(1)],
        help_text=_("Place on the protocol list: 1 comes first."),
    )
    office = models.CharField(_("office"), max_length=200, unique=True)
    holder = models.CharField(
        _("holder"),
        max_length=200,
        blank=True,
        help_text=_("Name of the person holding the office now; empty while it is vacant."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("rank"), FieldPanel("office")]),
        FieldPanel("holder"),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("office"),
        index.SearchField("holder"),
        index.AutocompleteField("office"),
        index.AutocompleteField("holder"),
    ]

    class Meta:
        ordering = ["rank", "office"]
        verbose_name = _("protocol office")
        verbose_name_plural = _("protocol list")

    def __str__(self):
        if self.holder:
            return f"{self.rank}. {self.office} ({self.holder})"
        return f"{self.rank}. {self.office}"
