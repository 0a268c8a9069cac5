"""Wagtail discovers this module; it only gathers the admin of each archive area."""

from wagtail import hooks

from archive.correspondence import admin as correspondence_admin  # noqa: F401
from archive.documents import admin as documents_admin  # noqa: F401
from archive.photos import admin as photos_admin  # noqa: F401
from archive.videos import admin as videos_admin  # noqa: F401
from archive.weekly import admin as weekly_admin  # noqa: F401
from cms.api.schema import API_ENDPOINTS_HOOK, APIEndpoint
from cms.demo import DEMO_DATA_HOOK

from . import demo


@hooks.register(DEMO_DATA_HOOK, order=100)
def archive_demo(demo_data):
    demo.load(demo_data)


@hooks.register(API_ENDPOINTS_HOOK)
def api_endpoints():
    from archive.videos.api import SCHEMA_PATHS, PublicVideosAPIViewSet

    return [APIEndpoint("videos", PublicVideosAPIViewSet, SCHEMA_PATHS)]
