"""Ceremonies and openings (tören, açılış) and the protocol precedence list they seat
their guests by. The precedence list is edited by Özel Kalem when a governor, a
commander or a judge changes; its history keeps who held each office before. Nothing
here reaches the public site."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.text import format_date

from .. import rules


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


class Ceremony(index.Indexed, ClusterableModel):
    """A ceremony or opening the municipality organises or attends: its checklist, the
    invited list drawn from the protocol list (plus free-text guests) with each reply,
    and the seating and speaking order computed from the precedence ranks."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=rules.CEREMONY_KINDS)
    start = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The public event page, if the ceremony has one."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("start")]),
        FieldPanel("place"),
        FieldPanel("event"),
        FieldPanel("notes"),
        InlinePanel("tasks", heading=_("Checklist"), label=_("item")),
        InlinePanel("invitations", heading=_("Invited"), label=_("invitee")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("place"),
        index.AutocompleteField("title"),
        index.FilterField("start"),
    ]

    class Meta:
        ordering = ["-start"]
        verbose_name = _("ceremony")
        verbose_name_plural = _("ceremonies and openings")

    def __str__(self):
        return f"{self.title} ({format_date(rules.local(self.start).date())})"

    def add_standard_checklist(self):
        """The checklist of the ceremony's kind, when it has none yet."""
        if self.tasks.exists():
            return
        CeremonyTask.objects.bulk_create(
            CeremonyTask(ceremony=self, label=str(label), sort_order=number)
            for number, label in enumerate(rules.CEREMONY_CHECKLISTS.get(self.kind, []))
        )

    def seating(self):
        """The seats in protocol order (rules.seating_order)."""
        invitees = [
            rules.Invitee(
                name=invitation.name,
                office=invitation.office.office if invitation.office else "",
                rank=invitation.office.rank if invitation.office else None,
                reply=invitation.reply,
                stand_in=invitation.stand_in,
                speaks=invitation.speaks,
            )
            for invitation in self.invitations.select_related("office").order_by("sort_order")
        ]
        return rules.seating_order(
            invitees, stand_in_takes_rank=settings.KALEM_CEREMONY_STAND_IN_TAKES_RANK
        )


class CeremonyTask(Orderable):
    """One item of a ceremony's checklist."""

    ceremony = ParentalKey(Ceremony, on_delete=models.CASCADE, related_name="tasks")
    label = models.CharField(_("item"), max_length=200)
    done = models.BooleanField(_("done"), default=False)

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("done")])]

    class Meta(Orderable.Meta):
        verbose_name = _("checklist item")

    def __str__(self):
        return self.label


class InvitationHistory(models.Model):
    """What each earlier state of an invitation keeps beside its fields: the ceremony it
    belonged to. The parent link itself stays out of the history (modelcluster refuses
    the copy), so without this an invitee removed from the list could no longer be found
    from the ceremony."""

    ceremony_ref = models.PositiveIntegerField(
        _("ceremony"), null=True, blank=True, db_index=True, editable=False
    )

    class Meta:
        abstract = True


BY_LETTER = "yazi"
BY_EMAIL = "eposta"
SEND_CHANNELS = [
    ("", _("Not sent through Kalem (by hand or phone)")),
    (BY_LETTER, _("Letter, through the register")),
    (BY_EMAIL, _("E-mail")),
]


class Invitation(Orderable):
    """One invitee: an office of the protocol list (its holder is invited) or a guest
    named in free text, with the reply and, when someone attends in their place, the
    stand-in's name."""

    ceremony = ParentalKey(Ceremony, on_delete=models.CASCADE, related_name="invitations")
    office = models.ForeignKey(
        ProtocolOffice,
        verbose_name=_("office"),
        null=True,
        blank=True,
        # An office invited to a ceremony stays on the list (its history tells who held it).
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    guest = models.CharField(
        _("guest"),
        max_length=200,
        blank=True,
        help_text=_("A guest who is not on the protocol list: name and title."),
    )
    reply = models.CharField(
        _("reply"), max_length=12, choices=rules.REPLIES, default=rules.INVITED
    )
    stand_in = models.CharField(
        _("attending in their place"),
        max_length=200,
        blank=True,
        help_text=_("Name and title of the person who attends in the invitee's place."),
    )
    speaks = models.BooleanField(_("speaks"), default=False)
    # How the davetiye goes out: by letter (an outgoing record of the register, cms.records)
    # or by e-mail (sent and logged here); empty when it is handed over or phoned.
    send_by = models.CharField(
        _("invitation sent by"), max_length=10, choices=SEND_CHANNELS, blank=True, default=""
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True, editable=False)
    sent_number = models.CharField(_("letter's number"), max_length=80, blank=True, editable=False)
    sent_to = models.CharField(_("sent to"), max_length=254, blank=True, editable=False)
    send_error = models.CharField(_("not sent"), max_length=300, blank=True, editable=False)

    # Every change of the reply, the stand-in or the sending keeps the earlier state
    # (shown on the ceremony's replies screen). The replies change through the ceremony's
    # form, so an old state is read, never restored over the current one.
    history_restorable = False
    # The parent link stays out: modelcluster refuses the copy simple_history would make of
    # a ParentalKey, and the history is read per invitation (invitation.history).
    history = HistoricalRecords(excluded_fields=["ceremony"], bases=[InvitationHistory])

    panels = [
        FieldRowPanel([FieldPanel("office"), FieldPanel("guest")]),
        FieldRowPanel([FieldPanel("reply"), FieldPanel("stand_in"), FieldPanel("speaks")]),
        FieldRowPanel([FieldPanel("send_by"), FieldPanel("email"), FieldPanel("address")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("invitee")

    # What a history entry is kept for (the order changes with every drag in the form).
    TRACKED = (
        "office_id",
        "guest",
        "reply",
        "stand_in",
        "speaks",
        "send_by",
        "email",
        "address",
        "sent_at",
        "sent_number",
        "sent_to",
        "send_error",
    )

    def save(self, *args, **kwargs):
        # The ceremony's form saves every invitee on each save; only a change is history.
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values(*self.TRACKED).first()
            if stored == {name: getattr(self, name) for name in self.TRACKED}:
                self.skip_history_when_saving = True
        try:
            return super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.office_id:
            return self.office.holder or self.office.office
        return self.guest

    def clean(self):
        errors = {}
        if not self.office_id and not self.guest.strip():
            errors["guest"] = _("Guest: choose an office from the protocol list or write a name.")
        elif self.office_id and self.guest.strip():
            errors["guest"] = _("Guest: leave it empty when an office is chosen.")
        if self.send_by == BY_EMAIL and not self.email:
            errors["email"] = _("E-mail: write the address the invitation is sent to.")
        if self.send_by == BY_LETTER and not self.address.strip():
            errors["address"] = _("Postal address: write where the letter is sent.")
        if self.reply == rules.STAND_IN and not self.stand_in.strip():
            errors["stand_in"] = _("Attending in their place: write the stand-in's name.")
        elif self.reply != rules.STAND_IN and self.stand_in.strip():
            errors["stand_in"] = _(
                "Attending in their place: choose the reply “Someone attends in their place”."
            )
        if errors:
            raise ValidationError(errors)


def _remember_ceremony(sender, instance, history_instance, **kwargs):
    """Each state of an invitation, its removal too, names the invitation's ceremony."""
    if isinstance(instance, Invitation):
        history_instance.ceremony_ref = instance.ceremony_id


pre_create_historical_record.connect(_remember_ceremony, dispatch_uid="events_invitation_ceremony")
