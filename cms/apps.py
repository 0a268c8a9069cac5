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
