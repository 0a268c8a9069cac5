"""Protocol (protokol): visits and delegations the mayor hosts and trips the mayor makes,
the gifts, plaques, awards and flowers given and received, and the representation,
hospitality and ceremony costs with their payment papers (kept in private storage).
Every record keeps its history; nothing here reaches the public site."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from cms.storage import private_storage
from cms.text import format_date
from cms.uploads import validate_paper

from .. import rules

HOSTED = "ziyaret"
TRIP = "gezi"
VISIT_KINDS = [(HOSTED, _("Guests hosted")), (TRIP, _("Trip of the mayor"))]

GIVEN = "verilen"
RECEIVED = "alinan"
DIRECTIONS = [(GIVEN, _("Given")), (RECEIVED, _("Received"))]
GIFT_KINDS = [
    ("hediye", _("Gift")),
    ("plaket", _("Plaque")),
    ("odul", _("Award")),
    ("cicek", _("Flowers")),
    ("celenk", _("Wreath")),
]
TRY = "TRY"


class Visit(index.Indexed, models.Model):
    """A delegation hosted by the mayor, or a trip the mayor makes (domestic or abroad)."""

    kind = models.CharField(_("kind"), max_length=10, choices=VISIT_KINDS, default=HOSTED)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100, default="Türkiye")
    delegation_head = models.CharField(_("head of the delegation"), max_length=200, blank=True)
    members = models.TextField(_("members"), blank=True, help_text=_("One person a line."))
    protocol_order = models.TextField(
        _("protocol order"),
        blank=True,
        help_text=_("Where precedence matters: one office or person a line, first first."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    hosts = models.CharField(_("hosts"), max_length=300, blank=True)
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True)
    programme = models.TextField(_("programme"), blank=True)
    programme_url = models.URLField(_("programme link"), blank=True)
    album_url = models.URLField(_("photo album link"), blank=True)
    # A trip's own facts: where to, who travels, and the report written on return (a
    # paper kept privately; a new upload is a new file, the history names the earlier one).
    destination = models.CharField(
        _("destination"), max_length=200, blank=True, help_text=_("City (and country) visited.")
    )
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("Who travels with the mayor: one person a line, with their title."),
    )
    trip_report = models.FileField(
        _("trip report"),
        storage=private_storage,
        upload_to="events/trips/%Y/",
        blank=True,
        validators=[validate_paper],
        help_text=_("The report written after the trip (PDF, JPEG or PNG)."),
    )

    history = HistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [
                FieldPanel("institution"),
                FieldPanel("delegation_head"),
                FieldPanel("members"),
                FieldPanel("protocol_order"),
                FieldPanel("interpreter"),
            ],
            heading=_("Delegation"),
        ),
        FieldPanel("purpose"),
        FieldPanel("hosts"),
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("programme_url"), FieldPanel("album_url")]),
        MultiFieldPanel(
            [FieldPanel("destination"), FieldPanel("participants"), FieldPanel("trip_report")],
            heading=_("Trip"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("institution"),
        index.SearchField("country"),
        index.SearchField("delegation_head"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["-start"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits and trips")

    def __str__(self):
        return f"{self.title} ({self.start:%d.%m.%Y})"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Last day: cannot be before the first day.")
        if self.kind == TRIP:
            if not self.destination.strip():
                errors["destination"] = _("Destination: write where the trip goes.")
            if not self.participants.strip():
                errors["participants"] = _("Participants: name at least one person who travels.")
        if errors:
            raise ValidationError(errors)

    @property
    def abroad(self):
        return rules.is_abroad(self.country)

    @property
    def scope(self):
        if self.kind != TRIP:
            return ""
        return _("Abroad") if self.abroad else _("Domestic")

    @property
    def total_cost(self):
        """What the visit or trip cost, VAT included: the sum of its representation costs."""
        return sum(
            (rules.gross_amount(e.net_amount, e.vat_rate) for e in self.expenses.all()),
            Decimal("0.00"),
        )


class GiftQuerySet(models.QuerySet):
    def awaiting_hand_over(self, threshold=None):
        """Received gifts above the declaration threshold not handed over yet (the same
        rule as rules.gift_needs_declaration, in SQL), the oldest first."""
        if threshold is None:
            threshold = settings.KALEM_GIFT_DECLARATION_THRESHOLD_TRY
        return self.filter(
            direction=RECEIVED, value__gt=threshold, handed_over_on__isnull=True
        ).order_by("date", "pk")


class Gift(index.Indexed, models.Model):
    """A gift, plaque, award, flowers or wreath given or received on the municipality's
    behalf; received ones above the declaration threshold are flagged."""

    direction = models.CharField(_("given or received"), max_length=10, choices=DIRECTIONS)
    kind = models.CharField(_("kind"), max_length=10, choices=GIFT_KINDS, default="hediye")
    description = models.CharField(_("description"), max_length=300)
    counterpart = models.CharField(_("given to / received from"), max_length=200)
    date = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gifts",
    )
    value = models.DecimalField(
        _("value (TRY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost = models.DecimalField(
        _("cost to the municipality (TRY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default=TRY, editable=False)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A received gift above the declaration threshold is handed over to the institution
    # within a month (rules.gift_declaration_due); the day it was is kept here.
    handed_over_on = models.DateField(
        _("handed over to the institution on"),
        null=True,
        blank=True,
        help_text=_(
            "For a received gift to be declared: the day it was handed over to the "
            "municipality (3628 md. 3, within a month of receipt)."
        ),
    )

    history = HistoricalRecords()
    objects = GiftQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("direction"), FieldPanel("kind")]),
        FieldPanel("description"),
        FieldPanel("counterpart"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("visit")]),
        FieldPanel("occasion"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("cost")]),
        FieldPanel("handed_over_on"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("description"),
        index.SearchField("counterpart"),
        index.SearchField("occasion"),
        index.AutocompleteField("counterpart"),
    ]

    class Meta:
        ordering = ["-date"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts, plaques and flowers")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description} ({self.counterpart})"

    def clean(self):
        errors = {}
        if self.handed_over_on:
            if self.direction != RECEIVED:
                errors["handed_over_on"] = _(
                    "Handed over to the institution on: only a received gift is handed over."
                )
            elif self.date and self.handed_over_on < self.date:
                errors["handed_over_on"] = _(
                    "Handed over to the institution on: cannot be before the gift's date."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def needs_declaration(self):
        return rules.gift_needs_declaration(
            self.direction == RECEIVED, self.value, settings.KALEM_GIFT_DECLARATION_THRESHOLD_TRY
        )

    @property
    def declaration_due(self):
        """The last day to hand the gift over, for a gift to be declared; None otherwise."""
        return rules.gift_declaration_due(self.date) if self.needs_declaration else None

    @property
    def declaration_state(self):
        """The gift list's column: what the declaration rules ask of this gift now."""
        if not self.needs_declaration:
            return ""
        if self.handed_over_on:
            return _("Handed over on %(day)s") % {"day": format_date(self.handed_over_on)}
        due = self.declaration_due
        if due < timezone.localdate():
            return _("Overdue: to be handed over by %(day)s") % {"day": format_date(due)}
        return _("To be handed over by %(day)s") % {"day": format_date(due)}


class Expense(index.Indexed, models.Model):
    """One representation, hospitality or ceremony cost, with its invoice and payment
    papers. Amounts are Decimal lira; the VAT and gross amount are computed (rules)."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    date = models.DateField(_("date"))
    budget_line = models.CharField(_("budget line"), max_length=10, choices=rules.BUDGET_LINES)
    supplier = models.CharField(_("supplier"), max_length=200)
    description = models.CharField(_("description"), max_length=300)
    net_amount = models.DecimalField(
        _("amount before VAT (TRY)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=4,
        decimal_places=2,
        choices=[(rate, f"%{rate}") for rate in rules.VAT_RATES],
        default=Decimal("20"),
    )
    currency = models.CharField(_("currency"), max_length=3, default=TRY, editable=False)
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    ceremony = models.ForeignKey(
        "events.Ceremony",
        verbose_name=_("ceremony"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
        help_text=_("The ceremony or opening the cost belongs to, if any."),
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        # The cost stays when its event page is deleted; its history keeps the link.
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The event of the calendar the cost belongs to, if any (a concert, a fair…)."),
    )
    invoice = models.FileField(
        _("invoice"),
        storage=private_storage,
        upload_to="events/expenses/%Y/",
        blank=True,
        validators=[validate_paper],
    )
    payment_paper = models.FileField(
        _("payment paper"),
        storage=private_storage,
        upload_to="events/expenses/%Y/",
        blank=True,
        validators=[validate_paper],
        help_text=_("The payment order or receipt (PDF, JPEG or PNG)."),
    )
    paid = models.BooleanField(_("paid"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("budget_line")]),
        FieldPanel("supplier"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("net_amount"), FieldPanel("vat_rate")]),
        FieldRowPanel([FieldPanel("visit"), FieldPanel("ceremony")]),
        FieldPanel("event"),
        FieldRowPanel([FieldPanel("invoice"), FieldPanel("payment_paper")]),
        FieldPanel("paid"),
    ]
    search_fields = [
        index.SearchField("supplier"),
        index.SearchField("description"),
        index.FilterField("budget_line"),
        index.FilterField("date"),
    ]

    class Meta:
        ordering = ["-date"]
        permissions = [("approve_expense", "Can approve representation costs")]
        verbose_name = _("representation cost")
        verbose_name_plural = _("representation and hospitality costs")

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.supplier}: {self.description}"

    def approve(self, user):
        """The Müdür's approval (once; a changed cost keeps it, its history shows both)."""
        self.approved_by = user
        self.approved_at = timezone.now()
        self._history_user = user
        self.save(update_fields=["approved_by", "approved_at"])

    @staticmethod
    def for_budget(year):
        """The year's budget per line (BudgetAllocation), for the summary's last rows."""
        return BudgetAllocation.for_year(year)

    @property
    def belongs_to(self):
        """The visit, ceremony or event the cost belongs to, as its name ("" for none)."""
        return str(self.visit or self.ceremony or (self.event.title if self.event else ""))

    @property
    def vat(self):
        return rules.vat_amount(self.net_amount, self.vat_rate)

    @property
    def gross_amount(self):
        return rules.gross_amount(self.net_amount, self.vat_rate)


class BudgetAllocation(models.Model):
    """The year's appropriation of one budget line (temsil, ağırlama, tören), against which
    the costs list and the yearly summary show what was spent and what remains."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(rules.FIRST_YEAR), MaxValueValidator(rules.LAST_YEAR)],
    )
    budget_line = models.CharField(_("budget line"), max_length=10, choices=rules.BUDGET_LINES)
    amount = models.DecimalField(
        _("yearly budget (TRY)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default=TRY, editable=False)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For example the council decision or the transfer that set the amount."),
    )

    history = HistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("budget_line")]),
        FieldPanel("amount"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["-year", "budget_line"]
        constraints = [
            models.UniqueConstraint(fields=["year", "budget_line"], name="one_budget_per_line")
        ]
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")

    def __str__(self):
        return f"{self.year} {self.get_budget_line_display()}"

    def validate_unique(self, exclude=None):
        # Django's own message names no field; the clerk sees which one to change.
        if (
            self.year
            and self.budget_line
            and BudgetAllocation.objects.filter(year=self.year, budget_line=self.budget_line)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"budget_line": _("Budget line: this line already has a budget for the year.")}
            )
        super().validate_unique(exclude=exclude)

    @classmethod
    def for_year(cls, year):
        """{budget line: amount} of `year`; a line without a budget is missing."""
        return dict(cls.objects.filter(year=year).values_list("budget_line", "amount"))
