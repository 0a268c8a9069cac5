"""The read API's endpoints: Wagtail's page and image endpoints, narrowed to what a
citizen may see on the site, and two small endpoints the page API does not fit (the
event calendar between two dates, the categories).

Privacy by construction: a page type is in the API only if it lists its public fields in
`api_fields`; only live pages outside every private section are read, whoever asks; a
photo only if it is cleared for public use and shown on a public page or album.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    get_page_models,
)

from cms.frontend_cache import listed

from .fields import RENDITION_SIZES, RenditionsField

# Query parameters that are filters of ours, not fields Wagtail filters on by value.
CATEGORY_PARAM = "category"
DATE_FROM_PARAM = "date_from"
DATE_TO_PARAM = "date_to"


def api_page_models():
    """Page types in the API: those that declare their public fields."""
    return [model for model in get_page_models() if getattr(model, "api_fields", None)]


def unrestricted(queryset):
    """Pages outside every private section (password, login or group), for everyone:
    the API never shows a restricted page, even to a signed-in editor."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))


def shown_photos():
    """A filter for photos a public page shows: in a live public album, or a photo field
    (lead image, cover) in the `api_fields` of a live public page."""
    condition = Q(pk__in=[])
    for model in api_page_models():
        pages = unrestricted(model.objects.live())
        if hasattr(model, "album_photos"):
            photos = model.album_photos.rel.related_model.objects.filter(page__in=pages)
            condition |= Q(pk__in=photos.values("photo_id"))
        for api_field in model.api_fields:
            field = _field(model, getattr(api_field, "name", api_field))
            if field is not None and field.many_to_one and field.related_model is _photo_model():
                condition |= Q(pk__in=pages.exclude(**{field.name: None}).values(field.name))
    return condition


def _photo_model():
    return get_image_model()


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


class _GetWithout:
    """A request stand-in whose GET leaves out our own filter parameters."""

    def __init__(self, request, names):
        self.GET = request.GET.copy()
        for name in names:
            self.GET.pop(name, None)


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's ?field=value filters, with each value checked against its field first,
    so `?date=2026-13-01` is a 400 naming the field rather than a database error."""

    own_params = (CATEGORY_PARAM, DATE_FROM_PARAM, DATE_TO_PARAM)

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            field = _field(queryset.model, name)
            if name not in fields or name in self.own_params or field is None:
                continue
            try:
                if not field.is_relation:
                    field.to_python(value)
            except ValidationError as exc:
                raise BadRequestError(
                    _("“%(value)s” is not a valid value for %(field)s.")
                    % {"value": value, "field": name}
                ) from exc
        return super().filter_queryset(_GetWithout(request, self.own_params), queryset, view)


class ExtraFilters:
    """?category=<slug> and ?date_from=/?date_to= (YYYY-MM-DD) on page types that have
    categories or a date."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        slug = request.GET.get(CATEGORY_PARAM)
        if slug is not None:
            if _field(model, "categories") is not None:
                queryset = queryset.filter(categories__slug=slug)
            elif _field(model, "category") is not None:
                queryset = queryset.filter(category__slug=slug)
            else:
                raise BadRequestError(
                    _("Filtering by category needs a type with categories (type=…).")
                )
        for param, lookup in ((DATE_FROM_PARAM, "gte"), (DATE_TO_PARAM, "lte")):
            if param in request.GET:
                if _field(model, "date") is None:
                    raise BadRequestError(
                        _("Filtering by %(field)s needs a type with a date (type=…).")
                        % {"field": param}
                    )
                day = parse_day(request.GET[param], param)
                queryset = queryset.filter(**{f"date__{lookup}": day})
        return queryset


def parse_day(value, name):
    """A YYYY-MM-DD query parameter as a date, or a 400 naming the parameter."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or len(value) != 10:
        raise BadRequestError(
            _("%(field)s must be a date written as YYYY-MM-DD, not “%(value)s”.")
            % {"field": name, "value": value}
        )
    return day


class StableOrderingFilter(OrderingFilter):
    """?order= with the page id as the last key, so equal dates never swap places
    between two pages of results."""

    def filter_queryset(self, request, queryset, view):
        ordered = super().filter_queryset(request, queryset, view)
        order = request.GET.get("order", "")
        if order and order != "random" and isinstance(ordered, QuerySet):
            ordered = ordered.order_by(*ordered.query.order_by, "pk")
        return ordered


class CheckedLocaleFilter(LocaleFilter):
    """?locale= must be one of the site's languages (tr, en): a 400 otherwise."""

    def filter_queryset(self, request, queryset, view):
        if "locale" in request.GET:
            codes = [code for code, _name in settings.LANGUAGES]
            if request.GET["locale"] not in codes:
                raise BadRequestError(
                    _("locale must be one of: %(codes)s.") % {"codes": ", ".join(codes)}
                )
        return super().filter_queryset(request, queryset, view)


class PublicAPIMixin:
    """Anonymous, JSON only: what a signed-in editor sees through the API is what anyone
    sees."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]

    def find_object(self, queryset, request):
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise BadRequestError(_("id must be a whole number."))
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """/api/v2/pages/: live public pages of the types that declare `api_fields`."""

    filter_backends = [
        CheckedFieldsFilter,
        ExtraFilters,
        *PagesAPIViewSet.filter_backends[1:4],  # child_of, ancestor_of, descendant_of
        StableOrderingFilter,
        PagesAPIViewSet.filter_backends[5],  # translation_of
        CheckedLocaleFilter,
        PagesAPIViewSet.filter_backends[7],  # search, last: its results cannot be filtered
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        [CATEGORY_PARAM, DATE_FROM_PARAM, DATE_TO_PARAM]
    ) - {"site"}
    # Heavy fields (a whole body, an album's photos, a series' dates) only on one page.
    detail_only_fields = ["parent", "body", "photos", "occurrences", "change_notes"]

    def get_base_queryset(self):
        # Narrowed by a subquery of ids: the search backend cannot read an EXISTS.
        public = unrestricted(Page.objects.live().type(*api_page_models()))
        if getattr(self, "action", None) == "listing_view":
            # Withdrawn items and expired announcements keep their address (the detail
            # shows the notice or the end of validity) but leave listings and searches,
            # as on the site.
            today = timezone.localdate()
            for model in api_page_models():
                if _field(model, "withdrawn") is not None:
                    withdrawn = model.objects.filter(withdrawn=True).values("pk")
                    public = public.exclude(pk__in=withdrawn)
                if _field(model, "valid_until") is not None:
                    expired = model.objects.filter(valid_until__lt=today).values("pk")
                    public = public.exclude(pk__in=expired)
        return Page.objects.filter(pk__in=public.values("pk"))

    def get_queryset(self):
        models_type = self.request.GET.get("type")
        if models_type:
            try:
                models = page_models_from_string(models_type)
            except (LookupError, ValueError):
                models = None
            allowed = api_page_models()
            if not models or any(model not in allowed for model in models):
                raise BadRequestError(
                    _("type must be one of: %(types)s.")
                    % {"types": ", ".join(sorted(m._meta.label for m in allowed))}
                )
        return super().get_queryset()

    def paginate_queryset(self, queryset):
        page = list(super().paginate_queryset(queryset))
        prefetch_related_objects(page, "locale")
        prefetch_for_api(page)
        return page


def _card_renditions():
    rendition_model = _photo_model().get_rendition_model()
    return rendition_model.objects.filter(filter_spec__in=tuple(RENDITION_SIZES.values()))


def prefetch_for_api(pages):
    """Load what the listed pages' API fields need in a fixed number of queries: photos
    with their renditions and photographer, categories, tags, an event's category.
    (Fields that cost queries per page, like an album's photos, are detail-only.)"""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, same_type in by_model.items():
        lookups = []
        for api_field in getattr(model, "api_fields", ()):
            name = getattr(api_field, "name", api_field)
            field = _field(model, name)
            if field is None:
                continue
            if field.many_to_many:
                lookups.append(name)
            elif field.many_to_one and field.related_model is _photo_model():
                lookups += [
                    f"{name}__photographer",
                    Prefetch(f"{name}__renditions", queryset=_card_renditions()),
                ]
            elif field.many_to_one:
                lookups.append(name)
        if lookups:
            prefetch_related_objects(same_type, *lookups)


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    """/api/v2/images/: photos cleared for public use that a public page or album shows;
    renditions at named sizes, never the original file nor what the file says of where
    and with what it was taken."""

    filter_backends = [
        CheckedFieldsFilter,
        StableOrderingFilter,
        *ImagesAPIViewSet.filter_backends[2:],
    ]
    # No download_url (the original, with its GPS position and camera serial) and no
    # tags (keywords copied from the file); every field here is listed by name.
    body_fields = ["id", "title", "width", "height"]
    meta_fields = ["type", "detail_url"]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "caption",
        "credit",
        "renditions",
    ]
    nested_default_fields = ["id", "type", "detail_url", "title"]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(
            [
                *cls.body_fields,
                "caption",
                "credit",
                APIField("renditions", serializer=RenditionsField()),
            ]
        )

    def get_queryset(self):
        listed(self.model)  # a photo cleared for use again joins the list
        # Narrowed by a subquery of ids: the search backend can filter on indexed fields
        # only, and consent_expires is not one.
        shown = self.model.objects.usable().filter(shown_photos()).values("pk")
        return (
            self.model.objects.filter(pk__in=shown)
            .select_related("photographer")
            .order_by("-created_at", "-pk")
        )

    def paginate_queryset(self, queryset):
        photos = list(super().paginate_queryset(queryset))
        prefetch_related_objects(photos, Prefetch("renditions", queryset=_card_renditions()))
        return photos


def public_collections():
    """Collections under no view restriction, nor under a restricted parent: whoever asks
    (the API ignores sign-in and passwords), as an anonymous visitor of /belgeler/."""
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    )
    hidden = Q()
    for path in restricted.values_list("path", flat=True):
        hidden |= Q(path__startswith=path)
    return Collection.objects.exclude(hidden) if hidden else Collection.objects.all()


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    """/api/v2/documents/: documents anyone may download from the site (/belgeler/),
    with their title and download address."""

    filter_backends = [
        CheckedFieldsFilter,
        StableOrderingFilter,
        *DocumentsAPIViewSet.filter_backends[2:],
    ]
    # No tags: they are the editors' filing words, not shown on the site.
    body_fields = ["id", "title", "created_at"]
    meta_fields = ["type", "detail_url", "download_url"]
    listing_default_fields = ["id", "type", "detail_url", "download_url", "title"]
    nested_default_fields = ["id", "type", "detail_url", "download_url", "title"]

    def get_queryset(self):
        listed(self.model)  # a document uploaded or moved into a public collection joins
        return self.model.objects.filter(collection__in=public_collections()).order_by(
            "-created_at", "-pk"
        )
