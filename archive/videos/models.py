"""The video archive's record: a video file with the photo archive's metadata and rights.

The original stays in private storage (it keeps the camera's metadata, and may be large
and in any format). The background task (tasks.process_video) reads its duration,
resolution and codecs, cuts a poster frame and writes the site's copy, an H.264/AAC MP4
without metadata; the poster and that copy are the public files, in a folder named by a
secret per video, so an unpublished video's files are not found by guessing.
"""

import os

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from archive.photos import facet_counts
from archive.photos import rules as photo_rules
from archive.photos.models import Photo, Photographer, UsageRights, unusable_on
from cms.storage import private_storage

from . import media, rules


def original_upload_to(instance, filename):
    return os.path.join("video-originals", timezone.now().strftime("%Y/%m"), filename)


def public_folder(video_id):
    """The public folder of a video's poster and web copy (a secret, like renditions')."""
    return "videos/" + salted_hmac("kalem.video-folder", str(video_id)).hexdigest()[:16]


def caption_upload_to(instance, filename):
    return os.path.join("videos", "captions", filename)


def poster_upload_to(instance, filename):
    return os.path.join("videos", "posters", filename)


class VideoQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def usable(self, today=None):
        """Videos that may newly be used: the photo archive's rule (rules.is_usable)."""
        return self.exclude(unusable_on(today))

    def unusable(self, today=None):
        return self.filter(unusable_on(today))

    def playable(self, today=None):
        """Usable videos whose site copy is ready: what public pages may show."""
        return self.usable(today).filter(processing_status=Video.READY).exclude(web_file="")


class Video(UsageRights, index.Indexed, models.Model):
    LICENCES = Photo.LICENCES

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("video file"), storage=private_storage, upload_to=original_upload_to, max_length=255
    )
    description = models.TextField(_("description"), blank=True)
    recorded_on = models.DateField(_("date recorded"), null=True, blank=True, db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    people = models.CharField(
        _("people in the video"),
        max_length=500,
        blank=True,
        help_text=_("Names, separated by commas."),
    )
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The event page this video was recorded at."),
    )
    album = models.ForeignKey(
        "archive.PhotoAlbumPage",
        verbose_name=_("album"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="videos",
        help_text=_("The album page shows the video beside its photos."),
    )
    tags = TaggableManager(help_text=None, blank=True, verbose_name=_("tags"))
    photographer = models.ForeignKey(
        Photographer,
        verbose_name=_("camera operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="videos",
    )
    credit_line = models.CharField(
        _("credit line"),
        max_length=200,
        blank=True,
        help_text=_("Shown with the video and in its download's name, e.g. “Video: Basın Birimi”."),
    )
    copyright = models.CharField(_("copyright"), max_length=255, blank=True)

    # Rights: the same fields and the same rule as photos (archive.photos.rules).
    licence = models.CharField(
        _("licence and rights"), max_length=20, choices=LICENCES, default=photo_rules.OWN
    )
    consent_expires = models.DateField(
        _("consent expires"),
        null=True,
        blank=True,
        help_text=_("After this day the video can no longer be chosen or shown publicly."),
    )
    licence_expires = models.DateField(
        _("licence ends"),
        null=True,
        blank=True,
        help_text=_("After this day the video can no longer be chosen or shown publicly."),
    )
    do_not_use = models.BooleanField(
        _("do not use"), default=False, help_text=_("Withdraws the video from every new use.")
    )
    usage_restrictions = models.TextField(_("usage restrictions"), blank=True)

    # Captions for the site's player (WebVTT, uploaded): an accessibility requirement.
    captions_tr = models.FileField(
        _("Turkish captions (WebVTT)"), upload_to=caption_upload_to, blank=True, max_length=255
    )
    captions_en = models.FileField(
        _("English captions (WebVTT)"), upload_to=caption_upload_to, blank=True, max_length=255
    )
    poster = models.FileField(
        _("poster frame"),
        upload_to=poster_upload_to,
        blank=True,
        max_length=255,
        help_text=_("Cut from the video on upload; upload a JPEG or PNG to replace it."),
    )
    poster_from_editor = models.BooleanField(default=False, editable=False)

    # Read from the file by the background task.
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, editable=False, db_index=True
    )
    file_size = models.BigIntegerField(_("file size"), null=True, editable=False)
    duration = models.FloatField(_("duration (seconds)"), null=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    video_codec = models.CharField(_("video codec"), max_length=40, blank=True, editable=False)
    audio_codec = models.CharField(_("audio codec"), max_length=40, blank=True, editable=False)
    container = models.CharField(_("container"), max_length=100, blank=True, editable=False)
    converted = models.BooleanField(_("converted for the web"), default=False, editable=False)
    web_file = models.FileField(_("web copy"), blank=True, editable=False, max_length=255)

    PENDING, PROCESSING, READY, FAILED = "pending", "processing", "ready", "failed"
    PROCESSING_STATES = [
        (PENDING, _("Waiting")),
        (PROCESSING, _("Processing")),
        (READY, _("Ready")),
        (FAILED, _("Failed")),
    ]
    processing_status = models.CharField(
        _("processing"), max_length=10, choices=PROCESSING_STATES, default=PENDING, editable=False
    )
    processing_error = models.TextField(_("processing error"), blank=True, editable=False)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["processing_status", "processing_error"])
    objects = VideoQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("people"),
        index.SearchField("place"),
        index.SearchField("credit_line"),
        index.FilterField("do_not_use"),
        index.FilterField("processing_status"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return self.title

    @property
    def is_playable(self):
        return self.is_usable and self.processing_status == self.READY and bool(self.web_file)

    @property
    def duration_display(self):
        return rules.format_duration(self.duration)

    @property
    def resolution(self):
        return f"{self.width}×{self.height}" if self.width and self.height else ""

    # --- background processing ------------------------------------------------------------

    def process(self):
        """Probe the stored original, cut the poster (unless the editor gave one) and write
        the site's copy; the status and any error are recorded for the editor."""
        self._set_status(self.PROCESSING)
        self.restore_editor_poster()
        try:
            with media.local_path(self.file) as source:
                probe = media.probe(source)
                values = self._write_public_files(source, probe)
        except FileNotFoundError:
            self._set_status(self.FAILED, gettext("The original file is missing."))
            return
        except media.VideoRejected as exc:
            self._set_status(self.FAILED, str(exc))
            return
        values.update(
            duration=probe.duration,
            width=probe.width,
            height=probe.height,
            video_codec=probe.video_codec,
            audio_codec=probe.audio_codec or "",
            container=probe.format_name[:100],
            converted=not probe.web_friendly,
            processing_status=self.READY,
            processing_error="",
        )
        # An update, not save(): an editor may be changing the record's fields meanwhile.
        Video.objects.filter(pk=self.pk).update(**values)
        facet_counts.changed()  # ready: the archive counts it (no post_save for an update)
        self.refresh_from_db()

    def _write_public_files(self, source, probe):
        import tempfile

        folder = public_folder(self.pk)
        values = {}
        with tempfile.TemporaryDirectory(prefix="kalem-video-") as work:
            if not (self.poster_from_editor and self.poster):
                poster = os.path.join(work, "poster.jpg")
                media.cut_poster(source, poster, rules.poster_time(probe.duration))
                values["poster"] = _save_public(f"{folder}/poster.jpg", poster)
            web = os.path.join(work, "web.mp4")
            media.make_web_copy(source, web, probe)
            stem = os.path.splitext(os.path.basename(self.file.name))[0]
            values["web_file"] = _save_public(f"{folder}/{stem}.mp4", web)
        return values

    # --- rights: the public files leave when the video may no longer be used ------------

    @property
    def has_public_files(self):
        return bool(self.web_file) or (bool(self.poster) and not self.poster_from_editor)

    def withdraw_public_files(self):
        """Consent or licence ended, or "do not use": the site's copy and the cut poster
        (files made from the original, which stays) leave public storage, as a photo's
        renditions do. An editor's own poster moves to private storage under the same
        name and comes back with the video. Returns the public URLs removed."""
        if self.is_usable:
            return []
        urls, values = [], {}
        if self.web_file:
            urls.append(self.web_file.url)
            default_storage.delete(self.web_file.name)
            values["web_file"] = ""
        if self.poster and default_storage.exists(self.poster.name):
            urls.append(self.poster.url)
            if self.poster_from_editor:
                with default_storage.open(self.poster.name, "rb") as handle:
                    private_storage().save(self.poster.name, File(handle))
            else:
                values["poster"] = ""
            default_storage.delete(self.poster.name)
        if values:
            Video.objects.filter(pk=self.pk).update(**values)
            facet_counts.changed()
            for field, value in values.items():
                setattr(self, field, value)
        return urls

    def needs_republishing(self):
        """Usable again after a withdrawal: its public files must be made anew."""
        return self.is_usable and self.processing_status == self.READY and not self.web_file

    def restore_editor_poster(self):
        """The editor's poster back from private storage (see withdraw_public_files)."""
        if self.poster_from_editor and self.poster:
            kept = private_storage()
            if kept.exists(self.poster.name) and not default_storage.exists(self.poster.name):
                with kept.open(self.poster.name, "rb") as handle:
                    default_storage.save(self.poster.name, File(handle))
                kept.delete(self.poster.name)

    def _set_status(self, status, error=""):
        Video.objects.filter(pk=self.pk).update(processing_status=status, processing_error=error)
        facet_counts.changed()
        self.processing_status, self.processing_error = status, error


def _save_public(name, path):
    """Store a file made on disk under a new public name (never over an older one)."""
    with open(path, "rb") as handle:
        return default_storage.save(name, File(handle))
