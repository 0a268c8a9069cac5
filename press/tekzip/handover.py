"""Denial notices' part of a devir teslim (cms.handover): open notices a user owns go to
the successor, each with a history entry naming the handover."""

from django.utils.translation import gettext as _

from cms.handover import HandoverSource, OpenItem, history_reason

from .models import DenialNotice


class NoticeSource(HandoverSource):
    def _owned(self, user):
        return DenialNotice.objects.open().filter(owner=user).order_by("pk")

    def open_items(self, user):
        return [
            OpenItem(_("Denial notice"), str(notice), _("owned by them"))
            for notice in self._owned(user)
        ]

    def reassign(self, from_user, to_user, *, handover, user):
        moved = 0
        for notice in self._owned(from_user):
            notice.owner = to_user
            notice._history_user, notice._change_reason = user, history_reason(handover)
            notice.save(update_fields=["owner"])
            moved += 1
        return moved
