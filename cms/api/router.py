"""The read API's address book: /api/v2/pages/, /api/v2/images/, /api/v2/calendar/,
/api/v2/categories/ and the OpenAPI description /api/v2/schema/, every answer with cache
headers (caching.py)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from . import endpoints, schema
from .caching import conditional
from .views import PublicImagesAPIViewSet, PublicPagesAPIViewSet


class KalemAPIRouter(WagtailAPIRouter):
    def wrap_view(self, func):
        return conditional(super().wrap_view(func))


api_router = KalemAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)

urlpatterns = [
    path("", api_router.urls),
    path("calendar/", conditional(endpoints.calendar), name="api_calendar"),
    path("categories/", conditional(endpoints.categories), name="api_categories"),
    path("schema/", conditional(schema.schema), name="api_schema"),
]
