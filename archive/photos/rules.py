"""Rules of the photo archive: consent, licences and download sizes. Plain functions."""

from datetime import date

from cms.images import CARD_RENDITIONS

# Licence kinds. Only the municipality's own photos may be handed out at full resolution:
# agency pictures are licensed to us, not to the press, and citizens sent theirs for our
# channels only (KVKK art. 5: processing is limited to the purpose consented to).
OWN = "own"
AGENCY = "agency"
CITIZEN = "citizen"

# Long edge of each public download, in pixels; None means the original size.
DOWNLOAD_SIZES = {"web": 1200, "print": 3000, "original": None}

# What an uploaded photo will be shown in: the album grid and photo page, and cards. Made
# in the background after upload so no visitor waits for them.
GRID_SPECS = ("format-webp|max-600x600", "format-jpeg|max-600x600")
LARGE_SPECS = ("format-webp|max-1600x1600", "format-jpeg|max-1600x1600")
UPLOAD_RENDITIONS = (*GRID_SPECS, *LARGE_SPECS, *CARD_RENDITIONS)

# The long edge of the largest picture the public site shows (the photo page's
# max-1600x1600, the home page hero's 1600×600). A larger rendition, or the admin's
# full-size `original` one, would hand out the photo at a resolution only the download
# rules (DOWNLOAD_SIZES and the licence) may give: it is kept in private storage.
PUBLIC_RENDITION_MAX_EDGE = 1600

# Beyond this an album ZIP is refused rather than built: a press user wanting more asks.
ALBUM_ZIP_MAX_PHOTOS = 300
ALBUM_ZIP_MAX_BYTES = 500 * 1024 * 1024
# Up to this many photos a ZIP is built while the journalist waits; beyond, in the background.
ALBUM_ZIP_INLINE_PHOTOS = 30


def is_usable(
    *,
    do_not_use: bool,
    consent_expires: date | None,
    today: date | None,
    licence_expires: date | None = None,
) -> bool:
    """Whether a photo may newly be used: not withdrawn, its consent not expired and its
    licence not ended. `today` may be None when neither period is set.

    Consent given "until" a date covers that whole day (KVKK art. 7: after the period the
    data is no longer processed); so does a licence granted "until" a date (an agency's
    licence runs to the end of its last day, like any period in days: TBK art. 92).
    """
    if do_not_use:
        return False
    return all(end is None or today <= end for end in (consent_expires, licence_expires))


def unusable_reason(
    *,
    do_not_use: bool,
    consent_expires: date | None,
    today: date,
    licence_expires: date | None = None,
) -> tuple[str, date | None] | None:
    """Why a photo may not be used, for the rights report: ("do_not_use", None),
    ("consent", day) or ("licence", day), the earliest ended period first; None when it
    may be used."""
    if do_not_use:
        return ("do_not_use", None)
    ended = [
        (end, kind)
        for kind, end in (("consent", consent_expires), ("licence", licence_expires))
        if end is not None and end < today
    ]
    if not ended:
        return None
    end, kind = min(ended)
    return (kind, end)


def original_download_allowed(licence: str) -> bool:
    return licence == OWN


def allowed_download_sizes(licence: str) -> list[str]:
    """The download sizes a photo of this licence offers, smallest first."""
    sizes = ["web", "print"]
    if original_download_allowed(licence):
        sizes.append("original")
    return sizes


# EXIF orientations that turn the stored picture by 90° (5-8): a camera held upright
# stores a landscape bitmap and says "rotate" (CIPA DC-008, tag 0x0112).
QUARTER_TURN_ORIENTATIONS = frozenset({5, 6, 7, 8})


def orientation_of(width: int, height: int, exif_orientation: int = 1) -> str:
    """landscape, portrait or square (within 5 %) as the photo is seen, upright, for the
    archive's facet; `width` and `height` are the stored bitmap's."""
    if exif_orientation in QUARTER_TURN_ORIENTATIONS:
        width, height = height, width
    if not width or not height:
        return "square"
    ratio = width / height
    if ratio > 1.05:
        return "landscape"
    if ratio < 1 / 1.05:
        return "portrait"
    return "square"


def split_names(value: str) -> list[str]:
    """People in a photo as typed by editors: comma- or semicolon-separated names."""
    names = (part.strip() for part in value.replace(";", ",").split(","))
    return [name for name in names if name]


def rendition_may_be_public(*, filter_spec: str, width: int, height: int, usable: bool) -> bool:
    """Whether a rendition may be written to public storage (a URL anyone can fetch):
    only of a usable photo, no larger than the public sizes, and never the full-size
    `original` copy."""
    full_size = "original" in filter_spec.split("|")
    return usable and not full_size and max(width, height) <= PUBLIC_RENDITION_MAX_EDGE
