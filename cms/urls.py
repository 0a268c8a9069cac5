from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import admin_views, health, routing, views

urlpatterns = [
    # For the balancer, deploy scripts and Prometheus (cms.health); outside the language
    # prefixes and never cached.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    # Two of Wagtail's page chooser views, narrowed to the pages the user may explore
    # (cms.admin_views); matched before Wagtail's own, and behind the admin's sign-in as
    # Wagtail's own admin URLs are.
    path(
        "admin/choose-page/<int:parent_page_id>/",
        require_admin_access(admin_views.ExplorablePageChooserView.as_view()),
    ),
    path(
        "admin/choose-page/chosen-multiple/",
        require_admin_access(admin_views.ExplorableChosenPagesView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("belgeler/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("api/v2/", include("cms.api.router")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("ara/", views.search, name="search"),
    path("", include("archive.eyazisma.urls")),  # /belge-dogrula/, the letter verification page
    path("", include("events.urls")),  # .ics files, which Wagtail's router cannot match
    # Wagtail's page router, with the route found in three queries (cms.routing); the
    # same pattern and name as Wagtail's own, which stays below for its other URLs.
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
