"""Saved queries over pages ("latest 5 press releases tagged X under section Y").

Editors place them anywhere through the listing block (cms.blocks.ListingBlock), in the
spirit of Plone's collections. A page type takes part by setting `listable = True`;
it may also name `listing_image_field` (a Photo foreign key to show on cards),
`listing_order` (its natural order), `listing_filter(queryset)` (e.g. only
upcoming events; `listing_filter_reads` names the date or minute it reads: public_inputs)
and `listing_prefetch(pages)` (what its cards read besides the photo).
"""

import functools
import logging
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import DEFERRED, BooleanField, Expression, F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, get_page_models

from . import frontend_cache, sql
from .cache import request_memo
from .dates import this_minute
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
    return list(_listable_page_types(get_language()))


@functools.lru_cache(maxsize=8)
def _listable_page_types(language):
    # Once per language and process: every listing block read (each card list of the
    # home page) asks for its choices, and sorting them by Turkish rules cost 3 % of the
    # home page. The page types are fixed once the apps are loaded.
    choices = [
        (model._meta.label_lower, capfirst(model._meta.verbose_name))
        for model in get_page_models()
        if getattr(model, "listable", False)
    ]
    return tuple(sorted(choices, key=lambda choice: turkish_sort_key(choice[1])))


def page_model_for(label):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not (issubclass(model, Page) and getattr(model, "listable", False)):
        return None
    return model


def stream_fields(model):
    """The names of `model`'s StreamFields, left out of the cards' queries: a card never
    shows a body, and reading one means sending its JSON, decoding it and building a
    StreamValue for every page and every page type joined (the home page: 18 cards,
    8 to 10 % of its uncached time)."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, StreamField)]


def restricted_paths():
    """The tree paths of the pages with a view restriction (login, password, groups),
    whose whole sections are private; read once per request (cms.cache.request_memo),
    a section inside another private one left out. Usually none."""

    def load():
        using = PageViewRestriction.objects.db
        kept = []
        for path in sorted(row[0] for row in sql.rows(_restricted_paths_sql(using), [], using)):
            # Sorted, a section's pages follow it: one test against the last kept.
            if not (kept and path.startswith(kept[-1])):
                kept.append(path)
        return tuple(kept)

    return request_memo("restricted_paths", load)


@functools.lru_cache(maxsize=4)  # one per database
def _restricted_paths_sql(using):
    """`PageViewRestriction.objects.values_list("page__path")` in SQL made once per
    process (cms.sql): every page asks, and compiling the join cost more than running
    it."""
    q = sql.quoter(using)
    restriction = PageViewRestriction._meta
    page_link = restriction.get_field("page").column
    return (
        f"SELECT p.{q('path')} FROM {q(restriction.db_table)} r"  # noqa: S608 - names from the models
        f" INNER JOIN {q(Page._meta.db_table)} p ON r.{q(page_link)} = p.{q('id')}"
    )


def public_inputs(model):
    """What `public_live` and `model.listing_filter` read besides their queryset, for the
    keys of statements kept compiled (cms.sql.compiled): the active language, the private
    sections, and the date or minute the filter reads, named in `listing_filter_reads`
    ("date": today's, in the site's time zone; "minute": `cms.dates.this_minute()`)."""
    reads = getattr(model, "listing_filter_reads", ())
    clock = tuple(
        reader()
        for name, reader in (("date", timezone.localdate), ("minute", this_minute))
        if name in reads
    )
    return get_language(), restricted_paths(), clock


def public_live(queryset):
    """Live pages outside private sections, for the active language.

    Same result as `.live().public()`. The private sections are read once per request
    (`restricted_paths`) and each becomes a `path LIKE` (none on most sites): the
    correlated subquery it replaces cost Django's compiler and PostgreSQL's planner more
    than the rows themselves (the uncached home page: 4 of its 10 ms of planning).
    """
    queryset = queryset.live().filter(locale__language_code=get_language())
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


# Wagtail's tree paths: steps of digits and capital letters (treebeard's alphabet).
_TREE_PATH = re.compile(r"[0-9A-Z]+")


class _Below(Expression):
    """`path LIKE '<section's path>%' AND depth > <section's depth>`, written in."""

    conditional = True

    def __init__(self, path, depth):
        if not _TREE_PATH.fullmatch(path):
            raise ValueError(f"not a tree path: {path!r}")
        super().__init__(output_field=BooleanField())
        self.path, self.depth = path, int(depth)
        self.columns = (F("path"), F("depth"))  # resolved to the query's columns

    def get_source_expressions(self):
        return list(self.columns)

    def set_source_expressions(self, exprs):
        self.columns = tuple(exprs)

    def as_sql(self, compiler, connection):
        path, depth = (compiler.compile(column)[0] for column in self.columns)
        # %% is the driver's escape for a literal %: Django sends parameters with it.
        return f"({path} LIKE '{self.path}%%' AND {depth} > {self.depth})", []


def below(queryset, section):
    """`queryset.descendant_of(section)` with the section's path and depth written into
    the statement instead of bound as parameters.

    PostgreSQL plans a prepared statement once for any values (its generic plan), and
    from `path LIKE $1` it cannot tell that most pages are in the section: it guessed 35
    of 20,000 press releases and joined them one by one (bench/scale.py: the press
    index's count 33 → 60 ms, its filter choices 17 → 125, its first page's rows 3 →
    64). Written in, the prefix is planned for what it matches, prepared or not.
    Statements kept compiled (cms.sql.compiled) name the section's path and depth in
    their keys."""
    return queryset.filter(_Below(section.path, section.depth))


def _public_live_sql(using, private_sections):
    """`public_live` in SQL over pages aliased `p`: the locale's join, and the condition
    (its parameters: `_public_live_params()`)."""

    q = sql.quoter(using)

    path = q("path")
    # Wagtail's paths are digits and capital letters: nothing in them to escape for LIKE.
    outside = "".join(f" AND NOT (p.{path} LIKE %s)" for _ in range(private_sections))
    join = f" INNER JOIN {q('wagtailcore_locale')} l ON p.{q('locale_id')} = l.{q('id')}"
    return join, f"p.{q('live')} AND l.{q('language_code')} = %s{outside}"


def _public_live_params(private):
    return [get_language(), *(f"{path}%" for path in private)]


@functools.lru_cache(maxsize=16)  # one per number of private sections
def _menu_sql(using, private_sections):
    q = sql.quoter(using)

    join, public = _public_live_sql(using, private_sections)
    return (
        f"SELECT p.{q('id')}, p.{q('title')}, p.{q('url_path')}"  # noqa: S608 - names from the models
        f" FROM {q(Page._meta.db_table)} p{join}"
        f" WHERE p.{q('depth')} = %s AND p.{q('path')} BETWEEN %s AND %s"
        f" AND p.{q('show_in_menus')} AND {public} ORDER BY p.{q('path')}"
    )


def public_menu(parent):
    """The page's children shown in menus, as `public_live(parent.get_children()
    .in_menu()).only("title", "url_path")` gives them, in SQL written once per process
    (cms.sql): every page shows the main menu, and building its query cost more than
    running it."""
    using = Page.objects.db
    private = restricted_paths()
    params = [
        parent.depth + 1,
        *Page._get_children_path_interval(parent.path),
        *_public_live_params(private),
    ]
    return [
        Page.from_db(using, ["id", "title", "url_path"], row)
        for row in sql.rows(_menu_sql(using, len(private)), params, using)
    ]


@functools.lru_cache(maxsize=256)  # one per number of photos and of sizes asked
def _renditions_sql(using, ids, specs):
    photo_model = get_image_model()
    rendition_model = photo_model.get_rendition_model()

    q = sql.quoter(using)

    spec_condition = f" AND rd.{q('filter_spec')} IN ({sql.placeholders(specs)})" if specs else ""
    return (
        f"SELECT {sql.columns(rendition_model, 'rd', using)},"  # noqa: S608 - names from the models
        f" {sql.columns(photo_model, 'ph', using)}"
        f" FROM {q(rendition_model._meta.db_table)} rd"
        f" INNER JOIN {q(photo_model._meta.db_table)} ph ON ph.{q('id')} = rd.{q('image_id')}"
        f" WHERE rd.{q('image_id')} IN ({sql.placeholders(ids)}){spec_condition}"
    )


def photos_with_renditions(ids, specs=None):
    """The photos `ids`, by id, each with its renditions (only those of `specs` when
    given) already loaded, so Wagtail's image tags look nothing up: one query
    (renditions joined to their photo, SQL written once per process: cms.sql) once the
    renditions exist, one more for the photos still without any (their first view)."""
    photo_model = get_image_model()
    rendition_model = photo_model.get_rendition_model()
    ids = sorted(set(ids) - {None})
    photos = {}
    if not ids:
        return photos
    using = rendition_model.objects.db
    width = sql.width(rendition_model)
    found = []
    if specs is None:  # every size
        found = sql.rows(_renditions_sql(using, len(ids), 0), ids, using)
    elif specs:
        specs = sorted(specs)
        found = sql.rows(_renditions_sql(using, len(ids), len(specs)), [*ids, *specs], using)
    for row in found:
        rendition = sql.instance(rendition_model, row[:width], using)
        photo = photos.get(rendition.image_id)
        if photo is None:
            photo = photos[rendition.image_id] = sql.instance(photo_model, row[width:], using)
            photo.prefetched_renditions = []
        rendition.image = photo
        photo.prefetched_renditions.append(rendition)
    missing = set(ids) - photos.keys()
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


def _listing_model(page_type, section_deleted=False):
    """A saved listing's page type, or None (with a warning in the log) when it points at
    a page type or a section that no longer exists."""
    model = page_model_for(page_type)
    if model is None:
        logger.warning(
            "Listing block points at an unknown page type %r; showing nothing.", page_type
        )
        return None
    if section_deleted:
        logger.warning("Listing block points at a deleted section; showing nothing.")
        return None
    return model


def listing_query(
    page_type, *, section=None, section_deleted=False, tag="", limit=5, order="natural"
):
    """The page type, ordered query and length of a saved listing, or None (with a
    warning in the log) when it points at a page type or a section that no longer
    exists."""
    model = _listing_model(page_type, section_deleted)
    if model is None:
        return None
    queryset = public_live(model.objects.defer(*stream_fields(model)))
    if section is not None:
        queryset = below(queryset, section)
    if tag and hasattr(model, "tags"):
        queryset = queryset.filter(tags__name=tag.strip())
    if hasattr(model, "listing_filter"):
        queryset = model.listing_filter(queryset)
    ordering = ORDERINGS.get(order) or getattr(model, "listing_order", "-first_published_at")
    return model, queryset.order_by(ordering), max(1, min(int(limit), 50))


def run_listing(page_type, *, card_images=True, **query):
    """The pages a saved listing shows now (`listing_query`'s arguments), or [] when it
    points at a page type or a section that no longer exists. With `card_images=False`
    the caller loads the cards' photos itself (several listings in one query)."""
    found = listing_query(page_type, **query)
    if found is None:
        return []
    model, queryset, limit = found
    # Responses showing this listing are purged when a page of its type is published.
    frontend_cache.add_keys([frontend_cache.page_type_key(model)])
    pages = list(queryset[:limit])
    return prefetch_card_images(pages) if card_images else pages


def _joined_page_types():
    """The listable page types whose rows one query over Page can bring along (a LEFT
    JOIN each, by `select_related` on the child link): those whose only concrete parent
    is Page. Their reverse accessor by model."""
    joined = {}
    for model in get_page_models():
        if getattr(model, "listable", False) and model._meta.get_parent_list() == [Page]:
            link = model._meta.get_ancestor_link(Page)
            joined[model] = link.remote_field.get_accessor_name()
    return joined


def _listing_key(
    page_type, *, section=None, section_deleted=False, tag="", limit=5, order="natural"
):
    """Everything a listing's query is made from (`listing_query`'s arguments and
    `public_inputs`), for `sql.compiled`."""
    where = (section.pk, section.path, section.depth) if section is not None else None
    return (
        "listing",
        page_type,
        where,
        section_deleted,
        tag,
        limit,
        order,
        public_inputs(page_model_for(page_type)),
    )


def _listing_ids(listing, using):
    """The statement of a listing's page ids, in its order and cut to its length (for a
    listing of a page type that exists: `_listing_model`)."""
    _model, queryset, limit = listing_query(**listing)
    return sql.statement(queryset.values(kalem_listed=F("pk"))[:limit], using)


def _ordered_ids(statements, db):
    """Each statement's page ids in its own order, for every statement in one: the
    statements (each a listing's ids, as `_listing_ids` gives them) side by side in a
    UNION ALL, each row numbered in the order its statement gave it."""
    if not statements:
        return []
    branches, params = [], []
    for number, (sql_text, branch_params) in enumerate(statements):
        # Only the ORM's own SQL (with its parameters apart) and numbers go in.
        branches.append(
            f"SELECT {number:d} AS kalem_listing, ROW_NUMBER() OVER () AS kalem_position, "  # noqa: S608
            f"kalem_query_{number:d}.kalem_listed FROM ({sql_text}) kalem_query_{number:d}"
        )
        params.extend(branch_params)
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        rows = cursor.fetchall()
    ids = [[] for _ in statements]
    for number, _position, pk in sorted(rows):
        ids[number].append(pk)
    return ids


@functools.lru_cache(maxsize=64)  # one per number of pages and of private sections
def _load_pages_sql(using, ids, private_sections):
    q = sql.quoter(using)

    select, joins = [sql.columns(Page, "p", using)], []
    for number, model in enumerate(_joined_page_types()):
        alias = f"t{number}"
        select.extend(f"{alias}.{q(field.column)}" for field in _card_fields(model))
        link = model._meta.get_ancestor_link(Page)
        joins.append(
            f" LEFT JOIN {q(model._meta.db_table)} {alias}"
            f" ON {alias}.{q(link.column)} = p.{q('id')}"
        )
    join, public = _public_live_sql(using, private_sections)
    return (
        f"SELECT {', '.join(select)} FROM {q(Page._meta.db_table)} p{join}"  # noqa: S608 - names from the models
        f"{''.join(joins)}"
        f" WHERE p.{q('id')} IN ({sql.placeholders(ids)}) AND {public}"
    )


@functools.cache
def _card_fields(model):
    """The columns of a joined page type's own table a card reads: all but its
    StreamFields (`stream_fields`)."""
    left_out = set(stream_fields(model))
    return tuple(
        field
        for field in model._meta.concrete_fields
        if field.model is model and field.name not in left_out
    )


def load_pages(ids):
    """The pages `ids` that are live, public and in the active language, each as its own
    page type, by id: one query for those of the listable types (Page with each type's
    row joined, SQL made once per process: cms.sql), one more per other page type among
    them. StreamFields are left out (deferred): a card never shows a body."""
    ids = sorted(set(ids) - {None})
    if not ids:
        return {}
    using = Page.objects.db
    private = restricted_paths()
    params = [*ids, *_public_live_params(private)]
    page_width = sql.width(Page)
    content_type, readers = _card_readers(using)
    pages, others = {}, {}
    for row in sql.rows(_load_pages_sql(using, len(ids), len(private)), params, using):
        model = ContentType.objects.get_for_id(row[content_type]).model_class()
        if model in readers:
            page = _card(model, readers[model], row, using)
        else:
            page = sql.instance(Page, row[:page_width], using)
            if model is not Page and model is not None:  # read as its type below
                others.setdefault(model, []).append(page.pk)
                continue
        pages[page.pk] = page
    for model, pks in others.items():
        pages.update(model.objects.in_bulk(pks))
    return pages


@functools.cache
def _card_readers(using):
    """How `load_pages` reads a row as each joined page type, worked out once per process:
    for each of the type's concrete fields in order, the row's column (Page's columns
    come first, then each joined type's card columns) with its converters, or None for a
    field left unread; and the column of the page's content type. Each card is
    then built once, as its own type, where a Page was built first and copied field by
    field (a twentieth of the uncached home page)."""
    page_fields = Page._meta.concrete_fields
    place = {field.attname: number for number, field in enumerate(page_fields)}
    readers, start = {}, len(page_fields)
    for model in _joined_page_types():
        own = _card_fields(model)
        own_place = {field.attname: start + number for number, field in enumerate(own)}
        start += len(own)
        steps = []
        for field in model._meta.concrete_fields:
            column = own_place.get(field.attname) if field.model is model else place[field.attname]
            converters = sql.converters(field, using) if column is not None else None
            steps.append((column, converters))
        readers[model] = tuple(steps)
    return place["content_type_id"], readers


def _card(model, steps, row, using):
    """The `model` instance of a `load_pages` row (`_card_readers`), as Django's
    select_related over the child link builds it, the type's StreamFields deferred."""
    connection = connections[using]
    values = []
    for column, converters in steps:
        if column is None:
            values.append(DEFERRED)
            continue
        value = row[column]
        if converters:
            expression, functions = converters
            for function in functions:
                value = function(value, expression, connection)
        values.append(value)
    return model.from_db(using, None, values)


def run_listings(listings, extra_ids=()):
    """Run several saved listings (each a dict of `listing_query`'s arguments) and load
    the pages `extra_ids` (as `load_pages` does) together: two queries whatever the
    number of listings and their page types (`_ordered_ids`, then `load_pages`), instead
    of one per listing. Returns, for each listing, its pages and the frontend cache keys
    of what it shows (those `run_listing` adds), and the extra pages by id. Card photos
    are left to the caller (`CardImages`)."""
    extra_ids = list(extra_ids)
    pages = {}
    if len(listings) == 1 and not extra_ids:
        # One listing alone is one query, as it always was.
        found = listing_query(**listings[0])
        models = [found[0] if found is not None else None]
        listed = [list(found[1][: found[2]])] if found is not None else []
    else:
        # The statements are compiled once per process (sql.compiled): building and
        # compiling five listings' querysets cost a seventh of the uncached home page.
        using = Page.objects.db
        models = [
            _listing_model(listing["page_type"], listing.get("section_deleted", False))
            for listing in listings
        ]
        statements = [
            sql.compiled(
                _listing_key(**listing), functools.partial(_listing_ids, listing, using), using
            )
            for listing, model in zip(listings, models, strict=True)
            if model is not None
        ]
        ids = _ordered_ids(statements, using)
        pages = load_pages([pk for listing in ids for pk in listing] + extra_ids)
        listed = [[pages[pk] for pk in listing if pk in pages] for listing in ids]
    results, shown = [], iter(listed)
    for model in models:
        if model is None:
            results.append(([], set()))
            continue
        cards = next(shown)
        keys = {frontend_cache.page_type_key(model)}
        keys |= {frontend_cache.instance_key(page) for page in cards}
        results.append((cards, keys))
    return results, {pk: pages[pk] for pk in extra_ids if pk in pages}
