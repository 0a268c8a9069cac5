"""ffprobe and ffmpeg (Debian's `ffmpeg` package) on files on disk.

Every step works on paths: ffmpeg reads and writes the files itself, so a 1 GB upload is
never held in Python's memory (the upload is already a temporary file, Django streams
larger uploads to disk; an original in object storage is copied down in chunks).
"""

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import rules

CHUNK = 1024 * 1024
PROBE_SECONDS = 60
# ffprobe reports still images (JPEG, PNG, GIF) as one-frame "video" streams.
IMAGE_FORMATS = ("image2", "_pipe", "gif", "apng", "webp")


class VideoRejected(ValueError):
    """The file is not a video Kalem accepts; the message names why, in Turkish."""


def unreadable_message():
    return _("The file could not be read as a video (ffprobe found no video in it).")


def too_large_message(limit_bytes):
    return _("The video is larger than %(mb)s MB, the largest accepted.") % {
        "mb": limit_bytes // (1024 * 1024)
    }


@dataclass
class Probe:
    format_name: str
    duration: float | None
    width: int
    height: int
    video_codec: str
    pixel_format: str
    audio_codec: str | None
    bit_rate: int | None

    @property
    def web_friendly(self):
        return rules.is_web_friendly(
            format_name=self.format_name,
            video_codec=self.video_codec,
            pixel_format=self.pixel_format,
            audio_codec=self.audio_codec,
            width=self.width,
            height=self.height,
        )


def _run(args, timeout):
    # A list of arguments, no shell: a file name cannot become a command.
    return subprocess.run(args, capture_output=True, timeout=timeout, check=False)  # noqa: S603


def probe(path):
    """Duration, resolution and codecs of the video at `path`; VideoRejected if ffprobe
    cannot read it or it holds no moving picture."""
    try:
        result = _run(
            [
                settings.KALEM_FFPROBE,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                path,
            ],
            PROBE_SECONDS,
        )
        data = json.loads(result.stdout or b"{}") if result.returncode == 0 else {}
    except (subprocess.TimeoutExpired, ValueError):
        data = {}
    streams = data.get("streams") or []
    fmt = data.get("format") or {}
    format_name = fmt.get("format_name", "")
    pictures = [
        s
        for s in streams
        if s.get("codec_type") == "video"
        and not (s.get("disposition") or {}).get("attached_pic")
        and s.get("width")
    ]
    if not pictures or any(name in format_name for name in IMAGE_FORMATS):
        raise VideoRejected(unreadable_message())
    video = pictures[0]
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    duration = _number(fmt.get("duration")) or _number(video.get("duration"))
    if not duration:
        raise VideoRejected(unreadable_message())
    width, height = int(video["width"]), int(video.get("height") or 0)
    rotation = _rotation(video)
    if rotation in (90, 270):  # a phone held upright: shown portrait
        width, height = height, width
    bit_rate = _number(fmt.get("bit_rate"))
    return Probe(
        format_name=format_name,
        duration=duration,
        width=width,
        height=height,
        video_codec=video.get("codec_name", ""),
        pixel_format=video.get("pix_fmt", ""),
        audio_codec=audio.get("codec_name") if audio else None,
        bit_rate=int(bit_rate) if bit_rate else None,
    )


def _number(value):
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def _rotation(stream):
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            return abs(int(side["rotation"])) % 360
    rotate = (stream.get("tags") or {}).get("rotate")
    return abs(int(rotate)) % 360 if rotate and rotate.lstrip("-").isdigit() else 0


def _ffmpeg(args, timeout):
    result = _run([settings.KALEM_FFMPEG, "-nostdin", "-v", "error", "-y", *args], timeout)
    if result.returncode != 0:
        raise VideoRejected(
            _("ffmpeg could not process the video: %(error)s")
            % {"error": result.stderr.decode(errors="replace").strip()[-300:]}
        )


def cut_poster(source, target, at_seconds):
    """A JPEG of the frame `at_seconds` into the video, at most POSTER_MAX_WIDTH wide."""
    width = rules.POSTER_MAX_WIDTH
    _ffmpeg(
        [
            "-ss",
            f"{at_seconds:.3f}",
            "-i",
            source,
            "-frames:v",
            "1",
            "-vf",
            f"scale='min({width},iw)':-2",
            "-q:v",
            "3",
            target,
        ],
        PROBE_SECONDS,
    )
    if not os.path.getsize(target):
        raise VideoRejected(unreadable_message())


def make_web_copy(source, target, probe_result):
    """The site's copy: an MP4 with its index first (playback starts before the download
    ends) and none of the camera's metadata (GPS position, device). A web-friendly upload
    is rewrapped as it is (fast: no re-encoding); anything else becomes H.264/AAC."""
    maps = ["-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1"]
    if probe_result.web_friendly:
        codecs = ["-c", "copy"]
    else:
        scale = (
            f"scale='min({rules.WEB_MAX_WIDTH},iw)':'min({rules.WEB_MAX_HEIGHT},ih)'"
            ":force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2"
        )
        codecs = [
            *("-c:v", "libx264", "-preset", settings.KALEM_VIDEO_PRESET, "-crf", "23"),
            *("-pix_fmt", "yuv420p", "-vf", scale),
            *("-c:a", "aac", "-b:a", "128k", "-ac", "2"),
        ]
    _ffmpeg(
        ["-i", source, *maps, *codecs, "-movflags", "+faststart", "-f", "mp4", target],
        settings.KALEM_VIDEO_PROCESS_SECONDS,
    )


def make_press_copy(source, target, *, title, credit, copyright_notice):
    """The web copy rewrapped with the credit in its metadata (no re-encoding)."""
    tags = {"title": title, "artist": credit, "copyright": copyright_notice, "comment": credit}
    metadata = [
        arg for key, value in tags.items() if value for arg in ("-metadata", f"{key}={value}")
    ]
    _ffmpeg(
        [
            "-i",
            source,
            "-map",
            "0",
            "-c",
            "copy",
            "-map_metadata",
            "-1",
            *metadata,
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            target,
        ],
        settings.KALEM_VIDEO_PROCESS_SECONDS,
    )


@contextlib.contextmanager
def local_path(field_file):
    """A path on disk for a stored file: the file itself on the disk storage, else a
    temporary copy made in chunks (object storage)."""
    storage = field_file.storage
    try:
        yield storage.path(field_file.name)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="kalem-video-") as folder:
        path = os.path.join(folder, "source" + os.path.splitext(field_file.name)[1])
        with storage.open(field_file.name, "rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        yield path


@contextlib.contextmanager
def upload_path(upload):
    """A path on disk for an uploaded file: Django's temporary file for large uploads,
    else a temporary copy written chunk by chunk."""
    if hasattr(upload, "temporary_file_path"):
        yield upload.temporary_file_path()
        return
    suffix = os.path.splitext(upload.name or "")[1][:10]
    with tempfile.NamedTemporaryFile(prefix="kalem-upload-", suffix=suffix) as target:
        for chunk in upload.chunks(CHUNK):
            target.write(chunk)
        target.flush()
        yield target.name
    upload.seek(0)


def sha256_of(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_upload(upload):
    """The in-request checks of an uploaded video: (Probe, SHA-256), or VideoRejected."""
    limit = settings.KALEM_MAX_VIDEO_UPLOAD_BYTES
    if upload.size > limit:
        raise VideoRejected(too_large_message(limit))
    with upload_path(upload) as path:
        result = probe(path)
    return result, sha256_of(upload)


def check_webvtt(upload):
    """A caption file must be a WebVTT file in UTF-8 (the only format <track> plays)."""
    if upload.size > rules.CAPTION_MAX_BYTES:
        raise VideoRejected(_("The caption file is larger than 1 MB."))
    data = b"".join(upload.chunks())
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VideoRejected(_("The caption file is not UTF-8 text.")) from None
    first = text.split("\n", 1)[0].strip()
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))) or "\x00" in text:
        raise VideoRejected(_("The caption file is not WebVTT: its first line must be “WEBVTT”."))
