"""Disposal (imha) and transfer (devir) of archived documents: every step of a list goes
through a function here, which writes the history (open-archiefbeheer's shape).

`destroy_files()` is the only code in Kalem that deletes the stored file of an archived
document, and it runs only for a list the commission has approved.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.roles import DISPOSAL_COMMISSION

from . import rules
from .models import (
    ArchivedDocument,
    DispositionItem,
    DispositionList,
    ListKind,
    ListStatus,
    Outcome,
    RetentionRule,
    Signature,
    Status,
)

# Documents that may still be proposed (a destroyed, listed or ... document is not).
PROPOSABLE = [Status.ACTIVE, Status.UNIT_ARCHIVE, Status.TRANSFERRED]


def required_signatures():
    return rules.required_signatures(settings.KALEM_DISPOSAL_SIGNATURES)


def commission_members():
    """The active members of the disposal commission (the İmha Komisyonu role)."""
    return get_user_model().objects.filter(groups__name=DISPOSAL_COMMISSION, is_active=True)


def _due_condition(today, outcome):
    """Documents whose retention under a rule with `outcome` ended before `today`.

    rules.retention_ends() is the last day of the year closed + unit + institution years,
    so "ended" is "closing year < today's year - unit - institution years"; the closing
    date is the file's, or the document date when the file has no closing date yet."""
    condition = Q()
    for rule in RetentionRule.objects.filter(outcome=outcome):
        last_year = today.year - rule.unit_years - rule.institution_years - 1
        rule_applies = Q(retention_rule=rule) | Q(
            retention_rule__isnull=True, sdp_code_id=rule.sdp_code_id
        )
        closed = Q(closed_on__year__lte=last_year) | Q(
            closed_on__isnull=True, document_date__year__lte=last_year
        )
        condition |= rule_applies & closed
    return condition


def proposal(today=None, outcome=Outcome.DISPOSE):
    """Documents past retention, without an open hold, not yet on a list."""
    today = today or timezone.localdate()
    condition = _due_condition(today, outcome)
    if not condition:
        return ArchivedDocument.objects.none()
    return (
        ArchivedDocument.objects.filter(condition, status__in=PROPOSABLE)
        .not_held()
        .select_related("sdp_code")
        .order_by("sdp_code__code", "document_date", "pk")
    )


def transfer_proposal(today=None):
    """Documents whose years in the unit archive are over, still in the unit."""
    today = today or timezone.localdate()
    condition = Q()
    for rule in RetentionRule.objects.all():
        last_year = today.year - rule.unit_years - 1
        rule_applies = Q(retention_rule=rule) | Q(
            retention_rule__isnull=True, sdp_code_id=rule.sdp_code_id
        )
        closed = Q(closed_on__year__lte=last_year) | Q(
            closed_on__isnull=True, document_date__year__lte=last_year
        )
        condition |= rule_applies & closed
    if not condition:
        return ArchivedDocument.objects.none()
    return (
        ArchivedDocument.objects.filter(condition, status__in=[Status.ACTIVE, Status.UNIT_ARCHIVE])
        .not_held()
        .select_related("sdp_code")
        .order_by("sdp_code__code", "document_date", "pk")
    )


def _next_number(kind, year):
    prefix = "İMHA" if kind == ListKind.DISPOSAL else "DEVİR"
    count = DispositionList.objects.filter(kind=kind, created_at__year=year).count()
    number = rules.list_number(year, count + 1, prefix)
    while DispositionList.objects.filter(number=number).exists():
        count += 1
        number = rules.list_number(year, count + 1, prefix)
    return number


@transaction.atomic
def propose(kind, documents, *, user):
    """A new list holding `documents` (each moves to "on a disposal list" for disposal);
    refused with the reason if any of them is held."""
    documents = list(documents)
    if not documents:
        raise ValidationError(_("No documents are due."))
    held = [d for d in documents if d.holds.filter(lifted_at__isnull=True).exists()]
    if held:
        raise ValidationError(
            _("%(title)s is on hold (%(reason)s); lift the hold or leave it out.")
            % {"title": held[0].title, "reason": held[0].holds.filter(lifted_at=None).first()}
        )
    today = timezone.localdate()
    listing = DispositionList.objects.create(
        kind=kind, number=_next_number(kind, today.year), created_by=user
    )
    for document in documents:
        DispositionItem.objects.create(
            list=listing, document=document, previous_status=document.status
        )
        if kind == ListKind.DISPOSAL:
            document.move_to(Status.ON_DISPOSAL_LIST, user=user, reason=_("Proposed for disposal"))
    return listing


@transaction.atomic
def take_off(item, *, user, reason):
    """The commission takes a document off the list with a reason; it goes back."""
    if not reason.strip():
        raise ValidationError({"reason": _("Reason: say why the document is taken off.")})
    if item.list.status != ListStatus.REVIEW:
        raise ValidationError(_("This list is no longer under review."))
    item.removed_reason, item.removed_by, item.removed_at = reason.strip(), user, timezone.now()
    item.save()
    if item.document.status == Status.ON_DISPOSAL_LIST:
        item.document.move_to(item.previous_status, user=user, reason=reason.strip())


@transaction.atomic
def sign(listing, *, user):
    """One commission member signs; with enough signatures the list is approved and its
    files are destroyed in the background. A held document stops the signature."""
    from .tasks import destroy_list_files

    listing = DispositionList.objects.select_for_update().get(pk=listing.pk)
    if listing.kind != ListKind.DISPOSAL or listing.status != ListStatus.REVIEW:
        raise ValidationError(_("This list is not waiting for signatures."))
    for item in listing.active_items().select_related("document"):
        hold = item.document.holds.filter(lifted_at__isnull=True).first()
        if hold is not None:
            raise ValidationError(
                _("%(title)s is on hold (%(reason)s); take it off the list first.")
                % {"title": item.document.title, "reason": hold}
            )
    members = commission_members().count()
    if rules.commission_too_small(members):
        raise ValidationError(
            _(
                "The disposal commission has %(members)d members; it needs at least "
                "%(minimum)d before a list is signed (DAHY md. 19)."
            )
            % {"members": members, "minimum": rules.COMMISSION_MIN_MEMBERS}
        )
    if listing.signatures.filter(user=user).exists():
        raise ValidationError(_("You have already signed this list."))
    Signature.objects.create(list=listing, user=user)
    if listing.signatures.count() >= required_signatures():
        listing.status = ListStatus.APPROVED
        listing.approved_at = timezone.now()
        listing.kept_until = rules.papers_kept_until(timezone.localdate())
        listing.save()
        transaction.on_commit(lambda: destroy_list_files.enqueue(listing.pk))
    return listing


def destroy_files(listing):
    """Remove every stored file of the approved list's documents, from their storage;
    each document stays as a tombstone (metadata, the SHA-256 of each destroyed
    version, this list). Progress is saved document by document, so a run that stops
    half way resumes where it stopped."""
    if listing.kind != ListKind.DISPOSAL or listing.status not in (
        ListStatus.APPROVED,
        ListStatus.DONE,
    ):
        raise ValidationError(_("Only an approved disposal list destroys files."))
    now = timezone.now()
    items = listing.active_items().select_related("document")
    for item in items:
        document = item.document
        if document.status == Status.DESTROYED:
            continue
        with transaction.atomic():
            for version in document.versions.filter(destroyed_at__isnull=True):
                if version.file:
                    version.file.storage.delete(version.file.name)
                version.file = ""
                version.text = ""
                version.destroyed_at = now
                version.save(update_fields=["file", "text", "destroyed_at"])
            document.text = ""
            document.save(update_fields=["text"])
            document.move_to(
                Status.DESTROYED, reason=_("Destroyed by list %(number)s") % {"number": listing}
            )
            DispositionList.objects.filter(pk=listing.pk).update(
                destroyed_count=listing.destroyed_count + 1
            )
            listing.destroyed_count += 1
    listing.status = ListStatus.DONE
    listing.done_at = timezone.now()
    listing.save()
    from .reports import list_pdf

    listing.report.save(f"{listing.number}-tutanak.pdf", ContentFile(list_pdf(listing)))
    return listing.destroyed_count


@transaction.atomic
def complete_transfer(listing, *, user):
    """The documents of a transfer list have been handed to the institution archive."""
    if listing.kind != ListKind.TRANSFER or listing.status != ListStatus.REVIEW:
        raise ValidationError(_("This transfer list is already completed."))
    for item in listing.active_items().select_related("document"):
        item.document.move_to(
            Status.TRANSFERRED,
            user=user,
            reason=_("Transferred by list %(number)s") % {"number": listing},
        )
    listing.status = ListStatus.DONE
    listing.done_at = timezone.now()
    listing.kept_until = rules.papers_kept_until(timezone.localdate())
    listing.save()
    return listing
