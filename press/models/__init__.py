"""The press app's models, one module per area of the office's work."""

# Denial notices live in their own subpackage (press/tekzip/) and keep app_label "press".
from press.notices.models import NewspaperNotice, NoticeState
from press.publications.models import (
    Processing,
    PublicationIssuePage,
    PublicationKind,
    PublicationPdf,
    PublicationSeriesPage,
)
from press.tekzip.models import (
    DeliveryMethod,
    DenialNotice,
    DenialNoticeLetter,
    DenialNoticeReminder,
    DenialNoticeTransition,
    NoticeStatus,
    TekzipMedium,
    deadline_row,
)

from .clippings import MonitoringReportFile, PressClipping, ReportStatus, Tone
from .directory import DistributionList, MediaOutlet, OutletKind, OutletScope, PressContact
from .distribution import Dispatch, DispatchStatus, SkipReason
from .pages import (
    AnnouncementIndexPage,
    AnnouncementPage,
    AnnouncementPageTag,
    Category,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    PressIndexPage,
    PressItemPage,
    PressReleaseIndexPage,
    PressReleasePage,
    PressReleasePageTag,
)

__all__ = [
    "Processing",
    "PublicationIssuePage",
    "PublicationKind",
    "PublicationPdf",
    "PublicationSeriesPage",
    "NewspaperNotice",
    "NoticeState",
    "DeliveryMethod",
    "DenialNotice",
    "DenialNoticeLetter",
    "DenialNoticeReminder",
    "DenialNoticeTransition",
    "NoticeStatus",
    "TekzipMedium",
    "deadline_row",
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "AnnouncementPageTag",
    "Category",
    "Dispatch",
    "DispatchStatus",
    "DistributionList",
    "MediaOutlet",
    "MonitoringReportFile",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "OutletKind",
    "OutletScope",
    "PressClipping",
    "PressContact",
    "PressIndexPage",
    "PressItemPage",
    "PressReleaseIndexPage",
    "PressReleasePage",
    "PressReleasePageTag",
    "ReportStatus",
    "SkipReason",
    "Tone",
]
