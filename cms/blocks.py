"""The shared StreamField vocabulary: every page body in Kalem is built from these."""

import copy
import re

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from . import frontend_cache, sql
from .cache import cached_fragment, fragment_key
from .images import public_image
from .listing import card_photo_keys, listable_page_types, run_listing, run_listings

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the photo's own credit line."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"

    def render(self, value, context=None):
        # A photo that may no longer be shown leaves no empty figure behind.
        if public_image(value.get("image")) is None:
            return ""
        return super().render(value, context)


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Leave empty to use the document title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or web address"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(_("Choose a page or enter a web address."))
                }
            )
        return value


class ListingValue(blocks.StructValue):
    """A listing block's saved query; `pages()` runs it (or returns what
    `prepare_listings` ran for it)."""

    section_deleted = False
    _prepared = None

    def pages(self):
        if self._prepared is not None:
            pages, keys, cards = self._prepared
            cards.load()
            # The photos were loaded for the whole page, perhaps while another fragment
            # was rendered: name this listing's own, so its cached copy keeps them.
            frontend_cache.add_keys(keys | card_photo_keys(pages))
            return pages
        return self._run()

    def _run(self, card_images=True):
        return run_listing(card_images=card_images, **self.query())

    def query(self):
        """The saved query, as `cms.listing.listing_query` takes it."""
        return {
            "page_type": self.get("page_type"),
            "section": self.get("section"),
            "section_deleted": self.section_deleted,
            "tag": self.get("tag") or "",
            "limit": self.get("limit") or 5,
            "order": self.get("order") or "natural",
        }


# The listing block's page choosers (ListingBlock.bulk_to_python).
CHOSEN_PAGES = ("section", "more_link")


class ListingBlock(blocks.StructBlock):
    """A saved query editors drop anywhere: "latest N pages of type X, tagged Y, under Z"."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    page_type = blocks.ChoiceBlock(label=_("Page type"), choices=listable_page_types)
    section = blocks.PageChooserBlock(
        label=_("Under section"), required=False, help_text=_("Only pages below this page.")
    )
    tag = blocks.CharBlock(label=_("Tagged"), required=False, max_length=100)
    limit = blocks.IntegerBlock(label=_("How many"), default=5, min_value=1, max_value=50)
    order = blocks.ChoiceBlock(
        label=_("Order"),
        default="natural",
        choices=[
            ("natural", _("Natural order of the page type")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("By title")),
            ("tree", _("As in the page tree")),
        ],
    )
    layout = blocks.ChoiceBlock(
        label=_("Layout"), default="cards", choices=[("cards", _("Cards")), ("list", _("List"))]
    )
    more_link = blocks.PageChooserBlock(label=_("“See all” link"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Listing")
        template = "blocks/listing_block.html"
        value_class = ListingValue

    def fragment_key(self, value):
        return fragment_key("listing", self.get_prep_value(value))

    def render(self, value, context=None):
        # The listing is the same for every visitor, so its HTML is cached until any
        # page is published or unpublished (see cms.cache).
        return cached_fragment(
            "listing",
            self.get_prep_value(value),
            lambda: super(ListingBlock, self).render(value, context),
        )

    def _mark_deleted_sections(self, raw_values, values):
        # A chosen section that no longer exists comes back as None, exactly like "no
        # section chosen"; remember the difference so the listing shows nothing instead
        # of silently widening to the whole site.
        for raw, value in zip(raw_values, values, strict=True):
            value.section_deleted = bool(raw.get("section")) and value.get("section") is None
        return values

    def to_python(self, value):
        return self._mark_deleted_sections([value], [super().to_python(value)])[0]

    def bulk_to_python(self, values):
        # Both chosen pages of every listing on the page in one query, not one for the
        # sections and one for the "see all" links (issue 20): the same base pages
        # PageChooserBlock would load.
        values = list(values)
        ids = {raw.get(name) for raw in values for name in CHOSEN_PAGES} - {None}
        pages = sql.in_bulk(Page, ids)
        converted = super().bulk_to_python(
            [{k: v for k, v in raw.items() if k not in CHOSEN_PAGES} for raw in values]
        )
        for raw, value in zip(values, converted, strict=True):
            for name in CHOSEN_PAGES:
                page = pages.get(raw.get(name))
                value[name] = copy.copy(page) if page is not None else None
        return self._mark_deleted_sections(values, converted)


def prepare_listings(stream, cards, extra_ids=()):
    """Run the listing blocks of `stream` whose HTML is not in the cache (all of them
    right after a publish) before the page is rendered, together
    (`cms.listing.run_listings`: two queries for any number of listings, not one each),
    and leave their pages in `cards` (a `cms.listing.CardImages`), so that the cards'
    photos of the whole page load in one query too (issue 20). One read of the cache
    tells which are missing; the blocks then render as before. The pages `extra_ids`
    (the home page's featured pages) are loaded with them when the listings run, and
    returned by id; None when no listing ran."""
    listings = [
        (block.block.fragment_key(block.value), block)
        for block in stream
        if isinstance(block.block, ListingBlock)
    ]
    if not listings:
        return None
    cached = cache.get_many([key for key, _block in listings])
    missing = [block for key, block in listings if key not in cached]
    if not missing:
        return None
    results, extra = run_listings([block.value.query() for block in missing], extra_ids)
    for block, (found, shown) in zip(missing, results, strict=True):
        # Responses showing a listing are purged when a page of its type is published.
        frontend_cache.add_keys(shown)
        block.value._prepared = (found, shown, cards)
        cards.add(found)
    return extra


class VideoBlock(blocks.StructBlock):
    """A video of the archive in the page's own HTML5 player: poster, preload="none" (the
    visitor's data is spent only on play), the Turkish and English captions."""

    video = SnippetChooserBlock("archive.Video", label=_("Video"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def render(self, value, context=None):
        # A video withdrawn, out of consent or not yet processed leaves nothing behind.
        video = value.get("video")
        if video is None or not video.is_playable:
            return ""
        return super().render(value, context)


YOUTUBE_EMBED = re.compile(r"https?://(?:www\.)?youtube\.com/embed/")


class PrivacyEmbedBlock(EmbedBlock):
    """YouTube, Vimeo and the like by their oEmbed HTML, with YouTube's player served from
    youtube-nocookie.com: no cookie is set before the visitor presses play."""

    def render(self, value, context=None):
        html = super().render(value, context)
        return mark_safe(YOUTUBE_EMBED.sub("https://www.youtube-nocookie.com/embed/", html))


class ContentBlocks(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    embed = PrivacyEmbedBlock(
        label=_("Embedded media"), template="blocks/embed_block.html", icon="media"
    )
    document = DocumentLinkBlock()
    table = TableBlock(label=_("Table"))
    call_to_action = CallToActionBlock()
    listing = ListingBlock()

    class Meta:
        label = _("Content")
