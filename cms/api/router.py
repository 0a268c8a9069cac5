"""The read API's address book: /api/v2/pages/, /api/v2/images/, /api/v2/documents/,
/api/v2/calendar/, /api/v2/programme/, /api/v2/contact/, /api/v2/categories/,
/api/v2/tags/, the endpoints apps add (schema.API_ENDPOINTS_HOOK: /api/v2/videos/) and
the OpenAPI description /api/v2/schema/; every answer with cache
headers (caching.py), counted against a per-address rate limit (limits.py)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from . import endpoints, schema
from .caching import conditional
from .limits import rate_limited
from .views import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet, PublicPagesAPIViewSet


def api_view(view):
    """Every endpoint: counted against its client's rate limit, then cached."""
    return rate_limited(conditional(view))


class KalemAPIRouter(WagtailAPIRouter):
    def wrap_view(self, func):
        return api_view(super().wrap_view(func))


api_router = KalemAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
for endpoint in schema.registered_endpoints():
    api_router.register_endpoint(endpoint.name, endpoint.viewset)

urlpatterns = [
    path("", api_router.urls),
    path("calendar/", api_view(endpoints.calendar), name="api_calendar"),
    path("categories/", api_view(endpoints.categories), name="api_categories"),
    path("programme/", api_view(endpoints.programme), name="api_programme"),
    path("contact/", api_view(endpoints.contact), name="api_contact"),
    path("tags/", api_view(endpoints.tags), name="api_tags"),
    path("schema/", api_view(schema.schema), name="api_schema"),
]
