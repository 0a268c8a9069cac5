"""Retrieval requests (ödünç verme): each step (asked, given, taken back) goes through a
function here, which checks it and writes the history.

A requester never receives a document above their clearance: the request is refused
when `cms.confidentiality.can_view(requester, document)` says no, and so is giving it
(the requester's clearance may have been lowered since)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.confidentiality import can_view

from . import rules
from .models import GivenAs, RetrievalRequest, Status


def loan_days():
    return max(1, settings.KALEM_RETRIEVAL_LOAN_DAYS)


def _check_requester(document, requester):
    if not requester.is_active:
        raise ValidationError({"requester": _("Requested by: this user is not active.")})
    if not can_view(requester, document):
        raise ValidationError(
            {"requester": _("Requested by: this user's clearance does not allow this document.")}
        )


@transaction.atomic
def request(document, *, requester, purpose, user):
    """Record that `requester` asked for `document` and why."""
    if document.status == Status.DESTROYED:
        raise ValidationError(_("This document was destroyed; only its tombstone remains."))
    if not purpose.strip():
        raise ValidationError({"purpose": _("Purpose: say why the document is needed.")})
    _check_requester(document, requester)
    retrieval = RetrievalRequest(
        document=document, requester=requester, purpose=purpose.strip(), recorded_by=user
    )
    retrieval._history_user = user
    retrieval.save()
    return retrieval


@transaction.atomic
def give(retrieval, *, given_as, user):
    """The document is handed to the requester, as a copy or the original; an original
    is due back after the loan period."""
    retrieval = RetrievalRequest.objects.select_for_update().get(pk=retrieval.pk)
    if retrieval.given_at is not None:
        raise ValidationError(_("This request has already been answered."))
    if given_as not in GivenAs.values:
        raise ValidationError({"given_as": _("Given as: choose a copy or the original.")})
    _check_requester(retrieval.document, retrieval.requester)
    now = timezone.now()
    retrieval.given_as, retrieval.given_at, retrieval.given_by = given_as, now, user
    retrieval.due_on = rules.loan_due(
        timezone.localdate(now), loan_days(), original=given_as == GivenAs.ORIGINAL
    )
    retrieval._history_user = user
    retrieval._change_reason = _("Given")
    retrieval.save()
    return retrieval


@transaction.atomic
def take_back(retrieval, *, user):
    """The original is back in the archive."""
    retrieval = RetrievalRequest.objects.select_for_update().get(pk=retrieval.pk)
    if retrieval.given_as != GivenAs.ORIGINAL or retrieval.returned_at is not None:
        raise ValidationError(_("Only an original that is out can be returned."))
    retrieval.returned_at, retrieval.received_by = timezone.now(), user
    retrieval._history_user = user
    retrieval._change_reason = _("Returned")
    retrieval.save()
    return retrieval
