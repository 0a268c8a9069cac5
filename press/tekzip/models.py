"""Denial notices (*tekzip*, in the statutes *cevap ve düzeltme*: the right of reply) the office
sends to an outlet's responsible manager, with their status flow, legal deadlines
(`press.tekzip.rules`), transition log, generated letters and reminder log.

The content of a notice (the item answered and the reply) is approved through the "Müdür onayı"
workflow and kept in Wagtail revisions and django-simple-history. The process (sending,
publication, court) moves only through `DenialNotice.transition()`, which writes a
`DenialNoticeTransition`; those fields stay out of revisions and of the restorable history so
that reverting the text can never rewind the process.
"""

from html import unescape

import nh3
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, ProtectedError
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.fields import RichTextField
from wagtail.locks import BaseLock
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)

from cms.models import WAGTAIL_FIELDS, private_file_field
from cms.text import format_date
from press.tekzip import rules
from press.tekzip.rules import Status

PROOF_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "tif", "tiff", "eml", "xml", "zip"]
SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp", "tif", "tiff"]

# What nh3 keeps of the reply: what the rich text editor's features produce.
REPLY_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a"}
REPLY_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
REPLY_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class TekzipMedium(models.TextChoices):
    DAILY = rules.Medium.DAILY.value, _("daily periodical")
    PERIODICAL = rules.Medium.PERIODICAL.value, _("other periodical")
    INTERNET = rules.Medium.INTERNET.value, _("internet news site")
    BROADCAST = rules.Medium.BROADCAST.value, _("radio / television")


class NoticeStatus(models.TextChoices):
    DRAFT = Status.DRAFT.value, _("draft")
    PENDING = Status.PENDING.value, _("awaiting approval")
    APPROVED = Status.APPROVED.value, _("approved")
    SENT = Status.SENT.value, _("sent")
    PUBLISHED = Status.PUBLISHED.value, _("published")
    NOT_PUBLISHED = Status.NOT_PUBLISHED.value, _("not published")
    COURT = Status.COURT.value, _("applied to court")
    CONCLUDED = Status.CONCLUDED.value, _("concluded")
    WITHDRAWN = Status.WITHDRAWN.value, _("withdrawn")


class DeliveryMethod(models.TextChoices):
    KEP = "kep", _("KEP (registered e-mail)")
    REGISTERED_MAIL = "registered_mail", _("registered mail with return receipt")
    EMAIL = "email", _("e-mail")
    HAND = "hand", _("hand delivery")


# Fields only transitions write (see the module docstring).
PROCESS_FIELDS = [
    "status",
    "delivery_method",
    "delivered_on",
    "delivery_proof",
    "reply_published_on",
    "published_improperly",
    "applied_to_judge_on",
    "court_result",
    "withdrawal_reason",
    "withdrawn_at",
    "letter_year",
    "letter_sequence",
    "owner",
    "created_at",
]


class DenialNoticeQuerySet(models.QuerySet):
    def _review_states(self):
        content_type = ContentType.objects.get_for_model(self.model)
        return WorkflowState.objects.filter(
            base_content_type=content_type, status=WorkflowState.STATUS_IN_PROGRESS
        )

    def in_review(self):
        """Notices with a workflow in progress ("awaiting approval")."""
        ids = self._review_states().values_list("object_id", flat=True)
        return self.filter(pk__in=[int(pk) for pk in ids])

    def with_review_flag(self):
        """Annotate `in_review_flag`, so listings show "awaiting approval" without N+1."""
        states = self._review_states().filter(
            object_id=Cast(OuterRef("pk"), models.CharField(max_length=255))
        )
        return self.annotate(in_review_flag=Exists(states))

    def open(self):
        """Notices that still have a deadline to watch."""
        return self.exclude(status__in=[Status.CONCLUDED, Status.WITHDRAWN])

    def with_status(self, status):
        """Filter by the status staff see, "awaiting approval" included."""
        if status == Status.PENDING:
            return self.filter(status=Status.DRAFT) & self.in_review()
        if status == Status.DRAFT:
            return self.filter(status=Status.DRAFT).exclude(pk__in=self.in_review())
        return self.filter(status=status)

    def needing_attention(self, today):
        """Open notices whose next deadline is overdue or within REMIND_WITHIN_DAYS."""
        notices = list(self.open().select_related("outlet"))
        return [n for n in notices if rules.needs_reminder(n.next_deadline(today), today)]


def legal_reading():
    """The office's reading of the open points of the tekzip statutes (docs/legal.md)."""
    overrides = getattr(settings, "KALEM_TEKZIP_READING", {}) or {}
    try:
        return rules.Reading(**overrides)
    except TypeError as error:
        raise ImproperlyConfigured(
            f"KALEM_TEKZIP_READING accepts {sorted(rules.Reading.__dataclass_fields__)}: {error}"
        ) from None


def deadline_row(deadline, today):
    """What screens and e-mails show of a deadline: the date, days left and its state."""
    left = rules.days_left(deadline, today)
    return {
        "deadline": deadline,
        "days_left": left,
        "days_overdue": -left,
        "state": rules.deadline_state(deadline, today).value,
    }


class SentLock(BaseLock):
    """The text of a sent notice is what the outlet received: nobody changes it."""

    def for_user(self, user):
        return True

    def get_message(self, user):
        return gettext("This notice was sent; its text can no longer be changed.")

    def get_locked_by(self, user):
        return gettext("Sent")

    def get_description(self, user):
        return gettext("A sent notice can only move on in its process or be withdrawn.")


class DenialNotice(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A tekzip notice: the item it answers, the reply, and where its process stands."""

    # -- the item answered
    outlet = models.ForeignKey(
        "press.MediaOutlet",
        verbose_name=_("media outlet"),
        on_delete=models.PROTECT,
        related_name="denial_notices",
    )
    clipping = models.ForeignKey(
        "press.PressClipping",
        verbose_name=_("press clipping"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="denial_notices",
    )
    medium = models.CharField(
        _("medium"),
        max_length=20,
        choices=TekzipMedium.choices,
        blank=True,
        help_text=_("Decides the legal periods. Filled from the outlet's kind when left empty."),
    )
    published_at = models.DateTimeField(_("published at"))
    title = models.CharField(_("title of the item"), max_length=300)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    scan = private_file_field(
        _("scanned copy"), "press/tekzip/items/%Y/%m/", extensions=SCAN_EXTENSIONS
    )
    passage = models.TextField(_("passage objected to"))
    original_lines = models.PositiveIntegerField(
        _("length of the item (lines)"),
        null=True,
        blank=True,
        help_text=_("The reply may not be longer (at least 30 lines for a short item)."),
    )
    original_is_picture = models.BooleanField(_("the item is a picture or cartoon"), default=False)
    next_issue = models.DateField(
        _("next issue"),
        null=True,
        blank=True,
        help_text=_("For periodicals without a recorded rhythm: date of the next issue."),
    )

    # -- the reply
    reply = RichTextField(_("reply and correction text"), features=REPLY_FEATURES)
    addressee = models.CharField(
        _("addressee"),
        max_length=200,
        blank=True,
        help_text=_("The outlet's responsible manager; filled from the outlet when left empty."),
    )
    signatory_name = models.CharField(_("signatory"), max_length=150)
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    enclosures = models.TextField(
        _("enclosures"), blank=True, help_text=_("One enclosure (EK) per line.")
    )

    # -- the process (see PROCESS_FIELDS)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
        db_index=True,
    )
    delivery_method = models.CharField(
        _("sent by"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_proof = private_file_field(
        _("proof of delivery"), "press/tekzip/proofs/%Y/%m/", extensions=PROOF_EXTENSIONS
    )
    reply_published_on = models.DateField(_("reply published on"), null=True, blank=True)
    published_improperly = models.BooleanField(_("published against the rules"), default=False)
    applied_to_judge_on = models.DateField(_("applied to the judge on"), null=True, blank=True)
    court_result = models.TextField(_("court decision"), blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    letter_year = models.PositiveSmallIntegerField(_("letter year"), null=True, blank=True)
    letter_sequence = models.PositiveIntegerField(_("letter running number"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=[*WAGTAIL_FIELDS, *PROCESS_FIELDS])
    objects = DenialNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("denial notice")
        verbose_name_plural = _("denial notices")
        constraints = [
            models.UniqueConstraint(
                fields=["letter_year", "letter_sequence"], name="press_tekzip_unique_letter_number"
            )
        ]

    def __str__(self):
        return f"{self.outlet}: {self.title}"

    # -- validation and saving

    def save(self, *args, **kwargs):
        self.reply = nh3.clean(self.reply or "", tags=REPLY_TAGS, attributes=REPLY_ATTRIBUTES)
        update_fields = kwargs.get("update_fields")
        if update_fields is None and self.pk and self.status in rules.SENT_OR_LATER:
            self._refuse_changed_text()
        # Wagtail saves its bookkeeping on its own (latest revision, locks); that is not a
        # change of the notice and would only add empty versions to its history.
        if update_fields is not None and set(update_fields) <= set(WAGTAIL_FIELDS):
            self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)

    def _refuse_changed_text(self):
        """The outlet received this text: no path (admin, history restore, script) changes it."""
        skip = {"id", *WAGTAIL_FIELDS, *PROCESS_FIELDS}
        names = [f.attname for f in self._meta.concrete_fields if f.name not in skip]
        stored = type(self).objects.filter(pk=self.pk).values(*names).first()
        if stored and any(stored[name] != getattr(self, name) for name in names):
            raise PermissionDenied(
                gettext("This notice was sent; its text can no longer be changed.")
            )

    def delete(self, *args, **kwargs):
        if not rules.may_delete(self.status):
            raise ProtectedError(gettext("A sent denial notice cannot be deleted."), {self})
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        outlet = self.outlet if self.outlet_id else None
        if self.clipping_id and not self.title:
            self.title = self.clipping.headline
        if outlet and not self.medium and outlet.tekzip_medium:
            self.medium = outlet.tekzip_medium.value
        if outlet and not self.addressee.strip():
            self.addressee = outlet.responsible_manager
        if not self.medium:
            errors["medium"] = _("Medium: choose the kind of outlet; it decides the periods.")
        if not self.addressee.strip():
            errors["addressee"] = _(
                "Addressee: the outlet has no responsible manager on record; enter the addressee."
            )
        if self.published_at and self.published_at > timezone.now():
            errors["published_at"] = _("Published at: the date cannot be in the future.")
        if self.original_lines is not None and self.reply:
            lines = rules.count_lines(self.reply_text)
            allowed = rules.max_reply_lines(self.original_lines, self.original_is_picture)
            if lines > allowed:
                errors["reply"] = _(
                    "Reply: %(lines)d lines, but the law (5187 md. 14/2) allows at most "
                    "%(allowed)d lines for this item."
                ) % {"lines": lines, "allowed": allowed}
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # A revision holds the text; the process is where the record stands now.
        for name in PROCESS_FIELDS:
            field = self._meta.get_field(name)
            setattr(obj, field.attname, getattr(self, field.attname))
        return obj

    def get_lock(self):
        if self.status in rules.SENT_OR_LATER:
            return SentLock(self)
        return super().get_lock()

    def publish(self, revision, user=None, **kwargs):
        """Publishing is the Müdür's approval: a draft becomes approved."""
        result = super().publish(revision, user=user, **kwargs)
        current = type(self).objects.get(pk=self.pk)
        if current.status == Status.DRAFT:
            current.transition(Status.APPROVED, user=user, check=False)
        return result

    # -- the status flow

    @property
    def reply_text(self):
        """The reply as plain text, paragraph per line, for counting lines and letters."""
        html = (self.reply or "").replace("</p>", "</p>\n").replace("<br/>", "\n")
        return unescape(strip_tags(html.replace("<br>", "\n"))).strip()

    @property
    def current_status(self):
        """The status staff see: a draft in the workflow is "awaiting approval"."""
        if self.status != Status.DRAFT:
            return Status(self.status)
        in_review = getattr(self, "in_review_flag", None)
        if in_review is None:
            in_review = self.workflow_in_progress
        if in_review:
            return Status.PENDING
        return Status(self.status)

    def get_current_status_display(self):
        return NoticeStatus(self.current_status).label

    def allowed_transitions(self):
        return rules.TRANSITIONS[self.current_status]

    @transaction.atomic
    def transition(self, target, *, user=None, note="", check=True, **fields):
        """Move to `target`, setting `fields`, and log who did it; refuse a move the flow
        does not allow with a Turkish message."""
        target = Status(target)
        # Re-read the status under a row lock: two clicks at once must not both pass the check.
        self.status = (
            type(self).objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        )
        current = self.current_status
        if check and not rules.can_transition(current, target):
            raise ValidationError(
                gettext("A notice that is “%(current)s” cannot become “%(target)s”.")
                % {"current": NoticeStatus(current).label, "target": NoticeStatus(target).label}
            )
        for name, value in fields.items():
            setattr(self, name, value)
        self.status = target
        if target == Status.WITHDRAWN:
            self.withdrawn_at = timezone.now()
        self.save(update_fields=["status", "withdrawn_at", *fields])
        return DenialNoticeTransition.objects.create(
            notice=self, from_status=current, to_status=target, user=user, note=note
        )

    # -- deadlines

    def deadlines(self):
        """Every deadline that applies to the notice now (press.tekzip.rules.deadlines)."""
        if not self.medium or not self.published_at:
            return []
        published = timezone.localdate(self.published_at)
        kwargs = {
            "received": self.delivered_on,
            "reply_published": self.reply_published_on,
            "improper_publication": (
                self.reply_published_on if self.published_improperly else None
            ),
            "applied_to_judge": self.applied_to_judge_on,
            "next_issue": self.next_issue,
            "interval_days": self.outlet.rhythm_days if self.outlet_id else None,
        }
        reading = legal_reading()
        try:
            return rules.deadlines(published, self.medium, reading=reading, **kwargs)
        except ValueError:
            # A periodical with neither its rhythm nor its next issue recorded: the
            # publication period cannot be counted, the sending period still can.
            return rules.deadlines(published, self.medium, reading=reading)

    def next_deadline(self, today=None):
        today = today or timezone.localdate()
        return rules.next_deadline(self.deadlines(), self.status, today)

    def deadline_rows(self, today=None):
        """Every deadline with its days left and state, for the detail view."""
        today = today or timezone.localdate()
        return [deadline_row(deadline, today) for deadline in self.deadlines()]

    @property
    def letter_number(self):
        """The Sayı of the notice's letters (the register's outgoing number), once one was
        generated. (`letter_year`/`letter_sequence` hold the tekzip's own sequence of the
        letters made before the one outgoing register; new letters leave them empty.)"""
        return self.letters.values_list("number", flat=True).first() or ""


class DenialNoticeTransition(models.Model):
    """One move of a notice in its status flow: from, to, who, when and why."""

    notice = models.ForeignKey(
        DenialNotice,
        verbose_name=_("denial notice"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=NoticeStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=NoticeStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.notice_id}: {self.from_status} → {self.to_status}"


def letter_path(letter, filename):
    return f"press/tekzip/letters/{letter.notice_id}/{filename}"


class DenialNoticeLetter(models.Model):
    """One generated PDF of a notice's letter. Never overwritten: a new one is a new version."""

    notice = models.ForeignKey(
        DenialNotice,
        verbose_name=_("denial notice"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    version = models.PositiveIntegerField(_("version"))
    number = models.CharField(_("number"), max_length=60)
    file = private_file_field(_("file"), letter_path, blank=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["notice", "-version"]
        verbose_name = _("denial notice letter")
        verbose_name_plural = _("denial notice letters")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "version"], name="press_tekzip_unique_letter_version"
            )
        ]

    def __str__(self):
        return f"{self.number} v{self.version}"


class DenialNoticeReminder(models.Model):
    """A reminder e-mail sent about a notice on a day: at most one per notice and day."""

    notice = models.ForeignKey(
        DenialNotice,
        verbose_name=_("denial notice"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    day = models.DateField(_("day"))
    recipients = models.TextField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("tekzip reminder")
        verbose_name_plural = _("tekzip reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "day"], name="press_tekzip_one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.notice_id} {format_date(self.day)}"


__all__ = [
    "deadline_row",
    "DeliveryMethod",
    "DenialNotice",
    "DenialNoticeLetter",
    "DenialNoticeReminder",
    "DenialNoticeTransition",
    "NoticeStatus",
    "TekzipMedium",
]
