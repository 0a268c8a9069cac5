"""Small generated videos for tests, the demo and the benchmark (ffmpeg's test source)."""

import functools
import os
import subprocess
import tempfile

from django.conf import settings

# name: (container, video codec args, audio codec args)
KINDS = {
    # What a phone or an editing program exports: plays in browsers as it is.
    "mp4": (
        "mp4",
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
        ["-c:a", "aac"],
    ),
    # An old camera's AVI (MPEG-4 Part 2 and MP2 sound): no browser plays it.
    "avi": ("avi", ["-c:v", "mpeg4"], ["-c:a", "mp2"]),
}


def make_video(path, *, kind="mp4", seconds=1, size="64x36", rate=10, metadata=None):
    """Write a test video (ffmpeg's colour bars with a tone) to `path`."""
    container, video, audio = KINDS[kind]
    tags = [
        arg
        for key, value in dict(metadata or ()).items()
        for arg in ("-metadata", f"{key}={value}")
    ]
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            settings.KALEM_FFMPEG,
            *("-nostdin", "-v", "error", "-y"),
            *("-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}:duration={seconds}"),
            *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
            *video,
            *audio,
            *tags,
            *("-shortest", "-f", container, str(path)),
        ],
        check=True,
        capture_output=True,
    )
    return path


@functools.cache
def video_bytes(kind="mp4", **kwargs):
    """A tiny test video as bytes, made once per process (1 s, 64×36)."""
    with tempfile.TemporaryDirectory() as folder:
        path = make_video(os.path.join(folder, f"test.{kind}"), kind=kind, **kwargs)
        with open(path, "rb") as handle:
            return handle.read()
