"""Press office pages: press releases, news and announcements, their index pages and the
categories they share. Each item has a summary that cards, feeds and social cards reuse, a
public change history and can be withdrawn with an explanation."""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, connections, models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import sql
from cms.api.fields import NamedField, PhotoField, TagsField
from cms.blocks import CaptionedImageBlock, ContentBlocks
from cms.cache import bump_content_version, cached_fragment
from cms.images import LEAD_IMAGE_RENDITIONS, SOCIAL_IMAGE_SPEC, public_image
from cms.listing import (
    below,
    prefetch_card_images,
    prefetch_photo,
    public_inputs,
    public_live,
    stream_fields,
)
from cms.models import KalemPage, photo_field
from cms.text import slugify, turkish_sort_key
from cms.views import KeptPages, page_or_past_end

# Open Graph recommends 1.91:1; 1200×630 is what Facebook, X and WhatsApp all crop well.
INDEX_PER_PAGE = 12


def _by_name(row):
    return turkish_sort_key(row["name"])


class Category(models.Model):
    """A subject press items are filed under (Kültür, Sosyal Yardım, Altyapı, Meclis…)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, blank=True, help_text=_("Filled from the name.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = slugify(self.slug or self.name)
        super().save(*args, **kwargs)
        # Index pages cache their category filter (PressIndexPage.filter_choices).
        bump_content_version()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        bump_content_version()
        return result


class ChangeNoteBlock(blocks.StructBlock):
    """One entry of an item's public change history (GOV.UK's "Full page history")."""

    date = blocks.DateBlock(label=_("Date"))
    note = blocks.TextBlock(label=_("What changed"))

    class Meta:
        icon = "history"
        label = _("Change note")


class PressItemPage(KalemPage):
    """What press releases, news and announcements share."""

    listable = True
    listing_image_field = "lead_image"
    listing_order = "-date"

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Shown on cards, in feeds, search results and social media shares."),
    )
    date = models.DateField(_("date"), db_index=True)
    lead_image = photo_field(_("lead image"))
    lead_image_credit = models.CharField(
        _("lead image credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the photo's own credit line."),
    )
    body = StreamField(ContentBlocks(), verbose_name=_("body"), blank=True)
    gallery = StreamField([("image", CaptionedImageBlock())], verbose_name=_("gallery"), blank=True)
    attachments = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        verbose_name=_("attachments"),
        blank=True,
    )
    related_pages = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        verbose_name=_("related pages"),
        blank=True,
        max_num=6,
    )
    categories = ParentalManyToManyField(
        "press.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )
    change_notes = StreamField(
        [("note", ChangeNoteBlock())],
        verbose_name=_("change notes"),
        blank=True,
        help_text=_("When you publish a significant change, add a dated note for readers."),
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("A withdrawn item keeps its address but leaves listings and feeds."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.TextField(
        _("withdrawal explanation"), blank=True, help_text=_("Shown to readers on the page.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_credit")], heading=_("Lead image")
        ),
        FieldPanel("body"),
        FieldPanel("gallery"),
        FieldPanel("attachments"),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("related_pages"),
    ]
    history_panels = [
        FieldPanel("change_notes"),
        MultiFieldPanel(
            [FieldPanel("withdrawn"), FieldPanel("withdrawn_at"), FieldPanel("withdrawal_note")],
            heading=_("Withdrawal"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    # The read API (/api/v2/pages/) shows these and nothing else; a withdrawn item shows
    # its notice there as on the site.
    api_fields = [
        "date",
        "summary",
        APIField("lead_image", serializer=PhotoField(credit_attr="lead_image_credit_line")),
        "body",
        APIField("categories", serializer=NamedField(many=True)),
        APIField("tags", serializer=TagsField()),
        "change_notes",
        "withdrawn",
        "withdrawn_at",
        "withdrawal_note",
    ]

    class Meta:
        abstract = True
        # Site search leaves withdrawn items out (`hidden_from_search`, one `NOT IN`
        # per kind): the few withdrawn rows are found here, not by reading every item
        # (8 ms a search at 20,000 releases, bench/scale.py).
        indexes = [
            models.Index(
                fields=["page_ptr"], condition=Q(withdrawn=True), name="%(class)s_withdrawn"
            )
        ]

    @property
    def listing_summary(self):
        return self.summary

    @property
    def listing_date(self):
        return self.date

    @classmethod
    def listing_filter(cls, queryset):
        return queryset.filter(withdrawn=False)

    @classmethod
    def hidden_from_search(cls):
        """Withdrawn items keep their address, where readers see the withdrawal notice, but
        leave site search and the sitemap (cms.views.search)."""
        return cls.objects.filter(withdrawn=True)

    def get_sitemap_urls(self, request=None):
        return [] if self.withdrawn else super().get_sitemap_urls(request)

    @property
    def kind_label(self):
        return capfirst(self._meta.verbose_name)

    @property
    def lead_image_credit_line(self):
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""

    def clean(self):
        super().clean()
        if self.withdrawn and not self.withdrawal_note.strip():
            raise ValidationError(
                {"withdrawal_note": _("Explain to readers why this item was withdrawn.")}
            )

    def full_clean(self, *args, **kwargs):
        if self.withdrawn and self.withdrawn_at is None:
            self.withdrawn_at = timezone.now()
        super().full_clean(*args, **kwargs)

    def social_image(self):
        """The 1200×630 rendition social cards and feed enclosures use, or None (also
        when the photo may no longer be shown)."""
        image = public_image(self.lead_image)
        return image.get_rendition(SOCIAL_IMAGE_SPEC) if image else None

    def sorted_change_notes(self):
        return sorted((block.value for block in self.change_notes), key=lambda v: v["date"])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The lead photo with the renditions the page shows, in one query (issue 20).
        prefetch_photo(self, "lead_image", LEAD_IMAGE_RENDITIONS)
        rendition = self.social_image()
        context["social_image"] = rendition
        context["social_image_url"] = (
            request.build_absolute_uri(rendition.url) if rendition is not None else ""
        )
        context["canonical_url"] = self.get_full_url(request)
        # The parent (cms.routing has it already) as its own type without reading its own
        # row: the page uses only its address, title and feed addresses.
        parent = self.get_parent().specific_deferred
        # Its feed addresses come from `parent.url`: the request's root paths, not a
        # fresh read (cms.wagtail_hooks.share_site_root_paths does this for the page).
        parent._wagtail_cached_site_root_paths = self._get_site_root_paths(request)
        context["index_page"] = parent if isinstance(parent, PressIndexPage) else None
        context["categories"], context["tags"] = self.labels()
        return context

    def _stored_labels(self):
        using = self._state.db or type(self).objects.db
        categories, tags = [], []
        for kind, *values in sql.rows(_labels_sql(type(self), using), [self.pk] * 2, using):
            model, found = (Category, categories) if kind == 0 else (Tag, tags)
            found.append(model.from_db(using, LABEL_FIELDS, values))
        return categories, tags

    def labels(self):
        """The item's categories and its tags, each in Turkish alphabetical order. Stored
        ones come in one query (SQL made once per page type, cms.sql) instead of one for
        each: Django compiling the two cost a tenth of an uncached release. A preview's,
        kept in memory by modelcluster, are read as modelcluster keeps them."""
        if self.pk is None or getattr(self, "_cluster_related_objects", None):
            categories, tags = list(self.categories.all()), list(self.tags.all())
        else:
            categories, tags = self._stored_labels()
        return (
            sorted(categories, key=lambda category: turkish_sort_key(category.name)),
            sorted(tags, key=lambda tag: turkish_sort_key(tag.name)),
        )


LABEL_FIELDS = ["id", "name", "slug"]  # all of a category's and of a tag's


@functools.cache  # one per page type and database
def _labels_sql(model, using):
    """A press item's categories (kind 0) and tags (kind 1) by the item's id."""
    q = sql.quoter(using)

    def select(kind, label_model, through, label_column, item_column):
        names = ", ".join(
            f"x.{q(label_model._meta.get_field(name).column)}" for name in LABEL_FIELDS
        )
        return (
            f"SELECT {kind:d}, {names} FROM {q(label_model._meta.db_table)} x"  # noqa: S608 - names from the models
            f" INNER JOIN {q(through._meta.db_table)} r ON r.{q(label_column)} = x.{q('id')}"
            f" WHERE r.{q(item_column)} = %s"
        )

    categories = model._meta.get_field("categories")
    tagged = model.tags.through
    return " UNION ALL ".join(
        [
            select(
                0,
                Category,
                categories.remote_field.through,
                categories.m2m_reverse_name(),
                categories.m2m_column_name(),
            ),
            select(
                1,
                Tag,
                tagged,
                tagged._meta.get_field("tag").column,
                tagged._meta.get_field("content_object").column,
            ),
        ]
    )


class PressReleasePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "press.PressReleasePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "press.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class AnnouncementPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "press.AnnouncementPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def press_edit_handler(page_class):
    """Wagtail's usual tabs plus one for the public change history and withdrawal."""
    return TabbedInterface(
        [
            ObjectList(page_class.content_panels, heading=_("Content")),
            ObjectList(page_class.promote_panels, heading=_("Promote")),
            ObjectList(page_class.history_panels, heading=_("Change history")),
            ObjectList(page_class.settings_panels, heading=_("Settings")),
        ]
    )


class PressReleasePage(PressItemPage):
    """A press release (basın açıklaması): the municipality's official statement."""

    tags = ClusterTaggableManager(through=PressReleasePageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["press.PressReleaseIndexPage"]
    subpage_types = []

    class Meta(PressItemPage.Meta):
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")


class NewsPage(PressItemPage):
    """A news item (haber) about the municipality's work."""

    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["press.NewsIndexPage"]
    subpage_types = []

    class Meta(PressItemPage.Meta):
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class AnnouncementPage(PressItemPage):
    """An announcement (duyuru) to citizens, optionally valid only between two dates."""

    tags = ClusterTaggableManager(through=AnnouncementPageTag, blank=True, verbose_name=_("tags"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("After this day the announcement is shown as expired and leaves listings."),
    )

    content_panels = [
        *PressItemPage.content_panels[:2],
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        *PressItemPage.content_panels[2:],
    ]
    parent_page_types = ["press.AnnouncementIndexPage"]
    subpage_types = []
    api_fields = [*PressItemPage.api_fields, "valid_from", "valid_until"]

    class Meta(PressItemPage.Meta):
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    listing_filter_reads = ("date",)  # its filter's statement changes with the day

    @classmethod
    def listing_filter(cls, queryset):
        today = timezone.localdate()  # named in listing_filter_reads
        return (
            super()
            .listing_filter(queryset)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        )

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end of validity cannot be before its start.")}
            )


for _page_class in (PressReleasePage, NewsPage, AnnouncementPage):
    _page_class.edit_handler = press_edit_handler(_page_class)
    # Wagtail names a template after each class; the three share one.
    _page_class.template = "press/press_item_page.html"


# The years that have a public item, probed one year at a time between the first and the
# last item's (each an index walk on the date that stops at the first public item) rather
# than by reading every public item's date: 20,000 releases, about 45 ms -> 1 ms.
YEARS_SQL = """
SELECT 'y', y::text, '' FROM generate_series(
    (SELECT EXTRACT(YEAR FROM i.date)::int FROM ({items}) i ORDER BY i.date LIMIT 1),
    (SELECT EXTRACT(YEAR FROM i.date)::int FROM ({items}) i ORDER BY i.date DESC LIMIT 1)
) y
WHERE EXISTS (
    SELECT 1 FROM ({items}) i WHERE i.date >= make_date(y, 1, 1) AND i.date < make_date(y + 1, 1, 1)
)
"""


def _with_years(named, items, using):
    """The statement of the rows of `named` (categories and tags) and the years of
    `items`, in one query (PostgreSQL)."""
    named_sql, named_params = sql.statement(named, using)
    items_sql, items_params = sql.statement(items.values("date"), using)
    return (
        f"{named_sql} UNION ({YEARS_SQL.format(items=items_sql)})",
        (*named_params, *items_params * 3),
    )


class PressIndexPage(RoutablePageMixin, KalemPage):
    """A section listing one kind of press item, with filters, pagination and feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = ["intro"]
    item_model = None

    class Meta:
        abstract = True

    def items(self):
        """The public items of this section, newest first, leaving withdrawn ones out."""
        queryset = public_live(below(self.item_model.objects.all(), self))
        return self.item_model.listing_filter(queryset).order_by("-date", "-pk")

    def active_filters(self, params):
        """The filters asked for in ?kategori=, ?etiket= and ?yil= (a year only if it is
        one)."""
        active = {}
        for name in ("kategori", "etiket"):
            value = params.get(name, "").strip()
            if value:
                active[name] = value
        year = params.get("yil", "").strip()
        if year.isdigit() and 1900 < int(year) < 3000:
            active["yil"] = year
        return active

    def filtered_items(self, active):
        """`items()` narrowed by the `active_filters`.

        Category and tag are subqueries, not joins: a join needed DISTINCT over every
        column of the page, which sorted the whole section on each view (700 ms for
        20,000 releases, bench/scale.py)."""
        queryset = self.items()
        if "kategori" in active:
            categorised = self.item_model.categories.through.objects.filter(
                category__slug=active["kategori"]
            )
            queryset = queryset.filter(
                pk__in=categorised.values(f"{self.item_model._meta.model_name}_id")
            )
        if "etiket" in active:
            tagged = self.item_model.tags.through.objects.filter(tag__slug=active["etiket"])
            queryset = queryset.filter(pk__in=tagged.values("content_object_id"))
        if "yil" in active:
            queryset = queryset.filter(date__year=int(active["yil"]))
        return queryset

    def _statement_key(self, kind):
        """What a statement over this section's items is made from (cms.sql.compiled): the
        section (its id, and its path and depth, which `below` writes in) and what
        `public_live` and the item type's filter read."""
        return (kind, self.pk, self.path, self.depth, public_inputs(self.item_model))

    def filter_choices(self):
        """Categories, years and tags that have items in this section: three queries, cached
        until a page is published or unpublished or a category changes (cms.cache)."""
        return cached_fragment("press-filters", {"index": self.pk}, self._filter_choices)

    def _filter_choices(self):
        # One query (a UNION of the three) rather than three: with the fragment cache
        # emptied by every publish, visitors pay this on each index view. Its statement
        # is made once per process for each section, language and day (cms.sql.compiled):
        # building and compiling it cost a seventh of the uncached index page.
        using = connection.alias
        statement, params = sql.compiled(
            self._statement_key("press-filters"), lambda: self._filter_choices_sql(using), using
        )
        found = {"c": [], "t": [], "y": []}
        for kind, slug, name in sql.rows(statement, params, using):
            found[kind].append({"slug": slug, "name": name})
        return {
            "categories": sorted(found["c"], key=_by_name),
            "tags": sorted(found["t"], key=_by_name),
            "years": sorted((int(row["slug"]) for row in found["y"]), reverse=True),
        }

    def _filter_choices_sql(self, using):
        # A category or tag is shown when one public item has it (EXISTS, probed from the
        # few categories and tags: the first item found ends the probe), not by selecting
        # every public item and its categories (20,000 releases: 70 ms, twice).
        items = self.items().order_by()
        categories = Category.objects.filter(Exists(items.filter(categories=OuterRef("pk"))))
        tags = Tag.objects.filter(Exists(items.filter(tags=OuterRef("pk"))))
        named = (
            categories.order_by()
            .annotate(kind=Value("c"))
            .values_list("kind", "slug", "name")
            .union(tags.order_by().annotate(kind=Value("t")).values_list("kind", "slug", "name"))
        )
        if connections[using].vendor == "postgresql":
            return _with_years(named, items, using)
        years = items.annotate(
            kind=Value("y"),
            year=Cast(ExtractYear("date"), models.CharField()),
            blank=Value(""),
        ).values_list("kind", "year", "blank")
        return sql.statement(named.union(years), using)

    @path("")
    def index_view(self, request):
        active = self.active_filters(request.GET)
        # The count's and each page's statements are made once per process for this
        # section, its filters and what public_live and the type's filter read.
        items = KeptPages(
            (*self._statement_key("press-index"), tuple(sorted(active.items()))),
            lambda: self.filtered_items(active),
            connection.alias,
            # Cards never show a body: the rows leave the StreamFields unread (decoding
            # them was a tenth of the uncached index page).
            defer=stream_fields(self.item_model),
        )
        page_obj, past_end = page_or_past_end(request, items, INDEX_PER_PAGE)
        items = [] if past_end else prefetch_card_images(list(page_obj.object_list))
        response = self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "items": items,
                "past_end": past_end,
                "active_filters": active,
                "choices": self.filter_choices(),
            },
        )
        if past_end:
            response.status_code = 404
        return response

    # A section's feeds and each category's: one method per format, two addresses each.
    @path("rss/", name="rss")
    @path("kategori/<slug:category>/rss/", name="category_rss")
    def rss_view(self, request, category=None):
        from press.feeds import PressRssFeed

        return PressRssFeed()(request, index=self, category=category)

    @path("atom/", name="atom")
    @path("kategori/<slug:category>/atom/", name="category_atom")
    def atom_view(self, request, category=None):
        from press.feeds import PressAtomFeed

        return PressAtomFeed()(request, index=self, category=category)

    def feed_urls(self, category=None):
        """(RSS URL, Atom URL) of this section, or of one of its categories."""
        if category is None:
            return self.url + self.reverse_subpage("rss"), self.url + self.reverse_subpage("atom")
        return (
            self.url + self.reverse_subpage("category_rss", kwargs={"category": category.slug}),
            self.url + self.reverse_subpage("category_atom", kwargs={"category": category.slug}),
        )


class PressReleaseIndexPage(PressIndexPage):
    """The "Basın Açıklamaları" section."""

    item_model = PressReleasePage
    subpage_types = ["press.PressReleasePage"]

    class Meta:
        verbose_name = _("press release index")
        verbose_name_plural = _("press release indexes")


class NewsIndexPage(PressIndexPage):
    """The "Haberler" section."""

    item_model = NewsPage
    subpage_types = ["press.NewsPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")


class AnnouncementIndexPage(PressIndexPage):
    """The "Duyurular" section; expired announcements leave it."""

    item_model = AnnouncementPage
    subpage_types = ["press.AnnouncementPage"]

    class Meta:
        verbose_name = _("announcement index")
        verbose_name_plural = _("announcement indexes")


for _index_class in (PressReleaseIndexPage, NewsIndexPage, AnnouncementIndexPage):
    _index_class.template = "press/press_index_page.html"
