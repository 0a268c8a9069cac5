"""Rules of the video archive: what a browser plays as it is, where the poster frame is
cut, what a press download is called. Plain functions; consent and licence use the photo
archive's one implementation (archive.photos.rules.is_usable, unusable_reason)."""

from cms.text import slugify

# ffprobe's format_name for the ISO family (MP4, MOV, M4V, 3GP): one demuxer reads them all.
ISO_FORMAT_NAMES = frozenset({"mov", "mp4", "m4a", "3gp", "3g2", "mj2"})
# What every current browser's <video> plays: H.264 in 8-bit 4:2:0, AAC sound (or none).
WEB_VIDEO_CODECS = frozenset({"h264"})
WEB_PIXEL_FORMATS = frozenset({"yuv420p", "yuvj420p"})
WEB_AUDIO_CODECS = frozenset({"aac"})
# The site's copy is at most Full HD: larger footage (4K from a phone) is scaled down.
WEB_MAX_WIDTH, WEB_MAX_HEIGHT = 1920, 1080
# Poster frames are cut at most this wide (the page shows them at the player's size).
POSTER_MAX_WIDTH = 1280
# The poster is cut a tenth into the film, at most this many seconds in: the first frame
# is often black (a fade-in), and a short clip still has a frame to show.
POSTER_AT_MOST_SECONDS = 5.0
# A WebVTT caption file of a two-hour council session is about 200 KB.
CAPTION_MAX_BYTES = 1024 * 1024


def is_web_friendly(
    *,
    format_name: str,
    video_codec: str,
    pixel_format: str,
    audio_codec: str | None,
    width: int,
    height: int,
) -> bool:
    """Whether the upload plays in browsers as it is (then the site's copy is only
    rewrapped, with the index at the front and the file's metadata dropped); otherwise it
    is converted to H.264/AAC MP4."""
    landscape = width >= height
    long_edge, short_edge = (width, height) if landscape else (height, width)
    return (
        bool(set(format_name.split(",")) & ISO_FORMAT_NAMES)
        and video_codec in WEB_VIDEO_CODECS
        and pixel_format in WEB_PIXEL_FORMATS
        and (audio_codec is None or audio_codec in WEB_AUDIO_CODECS)
        and long_edge <= WEB_MAX_WIDTH
        and short_edge <= WEB_MAX_HEIGHT
    )


def poster_time(duration: float | None) -> float:
    """Seconds into the video where the poster frame is cut."""
    if not duration or duration <= 0:
        return 0.0
    return round(min(duration / 10, POSTER_AT_MOST_SECONDS), 3)


def download_filename(title: str, credit: str) -> str:
    """ "sahil-parki-acilisi_video-basin-birimi.mp4": the title, then the credit, so a
    newsroom that saves the file keeps whom to credit."""
    name = slugify(title, max_length=60) or "video"
    credit = slugify(credit, max_length=60)
    return f"{name}_{credit}.mp4" if credit else f"{name}.mp4"


def format_duration(seconds: float | None) -> str:
    """ "1:05" or "1:02:05"."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
