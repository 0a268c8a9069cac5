"""The press app's models, one module per area of the office's work."""

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
from .tekzip import *  # noqa: F401,F403,E402
