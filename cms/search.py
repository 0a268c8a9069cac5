"""The public site search's results on PostgreSQL: Wagtail's ranking, read in one query.

`pages.search(query)` on Wagtail's PostgreSQL backend pages its results with two
queries over every match: a `COUNT(*)`, then the ranked page, whose select list also
carries each match's whole search vector (`title || body`, the expression it matches on,
concatenated afresh for every row). At 20,000 press releases a common word ("belediye")
matches 15,000 pages: 29 ms for the count and 75 ms for the page (bench/scale.py). Here
the page of results and the number of matches come from one query: ranking already reads
every match, so `COUNT(*) OVER ()` costs nothing more, and the vector is matched, not
selected (`alias()`). The tsquery, the join to the index entries and the rank expression
are the ones Wagtail's compiler builds, so the same pages come in the same order (tests
compare with Wagtail's own search). Elsewhere (SQLite), or for a query Wagtail builds no
tsquery for, Wagtail's search is used as it is.
"""

from django.db import connection
from django.db.models import Count, Window
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText


def ranked_search(pages, query, first_slice):
    """`pages.search(query)` as a sequence for `Paginator`: its slices are the same pages
    in the same order. `first_slice` (start, stop) is the page of results the visitor
    asked for: it is read with the number of matches, in one query, when `Paginator`
    counts."""
    if connection.vendor != "postgresql":
        return pages.search(query)
    backend = get_search_backend()
    compiler = backend.query_compiler_class(pages, query)
    compiler.check()
    if not isinstance(compiler.query, PlainText):
        return pages.search(query)
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    # PostgresSearchQueryCompiler.search and _apply_ordering_and_scoring as Wagtail 8
    # runs them, but for the vector in the select list: the entries' vectors matched,
    # the rank summed over them, the newest page first among equals.
    vectors = compiler.get_search_vectors(tsquery)
    combined = vectors[0][0]
    for vector, _boost in vectors[1:]:
        combined = combined._combine(vector, "||", False)
    rank = compiler._build_rank_expression(vectors, config)
    ranked = pages.alias(_vector_=combined).filter(_vector_=tsquery).order_by(rank.desc(), "-pk")
    return WindowCounted(ranked, first_slice, pages)


def asked_slice(number, per_page):
    """(start, stop) of the page `number` (a ?sayfa= or ?p= value) as `Paginator` reads
    it; the first page for anything but a positive number."""
    number = str(number or "")
    number = int(number) if number.isdecimal() and len(number) <= 6 and int(number) else 1
    return (number - 1) * per_page, number * per_page


class WindowCounted:
    """A queryset as `Paginator` reads it: `count()`, then one slice. The slice's ids come
    with the number of rows (`COUNT(*) OVER ()`, free where the database reads every match
    anyway to rank them), then its objects from `objects` by id: Wagtail's specific pages,
    which an annotation would not survive, or photos with their renditions, whose whole
    rows a window would carry through (and spill to disk). Only a slice past the last
    row, which brings none, needs a `COUNT(*)` of its own."""

    def __init__(self, queryset, first_slice, objects):
        self.queryset = queryset
        self.model = queryset.model  # Wagtail's paginator names the items after it
        self.first_slice = first_slice
        self.objects = objects
        self._count = None
        self._slices = {}

    def _read(self, start, stop):
        kept = self._slices.get(start)
        if kept is not None and (kept[0] is None or (stop is not None and stop <= kept[0])):
            # Paginator cuts the last page at the count: the rows read for it are these.
            return kept[1][: None if stop is None else stop - start]
        counted = self.queryset.annotate(_total=Window(Count("*")))
        rows = list(counted.values_list("pk", "_total")[start:stop])
        if rows:
            self._count = rows[0][1]
        elif start == 0:
            self._count = 0
        # The objects of this slice, back in the queryset's order.
        found = {obj.pk: obj for obj in self.objects.filter(pk__in=[pk for pk, _ in rows])}
        self._slices[start] = (stop, [found[pk] for pk, _total in rows])
        return self._slices[start][1]

    def count(self):
        if self._count is None:
            self._read(*self.first_slice)
        if self._count is None:  # asked past the last row
            self._count = self.queryset.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        # Paginator only slices.
        return self._read(key.start or 0, key.stop)
