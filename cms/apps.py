from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from . import frontend_cache
        from .cache import bump_content_version

        # Cache keys of every response, and precise purges of the frontend cache.
        frontend_cache.connect_signals()

        # Cached listings must never outlive the pages they list.
        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"kalem-cache-{signal}")
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="kalem-cache-delete")
        # A page made private (or public again) leaves or joins the public menus at once.
        for signal in (post_save, post_delete):
            signal.connect(
                bump_content_version,
                sender=PageViewRestriction,
                dispatch_uid=f"kalem-cache-restriction-{signal}",
            )
        # Stored pages (cms.page_cache) show photos, documents, snippets and settings too.
        from .cache import bump_for_instance

        for signal in (post_save, post_delete):
            signal.connect(bump_for_instance, dispatch_uid=f"kalem-cache-instance-{signal}")
        _choosers_answer_404_to_malformed_ids()

        # Statements too large to bind on the server are bound client-side (cms.database).
        from django.db import connections
        from django.db.backends.signals import connection_created

        from .database import use_server_or_client_binding

        connection_created.connect(use_server_or_client_binding, dispatch_uid="kalem-binding")
        for connection in connections.all(initialized_only=True):  # opened before this
            use_server_or_client_binding(None, connection)


def _choosers_answer_404_to_malformed_ids():
    """Wagtail's chooser "chosen" views (images, documents, snippets) turn a missing object
    into a 404 but let an id that is not a number ("/chosen/abc/") reach the database as
    a ValueError, a 500. A malformed id names no object either."""
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from wagtail.admin.views.generic.chooser import ChosenViewMixin

    original = ChosenViewMixin.get_object
    if getattr(original, "kalem_checked", False):
        return

    def get_object(self, pk):
        try:
            return original(self, pk)
        except (ValueError, TypeError, ValidationError, OverflowError) as error:
            raise ObjectDoesNotExist(str(error)) from error

    get_object.kalem_checked = True
    ChosenViewMixin.get_object = get_object
