from django.db.models.signals import pre_save
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.models import ModelLogEntry

from . import demo, handover, views
from .admin_views import PermittedMenuItem, pages_the_user_may_explore
from .confidentiality import neutral_log_label, refuse_bulk_action_above_clearance
from .demo import DEMO_DATA_HOOK
from .history import HistoryViewSet, can_see_history, has_history, history_url
from .login_throttle import LockedLoginsView, login_lock_policy
from .models import Clearance
from .roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS, ROLE_GRANTS_HOOK, RoleGrant


@hooks.register("register_admin_viewset")
def register_history_views():
    return HistoryViewSet()


class ClearanceViewSet(ModelViewSet):
    """Settings → Clearances: the level each Evrak clerk may see (cms.confidentiality)."""

    model = Clearance
    icon = "lock"
    menu_label = gettext_lazy("Clearances")
    add_to_settings_menu = True
    list_display = ["user", "level", "note"]
    form_fields = ["user", "level", "note"]
    copy_view_enabled = False
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_clearance_views():
    return ClearanceViewSet("clearances", url_prefix="gizlilik-yetkileri")


hooks.register("before_bulk_action", refuse_bulk_action_above_clearance)
pre_save.connect(neutral_log_label, sender=ModelLogEntry, dispatch_uid="kalem_neutral_log_label")


hooks.register("construct_page_chooser_queryset", pages_the_user_may_explore)


@hooks.register("register_admin_urls")
def private_file_urls():
    return [path("dosya/<str:token>/", views.private_file, name="kalem_private_file")]


@hooks.register("register_admin_urls")
def handover_urls():
    from . import handover_views as v  # imports Wagtail's admin forms: on first use

    return [
        path("devir-teslim/", v.handovers, name="kalem_handovers"),
        path("devir-teslim/yeni/", v.new_handover, name="kalem_handover_new"),
        path("devir-teslim/<int:pk>/", v.handover_detail, name="kalem_handover_detail"),
        path("devir-teslim/<int:pk>/imzala/", v.sign_handover, name="kalem_handover_sign"),
        path("devir-teslim/<int:pk>/tutanak.pdf", v.handover_pdf, name="kalem_handover_pdf"),
    ]


@hooks.register("register_admin_menu_item")
def handover_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Handovers"),
        reverse("kalem_handovers"),
        icon_name="resubmit",
        order=900,
        check=lambda user: handover.handover_policy.user_has_permission(user, "view"),
    )


@hooks.register("register_admin_urls")
def locked_login_urls():
    return [path("girisler/kilitli/", LockedLoginsView.as_view(), name="kalem_locked_logins")]


@hooks.register("register_settings_menu_item")
def locked_logins_menu_item():
    return PermittedMenuItem(
        _("Locked logins"),
        reverse("kalem_locked_logins"),
        icon_name="lock",
        order=900,
        check=login_lock_policy.user_can_unlock,
    )


@hooks.register("register_snippet_listing_buttons")
def snippet_history_button(snippet, user, next_url=None):
    if has_history(type(snippet)) and can_see_history(user, type(snippet)):
        yield ListingButton(_("History"), history_url(snippet), icon_name="history", priority=90)


IMAGE_USE = ["wagtailimages.add_image", "wagtailimages.choose_image"]
DOCUMENT_USE = ["wagtaildocs.add_document", "wagtaildocs.choose_document"]
ADMIN = ["wagtailadmin.access_admin"]


@hooks.register(ROLE_GRANTS_HOOK)
def site_role_grants():
    editor_pages = ["add_page", "change_page", "lock_page", "unlock_page"]
    return [
        RoleGrant(PRESS, ADMIN, editor_pages, collection_permissions=IMAGE_USE + DOCUMENT_USE),
        RoleGrant(
            PHOTO_ARCHIVE,
            [*ADMIN, "archive.add_photographer", "archive.change_photographer"],
            collection_permissions=[
                *IMAGE_USE,
                "wagtailimages.change_image",
                "wagtailimages.delete_image",
            ],
        ),
        RoleGrant(
            CLERK, ADMIN, collection_permissions=[*DOCUMENT_USE, "wagtaildocs.change_document"]
        ),
        RoleGrant(
            HEAD,
            [
                *ADMIN,
                "cms.change_municipalitysettings",
                # Sees locked logins and lifts a lock (cms.login_throttle).
                "axes.view_accessattempt",
                "axes.delete_accessattempt",
                # The Müdür decides which clerk may read which level.
                "cms.add_clearance",
                "cms.change_clearance",
                "cms.view_clearance",
            ],
            [*editor_pages, "publish_page"],
            collection_permissions=IMAGE_USE + DOCUMENT_USE,
        ),
    ]


@hooks.register(DEMO_DATA_HOOK, order=0)
def cms_demo(demo_data):
    demo.load(demo_data)


@hooks.register("construct_homepage_panels")
def approvals_panel(request, panels):
    """Whoever approves (the Müdür) gets the approvals panel with its empty state in place
    of Wagtail's list, which disappears when empty; others keep Wagtail's."""
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
    from wagtail.models import GroupApprovalTask

    from .dashboard import ApprovalsPanel

    user = request.user
    approves = user.is_superuser or (
        GroupApprovalTask.objects.filter(groups__in=user.groups.all(), active=True).exists()
    )
    if approves:
        panels[:] = [p for p in panels if not isinstance(p, WorkflowObjectsToModeratePanel)]
        panels.append(ApprovalsPanel())


@hooks.register("insert_global_admin_css")
def dashboard_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    # Without JavaScript Wagtail's editor hides every tab but none is shown: the tabs are
    # then shown one under the other, so a form can still be filled in and submitted.
    # A stylesheet, not an inline <style>: the Content-Security-Policy of the public pages
    # (where the userbar brings this hook's output) allows no inline styles.
    return format_html(
        '<link rel="stylesheet" href="{}"><noscript><link rel="stylesheet" href="{}"></noscript>',
        static("css/admin.css"),
        static("css/admin-noscript.css"),
    )


@hooks.register("insert_editor_js")
def autosave_reason_js():
    """Says in the editor, not only in a tooltip, why autosave paused or stopped; and keeps
    the keyboard focus beside a chooser once its modal has closed."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("js/autosave.js"),
        static("js/chooser_focus.js"),
    )


from .forms_builder import wagtail_hooks as forms_builder_hooks  # noqa: E402, F401


@hooks.register("before_serve_page")
def share_site_root_paths(page, request, serve_args, serve_kwargs):
    """The site root paths every page URL needs, read once per request. Wagtail keeps
    them on the request for `{% pageurl %}` but on each page object for `page.url`, so a
    page asking its own address (feed links, print footer) read them again: two queries
    each time when the cache is cold or off (issue 20)."""
    page._wagtail_cached_site_root_paths = page._get_site_root_paths(request)
