"""The archive's permission policies, one per model, defined by each area beside its
models; importing this module registers them all (ArchiveConfig.ready)."""

from archive.correspondence import permissions as correspondence  # noqa: F401
from archive.documents import permissions as documents  # noqa: F401
from archive.photos import permissions as photos  # noqa: F401
from archive.videos import permissions as videos  # noqa: F401
from archive.weekly import permissions as weekly  # noqa: F401
