"""The correspondence register (issue 13).

Field names map to the e-Yazışma Ustveri one to one, so archive/eyazisma can read and
write a record without a lookup table:

=====================  ==========================================
Correspondence field   e-Yazışma (Teknik Rehber 2.x)
=====================  ==========================================
number / number_date   NihaiUstveri BelgeNo / Tarih (the Sayı)
subject                Konu
sdp_code, other_sdp…   SdpBilgisi AnaSdp / DigerSdpler
confidentiality        GuvenlikKodu (`guvenlik_kodu`: YOK/HZO/GZL/CGZ)
urgency, urgency_date  Ivedilik (NRM/ACL/GNL); GÜNLÜDÜR's date → Miat
party_detsis/party_kep DagitimListesi KurumKurulus KKK / KEP adresi
recipients             DagitimListesi (DagitimTuru GRG/BLG)
references             Ilgiler
attachments            Ekler (DED file / HRF link / FZK physical)
=====================  ==========================================

The record's content is approved through the "Müdür onayı" workflow and kept in Wagtail
revisions and django-simple-history. The process (numbers, status, cancelling) moves only
through the functions in `numbering.py` and `Correspondence.move_to()`, which set
`_process_change`; any other save (the edit form, a history restore, a script) keeps the
process fields as stored, so reverting the text never rewinds the register.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)

from cms.confidentiality import Confidential, ConfidentialQuerySet, register_access_log
from cms.models import WAGTAIL_FIELDS
from cms.storage import private_storage

from . import rules

validate_sdp = RegexValidator(
    rules.SDP_CODE_RE, _("Standard File Plan code: use the form 010.03 (digits and dots).")
)
validate_detsis = RegexValidator(rules.DETSIS_RE, _("DETSİS number: eight digits."))


def validate_tc_kimlik(value):
    if value and not rules.tc_kimlik_valid(value):
        raise ValidationError(_("TC identity number: not a valid number (checksum)."))


class SdpCode(models.Model):
    """A Standard File Plan (Standart Dosya Planı) code the office files under."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[validate_sdp])
    title = models.CharField(_("title"), max_length=250)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("file plan code")
        verbose_name_plural = _("file plan codes")

    def __str__(self):
        return f"{self.code} {self.title}"


class Purpose(models.TextChoices):
    """DagitimTuru: for action or for information."""

    ACTION = "GRG", _("for action (gereği)")
    INFORMATION = "BLG", _("for information (bilgi)")


class DistributionGroup(ClusterableModel):
    """A reusable list of recipients ("Büyükşehir ilçe belediye başkanları")."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("distribution group")
        verbose_name_plural = _("distribution groups")

    def __str__(self):
        return self.name


class Addressee(models.Model):
    """Who a letter goes to: an institution (DETSİS, KEP) or a person."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or office"), max_length=200, blank=True)
    detsis = models.CharField(
        _("DETSİS number"), max_length=8, blank=True, validators=[validate_detsis]
    )
    kep = models.EmailField(_("KEP address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    purpose = models.CharField(
        _("distribution"), max_length=3, choices=Purpose.choices, default=Purpose.ACTION
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.title} {self.name}".strip()


class DistributionGroupMember(Orderable, Addressee):
    group = ParentalKey(DistributionGroup, related_name="members", on_delete=models.CASCADE)


class Direction(models.TextChoices):
    INCOMING = "gelen", _("incoming")
    OUTGOING = "giden", _("outgoing")
    INTERNAL = "ic", _("internal")


class Kind(models.TextChoices):
    OFFICIAL = "resmi_yazi", _("official letter")
    PETITION = "dilekce", _("petition")
    INFORMATION_REQUEST = "bilgi_edinme", _("information request (4982)")
    CIMER = "cimer", _("CİMER application")
    HIM = "him", _("HİM / Alo 153")
    CALL_CENTRE = "cagri_merkezi", _("call centre")
    INVITATION = "davet", _("invitation")
    CONGRATULATION = "tebrik", _("congratulation")
    THANKS = "tesekkur", _("thanks")
    CONDOLENCE = "taziye", _("condolence")
    PRESS_REQUEST = "basin_talebi", _("press request")
    OTHER = "diger", _("other")


# 3071 md. 7 applies to petitions and to complaints and requests however they arrive.
PETITION_KINDS = {Kind.PETITION, Kind.CIMER, Kind.HIM, Kind.CALL_CENTRE}


class Channel(models.TextChoices):
    EYAZISMA = "eyazisma", _("e-Yazışma / EBYS")
    KEP = "kep", _("KEP")
    POST = "posta", _("post")
    HAND = "elden", _("by hand")
    EMAIL = "eposta", _("e-mail")
    PHONE = "telefon", _("phone")
    WEB_FORM = "web", _("web form")
    MOBILE = "mobil", _("mobile application")
    SOCIAL = "sosyal", _("social media")
    TELEGRAM = "telgraf", _("telegram")
    CIMER = "cimer", _("CİMER")


class PartyKind(models.TextChoices):
    INSTITUTION = "kurum", _("institution")
    PERSON = "kisi", _("person")


class Urgency(models.TextChoices):
    """Ivedilik as the regulation prints it."""

    NORMAL = "NRM", _("normal")
    URGENT = "ACL", _("ACELE")
    DATED = "GNL", _("GÜNLÜDÜR")


class Status(models.TextChoices):
    REGISTERED = "kayit", _("registered")
    ROUTED = "havale", _("routed")
    IN_PROGRESS = "islemde", _("in progress")
    ANSWERED = "cevaplandi", _("answered")
    FILED = "dosyalandi", _("filed")
    CANCELLED = "iptal", _("cancelled")
    # A Bilgi Edinme request whose copying cost was not paid in time is closed, not
    # answered (4982 md. 11 with its regulation): a status of its own, so the register
    # shows why it closed and the history keeps who closed it.
    FEE_UNPAID = "ucret", _("copying cost not paid")


# Where a record may go from each status (iptal needs a reason; nothing leaves iptal or
# dosyalandı: a filed record is closed, a cancelled one stays cancelled).
TRANSITIONS = {
    Status.REGISTERED: {
        Status.ROUTED,
        Status.IN_PROGRESS,
        Status.ANSWERED,
        Status.FILED,
        Status.FEE_UNPAID,
    },
    Status.ROUTED: {Status.IN_PROGRESS, Status.ANSWERED, Status.FILED, Status.FEE_UNPAID},
    Status.IN_PROGRESS: {Status.ANSWERED, Status.FILED, Status.FEE_UNPAID},
    Status.ANSWERED: {Status.FILED},
    Status.FILED: set(),
    Status.CANCELLED: set(),
    Status.FEE_UNPAID: set(),
}
for _targets in TRANSITIONS.values():
    if _targets:
        _targets.add(Status.CANCELLED)
OPEN_STATUSES = [Status.REGISTERED, Status.ROUTED, Status.IN_PROGRESS]

# Fields only the register's own steps write (see the module docstring).
PROCESS_FIELDS = [
    "number",
    "number_date",
    "number_year",
    "register_number",
    "status",
    "cancel_reason",
    "owner",
    "created_at",
    "belge_id",
    "verification_code",
    "source",
]


class CorrespondenceQuerySet(ConfidentialQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def needing_attention(self, today):
        """Open records with an answer date overdue or within DUE_SOON_WORKING_DAYS."""
        from cms import workdays

        horizon = workdays.add_working_days(today, rules.DUE_SOON_WORKING_DAYS)
        return self.open().filter(answer_due__lte=horizon).order_by("answer_due", "pk")

    def unpaid_fees(self):
        """Open information requests whose applicant was told of a copying cost and has
        not paid it (4982 md. 11): they have no answer date while it runs."""
        return self.open().filter(
            kind=Kind.INFORMATION_REQUEST, fee_notice_on__isnull=False, fee_paid_on__isnull=True
        )

    def attention_rows(self, today):
        """What must be done by when, soonest first: the answer dates overdue or within
        DUE_SOON_WORKING_DAYS, and the copying costs to be paid by then (once that day has
        passed unpaid, the request may be closed). Rows: record, what ("answer" or
        "fee"), deadline (as `Correspondence.deadline_row`)."""
        from cms import workdays

        horizon = workdays.add_working_days(today, rules.DUE_SOON_WORKING_DAYS)
        rows = [
            {"record": record, "what": "answer", "deadline": record.deadline_row(today)}
            for record in self.needing_attention(today)
        ]
        # The pay-by date is counted from the notice in working days, so a notice after
        # the horizon cannot fall due before it.
        for record in self.unpaid_fees().filter(fee_notice_on__lte=horizon):
            fee = record.fee_row(today)
            if fee["due"] <= horizon:
                rows.append({"record": record, "what": "fee", "deadline": fee})
        return sorted(rows, key=lambda row: (row["deadline"]["due"], row["record"].pk))


class Correspondence(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    Confidential,
    ClusterableModel,
):
    """One registered document: incoming, outgoing or internal."""

    direction = models.CharField(
        _("direction"), max_length=5, choices=Direction.choices, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICIAL)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    # -- numbers (process fields)
    number = models.CharField(
        _("number (Sayı)"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("Given when the Müdür approves; drafts show “Sayı onayda verilir”."),
    )
    number_date = models.DateField(_("date"), null=True, blank=True)
    # With a yearly reset the same Sayı comes back each year; the year keeps it unique.
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    register_number = models.CharField(
        _("register number"), max_length=20, blank=True, db_index=True
    )

    # -- the sender's own reference (incoming)
    sender_number = models.CharField(_("sender's number"), max_length=80, blank=True)
    sender_date = models.DateField(_("sender's date"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)

    # -- the other party: sender of an incoming, addressee of an outgoing document
    party_kind = models.CharField(
        _("sender or addressee is"),
        max_length=5,
        choices=PartyKind.choices,
        default=PartyKind.INSTITUTION,
    )
    party_name = models.CharField(_("institution or person"), max_length=250)
    party_detsis = models.CharField(
        _("DETSİS number"), max_length=8, blank=True, validators=[validate_detsis]
    )
    party_kep = models.EmailField(_("KEP address"), blank=True)
    party_tc_kimlik = models.CharField(
        _("TC identity number"),
        max_length=11,
        blank=True,
        validators=[validate_tc_kimlik],
        help_text=_("Optional. Shown masked in lists and exports."),
    )
    party_email = models.EmailField(_("e-mail"), blank=True)
    party_address = models.TextField(_("postal address"), blank=True)

    # -- content
    subject = models.CharField(_("subject (Konu)"), max_length=300)
    sdp_code = models.ForeignKey(
        SdpCode,
        verbose_name=_("file plan code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Required before approval."),
    )
    other_sdp_codes = ParentalManyToManyField(
        SdpCode, verbose_name=_("further file plan codes"), blank=True, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("text of the letter"), blank=True, help_text=_("For outgoing letters.")
    )
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)

    urgency = models.CharField(
        _("urgency"), max_length=3, choices=Urgency.choices, default=Urgency.NORMAL
    )
    urgency_date = models.DateField(
        _("GÜNLÜDÜR date"), null=True, blank=True, help_text=_("Only for GÜNLÜDÜR documents.")
    )

    # -- deadlines (incoming)
    extended = models.BooleanField(
        _("period extended (4982 md. 11/2)"),
        default=False,
        help_text=_("The applicant was told in writing within 15 working days."),
    )
    fee_notice_on = models.DateField(_("copying-cost notice sent on"), null=True, blank=True)
    fee_paid_on = models.DateField(_("copying cost paid on"), null=True, blank=True)
    due_on = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Set a date earlier than the law's.")
    )
    answer_due = models.DateField(_("answer due"), null=True, blank=True, db_index=True)

    # -- threads
    references = ParentalManyToManyField(
        "self",
        verbose_name=_("references (İlgi)"),
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
    )
    answer_to = models.ForeignKey(
        "self",
        verbose_name=_("answers"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )

    # Letters made together from one template for a distribution group (bulk greetings):
    # approved together, their PDFs built in the background.
    batch = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    # A letter another app prints and sends through the one outgoing register
    # (cms.records): where it comes from, "press.denialnotice:42". One record per source.
    source = models.CharField(_("source"), max_length=80, blank=True, editable=False)

    # -- e-Yazışma: the BelgeId of the letter (ours given at approval, the sender's for an
    # imported package) and the code printed on an approved letter for /belge-dogrula/.
    belge_id = models.UUIDField(_("document id (BelgeId)"), null=True, blank=True, editable=False)
    verification_code = models.CharField(
        _("verification code"), max_length=19, blank=True, editable=False
    )

    # -- process
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.REGISTERED,
        db_index=True,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=WAGTAIL_FIELDS)
    # Parts with a history of their own, shown on the record's history screen.
    history_parts = ("routings",)
    objects = CorrespondenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondence")
        indexes = [
            models.Index(fields=["confidentiality", "-created_at"], name="archive_corr_level_idx"),
            # The list's order: the newest page is read from the index and the clearance
            # filter (most records pass it) checked row by row, not the whole table sorted.
            models.Index(fields=["-created_at", "-id"], name="archive_corr_created_idx"),
            # The clearance filter's count (the list's pagination) from the index alone.
            models.Index(
                fields=["confidentiality", "personal", "personal_to"],
                name="archive_corr_clearance_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "number_year"],
                condition=~models.Q(number=""),
                name="archive_corr_unique_number",
            ),
            models.UniqueConstraint(
                fields=["source"],
                condition=~models.Q(source=""),
                name="archive_corr_unique_source",
            ),
            models.UniqueConstraint(
                fields=["register_number"],
                condition=~models.Q(register_number=""),
                name="archive_corr_unique_register_number",
            ),
            models.UniqueConstraint(
                fields=["verification_code"],
                condition=~models.Q(verification_code=""),
                name="archive_corr_unique_verification_code",
            ),
            # One record per package: an outgoing letter's BelgeId, or an incoming
            # package's (importing the same package twice is refused).
            models.UniqueConstraint(
                fields=["direction", "belge_id"], name="archive_corr_unique_belge_id"
            ),
        ]

    def __str__(self):
        return f"{self.display_number}: {self.subject}"

    # -- numbers

    @property
    def is_outgoing(self):
        return self.direction in (Direction.OUTGOING, Direction.INTERNAL)

    @property
    def display_number(self):
        if self.is_outgoing:
            return self.number or gettext("Sayı onayda verilir")
        return self.register_number or "—"

    @property
    def masked_tc_kimlik(self):
        return rules.mask_tc_kimlik(self.party_tc_kimlik)

    # -- deadlines

    def legal_due(self):
        """The answer date the law and the sender set (None for outgoing records)."""
        if self.direction != Direction.INCOMING or self.received_on is None:
            return None
        half_day = settings.KALEM_HALF_DAY_IS_WORKING
        legal = None
        if self.kind == Kind.INFORMATION_REQUEST:
            legal = rules.information_request_due(
                self.received_on,
                extended=self.extended,
                fee_notice=self.fee_notice_on,
                fee_paid=self.fee_paid_on,
                half_day_is_working=half_day,
            )
        elif self.kind in PETITION_KINDS:
            legal = rules.petition_due(
                self.received_on, roll_forward=settings.KALEM_PETITION_PERIOD_MOVES_OFF_DAYS_OFF
            )
        dated = self.urgency_date if self.urgency == Urgency.DATED else None
        return rules.earliest(legal, dated, self.due_on)

    def fee_payment_due(self):
        """The pay-by date of a copying cost the applicant was told of and has not paid
        (None otherwise): while it runs the request has no answer date."""
        if self.kind != Kind.INFORMATION_REQUEST or not self.fee_notice_on or self.fee_paid_on:
            return None
        return rules.fee_payment_due(
            self.fee_notice_on, half_day_is_working=settings.KALEM_HALF_DAY_IS_WORKING
        )

    def fee_row(self, today=None):
        """The pay-by date as the card and the lists show it (open records only)."""
        if self.status not in OPEN_STATUSES:
            return None
        return _due_row(self.fee_payment_due(), today or timezone.localdate())

    def may_close_fee_unpaid(self, today=None):
        due = self.fee_payment_due()
        return due is not None and due < (today or timezone.localdate())

    def deadline_row(self, today=None):
        if self.status not in OPEN_STATUSES:
            return None
        return _due_row(self.answer_due, today or timezone.localdate())

    # -- validation

    def clean(self):
        super().clean()
        errors = {}
        if self.direction == Direction.INCOMING and self.received_on is None:
            errors["received_on"] = _("Received on: enter the day the document arrived.")
        if self.due_on and self.received_on and self.due_on < self.received_on:
            errors["due_on"] = _("Due date: cannot be before the day the document arrived.")
        if self.urgency == Urgency.DATED and self.urgency_date is None:
            errors["urgency_date"] = _("GÜNLÜDÜR date: a GÜNLÜDÜR document needs its date.")
        if self.urgency_date and self.received_on and self.urgency_date < self.received_on:
            errors["urgency_date"] = _(
                "GÜNLÜDÜR date: cannot be before the day the document arrived."
            )
        if self.fee_paid_on and not self.fee_notice_on:
            errors["fee_paid_on"] = _("Copying cost paid on: enter the notice date first.")
        if self.party_kind == PartyKind.INSTITUTION and self.party_tc_kimlik:
            errors["party_tc_kimlik"] = _(
                "TC identity number: only for a person, not for an institution."
            )
        if self.personal and not self.personal_to_id:
            errors["personal_to"] = _("Personal addressee: a Kişiye Özel record needs one.")
        if errors:
            raise ValidationError(errors)

    def check_ready_for_approval(self):
        """What approval (and the number it gives) needs; raised as form errors."""
        if self.is_outgoing and not self.sdp_code_id:
            raise ValidationError(
                {"sdp_code": _("File plan code: an outgoing letter needs one before approval.")}
            )

    # -- saving

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        process_change = self.__dict__.pop("_process_change", False)
        if self.pk and not process_change:
            self._keep_stored_process_fields(update_fields)
        if update_fields is not None and set(update_fields) <= set(WAGTAIL_FIELDS):
            self.skip_history_when_saving = True
        self.answer_due = self.legal_due()
        if update_fields is not None and "answer_due" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "answer_due"]
        try:
            with transaction.atomic():
                if self.pk is None and self.direction == Direction.INCOMING:
                    from .numbering import next_incoming_number

                    self.register_number = self.register_number or next_incoming_number()
                super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)

    def _keep_stored_process_fields(self, update_fields):
        stored = type(self)._default_manager.filter(pk=self.pk).values(*_process_attnames()).first()
        if stored is None:
            return
        for attname, value in stored.items():
            setattr(self, attname, value)

    def save_process(self, *fields):
        """Save a change of the process (numbers, status) made by the register's steps."""
        self._process_change = True
        self.save(update_fields=[*fields])

    def delete(self, *args, **kwargs):
        if self.number or self.register_number:
            raise ValidationError(
                gettext("A numbered record is never deleted; cancel it with a reason.")
            )
        return super().delete(*args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # A revision holds the content; the process is where the record stands now.
        for attname in _process_attnames():
            setattr(obj, attname, getattr(self, attname))
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Publishing is the Müdür's approval: an outgoing letter gets its number now."""
        from .numbering import assign_outgoing_number

        with transaction.atomic():
            result = super().publish(revision, user=user, **kwargs)
            if self.is_outgoing:
                assign_outgoing_number(self.pk, user=user)
        return result

    # -- status

    def allowed_moves(self, today=None):
        moves = TRANSITIONS[Status(self.status)]
        if Status.FEE_UNPAID in moves and not self.may_close_fee_unpaid(today):
            moves = moves - {Status.FEE_UNPAID}
        return moves

    def _fee_unpaid_refusal(self):
        due = self.fee_payment_due()
        if due is None:
            return gettext(
                "Status: only a Bilgi Edinme request told of a copying cost it has not paid "
                "can be closed as “copying cost not paid”."
            )
        return gettext(
            "Status: the copying cost can be paid until %(date)s; the request can be closed "
            "as unpaid after that day."
        ) % {"date": date_format(due, "j F Y")}

    def move_to(self, status, *, user=None, reason=""):
        status = Status(status)
        fee_move = status == Status.FEE_UNPAID and status in TRANSITIONS[Status(self.status)]
        if fee_move and not self.may_close_fee_unpaid():
            raise ValidationError({"status": self._fee_unpaid_refusal()})
        if status not in self.allowed_moves():
            raise ValidationError(
                {
                    "status": gettext("Status: this record cannot move to “%(status)s”.")
                    % {"status": status.label}
                }
            )
        if status == Status.CANCELLED and not reason.strip():
            raise ValidationError(
                {"cancel_reason": gettext("Reason for cancelling: enter why it is cancelled.")}
            )
        self.status = status
        self.cancel_reason = reason.strip() if status == Status.CANCELLED else self.cancel_reason
        self._history_user = user
        self.save_process("status", "cancel_reason")


def _due_row(due, today):
    if due is None:
        return None
    left = rules.working_days_left(due, today)
    return {
        "due": due,
        "days_left": left,
        "days_overdue": -left,
        "state": rules.deadline_state(due, today).value,
    }


def _process_attnames():
    return [Correspondence._meta.get_field(name).attname for name in PROCESS_FIELDS]


class Recipient(Orderable, Addressee):
    """Dağıtım of one record: each addressee for action or for information."""

    correspondence = ParentalKey(
        Correspondence, related_name="recipients", on_delete=models.CASCADE
    )
    group = models.ForeignKey(
        DistributionGroup,
        verbose_name=_("from group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class AttachmentKind(models.TextChoices):
    """Ekler EkTuru."""

    FILE = "DED", _("electronic file")
    LINK = "HRF", _("link")
    PHYSICAL = "FZK", _("physical item")


# Labels of the files Kalem keeps itself on a record, not enclosures of the letter: the
# issued letter's PDF (bulk.py, packages.py) and an imported e-Yazışma package.
LETTER_LABEL = "YAZI"
PACKAGE_LABEL = "EYP"
OWN_LABELS = (LETTER_LABEL, PACKAGE_LABEL)


def attachment_path(attachment, filename):
    record, label, version = attachment.correspondence_id, attachment.label, attachment.version
    return f"correspondence/{record}/{label}-v{version}-{filename}"


class PackageSignature(models.TextChoices):
    """What Kalem could establish about who sent an imported e-Yazışma package."""

    # Its e-signature or e-seal was intact and led to an installed root certificate.
    VERIFIED = "verified", _("signature verified")
    # Signed or sealed, intact, but not traced to an installed root (none installed, or
    # another hierarchy), or in a form Kalem cannot check (signatures.Status.UNCHECKED):
    # who signed is what the certificate says, unconfirmed.
    UNTRUSTED = "untrusted", _("signature not verified (signed)")
    # Neither an e-signature nor an e-seal.
    UNSIGNED = "unsigned", _("signature not verified (unsigned)")


class Attachment(models.Model):
    """One version of one attachment (EK). A new upload under the same label is a new
    version; rows and files are never overwritten or deleted."""

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.PROTECT, related_name="attachments"
    )
    label = models.CharField(_("label"), max_length=40, help_text=_("For example EK-1."))
    kind = models.CharField(
        _("kind"), max_length=3, choices=AttachmentKind.choices, default=AttachmentKind.FILE
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, blank=True, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("web address"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # An imported e-Yazışma package ("EYP"): whether its signature was verified; blank
    # for every other file.
    package_signature = models.CharField(
        _("package signature"),
        max_length=10,
        choices=PackageSignature.choices,
        blank=True,
        editable=False,
    )
    # The approved revision a letter PDF ("YAZI") was printed from: approved again after an
    # edit, the letter is printed anew as the next version (letters.issued_letter).
    issued_revision_id = models.PositiveIntegerField(
        _("printed from revision"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["label", "-version"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["correspondence", "label", "version"],
                name="archive_corr_attachment_version",
            )
        ]

    def __str__(self):
        return f"{self.label} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(gettext("An attachment version is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("An attachment version is never deleted."))


class Routing(models.Model):
    """One havale step: who routed the record to whom, when, why, and when it was read.
    A routing to someone on leave goes to their stand-in, with `on_behalf_of` kept.
    Every state is kept (`history`): a routing moved by a handover or read later still
    shows whom it went to first; the record's history screen lists them
    (`history_parts`). Changed only through its steps, never restored."""

    history_restorable = False

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.PROTECT, related_name="routings"
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("routed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("routed to"),
        on_delete=models.PROTECT,
        related_name="correspondence_routings",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("as stand-in for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(
        _("for"), max_length=3, choices=Purpose.choices, default=Purpose.ACTION
    )
    note = models.TextField(_("note"), blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("routed at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        indexes = [models.Index(fields=["to_user", "done_at"], name="archive_routing_holder_idx")]

    def __str__(self):
        return f"{self.correspondence} → {self.to_user}"


class StandIn(models.Model):
    """Vekalet: while `user` is on leave, routings to them go to `stand_in`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="stand_ins",
    )
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stand-in"),
        on_delete=models.CASCADE,
        related_name="standing_in_for",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("stand-in")
        verbose_name_plural = _("stand-ins")

    def __str__(self):
        return f"{self.user} → {self.stand_in}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Until: cannot be before the first day.")})
        if self.user_id and self.user_id == self.stand_in_id:
            raise ValidationError({"stand_in": _("Stand-in: choose someone else.")})


class NumberCounter(models.Model):
    """The last number drawn for each counter key ("E", "E-2026", "G-2026"); locked with
    SELECT … FOR UPDATE while a number is drawn, so numbers have no gaps or duplicates."""

    key = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.last}"


class AccessLog(models.Model):
    """Every view of a Gizli or Çok Gizli record; only the Müdür reads it."""

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.PROTECT, related_name="access_log"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    what = models.CharField(max_length=100)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.what}"

    @classmethod
    def write(cls, user, records, access, **details):
        cls.objects.bulk_create(
            cls(correspondence=record, user=user, what=access.value) for record in records
        )


register_access_log(Correspondence, AccessLog.write)


class LetterFailure(models.Model):
    """A letter of a bulk batch whose PDF could not be built, and why: shown on the
    batch's progress screen until a later attempt builds it."""

    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.CASCADE, related_name="letter_failures"
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("letter that failed")
        verbose_name_plural = _("letters that failed")

    def __str__(self):
        return f"{self.correspondence_id}: {self.reason[:60]}"
