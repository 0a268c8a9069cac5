"""The video's admin form: the upload is checked in the request (size first, then
ffprobe on the file streamed to disk); a file that is not a video is refused with a
Turkish message beside the field and nothing is saved."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from wagtail.admin.forms import WagtailAdminModelForm

from . import media

POSTER_MAX_BYTES = 10 * 1024 * 1024
POSTER_MAX_PIXELS = 40_000_000
POSTER_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}


class VideoForm(WagtailAdminModelForm):
    def _new(self, name):
        value = self.cleaned_data.get(name)
        return value if name in self.changed_data and value else None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        try:
            probe, sha256 = media.check_upload(upload)
        except media.VideoRejected as exc:
            raise ValidationError(str(exc), code="invalid_video") from exc
        existing = type(self.instance).objects.filter(sha256=sha256).exclude(pk=self.instance.pk)
        if existing.exists():
            video = existing.first()
            raise ValidationError(
                format_html(
                    _('This video is already in the archive: <a href="{}">{}</a>.'),
                    reverse("wagtailsnippets_archive_video:edit", args=[video.pk]),
                    video.title,
                ),
                code="duplicate",
            )
        self.instance.sha256, self.instance.file_size = sha256, upload.size
        self.probe = probe
        return upload

    def _clean_captions(self, name):
        upload = self.cleaned_data.get(name)
        if upload and name in self.changed_data:
            try:
                media.check_webvtt(upload)
            except media.VideoRejected as exc:
                raise ValidationError(str(exc), code="invalid_captions") from exc
        return upload

    def clean_captions_tr(self):
        return self._clean_captions("captions_tr")

    def clean_captions_en(self):
        return self._clean_captions("captions_en")

    def clean_poster(self):
        upload = self.cleaned_data.get("poster")
        if not upload or "poster" not in self.changed_data:
            return upload
        message = _("The poster must be a JPEG or PNG picture of at most 10 MB.")
        if upload.size > POSTER_MAX_BYTES:
            raise ValidationError(message, code="invalid_poster")
        try:
            with Image.open(upload) as picture:
                width, height = picture.size
                kind = picture.format
                if width * height > POSTER_MAX_PIXELS or kind not in POSTER_FORMATS:
                    raise ValidationError(message, code="invalid_poster")
                picture.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
            raise ValidationError(message, code="invalid_poster") from None
        finally:
            upload.seek(0)
        upload.name = "poster" + POSTER_FORMATS[kind]
        self.instance.poster_from_editor = True
        return upload
