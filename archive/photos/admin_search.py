"""The admin image listing's and chooser's search, on the photo's own row (issue 20).

Wagtail's views search photos through its backend's `autocomplete()`: a join from every
photo to its `wagtailsearch_indexentry` row on `id::text = object_id`, then the rank of
each match. At 100,000 photos a word in one photo in five read most of that wide table
twice (the count, then the page). Migration 0025 copies each entry's autocomplete vector
onto the photo (`search_autocomplete`, GIN-indexed) on PostgreSQL; these views match and
rank on it with the tsquery and rank expression Wagtail's own compiler builds, so the
same photos come in the same order. Elsewhere (SQLite) Wagtail's search is used as is.
"""

from django.contrib.postgres.search import SearchVectorExact
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms.choosers import SearchFilterMixin
from wagtail.images.views import images
from wagtail.images.views.chooser import (
    ImageChooseResultsView,
    ImageChooserViewSet,
    ImageChooseView,
)
from wagtail.search.backends import get_search_backend

from .models import Photo
from .permissions import can_see_photos
from .search import PhotoColumn, copies_on_rows


def autocomplete(queryset, query, order_by_relevance=True):
    """`get_search_backend().autocomplete(query, queryset, order_by_relevance=…)` on the
    photo's own vector, as a queryset; None where that cannot be done (not PostgreSQL,
    or a query Wagtail builds no tsquery for): the caller then asks Wagtail."""
    if not copies_on_rows(queryset.model):
        return None
    backend = get_search_backend()
    compiler = backend.autocomplete_query_compiler_class(
        queryset, query, order_by_relevance=order_by_relevance
    )
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    if tsquery is None:
        return None
    vector = PhotoColumn("search_autocomplete")
    queryset = queryset.filter(SearchVectorExact(vector, tsquery))
    # As the compiler orders (PostgresSearchQueryCompiler._apply_ordering_and_scoring):
    # its one vector's rank times its boost of 1.0, then the newest id first.
    if order_by_relevance:
        rank = compiler.build_tsrank(vector, compiler.query, config=config) * 1.0
        return queryset.order_by(rank.desc(), "-pk")
    if not queryset.query.order_by:
        return queryset.order_by("-pk")
    return queryset


class PhotoIndexView(images.IndexView):
    def search_queryset(self, queryset):
        if self.is_searching:
            found = autocomplete(
                queryset, self.search_query, order_by_relevance=not self.is_explicitly_ordered
            )
            if found is not None:
                return found
        return super().search_queryset(queryset)


class PhotoSearchFilterMixin(SearchFilterMixin):
    def filter(self, objects):
        search_query = self.cleaned_data.get("q")
        if not search_query:
            return super().filter(objects)
        # The other mixins' filters first, then the search, as SearchFilterMixin does.
        objects = super(SearchFilterMixin, self).filter(objects)
        found = autocomplete(objects, search_query)
        if found is None:
            found = get_search_backend().autocomplete(search_query, objects)
        self.is_searching = True
        self.search_query = search_query
        return found


class PhotoChooserFormMixin:
    def dispatch(self, request, *args, **kwargs):
        # The photo policy's answer, as the image listing and the admin API give it: a
        # clerk (no photo permission anywhere) is sent back to the dashboard rather than
        # shown an empty chooser that looks like a bare archive.
        if not can_see_photos(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filter_form_class(self):
        form_class = super().get_filter_form_class()
        bases = tuple(
            PhotoSearchFilterMixin if base is SearchFilterMixin else base
            for base in form_class.__bases__
        )
        return type(form_class.__name__, bases, {})


class PhotoChooseView(PhotoChooserFormMixin, ImageChooseView):
    pass


class PhotoChooseResultsView(PhotoChooserFormMixin, ImageChooseResultsView):
    pass


class PhotoChooserViewSet(ImageChooserViewSet):
    choose_view_class = PhotoChooseView
    choose_results_view_class = PhotoChooseResultsView


# Wagtail's chooser viewset as registered (wagtail.images.views.chooser.viewset), with
# the two listing views above; only those two are served from it (admin.py).
chooser = PhotoChooserViewSet("wagtailimages_chooser", model=Photo, url_prefix="images/chooser")
