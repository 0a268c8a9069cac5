"""The admin image listing's and chooser's search, on the photo's own row (issue 20).

Wagtail's views search photos through its backend's `autocomplete()`: a join from every
photo to its `wagtailsearch_indexentry` row on `id::text = object_id`, then the rank of
each match. At 100,000 photos a word in one photo in five read most of that wide table
twice (the count, then the page). Migration 0025 copies each entry's autocomplete vector
onto the photo (`search_autocomplete`, GIN-indexed) on PostgreSQL; these views match and
rank on it with the tsquery and rank expression Wagtail's own compiler builds, so the
same photos come in the same order, and a page of results is read with the number of
matches in one statement (`counted_with_page`). Elsewhere (SQLite) Wagtail's search is
used as is.

Both screens also show the ten most used photo tags, which Wagtail counts over taggit's
whole table on every view (300,000 rows at 100,000 photos); on PostgreSQL they are read
from the counts kept by migration 0027 (`popular_tags`).
"""

from django import forms
from django.contrib.postgres.search import SearchVectorExact
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import CollectionFilter, PopularTagsFilter, WagtailFilterSet
from wagtail.admin.forms.choosers import SearchFilterMixin
from wagtail.admin.models import popular_tags_for_model
from wagtail.images.views import images
from wagtail.images.views.chooser import (
    ImageChooseResultsView,
    ImageChooserViewSet,
    ImageChooseView,
)
from wagtail.search.backends import get_search_backend

from cms.search import WindowCounted, asked_slice

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


# The kept counts' ten largest, as Wagtail's query gives them (tags with `item_count`);
# Wagtail leaves equal counts in no set order, here they go by name.
POPULAR_SQL = """
SELECT t.id, t.name, t.slug, c.photos AS item_count
FROM archive_photo_tag_count c JOIN taggit_tag t ON t.id = c.tag_id
ORDER BY c.photos DESC, t.name, t.id LIMIT %s
"""


def popular_tags(model, count=10):
    """`popular_tags_for_model(model, count)`: the most used tags of `model`, with their
    `item_count`; for photos on PostgreSQL read from the counts kept by migration 0027
    (a few rows) instead of counting taggit's table."""
    if not copies_on_rows(model):
        return popular_tags_for_model(model, count)
    return list(Tag.objects.raw(POPULAR_SQL, [count]))


class PhotosFilterSet(images.ImagesFilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=None):
        # BaseMediaFilterSet.__init__ (Wagtail 8) with `popular_tags` in place of
        # `popular_tags_for_model`, which it calls by name: the same filters, labels
        # and choices.
        WagtailFilterSet.__init__(self, data, queryset, request=request, prefix=prefix)
        collections_qs = self.permission_policy.collections_user_has_any_permission_for(
            request.user, ["add", "change"]
        )
        if collections_qs.count() > 1:
            self.filters["collection_id"] = CollectionFilter(
                field_name="collection_id",
                label=_("Collection"),
                queryset=collections_qs,
            )
        tags = popular_tags(self._meta.model)
        if tags:
            self.filters["tag"] = PopularTagsFilter(
                label=_("Tag"),
                field_name="tags__name",
                choices=[(tag.name, tag.name) for tag in tags],
                widget=forms.CheckboxSelectMultiple,
                use_subquery=is_searching,
                help_text=_("Filter by up to ten most popular tags."),
            )


def counted_with_page(objects, number, per_page):
    """A search on the photo's own vector as Wagtail's paginator reads it, the asked
    page's rows and the number of matches in one statement (`cms.search.WindowCounted`):
    ranking reads every match anyway, where the paginator's `COUNT(*)` read them all
    again (18,978 photos with "meclis" at 100,000: 16–20 ms of a 60 ms view in the
    database). Anything else as it is."""
    if not isinstance(objects, QuerySet) or not copies_on_rows(objects.model):
        return objects
    # The page's photos by id, with the listing's own related rows and renditions.
    return WindowCounted(objects, asked_slice(number, per_page), objects.order_by())


class PhotoIndexView(images.IndexView):
    filterset_class = PhotosFilterSet
    searched_on_rows = False

    def search_queryset(self, queryset):
        if self.is_searching:
            found = autocomplete(
                queryset, self.search_query, order_by_relevance=not self.is_explicitly_ordered
            )
            if found is not None:
                self.searched_on_rows = True
                return found
        return super().search_queryset(queryset)

    def paginate_queryset(self, queryset, page_size):
        if self.searched_on_rows:
            number = self.request.GET.get(self.page_kwarg)
            queryset = counted_with_page(queryset, number, page_size)
        return super().paginate_queryset(queryset, page_size)


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


class PhotoChooserResultsMixin:
    def get_results_page(self, request):
        # BaseChooseView.get_results_page (Wagtail 8), a search's page counted with its rows.
        objects = self.get_object_list()
        objects = self.apply_object_list_ordering(objects)
        objects = self.filter_object_list(objects)
        if getattr(self.filter_form, "is_searching", False):
            objects = counted_with_page(objects, request.GET.get("p", 1), self.per_page)
        self.paginator = self.paginator_class(objects, per_page=self.per_page)
        try:
            return self.paginator.page(request.GET.get("p", 1))
        except InvalidPage as error:
            raise Http404 from error


class PhotoChooseView(PhotoChooserResultsMixin, PhotoChooserFormMixin, ImageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Wagtail's is a queryset not yet run: replaced, it costs nothing.
        context["popular_tags"] = popular_tags(self.model)
        return context


class PhotoChooseResultsView(
    PhotoChooserResultsMixin, PhotoChooserFormMixin, ImageChooseResultsView
):
    pass


class PhotoChooserViewSet(ImageChooserViewSet):
    choose_view_class = PhotoChooseView
    choose_results_view_class = PhotoChooseResultsView


# Wagtail's chooser viewset as registered (wagtail.images.views.chooser.viewset), with
# the two listing views above; only those two are served from it (admin.py).
chooser = PhotoChooserViewSet("wagtailimages_chooser", model=Photo, url_prefix="images/chooser")
