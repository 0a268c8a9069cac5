"""Denial notices' part of a devir teslim (cms.handover): open notices a user owns go to
the successor, each with a history entry naming the handover. A successor whose role may
not change denial notices (not press staff or the Müdür) stops the handover."""

from django.utils.translation import gettext as _

from cms.handover import HandoverSource, OpenItem, history_reason, refusals

from ..permissions import denial_notice_policy
from .models import DenialNotice


class NoticeSource(HandoverSource):
    def _owned(self, user):
        return DenialNotice.objects.open().filter(owner=user).order_by("pk")

    def open_items(self, user):
        return [
            OpenItem(_("Denial notice"), str(notice), _("owned by them"))
            for notice in self._owned(user)
        ]

    def check(self, from_user, to_user):
        return refusals(
            to_user,
            self._owned(from_user),
            label=str,
            may_handle=lambda user, notice: denial_notice_policy.user_has_permission_for_instance(
                user, "change", notice
            ),
        )

    def reassign(self, from_user, to_user, *, handover, user):
        moved = 0
        for notice in self._owned(from_user):
            notice.owner = to_user
            notice._history_user, notice._change_reason = user, history_reason(handover)
            notice.save(update_fields=["owner"])
            moved += 1
        return moved
