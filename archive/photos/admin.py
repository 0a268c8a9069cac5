from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_views import PermittedMenuItem
from cms.permissions import ViewPermissionChooserViewSet
from cms.roles import PHOTO_ARCHIVE, ROLE_GRANTS_HOOK, RoleGrant, apply_grants

from . import admin_search, admin_views
from .api import PhotosAdminAPIViewSet
from .bulk_actions import AddToAlbumBulkAction
from .models import Photo, Photographer
from .pages import PhotoArchiveIndexPage
from .permissions import can_see_photos, image_policy


@hooks.register("construct_image_chooser_queryset")
def only_usable_photos(images, request):
    """Withdrawn photos and photos with expired consent cannot be newly chosen."""
    return images.usable()


@hooks.register("construct_admin_api", order=1)
def photo_admin_api(router):
    """Replaces Wagtail's image endpoint (registered at order 0) with the checked one."""
    router.register_endpoint("images", PhotosAdminAPIViewSet)


def album_grant(index):
    """The photo role adds, changes and publishes albums under the archive page."""
    return RoleGrant(
        PHOTO_ARCHIVE, page_permissions=["add_page", "change_page", "publish_page"], page=index
    )


def grant_albums_on_new_archive(sender, instance, created, raw=False, **kwargs):
    """An archive page created after `setup_roles` ran gets its album permissions at once,
    so the order of the two never matters (before the roles exist, `setup_roles` grants
    them itself)."""
    if created and not raw and Group.objects.filter(name=PHOTO_ARCHIVE).exists():
        apply_grants([album_grant(instance)])


post_save.connect(
    grant_albums_on_new_archive,
    sender=PhotoArchiveIndexPage,
    dispatch_uid="archive-grant-albums-on-new-archive",
)


@hooks.register(ROLE_GRANTS_HOOK)
def archive_role_grants():
    grants = [
        RoleGrant(
            PHOTO_ARCHIVE,
            # Photos themselves (and their change history) follow Wagtail's image
            # permissions per collection, granted in cms; these model permissions are kept
            # for databases set up before, and no view asks for them.
            ["archive.view_photo", "archive.change_photo", "archive.delete_photographer"],
        )
    ]
    index = PhotoArchiveIndexPage.objects.order_by("path").first()
    if index is not None:
        grants.append(album_grant(index))
    return grants


class PhotographerViewSet(SnippetViewSet):
    model = Photographer
    chooser_viewset_class = ViewPermissionChooserViewSet
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
        ),
        path(
            "archive/uploads/",
            admin_views.UploadStatusView.as_view(),
            name="archive_upload_status",
        ),
        path(
            "archive/photos/<int:photo_id>/keep/",
            admin_views.KeepNearDuplicateView.as_view(),
            name="archive_keep_near_duplicate",
        ),
    ]


# Registered before wagtail.images' own URLs (order -1), so these paths resolve to the
# archive's versions of eight image views (the listing and chooser search on the photo's
# own row, admin_search); every reverse("wagtailimages:…") still works.
@hooks.register("register_admin_urls", order=-1)
def image_view_overrides():
    return [
        path("images/", admin_search.PhotoIndexView.as_view()),
        path("images/results/", admin_search.PhotoIndexView.as_view(results_only=True)),
        path("images/chooser/", admin_search.chooser.choose_view),
        path("images/chooser/results/", admin_search.chooser.choose_results_view),
        path("images/<int:image_id>/", admin_views.PhotoEditView.as_view()),
        path("images/multiple/add/", admin_views.PhotoMultipleAddView.as_view()),
        path("images/multiple/<int:image_id>/", admin_views.PhotoMultipleEditView.as_view()),
        path("images/<int:image_id>/preview/<str:filter_spec>/", admin_views.photo_preview),
    ]


@hooks.register("register_admin_menu_item")
def upload_status_menu_item():
    return PermittedMenuItem(
        _("Upload status"),
        reverse("archive_upload_status"),
        icon_name="image",
        order=305,
        check=lambda user: image_policy().user_has_permission(user, "add"),
    )


class UnusablePhotosPanel(Component):
    """Dashboard panel: live pages still showing photos that may no longer be used."""

    name = "unusable_photos"
    order = 90
    template_name = "archive/admin/unusable_photos_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows}


@hooks.register("construct_homepage_panels")
def unusable_photos_panel(request, panels):
    if not can_see_photos(request.user):
        return
    uses = admin_views.unusable_uses(Photo.objects.unusable()[: admin_views.REPORT_LIMIT])
    rows = [{"page": page, "photo": photo} for photo, pages in uses.items() for page in pages]
    if rows:
        panels.append(UnusablePhotosPanel(rows))


@hooks.register("before_edit_page")
def warn_about_unusable_photos(request, page):
    """Editing a page that shows a photo which may no longer be used says so."""
    if request.method != "GET":
        return
    photo_ids = (
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=ContentType.objects.get_for_model(Photo))
        .values_list("to_object_id", flat=True)
    )
    titles = [
        photo.title
        for photo in Photo.objects.unusable().filter(pk__in=[int(pk) for pk in photo_ids])
    ]
    if titles:
        messages.warning(
            request,
            _("This page shows photos that may no longer be used: %(titles)s.")
            % {"titles": ", ".join(titles)},
        )


@hooks.register("register_reports_menu_item")
def rights_report_menu_item():
    return PermittedMenuItem(
        _("Photo rights and duplicates"),
        reverse("archive_photo_rights"),
        icon_name="warning",
        order=900,
        check=admin_views.can_review_rights,
    )


hooks.register("register_bulk_action")(AddToAlbumBulkAction)
