"""Archived documents, their file versions, retention rules, holds and the disposal and
transfer lists (issue 15).

A document's status moves only through `ArchivedDocument.move_to()` (called by
`disposal.py`); any other save (the edit form, a history restore, a script) keeps the
status as stored, so restoring an old version never brings back a destroyed document.
Stored files are never overwritten or deleted in place: a new upload is a new
`DocumentFileVersion`; only `disposal.destroy_files()` removes a file.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.models import RevisionMixin
from wagtail.search import index

from archive.correspondence.models import Correspondence, SdpCode
from cms.confidentiality import (
    Access,
    Confidential,
    ConfidentialQuerySet,
    register_access_log,
    visible_to,
)
from cms.models import WAGTAIL_FIELDS
from cms.storage import private_storage

from . import rules


class Outcome(models.TextChoices):
    DISPOSE = rules.Outcome.DISPOSE, _("disposal (imha)")
    TRANSFER = rules.Outcome.TRANSFER, _("transfer to the State Archives")
    REVIEW = rules.Outcome.REVIEW, _("to be assessed (değerlendirilecek)")


class RetentionRule(models.Model):
    """The saklama planı line of one file plan code: years in the unit archive, years in
    the institution archive, and what happens after. Edited by the archivist."""

    sdp_code = models.OneToOneField(
        SdpCode,
        verbose_name=_("file plan code"),
        on_delete=models.PROTECT,
        related_name="retention_rule",
    )
    unit_years = models.PositiveSmallIntegerField(_("years in the unit archive"))
    institution_years = models.PositiveSmallIntegerField(_("years in the institution archive"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sdp_code__code"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return gettext("%(code)s: %(unit)d + %(institution)d years, %(outcome)s") % {
            "code": self.sdp_code.code,
            "unit": self.unit_years,
            "institution": self.institution_years,
            "outcome": self.get_outcome_display(),
        }


class Status(models.TextChoices):
    ACTIVE = "aktif", _("active")
    UNIT_ARCHIVE = "birim", _("in the unit archive")
    TRANSFERRED = "kurum", _("transferred to the institution archive")
    ON_DISPOSAL_LIST = "imha_listesi", _("on a disposal list")
    DESTROYED = "imha", _("destroyed")


class ArchivedDocumentQuerySet(ConfidentialQuerySet):
    def _open_holds(self):
        return Hold.objects.filter(lifted_at__isnull=True).values("document_id")

    def held(self):
        return self.filter(pk__in=self._open_holds())

    def not_held(self):
        # Not exclude(holds__lifted_at__isnull=True): that also drops documents that
        # never had a hold (the join gives them a NULL too).
        return self.exclude(pk__in=self._open_holds())


class ArchivedDocument(RevisionMixin, Confidential, index.Indexed, ClusterableModel):
    """One filed document (or file of papers): its metadata, where the paper original
    sits, and an ordered list of file versions. After disposal the row stays as the
    tombstone: metadata, the SHA-256 of every destroyed version and the list."""

    title = models.CharField(_("title"), max_length=300)
    sdp_code = models.ForeignKey(
        SdpCode, verbose_name=_("file plan code"), on_delete=models.PROTECT, related_name="+"
    )
    other_sdp_codes = ParentalManyToManyField(
        SdpCode, verbose_name=_("further file plan codes"), blank=True, related_name="+"
    )
    keywords = models.CharField(
        _("subject keywords"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    document_date = models.DateField(_("document date"))
    closed_on = models.DateField(
        _("file closed on"),
        null=True,
        blank=True,
        help_text=_("Retention is counted from the closing of the file, not from the upload."),
    )
    origin = models.ForeignKey(
        Correspondence,
        verbose_name=_("from the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archived_documents",
    )
    building = models.CharField(_("building"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=50, blank=True)
    cabinet = models.CharField(_("cabinet"), max_length=50, blank=True)
    shelf = models.CharField(_("shelf"), max_length=50, blank=True)
    box = models.CharField(_("box"), max_length=50, blank=True)
    retention_rule = models.ForeignKey(
        RetentionRule,
        verbose_name=_("retention rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Left empty, the rule of the file plan code is used."),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # The extracted text of the latest version, for search (filled in the background).
    text = models.TextField(_("text"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    # Only fields the model has (simple_history looks each one up on restore); the text is
    # kept per file version, not in every history row.
    history = HistoricalRecords(excluded_fields=["latest_revision", "text"])
    objects = ArchivedDocumentQuerySet.as_manager()

    search_fields = [
        # Whole words only: with an AutocompleteField the admin list would search titles
        # alone (Wagtail autocompletes on those fields), never the text inside the files.
        index.SearchField("title", boost=3),
        index.SearchField("keywords", boost=2),
        index.SearchField("text"),
        index.FilterField("confidentiality"),
        index.FilterField("personal"),
        index.FilterField("personal_to"),
        index.FilterField("status"),
        index.FilterField("sdp_code"),
        index.FilterField("document_date"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["-document_date", "-pk"]
        verbose_name = _("archived document")
        verbose_name_plural = _("archived documents")
        permissions = [("dispose_archiveddocument", "Can propose disposal and transfer lists")]

    def __str__(self):
        return self.title

    # -- retention

    @property
    def rule(self):
        if self.retention_rule_id:
            return self.retention_rule
        return RetentionRule.objects.filter(sdp_code_id=self.sdp_code_id).first()

    @property
    def trigger_date(self):
        return self.closed_on or self.document_date

    def retention_ends(self):
        rule = self.rule
        if rule is None or self.trigger_date is None:
            return None
        return rules.retention_ends(self.trigger_date, rule.unit_years, rule.institution_years)

    def retention_state(self, today=None):
        rule = self.rule
        return rules.state(
            today or timezone.localdate(),
            closed_on=self.trigger_date,
            unit_years=rule and rule.unit_years,
            institution_years=rule and rule.institution_years,
            outcome=rule and rule.outcome,
            held=self.holds.filter(lifted_at__isnull=True).exists(),
            transferred=self.status == Status.TRANSFERRED,
        )

    @property
    def location(self):
        parts = [self.building, self.room, self.cabinet, self.shelf, self.box]
        return " / ".join(part for part in parts if part)

    # -- versions

    def latest_version(self):
        return self.versions.order_by("-number").first()

    # -- validation and saving

    def clean(self):
        super().clean()
        if self.personal and not self.personal_to_id:
            raise ValidationError(
                {"personal_to": _("Personal addressee: a Kişiye Özel record needs one.")}
            )
        if self.closed_on and self.document_date and self.closed_on < self.document_date:
            raise ValidationError(
                {"closed_on": _("File closed on: cannot be before the document date.")}
            )

    def save(self, *args, **kwargs):
        process_change = self.__dict__.pop("_process_change", False)
        update_fields = kwargs.get("update_fields")
        if self.pk:
            # The status moves only through move_to(), the text only through extraction;
            # a form, a restore or a stale copy in memory keeps both as stored (and the
            # search index, built from this instance, gets the stored text).
            kept = [] if process_change else ["status"]
            if update_fields is None or "text" not in update_fields:
                kept.append("text")
            stored = type(self)._default_manager.filter(pk=self.pk).values(*kept).first()
            for name, value in (stored or {}).items():
                setattr(self, name, value)
        if update_fields is not None and set(update_fields) <= {*WAGTAIL_FIELDS, "text"}:
            self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)

    def move_to(self, status, *, user=None, reason=""):
        """The one way a document's status changes (disposal and transfer lists)."""
        self.status = Status(status)
        self._process_change = True
        self._history_user = user
        if reason:
            self._change_reason = reason
        self.save(update_fields=["status"])

    def delete(self, *args, **kwargs):
        raise ValidationError(
            gettext("An archived document is never deleted; it is disposed of through a list.")
        )


def version_path(version, filename):
    return f"documents/{version.document_id}/v{version.number}-{filename}"


class Extraction(models.TextChoices):
    PENDING = "bekliyor", _("waiting")
    DONE = "tamam", _("done")
    FAILED = "hata", _("failed")
    NONE = "yok", _("no text in this type")


# Fields of a version that may change after it is stored: text extraction, and disposal.
VERSION_MUTABLE_FIELDS = {"text", "extraction", "extraction_error", "file", "destroyed_at"}


class DocumentFileVersion(models.Model):
    """One version of a document's file. Never changed (but for its extracted text) and
    never deleted; disposal empties `file` and sets `destroyed_at`, keeping the hash."""

    document = models.ForeignKey(
        ArchivedDocument, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=version_path, storage=private_storage, blank=True, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    note = models.CharField(_("change note"), max_length=300, blank=True)
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    text = models.TextField(_("text"), blank=True)
    extraction = models.CharField(
        _("text extraction"), max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_error = models.CharField(max_length=300, blank=True)
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("file version")
        verbose_name_plural = _("file versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="archive_doc_version")
        ]

    def __str__(self):
        return f"v{self.number} {self.original_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= VERSION_MUTABLE_FIELDS:
                raise ValidationError(gettext("A file version is never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("A file version is never deleted."))


class HoldReason(models.TextChoices):
    LAWSUIT = "dava", _("lawsuit")
    INFORMATION_REQUEST = "bilgi_edinme", _("open information request")
    AUDIT = "denetim", _("audit")
    OTHER = "diger", _("other")


class Hold(models.Model):
    """A hold blocks transfer and disposal until it is lifted; lifting is kept."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    document = models.ForeignKey(ArchivedDocument, on_delete=models.PROTECT, related_name="holds")
    reason = models.CharField(_("reason"), max_length=15, choices=HoldReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("since"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lift_note = models.CharField(_("why it was lifted"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")

    def __str__(self):
        return f"{self.get_reason_display()}: {self.note}".rstrip(": ")


class ListKind(models.TextChoices):
    DISPOSAL = "imha", _("disposal list")
    TRANSFER = "devir", _("transfer list")


class ListStatus(models.TextChoices):
    REVIEW = "inceleme", _("under review by the commission")
    APPROVED = "onaylandi", _("approved; files being destroyed")
    DONE = "tamamlandi", _("completed")


class DispositionList(models.Model):
    """A disposal list (imha listesi) the commission reviews and signs, or a transfer list
    (devir listesi) to the institution archive. Kept with its report for ten years
    (DAHY md. 21/7)."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    kind = models.CharField(_("kind"), max_length=5, choices=ListKind.choices)
    number = models.CharField(_("number"), max_length=30, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.REVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    done_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    kept_until = models.DateField(_("kept until"), null=True, blank=True)
    destroyed_count = models.PositiveIntegerField(default=0)
    report = models.FileField(
        _("disposal report"),
        upload_to="documents/lists/",
        storage=private_storage,
        blank=True,
        max_length=300,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("disposal or transfer list")
        verbose_name_plural = _("disposal and transfer lists")
        permissions = [("sign_dispositionlist", "Can sign disposal lists (commission)")]

    def __str__(self):
        return self.number

    def active_items(self):
        return self.items.filter(removed_at__isnull=True)


class DispositionItem(models.Model):
    """One document on a list; the commission may take it off with a reason."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    list = models.ForeignKey(DispositionList, on_delete=models.PROTECT, related_name="items")
    document = models.ForeignKey(
        ArchivedDocument, on_delete=models.PROTECT, related_name="disposition_items"
    )
    previous_status = models.CharField(max_length=15, choices=Status.choices)
    removed_reason = models.CharField(_("reason for taking it off"), max_length=300, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["list", "document__sdp_code__code", "document__document_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["list", "document"], name="archive_disposition_item")
        ]

    def __str__(self):
        return f"{self.list}: {self.document_id}"


class Signature(models.Model):
    """One commission member's approval of a list (DAHY md. 21/2)."""

    list = models.ForeignKey(DispositionList, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["list", "user"], name="archive_disposition_signature")
        ]

    def __str__(self):
        return f"{self.list}: {self.user}"


class GivenAs(models.TextChoices):
    COPY = "suret", _("copy")
    ORIGINAL = "asil", _("original")


class RetrievalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requests for the documents `user` may see (cms.confidentiality)."""
        return self.filter(document__in=visible_to(ArchivedDocument.objects.all(), user))

    def open(self):
        """Not yet given, or an original given and not yet returned."""
        return self.filter(
            models.Q(given_at__isnull=True)
            | models.Q(given_as=GivenAs.ORIGINAL, returned_at__isnull=True)
        )


class RetrievalRequest(models.Model):
    """Someone asked for a document: who, why and when; when it was given (a copy or the
    original) and when the original came back. The steps go through
    `retrieval.py` (request, give, take back), each kept in history."""

    # Changed only through its own steps (cms.history.is_restorable).
    history_restorable = False

    document = models.ForeignKey(
        ArchivedDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="retrievals",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_as = models.CharField(_("given as"), max_length=5, choices=GivenAs.choices, blank=True)
    given_at = models.DateTimeField(_("given at"), null=True, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("to be returned by"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = RetrievalQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("retrieval request")
        verbose_name_plural = _("retrieval requests")

    def __str__(self):
        return gettext("Request %(number)d") % {"number": self.pk or 0}

    def is_overdue(self, today=None):
        return rules.loan_overdue(
            today or timezone.localdate(),
            self.due_on,
            self.returned_at and timezone.localdate(self.returned_at),
        )

    @property
    def state(self):
        if self.given_at is None:
            return gettext("waiting")
        if self.given_as == GivenAs.COPY:
            return gettext("copy given")
        if self.returned_at is None:
            return gettext("original out")
        return gettext("returned")


# What was shown: the one list of cms.confidentiality (card, file, list rows, search
# results, export, edit and history screens, ...).
AccessAction = Access


class DocumentAccessLog(models.Model):
    """Every view of a Gizli or Çok Gizli document (its card, a version's file, a
    comparison of versions, its rows in the list, search results, chooser and exports,
    Wagtail's edit, history and revision screens): who, when, which version, what.
    Written only through `cms.confidentiality.log_access` (which decides what is
    logged), never changed; read by the archivist and the Müdür."""

    document = models.ForeignKey(
        ArchivedDocument, on_delete=models.PROTECT, related_name="access_log"
    )
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=15, choices=AccessAction.choices)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("document access log entry")
        verbose_name_plural = _("document access log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    @classmethod
    def write(cls, user, documents, access, version=None):
        cls.objects.bulk_create(
            cls(document=document, user=user, action=access, version=version)
            for document in documents
        )


register_access_log(ArchivedDocument, DocumentAccessLog.write)
