"""The public archive's search: text and facets over the photos of public albums.

Facets are counted in the database, in one statement per kind of item (photo, video):
the items matching the filters already chosen are selected once and grouped per facet
(`GROUPED_SQL`; on PostgreSQL in one pass, `GROUPING_SETS_SQL`), so a view reads a few
hundred grouped rows, not every public photo and its tags (bench/scale.py, 100,000
photos). Where a key is worked in Python (a place
trimmed, the names in `people`), the database groups on the raw column and the few
distinct values are folded here: every count stays exact. The counts, with nothing
chosen or of a search, are kept between changes (`facet_counts`). Text search hands the database a
subquery of the matching ids: no photo object is loaded to find them. On PostgreSQL,
photos are matched on, and their tags counted from, copies kept on their own rows
(migrations 0025 and 0026, `PhotoColumn`), not through Wagtail's and taggit's tables.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorExact, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Trunc
from django.db.models.lookups import GreaterThan, Lookup
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem
from wagtail.search.backends import get_search_backend

from cms.listing import public_live
from cms.text import turkish_casefold, turkish_sort_key

from . import facet_counts, rules
from .models import Photo, Photographer
from .pages import AlbumPhoto, PhotoAlbumPage

FACETS = ("year", "month", "photographer", "place", "person", "tag", "orientation")
# The keys worked out in SQL (Source.annotate).
KEYED = ("year", "month", "orientation")
# The facets whose chosen value is compared Turkish case-insensitively (`_filtered`): the
# kept counts of a search key them folded (facet_counts.search_key).
FOLDED = ("place", "person", "tag", "orientation")
ORIENTATIONS = {
    "landscape": _("Landscape"),
    "portrait": _("Portrait"),
    "square": _("Square"),
}
# A selected year, month or photographer matches only the key a facet link carries
# ("2025", "03", "17"): anything else matches nothing, as the old string comparison did.
YEAR_KEY = re.compile(r"[1-9][0-9]{0,3}")
MONTH_KEY = re.compile(r"0[1-9]|1[0-2]")
ID_KEY = re.compile(r"[1-9][0-9]{0,17}")


@dataclass
class Facet:
    name: str
    label: str
    options: list  # (key, label, count, selected)


@dataclass
class Source:
    """How one kind of archive item (photo or video) gives its facet keys in SQL."""

    date: str  # a datetime (local year and month) or date field
    turn: str | None  # the EXIF orientation field, if any

    def annotate(self, queryset):
        """The keys as annotations: facet_year, facet_month (local time) and
        facet_orientation, rules.orientation_of in SQL: landscape above 1.05, portrait
        below 1/1.05, in whole numbers (100·w > 105·h) so no rounding differs from
        Python's at the edge."""
        width, height = Coalesce("width", 0), Coalesce("height", 0)
        if self.turn:
            turned = Q(**{f"{self.turn}__in": sorted(rules.QUARTER_TURN_ORIENTATIONS)})
            width = Case(When(turned, then=Coalesce("height", 0)), default=width)
            height = Case(When(turned, then=Coalesce("width", 0)), default=height)
        queryset = queryset.annotate(facet_w=width, facet_h=height)
        orientation = Case(
            When(Q(facet_w=0) | Q(facet_h=0), then=Value("square")),
            When(GreaterThan(F("facet_w") * 100, F("facet_h") * 105), then=Value("landscape")),
            When(GreaterThan(F("facet_h") * 100, F("facet_w") * 105), then=Value("portrait")),
            default=Value("square"),
            output_field=CharField(),
        )
        return queryset.annotate(
            facet_orientation=orientation,
            facet_year=ExtractYear(self.date, output_field=IntegerField()),
            facet_month=ExtractMonth(self.date, output_field=IntegerField()),
        )


PHOTO = Source(date="taken_at", turn="orientation")
VIDEO = Source(date="recorded_on", turn=None)


class AnyOf(Lookup):
    """`column = ANY(%s)` with the ids as ONE array parameter: a public album list of a
    thousand ids as `IN (%s, …)` was a thousand parameters in each of five queries, each
    prepared by Django and spliced into the SQL by psycopg (about 10 ms of CPU per
    archive search at 1,000 albums). The planner sees the same constant list."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, [int(value) for value in self.rhs]]


def among(field, ids):
    """A filter for `field__in=ids` (ids: integers): one array parameter on PostgreSQL."""
    if connection.vendor == "postgresql":
        return AnyOf(F(field), list(ids))
    return Q(**{f"{field}__in": ids})


def _public_album_ids(index_page):
    """Live, public albums under the archive page: a thousand ids at most, read once so
    every facet query tests them as a list (the planner then estimates it well)."""
    albums = public_live(PhotoAlbumPage.objects.descendant_of(index_page))
    return list(albums.values_list("pk", flat=True))


def public_photos(index_page, album_ids=None):
    """Usable photos that appear in a live, public album under the archive page: one row
    each (EXISTS, not a join), so GROUP BY counts each photo once. The album test is
    EXISTS rather than IN (SELECT DISTINCT …): at 100,000 photos the DISTINCT built the
    whole public set for each facet query (0.8 s), where EXISTS probes only the photos
    left by the other filters."""
    if album_ids is None:
        album_ids = _public_album_ids(index_page)
    entries = AlbumPhoto.objects.filter(among("page_id", album_ids), photo=OuterRef("pk"))
    return Photo.objects.usable().filter(Exists(entries))


def public_videos(index_page, album_ids=None):
    """Videos, ready and usable, of a live, public album under the archive page."""
    from archive.videos.models import Video

    if album_ids is None:
        album_ids = _public_album_ids(index_page)
    return Video.objects.playable().filter(among("album_id", album_ids))


def _folded_matches(values, wanted, split):
    """The raw column values whose keys (trimmed, or split into names) include `wanted`,
    compared as the facet links are: Turkish case-insensitive."""
    wanted = turkish_casefold(wanted)
    return [value for value in values if wanted in {turkish_casefold(key) for key in split(value)}]


def _place_keys(value):
    return [value.strip()] if value.strip() else []


def _filtered(queryset, selected):
    """The items of `queryset` (a flat queryset of one model, no joins) that have every
    selected key."""
    model = queryset.model
    for name, value in selected.items():
        if name == "year":
            if not YEAR_KEY.fullmatch(value):
                return queryset.none()
            queryset = queryset.filter(facet_year=int(value))
        elif name == "month":
            if not MONTH_KEY.fullmatch(value):
                return queryset.none()
            queryset = queryset.filter(facet_month=int(value))
        elif name == "photographer":
            if not ID_KEY.fullmatch(value):
                return queryset.none()
            queryset = queryset.filter(photographer_id=int(value))
        elif name == "orientation":
            keys = [key for key in ORIENTATIONS if turkish_casefold(key) == turkish_casefold(value)]
            queryset = queryset.filter(facet_orientation__in=keys)
        elif name in ("place", "person"):
            column = "place" if name == "place" else "people"
            split = _place_keys if name == "place" else rules.split_names
            raw = queryset.order_by().values_list(column, flat=True).distinct()
            queryset = queryset.filter(**{f"{column}__in": _folded_matches(raw, value, split)})
        elif name == "tag":
            names = _folded_matches(Tag.objects.values_list("name", flat=True), value, _place_keys)
            tagged = TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(model), tag__name__in=names
            )
            queryset = queryset.filter(pk__in=tagged.values("object_id"))
    return queryset


# The facets of the items a query selects, grouped in one statement: the query is worked
# once (a WITH, materialised since it is read six times) instead of once per facet; at
# 100,000 photos a common word selects thousands, and each repeat cost tens of ms.
# Columns are named as Django names them (fields by their column, annotations by alias).
# SQLite's; PostgreSQL groups in one pass (GROUPING_SETS_SQL, below).
GROUPED_SQL = """
WITH m AS ({items})
SELECT 'date', facet_year, facet_month, NULL, NULL, COUNT(*) FROM m
    GROUP BY facet_year, facet_month
UNION ALL SELECT 'photographer', NULL, NULL, m.photographer_id, p.name, COUNT(*)
    FROM m JOIN {photographer} p ON p.id = m.photographer_id GROUP BY m.photographer_id, p.name
UNION ALL SELECT 'place', NULL, NULL, NULL, place, COUNT(*) FROM m GROUP BY place
UNION ALL SELECT 'people', NULL, NULL, NULL, people, COUNT(*) FROM m GROUP BY people
UNION ALL SELECT 'orientation', NULL, NULL, NULL, facet_orientation, COUNT(*) FROM m
    GROUP BY facet_orientation
UNION ALL SELECT 'tag', NULL, NULL, NULL, t.name, c.n FROM ({tag_counts}) c
    JOIN {tag} t ON t.id = c.tag_id
"""
# Each tag's items: through taggit's table (one row per item and tag: an item has a tag
# once, so COUNT(*) counts items)...
TAGGED_COUNTS = """SELECT i.tag_id, COUNT(*) AS n FROM m JOIN {tagged} i ON i.object_id = m.id
    WHERE i.content_type_id = %s GROUP BY i.tag_id"""
# ...or, for photos on PostgreSQL, from the tag ids on their own rows (migration 0026), so
# the count reads no row the search did not select (taggit's table is read whole).
ROW_TAG_COUNTS = """SELECT tag_id, COUNT(*) AS n
    FROM (SELECT unnest(m.facet_tags) AS tag_id FROM m) u GROUP BY tag_id"""

# On PostgreSQL the five facets of the items' own columns are grouped in ONE pass over
# them (GROUPING SETS: one hash table per facet), where GROUPED_SQL reads the WITH five
# times; the local date is worked once per item (its month's first day) instead of twice
# (year, then month), and the tags are unnested in the select list, not joined to a
# function scan per row. At 100,000 photos, "konser" (23,617 photos): 207-260 -> 186-206
# ms of SQL, interleaved (docs/operations.md). GROUPING(column) = 0 marks a row's set.
GROUPING_SETS_SQL = """
WITH m AS ({items})
SELECT CASE WHEN GROUPING(facet_period) = 0 THEN 'date'
        WHEN GROUPING(photographer_id) = 0 THEN 'photographer'
        WHEN GROUPING(place) = 0 THEN 'place'
        WHEN GROUPING(people) = 0 THEN 'people'
        ELSE 'orientation' END,
    facet_period, photographer_id,
    CASE WHEN GROUPING(photographer_id) = 0 THEN MIN(p.name)
        WHEN GROUPING(place) = 0 THEN place
        WHEN GROUPING(people) = 0 THEN people
        ELSE facet_orientation END,
    COUNT(*)
FROM m LEFT JOIN {photographer} p ON p.id = m.photographer_id
GROUP BY GROUPING SETS (
    (facet_period), (photographer_id), (place), (people), (facet_orientation)
)
UNION ALL SELECT 'tag', NULL, NULL, t.name, c.n FROM ({tag_counts}) c
    JOIN {tag} t ON t.id = c.tag_id
"""


def _grouped_statement(queryset):
    """(sql, params) of the statement that groups the items of `queryset` per facet,
    and whether its rows are GROUPING_SETS_SQL's (PostgreSQL) or GROUPED_SQL's."""
    columns = ["id", "photographer_id", "place", "people", "facet_orientation"]
    one_pass = connection.vendor == "postgresql"
    if one_pass:
        # The first day of the local month: Trunc works in the current time zone, as
        # ExtractYear and ExtractMonth do in Source.annotate.
        date = PHOTO.date if queryset.model is Photo else VIDEO.date
        queryset = queryset.annotate(facet_period=Trunc(date, "month"))
        columns.append("facet_period")
    else:
        columns += ["facet_year", "facet_month"]
    tags_on_rows = copies_on_rows(queryset.model)
    if tags_on_rows:
        queryset = queryset.annotate(facet_tags=PhotoColumn("tag_ids", ArrayField(IntegerField())))
        columns.append("facet_tags")
    sql, params = queryset.order_by().values_list(*columns).query.sql_with_params()
    if tags_on_rows:
        tag_counts = ROW_TAG_COUNTS
    else:
        tag_counts = TAGGED_COUNTS.format(tagged=TaggedItem._meta.db_table)
        params = (*params, ContentType.objects.get_for_model(queryset.model).pk)
    template = GROUPING_SETS_SQL if one_pass else GROUPED_SQL
    grouped = template.format(
        items=sql,
        photographer=Photographer._meta.db_table,
        tag_counts=tag_counts,
        tag=Tag._meta.db_table,
    )
    return grouped, params, one_pass


def _counts(queryset):
    """Facet keys -> item counts for the matching items of one model: one query."""
    counts = {name: Counter() for name in FACETS}
    labels = {}
    try:
        sql, params, one_pass = _grouped_statement(queryset)
    except EmptyResultSet:  # a filter that can match nothing (`pk__in=[]`)
        return counts, labels
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if one_pass:
        # (kind, first day of the month, photographer, text, n) -> GROUPED_SQL's rows.
        rows = [
            (kind, *((period.year, period.month) if period else (None, None)), who, text, n)
            for kind, period, who, text, n in rows
        ]
    for kind, year, month, photographer, text, n in rows:
        if kind == "date" and year is not None:
            # int(): PostgreSQL's EXTRACT is numeric, which the ORM would have converted.
            counts["year"][str(int(year))] += n
            counts["month"][f"{int(month):02}"] += n
        elif kind == "photographer" and photographer is not None:
            counts["photographer"][str(photographer)] += n
            labels[str(photographer)] = text
        elif kind == "place":
            for key in _place_keys(text):
                counts["place"][key] += n
        elif kind == "people":
            for key in set(rules.split_names(text)):
                counts["person"][key] += n
        elif kind == "orientation":
            counts["orientation"][text] += n
        elif kind == "tag":
            counts["tag"][text] += n
    return counts, labels


@dataclass
class Found:
    """What the archive shows for a request's filters."""

    photos: QuerySet  # ids of the matching photos, unordered: the view orders and pages them
    photo_count: int
    facets: list
    selected: dict
    query: str
    video_ids: list  # the matching videos, newest first ([] when nothing is chosen)
    album_ids: list  # the public albums under the archive page


def _matching_ids(model, query):
    """The ids the search index finds for `query`, as a subquery: the objects themselves
    are never loaded (about 10,000 whole photos for a common word at 100,000 photos).
    `get_queryset()` is the database backends' (settings.WAGTAILSEARCH_BACKENDS)."""
    results = model.objects.search(query, operator="and", order_by_relevance=False)
    return results.get_queryset().values("pk")


def copies_on_rows(model):
    """Whether `model`'s rows carry the copies of their search vectors and tag ids that
    `PhotoColumn` reads: photos, on PostgreSQL (migrations 0025 and 0026)."""
    return model is Photo and connection.vendor == "postgresql"


class PhotoColumn(Expression):
    """A column copied onto the photo's row by a trigger (the search vectors, migration
    0025; the tag ids, 0026: PostgreSQL only, not model fields), named on the query's own
    alias of the photo table."""

    def __init__(self, name, output_field=None):
        super().__init__(output_field=output_field or SearchVectorField())
        self.name = name

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name(self.name)}", []


def wagtail_tsquery(model, query):
    """The tsquery Wagtail's PostgreSQL backend builds for `search(query, operator="and")`
    (its own compiler, so the words, operator and configuration are the same), or None
    when it builds none."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(model.objects.none(), query, operator="and")
    return compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))


def _text_search(queryset, query):
    """The items of `queryset` the search index finds for `query`. Photos on PostgreSQL
    are matched on their own row's copy of the index entry's vectors (`search_document`,
    GIN-indexed): a common word at 100,000 photos read most of the wide entry table
    through Wagtail's join (bench/scale.py)."""
    if copies_on_rows(queryset.model):
        tsquery = wagtail_tsquery(Photo, query)
        if tsquery is not None:
            return queryset.filter(SearchVectorExact(PhotoColumn("search_document"), tsquery))
    return queryset.filter(pk__in=_matching_ids(queryset.model, query))


def _count_both(photos, videos):
    """(counts, photographer names, number of photos) for photos and videos together."""
    photo_counts, photographers = _counts(photos)
    video_counts, video_photographers = _counts(videos)
    counts = {name: photo_counts[name] + video_counts[name] for name in FACETS}
    # Every photo has exactly one orientation: their sum is the number of photos, with no
    # COUNT query of its own.
    photo_total = sum(photo_counts["orientation"].values())
    return counts, {**video_photographers, **photographers}, photo_total


def search(index_page, params):
    """The matching photos and videos and the facets for GET params; the facets count
    photos and videos together."""
    selected = {name: params.get(name, "").strip()[:100] for name in FACETS}
    selected = {name: value for name, value in selected.items() if value}
    query = params.get("q", "").strip()[:200]

    album_ids = _public_album_ids(index_page)
    photos = PHOTO.annotate(public_photos(index_page, album_ids))
    videos = VIDEO.annotate(public_videos(index_page, album_ids))
    if not selected and not query:
        # Nothing narrows them: every public photo's keys, counted once per change.
        counts, labels, photo_count = facet_counts.kept_or_counted(
            index_page, lambda: _count_both(photos, videos)
        )
        facets = _facets(counts, labels, selected)
        ids = photos.values_list("pk", flat=True)
        return Found(ids, photo_count, facets, {}, "", [], album_ids)
    if query:
        # The search index knows nothing of albums; intersect with the public photos.
        photos = _text_search(photos, query)
        videos = _text_search(videos, query)
    photos = _filtered(photos, selected)
    videos = _filtered(videos, selected)
    # Kept until the next change, as the unfiltered counts are: the same searches come
    # back (facet links, result pages), and a common word groups tens of thousands.
    counts, labels, photo_count = facet_counts.kept_or_counted(
        index_page,
        lambda: _count_both(photos, videos),
        search=facet_counts.search_key(query, selected),
    )
    video_ids = videos.order_by("-recorded_on", "-pk").values_list("pk", flat=True)
    return Found(
        photos.values_list("pk", flat=True),
        photo_count,
        _facets(counts, labels, selected),
        selected,
        query,
        list(video_ids),
        album_ids,
    )


def _facets(counts, photographers, selected):
    from django.utils.dates import MONTHS

    labels = {
        "year": _("Year"),
        "month": _("Month"),
        "photographer": _("Photographer"),
        "place": _("Place"),
        "person": _("Person"),
        "tag": _("Tag"),
        "orientation": _("Orientation"),
    }
    facets = []
    for name in FACETS:
        options = []
        for key, count in counts[name].items():
            if name == "month":
                label = MONTHS[int(key)]
            elif name == "photographer":
                label = photographers.get(key, key)
            elif name == "orientation":
                label = ORIENTATIONS[key]
            else:
                label = key
            options.append((key, label, count, selected.get(name) == key))
        if name in ("year", "month"):
            options.sort(key=lambda option: option[0], reverse=name == "year")
        else:
            # Two photographers of the same name go by id: not by the order the database
            # happened to group them in.
            options.sort(key=lambda option: (-option[2], turkish_sort_key(option[1]), option[0]))
        facets.append(Facet(name, labels[name], options))
    return facets
