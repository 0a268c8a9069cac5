from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.demo import DEMO_DATA_HOOK
from cms.roles import PHOTO_ARCHIVE, ROLE_GRANTS_HOOK, RoleGrant

from . import admin_views, demo
from .bulk_actions import AddToAlbumBulkAction
from .models import PhotoArchiveIndexPage, Photographer


@hooks.register("construct_image_chooser_queryset")
def only_usable_photos(images, request):
    """Withdrawn photos and photos with expired consent cannot be newly chosen."""
    return images.usable()


@hooks.register(ROLE_GRANTS_HOOK)
def archive_role_grants():
    grants = [
        RoleGrant(
            PHOTO_ARCHIVE,
            # Model permissions on Photo itself give the photo's change history; Wagtail's
            # own image permissions (per collection) come from cms.
            ["archive.view_photo", "archive.change_photo", "archive.delete_photographer"],
        )
    ]
    # The grant's page is resolved now: a fresh database has no archive yet, and then the
    # role gets no page permissions until `setup_roles` runs again after it is created.
    index = PhotoArchiveIndexPage.objects.order_by("path").first()
    if index is not None:
        grants.append(
            RoleGrant(
                PHOTO_ARCHIVE,
                page_permissions=["add_page", "change_page", "publish_page"],
                page=index,
            )
        )
    return grants


class PhotographerViewSet(SnippetViewSet):
    model = Photographer
    icon = "user"
    menu_label = _("Photographers")
    url_prefix = "archive/photographers"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "agency", "email", "is_staff_photographer"]
    list_filter = ["is_staff_photographer"]
    search_fields = ["name", "agency"]
    copy_view_enabled = False


register_snippet(PhotographerViewSet)


@hooks.register("register_admin_urls")
def archive_admin_urls():
    return [
        path(
            "archive/photo-rights/",
            admin_views.PhotoRightsReportView.as_view(),
            name="archive_photo_rights",
        )
    ]


class PermittedMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_reports_menu_item")
def rights_report_menu_item():
    return PermittedMenuItem(
        _("Photo rights and duplicates"),
        reverse("archive_photo_rights"),
        icon_name="warning",
        order=900,
        check=admin_views.can_review_rights,
    )


hooks.register(DEMO_DATA_HOOK, order=100)(demo.archive_demo)


hooks.register("register_bulk_action")(AddToAlbumBulkAction)
