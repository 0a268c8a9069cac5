"""The unfiltered archive's facet counts, kept in the database between changes (issue 20).

With nothing chosen, the facets group every public photo (at 100,000 photos the tags
alone take about a second), and they change only when a photo, video, tag,
photographer or album does. So the counts are worked once and kept in `FacetCounts`
(one row per archive page, language and day), tagged with the `FacetCountsGeneration`
number read *before* they were worked. Every change that can alter them raises the
number in the changing transaction (`changed()`, connected by `connect_signals()`), so a
row worked from data older than a change never matches the number again: the counts
shown are always the ones a fresh count would give. Usability depends on the date
(consent and licences end), hence the day in the key.

The database, not the cache, keeps them: visitors right after a publish get an empty
fragment cache (DummyCache in bench/scale.py), and the counts must survive that.

Counting takes about a second at 100,000 photos, so no visitor should be the one who
waits for it: a change also queues `tasks.recount_archive_facets` once its transaction
commits, and the worker counts afresh before the next visitor comes. A burst of changes
(a bulk upload) queues one recount at a time: `recount_queued` stays set from the first
change until the task starts, and a change made while it counts queues the next one.
A visitor who still comes first counts as before; the answer is the same either way.

Searches (a text query, facets chosen) keep their counts the same way, under a key of the
query and choices as the search reads them (`search_key`; the unfiltered archive's is
""): a word in one photo in four groups tens of thousands of photos, and the same
searches come back (the links of the facets, the pages of a result). Only the unfiltered
row is recounted by the worker; a search is counted by its first visitor after a change.
The table stays small: writing a row deletes those of earlier days and older generations
(they can never match again), and keeps at most `KALEM_ARCHIVE_KEPT_SEARCHES` searches
per archive page and language, the oldest going first.
"""

import hashlib
import json
import logging
from collections import Counter

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)


class FacetCountsGeneration(models.Model):
    """One row: a number raised by every change that may alter the facet counts."""

    number = models.PositiveBigIntegerField(default=0)
    # Set by the first change after a recount started, cleared when the next one starts.
    recount_queued = models.BooleanField(default=False)

    class Meta:
        app_label = "archive"

    def __str__(self):
        return str(self.number)


class FacetCounts(models.Model):
    """The counts (and photographer names) of the archive page with nothing chosen, or of
    one search (`search`: `search_key()` of its query and choices)."""

    index_page = models.ForeignKey(
        "archive.PhotoArchiveIndexPage", on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=15)
    day = models.DateField()
    # "" for the unfiltered archive; else a digest of the search (a query and choices can
    # be 900 characters, more than an index entry should hold).
    search = models.CharField(max_length=64, blank=True, default="")
    generation = models.PositiveBigIntegerField()
    # {"counts": {facet: [[key, n], ...]}, "labels": {...}, "photos": n}: lists, not
    # objects, since jsonb reorders keys and the order breaks ties between equal labels.
    data = models.JSONField()

    class Meta:
        app_label = "archive"
        constraints = [
            models.UniqueConstraint(
                fields=["index_page", "language", "day", "search"],
                name="archive_facetcounts_search_key",
            )
        ]

    def __str__(self):
        search = f" {self.search[:8]}" if self.search else ""
        return f"{self.index_page_id} {self.language} {self.day}{search} #{self.generation}"


def _generation():
    return FacetCountsGeneration.objects.values_list("number", flat=True).first() or 0


def changed(**_signal_kwargs):
    """Every kept count is out of date (called in the changing transaction); a recount is
    queued for when it commits, unless one is queued already."""
    if not FacetCountsGeneration.objects.filter(pk=1).update(number=F("number") + 1):
        FacetCountsGeneration.objects.get_or_create(pk=1, defaults={"number": 1})
    if FacetCountsGeneration.objects.filter(pk=1, recount_queued=False).update(recount_queued=True):
        transaction.on_commit(queue_recount)


def queue_recount():
    from .tasks import recount_archive_facets

    try:
        recount_archive_facets.enqueue()
    except Exception:
        # The queue is down: the next change must try again, and visitors count meanwhile.
        FacetCountsGeneration.objects.filter(pk=1).update(recount_queued=False)
        logger.exception("Could not queue the archive's facet recount")


def recount_started():
    """Called by the task before it counts: a change from now on queues another."""
    FacetCountsGeneration.objects.filter(pk=1).update(recount_queued=False)


def search_key(query, selected):
    """The key of a search's kept counts: "" with nothing chosen, else a digest of the
    query and the choices (`selected`: facet name -> value, as `search.search` reads
    them), each choice in the form the filter compares it in (`folded`: names of the
    facets compared Turkish case-insensitively), so "Şehitlik" and "şehitlik" share a row
    and nothing that can select other photos does."""
    from cms.text import turkish_casefold

    from .search import FOLDED

    if not query and not selected:
        return ""
    choices = sorted(
        (name, turkish_casefold(value) if name in FOLDED else value)
        for name, value in selected.items()
    )
    canonical = json.dumps([query, choices], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def kept_or_counted(index_page, count, search=""):
    """(counts, labels, photo count) of the unfiltered archive (`search` "") or of one
    search (`search_key()`): the kept row while no change came after it (one query), else
    `count()`'s answer, kept for the next visitor."""
    if search and settings.KALEM_ARCHIVE_KEPT_SEARCHES <= 0:
        return count()  # searches are not kept
    language = get_language() or settings.LANGUAGE_CODE
    key = {
        "index_page": index_page,
        "language": language,
        "day": timezone.localdate(),
        "search": search,
    }
    current = FacetCountsGeneration.objects.values("number")[:1]
    data = (
        FacetCounts.objects.filter(
            **key,
            generation=Coalesce(
                Subquery(current), Value(0), output_field=models.PositiveBigIntegerField()
            ),
        )
        .values_list("data", flat=True)
        .first()
    )
    if data is None:
        generation = _generation()  # before counting: a change meanwhile outdates the row
        counts, labels, photos = count()
        data = {
            "counts": {name: list(found.items()) for name, found in counts.items()},
            "labels": labels,
            "photos": photos,
        }
        _keep(key, generation, data)
    counts = {name: Counter(dict(pairs)) for name, pairs in data["counts"].items()}
    return counts, data["labels"], data["photos"]


def _keep(key, generation, data):
    """Write one row, after deleting those that can never match again (an earlier day, an
    older generation), and the oldest searches over the bound."""
    FacetCounts.objects.filter(Q(day__lt=key["day"]) | Q(generation__lt=generation)).delete()
    # One statement (INSERT … ON CONFLICT): two visitors counting the same search at once
    # both write, neither fails on the unique key.
    FacetCounts.objects.bulk_create(
        [FacetCounts(**key, generation=generation, data=data)],
        update_conflicts=True,
        unique_fields=["index_page", "language", "day", "search"],
        update_fields=["generation", "data"],
    )
    if key["search"]:
        searches = FacetCounts.objects.filter(
            index_page=key["index_page"], language=key["language"]
        ).exclude(search="")
        newest = searches.order_by("-pk").values("pk")[: settings.KALEM_ARCHIVE_KEPT_SEARCHES]
        searches.exclude(pk__in=Subquery(newest)).delete()


def _page_changed(sender, instance, **kwargs):
    """A published, unpublished or moved page changes the counts when it is an album, an
    archive page or holds one."""
    from .pages import PhotoAlbumPage, PhotoArchiveIndexPage

    archive_kinds = PhotoAlbumPage | PhotoArchiveIndexPage
    if (
        issubclass(instance.specific_class or object, archive_kinds)
        or PhotoArchiveIndexPage.objects.descendant_of(instance).exists()
    ):
        changed()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from taggit.models import Tag, TaggedItem
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from archive.videos.models import Video

    from .models import Photo, Photographer
    from .pages import AlbumPhoto, PhotoAlbumPage, PhotoArchiveIndexPage

    senders = (
        Photo,
        Video,
        Photographer,
        AlbumPhoto,
        Tag,
        TaggedItem,
        PageViewRestriction,
        Page,
        PhotoAlbumPage,
        PhotoArchiveIndexPage,
    )
    for signal in (post_save, post_delete):
        for sender in senders:
            if signal is post_save and issubclass(sender, Page):
                continue  # a draft saved changes nothing public; publishing is below
            signal.connect(changed, sender=sender, dispatch_uid=f"archive-facets-{sender}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"archive-facets-{signal}")
