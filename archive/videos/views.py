"""Admin views of the video archive: the press download (the site's copy with the credit
in its name and metadata) and the original for video editors. Both ask the policy."""

import hashlib
import os
import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cms.permissions import require
from cms.storage import private_storage
from cms.views import file_download, stored_file_response

from . import media, rules
from .models import Video
from .permissions import video_policy

PRESS_COPY_DIR = "video-downloads"


def press_copy_name(video):
    """Named by the web copy and the credit: a corrected credit makes a new copy."""
    key = hashlib.sha256(
        f"{video.web_file.name}\n{video.title}\n{video.credit}\n{video.copyright}".encode()
    ).hexdigest()[:16]
    return f"{PRESS_COPY_DIR}/{video.pk}-{key}.mp4"


def press_copy(video):
    """The stored press copy of `video`, made when first asked (a rewrap: seconds)."""
    name = press_copy_name(video)
    storage = private_storage()
    if storage.exists(name):
        return name
    with media.local_path(video.web_file) as source, tempfile.TemporaryDirectory() as work:
        target = os.path.join(work, "press.mp4")
        media.make_press_copy(
            source,
            target,
            title=video.title,
            credit=video.credit,
            copyright_notice=video.copyright,
        )
        with open(target, "rb") as handle:
            return storage.save(name, File(handle))


@require_GET
def download(request, pk):
    video = get_object_or_404(Video, pk=pk)
    if not video_policy.can_download(request.user, video):
        raise PermissionDenied
    if video.processing_status != Video.READY or not video.web_file:
        raise Http404
    name = press_copy(video)
    return stored_file_response(
        private_storage(),
        name,
        rules.download_filename(video.title, video.credit),
        as_attachment=True,
        content_type="video/mp4",
    )


@require_GET
def original(request, pk):
    video = get_object_or_404(Video, pk=pk)
    require(request.user, "change", Video, video)
    return file_download(video.file)
