"""The public archive's search: text and facets over the photos of public albums.

Facets are counted in Python over one narrow query (a municipality's archive holds tens
of thousands of photos, not millions), so every count is exact and follows the filters
already chosen.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from cms.listing import public_live
from cms.text import turkish_casefold, turkish_sort_key

from . import rules
from .models import Photo, Photographer
from .pages import PhotoAlbumPage

FACETS = ("year", "month", "photographer", "place", "person", "tag", "orientation")
ORIENTATIONS = {
    "landscape": _("Landscape"),
    "portrait": _("Portrait"),
    "square": _("Square"),
}


@dataclass
class Row:
    pk: int
    values: dict = field(default_factory=dict)  # facet -> list of keys


@dataclass
class Facet:
    name: str
    label: str
    options: list  # (key, label, count, selected)


def public_photos(index_page):
    """Usable photos that appear in a live, public album under the archive page."""
    albums = public_live(PhotoAlbumPage.objects.descendant_of(index_page))
    return Photo.objects.usable().filter(album_entries__page__in=albums.values("pk")).distinct()


def _rows(queryset):
    tags = {}
    photo_ct = TaggedItem.objects.filter(
        content_type__app_label="archive", content_type__model="photo"
    )
    for object_id, name in photo_ct.filter(object_id__in=queryset.values("pk")).values_list(
        "object_id", "tag__name"
    ):
        tags.setdefault(object_id, []).append(name)
    rows = []
    fields = ("pk", "taken_at", "photographer_id", "place", "people", "width", "height")
    for pk, taken_at, photographer_id, place, people, width, height, turn in queryset.values_list(
        *fields, "orientation"
    ):
        local = timezone.localtime(taken_at) if taken_at else None
        rows.append(
            Row(
                pk,
                {
                    "year": [str(local.year)] if local else [],
                    "month": [f"{local.month:02}"] if local else [],
                    "photographer": [str(photographer_id)] if photographer_id else [],
                    "place": [place.strip()] if place.strip() else [],
                    "person": rules.split_names(people),
                    "tag": tags.get(pk, []),
                    "orientation": [rules.orientation_of(width, height, turn)],
                },
            )
        )
    return rows


def public_videos(index_page):
    """Videos, ready and usable, of a live, public album under the archive page."""
    from archive.videos.models import Video

    albums = public_live(PhotoAlbumPage.objects.descendant_of(index_page))
    return Video.objects.playable().filter(album__in=albums.values("pk"))


def _video_rows(queryset):
    """Rows of videos with the photos' facets (the recording day for the date, the
    frame's shape for the orientation)."""
    tags = {}
    tagged = TaggedItem.objects.filter(
        content_type__app_label="archive", content_type__model="video"
    )
    for object_id, name in tagged.filter(object_id__in=queryset.values("pk")).values_list(
        "object_id", "tag__name"
    ):
        tags.setdefault(object_id, []).append(name)
    fields = ("pk", "recorded_on", "photographer_id", "place", "people", "width", "height")
    rows = []
    for pk, day, photographer_id, place, people, width, height in queryset.values_list(*fields):
        rows.append(
            Row(
                pk,
                {
                    "year": [str(day.year)] if day else [],
                    "month": [f"{day.month:02}"] if day else [],
                    "photographer": [str(photographer_id)] if photographer_id else [],
                    "place": [place.strip()] if place.strip() else [],
                    "person": rules.split_names(people),
                    "tag": tags.get(pk, []),
                    "orientation": [rules.orientation_of(width or 0, height or 0)],
                },
            )
        )
    return rows


def _matches(row, selected):
    for name, value in selected.items():
        keys = [turkish_casefold(key) for key in row.values[name]]
        if turkish_casefold(value) not in keys:
            return False
    return True


def search(index_page, params):
    """(matching photo ids newest first, facets, selected filters, query, matching video
    ids newest first) for GET params; the facets count photos and videos together."""
    selected = {name: params.get(name, "").strip()[:100] for name in FACETS}
    selected = {name: value for name, value in selected.items() if value}
    query = params.get("q", "").strip()[:200]

    queryset = public_photos(index_page)
    if query:
        # The search index knows nothing of albums; intersect with the public photos.
        found = [photo.pk for photo in Photo.objects.search(query, operator="and")]
        queryset = queryset.filter(pk__in=found)
    rows = [row for row in _rows(queryset) if _matches(row, selected)]
    videos = public_videos(index_page)
    if query:
        found = [video.pk for video in videos.model.objects.search(query, operator="and")]
        videos = videos.filter(pk__in=found)
    video_rows = [row for row in _video_rows(videos) if _matches(row, selected)]
    facets = _facets(rows + video_rows, selected)
    ids = [row.pk for row in rows]
    ordered = Photo.objects.filter(pk__in=ids).order_by("-taken_at", "-pk")
    video_ids = (
        videos.model.objects.filter(pk__in=[row.pk for row in video_rows])
        .order_by("-recorded_on", "-pk")
        .values_list("pk", flat=True)
    )
    return list(ordered.values_list("pk", flat=True)), facets, selected, query, list(video_ids)


def _facets(rows, selected):
    counts = {name: Counter() for name in FACETS}
    for row in rows:
        for name in FACETS:
            for key in set(row.values[name]):
                counts[name][key] += 1
    photographers = dict(
        (str(pk), name)
        for pk, name in Photographer.objects.filter(
            pk__in=[int(k) for k in counts["photographer"]]
        ).values_list("pk", "name")
    )
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
