"""The public archive's search: text and facets over the photos of public albums.

Facets are counted in the database, one GROUP BY per facet over the photos (and the
videos) that match the filters already chosen, so a view reads a few hundred grouped
rows, not every public photo and its tags (bench/scale.py, 100,000 photos). Where a key
is worked in Python (a place trimmed, the names in `people`), the database groups on the
raw column and the few distinct values are folded here: every count stays exact.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from cms.listing import public_live
from cms.text import turkish_casefold, turkish_sort_key

from . import rules
from .models import Photo
from .pages import AlbumPhoto, PhotoAlbumPage

FACETS = ("year", "month", "photographer", "place", "person", "tag", "orientation")
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
    entries = AlbumPhoto.objects.filter(photo=OuterRef("pk"), page_id__in=album_ids)
    return Photo.objects.usable().filter(Exists(entries))


def public_videos(index_page, album_ids=None):
    """Videos, ready and usable, of a live, public album under the archive page."""
    from archive.videos.models import Video

    if album_ids is None:
        album_ids = _public_album_ids(index_page)
    return Video.objects.playable().filter(album_id__in=album_ids)


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


def _counts(queryset):
    """Facet keys -> item counts for the matching items of one model, a query per facet."""
    counts = {name: Counter() for name in FACETS}
    labels = {}
    grouped = queryset.order_by()
    for year, month, n in grouped.values_list("facet_year", "facet_month").annotate(n=Count("pk")):
        if year is not None:
            counts["year"][str(year)] += n
            counts["month"][f"{month:02}"] += n
    for pk, name, n in (
        grouped.filter(photographer__isnull=False)
        .values_list("photographer_id", "photographer__name")
        .annotate(n=Count("pk"))
    ):
        counts["photographer"][str(pk)] += n
        labels[str(pk)] = name
    for place, n in grouped.values_list("place").annotate(n=Count("pk")):
        for key in _place_keys(place):
            counts["place"][key] += n
    for people, n in grouped.values_list("people").annotate(n=Count("pk")):
        for key in set(rules.split_names(people)):
            counts["person"][key] += n
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id__in=queryset.values("pk"),
    )
    for name, n in (
        tagged.order_by().values_list("tag__name").annotate(n=Count("object_id", distinct=True))
    ):
        counts["tag"][name] += n
    for key, n in grouped.values_list("facet_orientation").annotate(n=Count("pk")):
        counts["orientation"][key] += n
    return counts, labels


def search(index_page, params):
    """(matching photo ids newest first, facets, selected filters, query, matching video
    ids newest first) for GET params; the facets count photos and videos together."""
    selected = {name: params.get(name, "").strip()[:100] for name in FACETS}
    selected = {name: value for name, value in selected.items() if value}
    query = params.get("q", "").strip()[:200]

    album_ids = _public_album_ids(index_page)
    photos = public_photos(index_page, album_ids)
    if query:
        # The search index knows nothing of albums; intersect with the public photos.
        found = [photo.pk for photo in Photo.objects.search(query, operator="and")]
        photos = photos.filter(pk__in=found)
    photos = _filtered(PHOTO.annotate(photos), selected)
    videos = public_videos(index_page, album_ids)
    if query:
        found = [video.pk for video in videos.model.objects.search(query, operator="and")]
        videos = videos.filter(pk__in=found)
    videos = _filtered(VIDEO.annotate(videos), selected)

    photo_counts, photographers = _counts(photos)
    video_counts, video_photographers = _counts(videos)
    counts = {name: photo_counts[name] + video_counts[name] for name in FACETS}
    facets = _facets(counts, {**video_photographers, **photographers}, selected)
    ids = photos.order_by("-taken_at", "-pk").values_list("pk", flat=True)
    video_ids = videos.order_by("-recorded_on", "-pk").values_list("pk", flat=True)
    return list(ids), facets, selected, query, list(video_ids)


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
            options.sort(key=lambda option: (-option[2], turkish_sort_key(option[1])))
        facets.append(Facet(name, labels[name], options))
    return facets
