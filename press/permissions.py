"""Who may do what in the press office: the one permission policy of each press model,
asked by every press view (modeladmin, snippets, tekzip screens, downloads). Registered
at start-up (PressConfig.ready)."""

from cms.permissions import RecordPolicy, register_policy, register_private_file

from .models import (
    Category,
    DenialNotice,
    DenialNoticeLetter,
    Dispatch,
    DistributionList,
    MediaOutlet,
    MonitoringReportFile,
    PressClipping,
    PressContact,
)
from .notices.models import NewspaperNotice
from .notices.rules import Status as NoticeStatus
from .publications.models import PublicationPdf
from .tekzip import rules


def deletable(notice):
    """Only a notice never sent and without a generated letter may be deleted."""
    return rules.may_delete(notice.status) and not notice.letters.exists()


class DenialNoticePermissionPolicy(RecordPolicy):
    """Model permissions, except that a sent notice can never be deleted by anyone.
    "publish" is the Müdür's approval; "change" edits drafts and records the process."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and not deletable(instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        queryset = super().instances_user_has_permission_for(user, action)
        if action == "delete":
            queryset = queryset.exclude(status__in=rules.SENT_OR_LATER).filter(letters=None)
        return queryset


class MonitoringReportPolicy(RecordPolicy):
    """A monitoring report is made of clippings: whoever may see clippings may ask for
    and read one."""

    def user_has_permission(self, user, action):
        return clipping_policy.user_has_permission(user, "view")


class LetterPolicy(RecordPolicy):
    """A letter goes with its notice: those who may see the notice may read it."""

    def user_has_permission(self, user, action):
        if action == "view":
            return denial_notice_policy.user_has_permission(user, "view")
        return denial_notice_policy.user_has_permission(user, "change")


class NewspaperNoticePermissionPolicy(RecordPolicy):
    """Press staff write notices, the Müdür approves the order ("approve"); a notice is
    deleted only while it is still a request (nothing ordered, nothing owed)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.status != NoticeStatus.REQUESTED:
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        queryset = super().instances_user_has_permission_for(user, action)
        if action == "delete":
            queryset = queryset.filter(status=NoticeStatus.REQUESTED)
        return queryset


for _model in (Category, Dispatch, DistributionList, MediaOutlet, PressContact):
    register_policy(_model)
clipping_policy = register_policy(PressClipping)
denial_notice_policy = register_policy(DenialNotice, DenialNoticePermissionPolicy)
register_policy(MonitoringReportFile, MonitoringReportPolicy)
register_policy(DenialNoticeLetter, LetterPolicy)
register_policy(NewspaperNotice, NewspaperNoticePermissionPolicy)
# Issue PDFs are published files with no admin screen of their own; the issue pages carry
# Wagtail's page permissions.
register_policy(PublicationPdf)

# Signed links to these files (edit forms show them) open under the record's own policy.
register_private_file(PressClipping, "scan")
register_private_file(DenialNotice, "scan")
register_private_file(DenialNotice, "delivery_proof")
register_private_file(DenialNoticeLetter, "file")
register_private_file(MonitoringReportFile, "file")
register_private_file(NewspaperNotice, "text_file")
register_private_file(NewspaperNotice, "invoice")
register_private_file(NewspaperNotice, "proof")
