"""Archived documents' part of a devir teslim (cms.handover): active documents a user
filed, and originals they borrowed and have not returned, go to the successor with a
history entry naming the handover. A successor not cleared for one, or whose role may not
keep documents (change them) or hold a loan (ask for documents), stops the handover."""

from django.utils.translation import gettext as _

from cms.confidentiality import can_view
from cms.handover import HandoverSource, OpenItem, history_reason, refusals, safe_label

from .models import ArchivedDocument, RetrievalRequest, Status
from .permissions import document_policy, retrieval_policy


def _label(document):
    return safe_label(str(document), document.confidentiality, _("Archived document"), document.pk)


class DocumentsSource(HandoverSource):
    def _documents(self, user):
        return ArchivedDocument.objects.filter(created_by=user, status=Status.ACTIVE).order_by("pk")

    def _loans(self, user):
        return RetrievalRequest.objects.open().filter(requester=user).select_related("document")

    def open_items(self, user):
        items = [
            OpenItem(_("Archived document"), _label(document), _("filed by them"))
            for document in self._documents(user)
        ]
        items += [
            OpenItem(_("Retrieval request"), _label(loan.document), _("requested by them"))
            for loan in self._loans(user).order_by("pk")
        ]
        return items

    def check(self, from_user, to_user):
        return refusals(
            to_user,
            self._documents(from_user),
            label=_label,
            cleared=can_view,
            may_handle=document_policy.can_change,
        ) + refusals(
            to_user,
            [loan.document for loan in self._loans(from_user).order_by("pk")],
            label=_label,
            cleared=can_view,
            may_handle=lambda user, _document: retrieval_policy.can_request(user),
        )

    def reassign(self, from_user, to_user, *, handover, user):
        moved = 0
        reason = history_reason(handover)
        for document in self._documents(from_user):
            document.created_by = to_user
            document._history_user, document._change_reason = user, reason
            document.save(update_fields=["created_by"])
            moved += 1
        for loan in self._loans(from_user):
            loan.requester = to_user
            loan._history_user, loan._change_reason = user, reason
            loan.save(update_fields=["requester"])
            moved += 1
        return moved
