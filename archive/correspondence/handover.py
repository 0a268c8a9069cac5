"""The register's part of a devir teslim (cms.handover): open records a user registered
and open routings to them go to the successor, each with a history entry on the record
naming the handover. A successor not cleared for a record, or whose role may not work
on it (owned records need a clerk's "change"; routed ones that they may open the record),
stops the handover."""

from django.utils.translation import gettext as _

from cms.confidentiality import can_view
from cms.handover import HandoverSource, OpenItem, history_reason, refusals, safe_label

from .models import Correspondence, Routing
from .permissions import correspondence_policy


def _label(record):
    return safe_label(str(record), record.confidentiality, _("Register record"), record.pk)


class RegisterSource(HandoverSource):
    def _owned(self, user):
        return Correspondence.objects.open().filter(owner=user).order_by("pk")

    def _routings(self, user):
        return (
            Routing.objects.filter(
                to_user=user, done_at__isnull=True, correspondence__in=Correspondence.objects.open()
            )
            .select_related("correspondence")
            .order_by("pk")
        )

    def open_items(self, user):
        items = [
            OpenItem(_("Register record"), _label(record), _("registered by them"))
            for record in self._owned(user)
        ]
        items += [
            OpenItem(_("Routing"), _label(routing.correspondence), _("routed to them"))
            for routing in self._routings(user)
        ]
        return items

    def check(self, from_user, to_user):
        owned = list(self._owned(from_user))
        routed = [
            routing.correspondence
            for routing in self._routings(from_user)
            if routing.correspondence not in owned
        ]
        return refusals(
            to_user,
            owned,
            label=_label,
            cleared=can_view,
            may_handle=lambda user, record: correspondence_policy.can_route(user, record),
        ) + refusals(
            to_user,
            sorted(set(routed), key=lambda r: r.pk),
            label=_label,
            cleared=can_view,
            may_handle=correspondence_policy.can_view_record,
        )

    def reassign(self, from_user, to_user, *, handover, user):
        moved = 0
        reason = history_reason(handover)
        for record in self._owned(from_user):
            record.owner = to_user
            record._history_user, record._change_reason = user, reason
            record.save_process("owner")
            moved += 1
        for routing in self._routings(from_user):
            routing.to_user = to_user
            routing._history_user, routing._change_reason = user, reason
            routing.save(update_fields=["to_user"])  # its history keeps the earlier holder
            # The record's own history names the handover too.
            record = routing.correspondence
            record._history_user = user
            record._change_reason = f"{reason}: {_('routing')} #{routing.pk}"
            record.save_process("owner")
            moved += 1
        return moved
