"""The register's part of a devir teslim (cms.handover): open records a user registered
and open routings to them go to the successor, each with a history entry on the record
naming the handover. A successor not cleared for a record stops the handover."""

from django.utils.translation import gettext as _

from cms.confidentiality import can_view
from cms.handover import HandoverSource, OpenItem, history_reason, safe_label

from .models import Correspondence, Routing


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
        records = {*self._owned(from_user)}
        records |= {routing.correspondence for routing in self._routings(from_user)}
        return [
            _("Successor: not cleared for %(item)s.") % {"item": _label(record)}
            for record in sorted(records, key=lambda r: r.pk)
            if not can_view(to_user, record)
        ]

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
            routing.save(update_fields=["to_user"])
            # Routings keep no history of their own: the entry goes on the record.
            record = routing.correspondence
            record._history_user = user
            record._change_reason = f"{reason}: {_('routing')} #{routing.pk}"
            record.save_process("owner")
            moved += 1
        return moved
