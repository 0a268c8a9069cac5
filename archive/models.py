"""Gathers the archive's models (app_label "archive"): the photo archive (`Photo`,
photographers, albums), the correspondence register (archive/correspondence) and
archived documents (archive/documents)."""

from archive.photos.models import Photo, Photographer, PhotoQuerySet, PhotoRendition
from archive.photos.pages import AlbumPhoto, PhotoAlbumPage, PhotoArchiveIndexPage

from archive.photos.facet_counts import FacetCounts, FacetCountsGeneration  # isort: skip

from archive.correspondence.models import (  # isort: skip
    AccessLog,
    Attachment,
    Correspondence,
    DistributionGroup,
    DistributionGroupMember,
    LetterFailure,
    NumberCounter,
    Recipient,
    Routing,
    SdpCode,
    StandIn,
)
from archive.documents.models import (  # isort: skip
    ArchivedDocument,
    DispositionItem,
    DispositionList,
    DocumentAccessLog,
    DocumentFileVersion,
    Hold,
    RetentionRule,
    RetrievalRequest,
    Signature,
)

from archive.weekly.models import Directorate, WeeklyReport  # isort: skip
from archive.videos.models import Video  # isort: skip

__all__ = [
    "ArchivedDocument",
    "Directorate",
    "FacetCounts",
    "FacetCountsGeneration",
    "DispositionItem",
    "DispositionList",
    "DocumentAccessLog",
    "DocumentFileVersion",
    "Hold",
    "RetentionRule",
    "RetrievalRequest",
    "Signature",
    "WeeklyReport",
    "AccessLog",
    "Attachment",
    "Correspondence",
    "DistributionGroup",
    "DistributionGroupMember",
    "LetterFailure",
    "NumberCounter",
    "Recipient",
    "Routing",
    "SdpCode",
    "StandIn",
    "AlbumPhoto",
    "Photo",
    "PhotoAlbumPage",
    "PhotoArchiveIndexPage",
    "PhotoQuerySet",
    "PhotoRendition",
    "Photographer",
    "Video",
]
