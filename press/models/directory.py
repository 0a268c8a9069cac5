"""The press directory: media outlets, the journalists who work for them, and named
distribution lists of those contacts. Every change is kept (django-simple-history)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from press.tekzip.rules import Medium


class OutletKind(models.TextChoices):
    DAILY = "daily", _("daily newspaper")
    WEEKLY = "weekly", _("weekly newspaper")
    MAGAZINE = "magazine", _("magazine")
    INTERNET = "internet", _("internet news site")
    TV = "tv", _("television")
    RADIO = "radio", _("radio")
    AGENCY = "agency", _("news agency")


class OutletScope(models.TextChoices):
    LOCAL = "local", _("local")
    NATIONAL = "national", _("national")


TEKZIP_MEDIUM = {
    OutletKind.DAILY: Medium.DAILY,
    OutletKind.WEEKLY: Medium.PERIODICAL,
    OutletKind.MAGAZINE: Medium.PERIODICAL,
    OutletKind.INTERNET: Medium.INTERNET,
    OutletKind.TV: Medium.BROADCAST,
    OutletKind.RADIO: Medium.BROADCAST,
}


class MediaOutlet(models.Model):
    """A newspaper, magazine, news site, broadcaster or agency the office deals with."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    scope = models.CharField(
        _("scope"), max_length=20, choices=OutletScope.choices, default=OutletScope.LOCAL
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    responsible_manager = models.CharField(
        _("responsible manager"),
        max_length=150,
        blank=True,
        help_text=_("Sorumlu müdür: the person a tekzip notice is addressed to."),
    )
    rhythm_days = models.PositiveSmallIntegerField(
        _("publication rhythm (days)"),
        null=True,
        blank=True,
        help_text=_("Days between issues, for periodicals (7 for a weekly)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("media outlet")
        verbose_name_plural = _("media outlets")

    def __str__(self):
        return self.name

    @property
    def tekzip_medium(self):
        """The kind of outlet press.tekzip.rules counts tekzip periods for, or None (agencies)."""
        return TEKZIP_MEDIUM.get(self.kind)


class PressContact(models.Model):
    """A journalist, columnist, editor or camera operator, and whether they want releases."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        COLUMNIST = "columnist", _("columnist")
        EDITOR = "editor", _("editor")
        CAMERA = "camera", _("camera operator")
        PHOTOGRAPHER = "photographer", _("photojournalist")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150)
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("media outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent = models.BooleanField(
        _("consents to receive releases"),
        default=False,
        help_text=_("Releases are sent only to contacts who agreed to receive them."),
    )
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="press_contact_unique_email",
                violation_error_message=_("A contact with this e-mail address already exists."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.outlet})" if self.outlet_id else self.name

    @property
    def may_receive(self):
        return self.active and self.consent


class DistributionList(models.Model):
    """A named set of contacts: chosen by hand, by a rule, or both."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    contacts = models.ManyToManyField(
        PressContact, verbose_name=_("contacts"), blank=True, related_name="lists"
    )
    rule_enabled = models.BooleanField(
        _("also include contacts by rule"),
        default=False,
        help_text=_("E.g. every active contact of local daily newspapers."),
    )
    rule_outlet_kind = models.CharField(
        _("rule: outlet kind"), max_length=20, choices=OutletKind.choices, blank=True
    )
    rule_scope = models.CharField(
        _("rule: outlet scope"), max_length=20, choices=OutletScope.choices, blank=True
    )
    rule_role = models.CharField(
        _("rule: role"), max_length=20, choices=PressContact.Role.choices, blank=True
    )

    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        ordering = ["name"]
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")

    def __str__(self):
        return self.name

    def rule_query(self):
        """The rule as a filter on contacts; rule contacts must be active."""
        query = Q(active=True)
        if self.rule_outlet_kind:
            query &= Q(outlet__kind=self.rule_outlet_kind)
        if self.rule_scope:
            query &= Q(outlet__scope=self.rule_scope)
        if self.rule_role:
            query &= Q(role=self.rule_role)
        return query

    def members(self):
        """Every contact on the list, consenting or not (the sender decides whom to skip)."""
        query = Q(lists=self)
        if self.rule_enabled:
            query |= self.rule_query()
        return PressContact.objects.filter(query).distinct().select_related("outlet")
