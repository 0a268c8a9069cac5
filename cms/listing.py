"""Saved queries over pages ("latest 5 press releases tagged X under section Y").

Editors place them anywhere through the listing block (cms.blocks.ListingBlock), in the
spirit of Plone's collections. A page type takes part by setting `listable = True`;
it may also name `listing_image_field` (a Photo foreign key to show on cards),
`listing_order` (its natural order), `listing_filter(queryset)` (e.g. only
upcoming events) and `listing_prefetch(pages)` (what its cards read besides the photo).
"""

import logging

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.text import capfirst
from django.utils.translation import get_language
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, get_page_models

from . import frontend_cache
from .images import CARD_RENDITIONS
from .text import turkish_sort_key

logger = logging.getLogger("kalem.listing")


ORDERINGS = {
    "natural": None,
    "newest": "-first_published_at",
    "oldest": "first_published_at",
    "title": "title",
    "tree": "path",
}


def listable_page_types():
    """Choices for the listing block: every page type that declared itself listable."""
    choices = [
        (model._meta.label_lower, capfirst(model._meta.verbose_name))
        for model in get_page_models()
        if getattr(model, "listable", False)
    ]
    return sorted(choices, key=lambda choice: turkish_sort_key(choice[1]))


def page_model_for(label):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not (issubclass(model, Page) and getattr(model, "listable", False)):
        return None
    return model


def public_live(queryset):
    """Live pages outside private sections, for the active language.

    Same result as `.live().public()`, but the privacy test is a subquery, so a listing
    costs one query instead of two.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.live().filter(locale__language_code=get_language()).exclude(Exists(restricted))


def photos_with_renditions(ids, specs=None):
    """The photos `ids`, by id, each with its renditions (only those of `specs` when
    given) already loaded, so Wagtail's image tags look nothing up: one query
    (renditions joined to their photo) once the renditions exist, one more for the
    photos still without any (their first view)."""
    photo_model = get_image_model()
    ids = set(ids) - {None}
    photos = {}
    if not ids:
        return photos
    renditions = photo_model.get_rendition_model().objects.filter(image_id__in=ids)
    if specs is not None:
        renditions = renditions.filter(filter_spec__in=specs)
    for rendition in renditions.select_related("image"):
        photo = photos.setdefault(rendition.image_id, rendition.image)
        rendition.image = photo
        photo.__dict__.setdefault("prefetched_renditions", []).append(rendition)
    missing = ids - photos.keys()
    if missing:
        for photo in photo_model.objects.filter(pk__in=missing):
            photo.prefetched_renditions = []
            photos[photo.pk] = photo
    return photos


def prefetch_card_images(pages):
    """Load each page's card image with its card renditions, whatever the number of pages
    and page types: one query once the renditions exist (photos_with_renditions)."""
    # Pairs, not a dict: pages compare by id, and two listings may show the same page.
    fields = [
        (page, page._meta.get_field(page.listing_image_field))
        for page in pages
        if getattr(page, "listing_image_field", None)
    ]
    ids = {getattr(page, field.attname) for page, field in fields}
    photos = photos_with_renditions(ids, CARD_RENDITIONS)
    for page, field in fields:
        image_id = getattr(page, field.attname)
        if image_id is not None and image_id in photos:
            field.set_cached_value(page, photos[image_id])
    # What else a page type's cards read (an event series' dates left out, for its next
    # date): `listing_prefetch(pages)`, once per page type, not once per card.
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for model, group in by_type.items():
        if hasattr(model, "listing_prefetch"):
            model.listing_prefetch(group)
    return pages


def card_photo_keys(pages):
    """The frontend cache keys of the photos these pages' cards show."""
    keys = set()
    for page in pages:
        name = getattr(page, "listing_image_field", None)
        photo = getattr(page, name) if name else None
        if photo is not None:
            keys.add(frontend_cache.instance_key(photo))
    return keys - {None}


class CardImages:
    """Pages shown as cards whose photos are still to be loaded, gathered from several
    listings of one page so that `load()` reads them all in one query."""

    def __init__(self):
        self.pending = []

    def add(self, pages):
        self.pending.extend(pages)

    def load(self):
        if self.pending:
            prefetch_card_images(self.pending)
            self.pending = []


def prefetch_photo(instance, name, specs=None):
    """Load the photo of `instance`'s foreign key `name` with its renditions (of `specs`,
    or all of them) in one query instead of one for the photo and one per image tag."""
    field = instance._meta.get_field(name)
    image_id = getattr(instance, field.attname)
    if image_id is None or field.is_cached(instance):
        return
    photos = photos_with_renditions([image_id], specs)
    if image_id in photos:
        field.set_cached_value(instance, photos[image_id])


def run_listing(
    page_type,
    *,
    section=None,
    section_deleted=False,
    tag="",
    limit=5,
    order="natural",
    card_images=True,
):
    """The pages a saved listing shows now, or [] (with a warning in the log) when it
    points at a page type or a section that no longer exists. With `card_images=False`
    the caller loads the cards' photos itself (several listings in one query)."""
    model = page_model_for(page_type)
    if model is None:
        logger.warning(
            "Listing block points at an unknown page type %r; showing nothing.", page_type
        )
        return []
    if section_deleted:
        logger.warning("Listing block points at a deleted section; showing nothing.")
        return []
    # Responses showing this listing are purged when a page of its type is published.
    frontend_cache.add_keys([frontend_cache.page_type_key(model)])
    queryset = public_live(model.objects.all())
    if section is not None:
        queryset = queryset.descendant_of(section)
    if tag and hasattr(model, "tags"):
        queryset = queryset.filter(tags__name=tag.strip())
    if hasattr(model, "listing_filter"):
        queryset = model.listing_filter(queryset)
    ordering = ORDERINGS.get(order) or getattr(model, "listing_order", "-first_published_at")
    pages = list(queryset.order_by(ordering)[: max(1, min(int(limit), 50))])
    return prefetch_card_images(pages) if card_images else pages
