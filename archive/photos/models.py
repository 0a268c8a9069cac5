"""The photo archive's image model and its renditions.

`Photo` is Kalem's only image model (WAGTAILIMAGES_IMAGE_MODEL): Wagtail cannot switch
image models once images exist, so it is defined from the first migration and grows
with the photo-archive work (EXIF/IPTC, consent, hashes) by ordinary migrations.
"""

import functools
import os

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    Image,
    ImageQuerySet,
    SourceImageIOError,
    WagtailImageField,
    get_upload_to,
)
from wagtail.search import index

from cms.storage import PRIVATE_RENDITIONS_DIR, is_private_rendition, private_storage
from cms.text import slugify, to_ascii, turkish_casefold

from . import metadata, renditions, rules

# What the upload's background task reads from the file (metadata.extract_metadata): the
# edit form shows them, apply_analysis fills the empty ones, and the multiple uploader's
# forms leave them to the task.
FILE_FIELDS = (
    "headline",
    "caption",
    "credit_line",
    "place",
    "taken_at",
    "camera_make",
    "camera_model",
    "lens",
    "exposure",
    "gps_latitude",
    "gps_longitude",
    "creator",
    "copyright",
    "city",
    "location",
)
# The page type a photo's or an album's event is (by name: archive does not import events).
EVENT_PAGE = "events.EventPage"
# What editors decide: who took it, what it shows, and whether and how it may be used.
RIGHTS_FIELDS = (
    "photographer",
    "event",
    "people",
    "licence",
    "consent_expires",
    "licence_expires",
    "do_not_use",
    "usage_restrictions",
)


class Photographer(models.Model):
    """A staff or agency photographer, credited under every photo they took."""

    name = models.CharField(_("name"), max_length=120)
    agency = models.CharField(_("agency or unit"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_staff_photographer = models.BooleanField(_("municipal staff"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("photographer")
        verbose_name_plural = _("photographers")

    def __str__(self):
        return f"{self.name} ({self.agency})" if self.agency else self.name

    @classmethod
    def for_byline(cls, byline):
        """The photographer a file's byline (IPTC By-line, EXIF Artist) names, added if
        new. Names compare without case or Turkish letters, so a camera that writes
        "AYSE YILMAZ" finds "Ayşe Yılmaz"."""
        name = " ".join(byline.split())[: cls._meta.get_field("name").max_length]
        key = to_ascii(turkish_casefold(name))
        for photographer in cls.objects.only("pk", "name"):
            if to_ascii(turkish_casefold(photographer.name)) == key:
                return photographer
        # Not known to be staff: an editor ticks that when it is true.
        return cls.objects.create(name=name, is_staff_photographer=False)


class PhotoTags(TaggableManager):
    """Photo tags that keep the keywords read from the file.

    Wagtail's image form saves its (empty) tag field after the photo is saved, which
    would wipe the IPTC keywords `Photo.save()` has just added; they are merged back in.
    """

    def save_form_data(self, instance, value):
        from_file = getattr(instance, "_keywords_from_file", [])
        value = list(value or [])
        super().save_form_data(instance, value + [k for k in from_file if k not in value])


def unusable_on(today=None):
    """The database form of rules.is_usable (negated), for any archive model with the
    rights fields do_not_use, consent_expires and licence_expires (photos, videos)."""
    today = today or timezone.localdate()
    return (
        models.Q(do_not_use=True)
        | models.Q(consent_expires__lt=today)
        | models.Q(licence_expires__lt=today)
    )


class UsageRights:
    """What photos and videos share about their use: the credit to print and whether
    they may be used (rules.is_usable), read from the rights fields each model has
    (credit_line, photographer, people, do_not_use, consent_expires, licence_expires).
    `unusable_on` is the same rule for querysets."""

    @property
    def credit(self):
        """The credit line to print: the explicit one, else the photographer's name."""
        if self.credit_line:
            return self.credit_line
        return str(self.photographer) if self.photographer_id else ""

    @property
    def is_usable(self):
        # Today's date is read only where a period may have ended: most photos have none,
        # and every card asks (reading the local date cost more than the rule, a
        # thirtieth of the uncached home page).
        periods = self.consent_expires is not None or self.licence_expires is not None
        return rules.is_usable(
            do_not_use=self.do_not_use,
            consent_expires=self.consent_expires,
            licence_expires=self.licence_expires,
            today=timezone.localdate() if periods else None,
        )

    @property
    def unusable_reason(self):
        return rules.unusable_reason(
            do_not_use=self.do_not_use,
            consent_expires=self.consent_expires,
            licence_expires=self.licence_expires,
            today=timezone.localdate(),
        )

    @property
    def people_list(self):
        return rules.split_names(self.people)


class PhotoQuerySet(ImageQuerySet):
    def usable(self, today=None):
        """Photos that may newly be used (archive.photos.rules.is_usable): not withdrawn,
        consent not expired, licence not ended."""
        return self.exclude(unusable_on(today))

    def unusable(self, today=None):
        return self.filter(unusable_on(today))


class Photo(UsageRights, AbstractImage):
    """An image of the archive: a Wagtail image with what its file says about it (EXIF,
    IPTC, XMP, read on upload and correctable), editorial fields, rights and consent."""

    LICENCES = [
        (rules.OWN, _("Municipality's own")),
        (rules.AGENCY, _("News agency")),
        (rules.CITIZEN, _("Submitted by a citizen")),
    ]

    # The original keeps GPS and camera serials, and some are confidential: it lives in
    # private storage with no public URL. Renditions and press downloads are stripped
    # copies; only renditions up to the public sizes of usable photos are public files
    # (PhotoRendition.get_upload_to), press downloads are private and served by views.
    file = WagtailImageField(
        verbose_name=_("file"),
        storage=private_storage,
        upload_to=get_upload_to,
        width_field="width",
        height_field="height",
    )
    caption = models.TextField(_("caption"), blank=True)
    credit_line = models.CharField(
        _("credit line"),
        max_length=200,
        blank=True,
        help_text=_("Shown wherever the photo appears, e.g. “Fotoğraf: Ayşe Yılmaz / Belediye”."),
    )
    photographer = models.ForeignKey(
        Photographer,
        verbose_name=_("photographer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    tags = PhotoTags(help_text=None, blank=True, verbose_name=_("tags"))

    # Read from the file on upload; editors may correct them (simple_history keeps both).
    taken_at = models.DateTimeField(_("date taken"), null=True, blank=True, db_index=True)
    camera_make = models.CharField(_("camera make"), max_length=100, blank=True)
    camera_model = models.CharField(_("camera model"), max_length=100, blank=True)
    lens = models.CharField(_("lens"), max_length=150, blank=True)
    exposure = models.CharField(_("exposure"), max_length=100, blank=True)
    gps_latitude = models.FloatField(_("GPS latitude"), null=True, blank=True)
    gps_longitude = models.FloatField(_("GPS longitude"), null=True, blank=True)
    orientation = models.PositiveSmallIntegerField(_("EXIF orientation"), default=1)
    headline = models.CharField(_("headline"), max_length=255, blank=True)
    creator = models.CharField(_("creator (byline)"), max_length=200, blank=True)
    copyright = models.CharField(_("copyright"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    # Editorial.
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The event page this photo was taken at."),
    )
    people = models.CharField(
        _("people in the photo"),
        max_length=500,
        blank=True,
        help_text=_("Names, separated by commas."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Blank is allowed so Wagtail's multiple upload (which posts only the file) works; an
    # empty licence is saved as the municipality's own.
    licence = models.CharField(
        _("licence and rights"), max_length=20, choices=LICENCES, default=rules.OWN, blank=True
    )
    consent_expires = models.DateField(
        _("consent expires"),
        null=True,
        blank=True,
        help_text=_("After this day the photo can no longer be chosen or shown publicly."),
    )
    licence_expires = models.DateField(
        _("licence ends"),
        null=True,
        blank=True,
        help_text=_(
            "For a photo licensed to the municipality for a period (an agency's, a "
            "citizen's): after this day it can no longer be chosen or shown publicly."
        ),
    )
    do_not_use = models.BooleanField(
        _("do not use"), default=False, help_text=_("Withdraws the photo from every new use.")
    )
    usage_restrictions = models.TextField(_("usage restrictions"), blank=True)

    # Fingerprints of the original file.
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, db_index=True, editable=False
    )
    phash = models.CharField(_("perceptual hash"), max_length=16, blank=True, editable=False)
    near_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("near-duplicate of"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    near_duplicate_kept = models.BooleanField(
        _("near-duplicate kept"),
        default=False,
        editable=False,
        help_text=_("An editor looked at the near-duplicate and kept both photos."),
    )
    metadata_notes = models.TextField(_("metadata notes"), blank=True, editable=False)

    # Uploads are checked in the request; metadata, pHash and renditions follow in the
    # background (tasks.process_photo), and the editor follows them on the upload status page.
    PENDING, PROCESSING, READY, FAILED = "pending", "processing", "ready", "failed"
    PROCESSING_STATES = [
        (PENDING, _("Waiting")),
        (PROCESSING, _("Processing")),
        (READY, _("Ready")),
        (FAILED, _("Failed")),
    ]
    processing_status = models.CharField(
        _("processing"), max_length=10, choices=PROCESSING_STATES, default=READY, editable=False
    )
    processing_error = models.TextField(_("processing error"), blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["file_hash", "file_size", "processing_status", "processing_error"]
    )
    objects = PhotoQuerySet.as_manager()

    admin_form_fields = (
        *Image.admin_form_fields[:3],
        *FILE_FIELDS[:3],
        *RIGHTS_FIELDS,
        *FILE_FIELDS[3:],
        *Image.admin_form_fields[3:],
    )

    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("caption"),
        index.SearchField("headline"),
        index.SearchField("people"),
        index.SearchField("place"),
        index.SearchField("credit_line"),
        index.FilterField("do_not_use"),
        # The chooser searches only photos that may be used (admin.only_usable_photos);
        # the search backend refuses to filter on fields it was not told of.
        index.FilterField("consent_expires"),
        index.FilterField("licence_expires"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        permissions = [("choose_image", "Can choose image")]

    @property
    def orientation_kind(self):
        return rules.orientation_of(self.width, self.height, self.orientation)

    # --- upload checks and metadata ---------------------------------------------------

    def _new_file(self):
        """The uploaded file not yet written to storage, or None."""
        return self.file if self.file and not self.file._committed else None

    def _analyse(self, source):
        return metadata.analyse(source, max_pixels=settings.KALEM_MAX_IMAGE_PIXELS)

    def _check_upload(self, upload):
        """The in-request checks (type, size, damage); sets both hashes."""
        if getattr(self, "_checked_file", None) is not upload:
            self.sha256, self.phash = metadata.check_upload(
                upload.file, max_pixels=settings.KALEM_MAX_IMAGE_PIXELS
            )
            self._checked_file = upload

    def clean(self):
        """Refuse damaged, hostile and exactly duplicated uploads, naming the reason."""
        super().clean()
        upload = self._new_file()
        if upload is None:
            return
        try:
            self._check_upload(upload)
        except metadata.ImageRejected as exc:
            raise ValidationError({"file": str(exc)}) from exc
        existing = Photo.objects.filter(sha256=self.sha256).exclude(pk=self.pk).first()
        if existing is not None:
            raise ValidationError(
                {
                    "file": format_html(
                        _('This photo is already in the archive: <a href="{}">{}</a>.'),
                        reverse("wagtailimages:edit", args=[existing.pk]),
                        existing.title,
                    )
                }
            )

    def save(self, *args, **kwargs):
        """A new file is checked now and described later (process()), unless the caller
        analysed it already (`_analysis`, as import_photos does). Saving queues nothing:
        whoever accepted the upload calls tasks.queue_upload() (the image form, the
        multiple uploader, the import), so scripts and fixtures save without side effects."""
        self.licence = self.licence or rules.OWN
        upload = self._new_file()
        analysis = getattr(self, "_analysis", None)
        if upload is not None and analysis is None:
            self._check_upload(upload)
            self.processing_status, self.processing_error = self.PENDING, ""
        elif analysis is None and self.file and not self.sha256:
            analysis = self._analyse_stored_file()
        if analysis is not None:
            self.apply_analysis(analysis)
            self._analysis = None
        super().save(*args, **kwargs)
        self._upload_checked = upload is not None
        keywords = getattr(self, "_keywords_from_file", None)
        if keywords:
            self.tags.add(*keywords)

    def process(self):
        """Describe the stored original (metadata, pHash), then make the standard
        renditions, recording progress and any error on the photo for the editor."""
        if not self.describe():
            return
        try:
            self.get_renditions(*rules.UPLOAD_RENDITIONS)
        except Exception:
            self._set_status(self.FAILED, gettext("The preview sizes could not be made."))
            raise
        self._set_status(self.READY)

    def describe(self):
        """Read the original's metadata and pHash into the photo; False if it failed (the
        reason is recorded)."""
        self._set_status(self.PROCESSING)
        try:
            with self.open_file() as original:
                if self.sha256 and self.phash:  # checked and hashed on upload
                    analysis = metadata.PhotoAnalysis(
                        metadata=metadata.extract_metadata(
                            original, max_pixels=settings.KALEM_MAX_IMAGE_PIXELS
                        ),
                        sha256=self.sha256,
                        phash=self.phash,
                    )
                else:
                    analysis = self._analyse(original)
        except (FileNotFoundError, SourceImageIOError):
            self._set_status(self.FAILED, gettext("The original file is missing."))
            return False
        except metadata.ImageRejected as exc:
            self._set_status(self.FAILED, str(exc))
            return False
        with transaction.atomic():
            # Fresh from the database: an editor may have changed the photo meanwhile, and
            # the file's values only fill what is still blank.
            fresh = Photo.objects.select_for_update().get(pk=self.pk)
            fresh.apply_analysis(analysis)
            fresh.processing_status = self.PROCESSING  # ready once the renditions exist
            fresh.save()
        self.refresh_from_db()
        return True

    def _set_status(self, status, error=""):
        Photo.objects.filter(pk=self.pk).update(processing_status=status, processing_error=error)
        self.processing_status, self.processing_error = status, error

    def _analyse_stored_file(self):
        """Fingerprint a photo stored before hashing existed; a missing or unreadable file
        is left as it is (the rights report and import show it) rather than blocking saves."""
        try:
            with self.open_file() as original:
                return self._analyse(original)
        except (FileNotFoundError, SourceImageIOError, metadata.ImageRejected):
            return None

    def apply_analysis(self, analysis):
        """Fill the fields the file describes; editors' values are never overwritten."""
        meta = analysis.metadata
        self.sha256 = analysis.sha256
        self.phash = analysis.phash
        self.orientation = meta.orientation
        # The fields named as the file's metadata; the credit and place have names of their own.
        values = {name: getattr(meta, name, None) for name in FILE_FIELDS}
        values.update(credit_line=meta.credit, place=meta.location or meta.city)
        for name, value in values.items():
            field = self._meta.get_field(name)
            if value not in (None, "") and getattr(self, name) in (None, ""):
                if isinstance(value, str):
                    value = value[: field.max_length] if field.max_length else value
                setattr(self, name, value)
        if meta.creator and self.photographer_id is None:
            self.photographer = Photographer.for_byline(meta.creator)
        if meta.headline and self._title_is_file_name():
            # The uploader titles a photo after its file ("DSC_0412"); the photographer's
            # IPTC headline says what it shows.
            self.title = meta.headline[: self._meta.get_field("title").max_length]
        self.metadata_notes = "\n".join(meta.warnings)
        self.processing_status, self.processing_error = self.READY, ""
        self._keywords_from_file = [k[:100] for k in meta.keywords if k.strip()]
        near = self.find_near_duplicate()
        if near is None or near.pk != self.near_duplicate_of_id:
            self.near_duplicate_kept = False
        self.near_duplicate_of = near

    def _title_is_file_name(self):
        """True while the title is still the uploaded file's name (with or without its
        extension, before the storage's collision suffix)."""
        title = slugify(os.path.splitext(self.title)[0]) if self.title else ""
        return bool(title) and slugify(os.path.basename(self.file.name)).startswith(title)

    def find_near_duplicate(self):
        """The first other photo whose pHash is within NEAR_DUPLICATE_DISTANCE bits."""
        if not self.phash:
            return None
        candidates = Photo.objects.exclude(pk=self.pk).exclude(phash="").exclude(sha256=self.sha256)
        for pk, other in candidates.values_list("pk", "phash").iterator():
            if metadata.hash_distance(self.phash, other) <= metadata.NEAR_DUPLICATE_DISTANCE:
                return Photo.objects.get(pk=pk)
        return None

    # --- renditions ---------------------------------------------------------------------

    def has_public_renditions(self):
        names = self.renditions.values_list("file", flat=True)
        return any(not is_private_rendition(name) for name in names)

    def delete_public_renditions(self):
        """Delete the renditions stored at public URLs; returns those URLs. Private ones
        stay (the admin's previews); Wagtail makes new ones, in private storage, should
        anyone ask for the photo while it may not be used."""
        public = [r for r in self.renditions.all() if not is_private_rendition(r.file.name)]
        return PhotoRendition.delete_files(public)

    def renditions_to_republish(self):
        """Renditions made private while the photo could not be used that may be public
        now: the public site would otherwise link visitors to a private file."""
        return [
            rendition
            for rendition in self.renditions.all()
            if is_private_rendition(rendition.file.name) and rendition.may_be_public()
        ]

    def live_pages_using(self):
        """Live pages that refer to the photo (lead images, blocks, covers)."""
        from wagtail.models import Page, ReferenceIndex

        page_ids = (
            ReferenceIndex.get_references_to(self)
            .filter(base_content_type=ContentType.objects.get_for_model(Page))
            .values_list("object_id", flat=True)
        )
        return list(Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).specific())

    def get_renditions(self, *filters):
        # Wagtail's image tags make a new Filter for each size at every render, and each
        # parses its operations again (an argument check per operation): 72 times per
        # view of the home page. A size's Filter is the same for every photo, so it is
        # parsed once per process.
        return super().get_renditions(*(parsed_filter(f) for f in filters))

    def create_renditions(self, *filters):
        # Several sizes at once (the upload's standard renditions): one decode serves all.
        if len(filters) < 2:
            return super().create_renditions(*filters)
        self._shared_decode = renditions.SharedDecode(filters)
        try:
            return super().create_renditions(*filters)
        finally:
            self._shared_decode = None

    def generate_rendition_file(self, filter, *, source=None):
        shrinking = renditions.ShrinkOnLoadFilter(
            spec=filter.spec, shared=getattr(self, "_shared_decode", None)
        )
        return super().generate_rendition_file(shrinking, source=source)


@functools.lru_cache(maxsize=256)
def _parsed_filter(spec):
    return Filter(spec=spec)


def parsed_filter(size):
    """The Filter of an image size ("fill-640x360", or a plain Filter of it), parsed once
    per process. Subclasses (the shrinking filter) are left as they are."""
    if isinstance(size, str):
        return _parsed_filter(size)
    if type(size) is Filter:
        return _parsed_filter(size.spec)
    return size


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @classmethod
    def oversized_public(cls):
        """Renditions in public storage that the rules keep private: full-size copies and
        anything larger than the public sizes (written before the rule existed)."""
        edge = rules.PUBLIC_RENDITION_MAX_EDGE
        return (
            cls.objects.exclude(file__startswith=PRIVATE_RENDITIONS_DIR + "/")
            .filter(
                models.Q(width__gt=edge)
                | models.Q(height__gt=edge)
                | models.Q(filter_spec="original")
                | models.Q(filter_spec__startswith="original|")
                | models.Q(filter_spec__contains="|original")
            )
            .select_related("image")
        )

    @staticmethod
    def delete_files(renditions):
        """Delete renditions and their files now; returns the URLs they had."""
        urls = []
        for rendition in renditions:
            urls.append(rendition.url)
            rendition.file.storage.delete(rendition.file.name)
            rendition.delete()  # also forgets it in Wagtail's rendition cache
        return urls

    def get_upload_to(self, filename):
        # Rendition names repeat the original's file name ("dsc_0001.original.jpg" is the
        # full-size copy the admin's edit page makes). A per-photo secret folder keeps them
        # from being guessed for photos that are not published; but once one rendition is
        # public its folder is known, so only renditions that may be public go there, the
        # rest to private storage (cms.storage.RenditionStorage).
        folder = salted_hmac("kalem.rendition-folder", str(self.image_id)).hexdigest()[:16]
        root = "images" if self.may_be_public() else PRIVATE_RENDITIONS_DIR
        return os.path.join(root, folder, self.file.field.storage.get_valid_name(filename))

    def may_be_public(self):
        width, height = self.width, self.height
        if not (width and height):
            width, height = self.file.width, self.file.height
        return rules.rendition_may_be_public(
            filter_spec=self.filter_spec, width=width, height=height, usable=self.image.is_usable
        )
