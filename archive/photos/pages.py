"""Albums of the photo archive and the public archive page (Foto Arşivi)."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api.fields import AlbumPhotosField, PhotoField
from cms.database import planned_per_value
from cms.models import KalemPage

from . import rules
from .models import EVENT_PAGE, Photo


class PhotoArchiveIndexPage(RoutablePageMixin, KalemPage):
    """Foto Arşivi: the albums, and a faceted search over every public photo in them."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = ["intro"]
    subpage_types = ["archive.PhotoAlbumPage"]
    template = "archive/photo_archive_index_page.html"

    class Meta:
        verbose_name = _("photo archive")
        verbose_name_plural = _("photo archives")

    @path("")
    @planned_per_value()  # searches and facet counts by what was asked (cms.database)
    def index(self, request):
        from .views import archive_index

        return archive_index(request, self)

    def albums(self):
        """The public albums, newest first (a query: the archive shows a few of them)."""
        from cms.listing import public_live

        return public_live(PhotoAlbumPage.objects.child_of(self)).order_by("-date", "-pk")


class PhotoAlbumPage(RoutablePageMixin, KalemPage):
    """The photos of one event, in order, each with its own caption, credit and downloads."""

    listable = True
    listing_image_field = "cover"
    listing_order = "-date"

    date = models.DateField(_("date"))
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    cover = models.ForeignKey(
        Photo,
        verbose_name=_("cover photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                PageChooserPanel("event", EVENT_PAGE),
                FieldPanel("cover"),
            ],
            heading=_("Album"),
        ),
        FieldPanel("description"),
        InlinePanel("album_photos", label=_("Photos")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    # The read API (/api/v2/pages/) shows these and nothing else: only the photos cleared
    # for public use, each with its credit.
    api_fields = [
        "date",
        "description",
        APIField("cover", serializer=PhotoField()),
        APIField("photos", serializer=AlbumPhotosField()),
    ]
    parent_page_types = ["archive.PhotoArchiveIndexPage"]
    subpage_types = []
    template = "archive/photo_album_page.html"

    class Meta:
        verbose_name = _("photo album")
        verbose_name_plural = _("photo albums")

    def clean(self):
        super().clean()
        if self.event_id and self.event.specific_class is not apps.get_model(EVENT_PAGE):
            raise ValidationError({"event": _("Event page: choose a page of the calendar.")})

    @property
    def listing_summary(self):
        return self.search_description or self.description

    @property
    def listing_date(self):
        return self.date

    def public_items(self, specs=rules.GRID_SPECS):
        """Album entries whose photo may be shown, with their grid renditions: 3 queries."""
        renditions = Photo.get_rendition_model().objects.filter(filter_spec__in=specs)
        return list(
            self.album_photos.filter(photo__in=Photo.objects.usable())
            .select_related("photo", "photo__photographer")
            .prefetch_related(Prefetch("photo__renditions", queryset=renditions))
            .order_by("sort_order", "pk")
        )

    def public_videos(self):
        """The album's videos that may be shown and are ready to play: one query."""
        return list(
            self.videos.playable().select_related("photographer").order_by("recorded_on", "pk")
        )

    @path("")
    def album(self, request):
        from .views import album_page

        return album_page(request, self)

    @path("foto/<int:photo_id>/")
    def photo(self, request, photo_id):
        from .views import album_photo

        return album_photo(request, self, photo_id)

    @path("indir/<int:photo_id>/<slug:size>/")
    def download(self, request, photo_id, size):
        from .views import download_photo

        return download_photo(request, self, photo_id, size)

    @path("indir/album/")
    def download_zip(self, request):
        from .views import download_album

        return download_album(request, self)


class AlbumPhoto(Orderable):
    """One photo's place in an album, with the caption it has there."""

    page = ParentalKey(PhotoAlbumPage, on_delete=models.CASCADE, related_name="album_photos")
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.CASCADE, related_name="album_entries"
    )
    caption = models.CharField(
        _("caption in this album"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )

    panels = [FieldPanel("photo"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("album photo")
        verbose_name_plural = _("album photos")

    @property
    def shown_caption(self):
        return self.caption or self.photo.caption or self.photo.headline
