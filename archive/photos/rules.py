"""Rules of the photo archive: consent, licences and download sizes. Plain functions."""

from datetime import date

# Licence kinds. Only the municipality's own photos may be handed out at full resolution:
# agency pictures are licensed to us, not to the press, and citizens sent theirs for our
# channels only (KVKK art. 5: processing is limited to the purpose consented to).
OWN = "own"
AGENCY = "agency"
CITIZEN = "citizen"

# Long edge of each public download, in pixels; None means the original size.
DOWNLOAD_SIZES = {"web": 1200, "print": 3000, "original": None}

# Beyond this an album ZIP is refused rather than built: a press user wanting more asks.
ALBUM_ZIP_MAX_PHOTOS = 300
ALBUM_ZIP_MAX_BYTES = 500 * 1024 * 1024
# Up to this many photos a ZIP is built while the journalist waits; beyond, in the background.
ALBUM_ZIP_INLINE_PHOTOS = 30


def is_usable(*, do_not_use: bool, consent_expires: date | None, today: date) -> bool:
    """Whether a photo may newly be used: not withdrawn and its consent not expired.

    Consent given "until" a date covers that whole day (KVKK art. 7: after the period the
    data is no longer processed).
    """
    if do_not_use:
        return False
    return consent_expires is None or today <= consent_expires


def original_download_allowed(licence: str) -> bool:
    return licence == OWN


def allowed_download_sizes(licence: str) -> list[str]:
    """The download sizes a photo of this licence offers, smallest first."""
    sizes = ["web", "print"]
    if original_download_allowed(licence):
        sizes.append("original")
    return sizes


def orientation_of(width: int, height: int) -> str:
    """landscape, portrait or square (within 5 %), for the archive's facet."""
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
