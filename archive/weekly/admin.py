"""The weekly reports in the Wagtail admin: the directorates (the Müdür's), the reporter's
form and the Müdür's weekly screen."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_views import PermittedMenuItem
from cms.dashboard import DashboardPanel
from cms.permissions import ViewPermissionChooserViewSet, user_may
from cms.roles import DIRECTORATE_REPORTER, HEAD, ROLE_GRANTS_HOOK, RoleGrant

from . import rules, views
from .compile import week_status
from .models import Directorate, WeeklyReport
from .permissions import COMPILE


@hooks.register(ROLE_GRANTS_HOOK)
def weekly_role_grants():
    return [
        RoleGrant(
            DIRECTORATE_REPORTER,
            [
                # A directorate's staff use the admin for this form only.
                "wagtailadmin.access_admin",
                "archive.add_weeklyreport",
                "archive.change_weeklyreport",
                "archive.view_weeklyreport",
            ],
        ),
        RoleGrant(
            HEAD,
            [
                "archive.view_weeklyreport",
                "archive.compile_weeklyreport",
                "archive.add_directorate",
                "archive.change_directorate",
                "archive.view_directorate",
            ],
        ),
    ]


class DirectorateViewSet(SnippetViewSet):
    model = Directorate
    icon = "group"
    menu_label = gettext_lazy("Directorates")
    menu_order = 262
    add_to_admin_menu = True
    url_prefix = "archive/directorates"
    chooser_viewset_class = ViewPermissionChooserViewSet
    list_display = ["name", "active"]
    list_filter = {"active": ["exact"]}
    search_fields = ["name"]
    copy_view_enabled = False


register_snippet(DirectorateViewSet)


@hooks.register("register_admin_urls")
def weekly_admin_urls():
    return [
        path("archive/weekly/", views.submit, name="archive_weekly_submit"),
        path("archive/weekly/mayor/", views.overview, name="archive_weekly_overview"),
        path("archive/weekly/mayor/pdf/", views.compile_report, name="archive_weekly_pdf"),
        path(
            "archive/weekly/mayor/pdf/<int:pk>/",
            views.compiled_pdf,
            name="archive_weekly_compiled",
        ),
    ]


@hooks.register("register_admin_menu_item")
def weekly_submit_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Weekly report"),
        reverse("archive_weekly_submit"),
        icon_name="doc-full",
        order=260,
        check=lambda user: user_may(user, "add", WeeklyReport),
    )


@hooks.register("register_admin_menu_item")
def weekly_overview_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Mayor's weekly report"),
        reverse("archive_weekly_overview"),
        icon_name="doc-full-inverse",
        order=261,
        check=lambda user: user_may(user, COMPILE, WeeklyReport),
    )


class MissingWeeklyReportsPanel(DashboardPanel):
    """From Thursday on, the directorates whose report for this week is still missing."""

    name = "archive_weekly_missing"
    heading = gettext_lazy("Weekly reports not yet submitted")
    empty_text = gettext_lazy("Every directorate has reported this week.")
    more_text = gettext_lazy("Mayor's weekly report")
    row_template = "archive/weekly/missing_row.html"
    order = 160

    def get_rows(self, request):
        _submitted, missing = week_status(rules.week_start(timezone.localdate()))
        return missing

    def get_more_url(self, request):
        return reverse("archive_weekly_overview")


@hooks.register("construct_homepage_panels")
def missing_weekly_reports_panel(request, panels):
    # Before Thursday a missing report is not late yet (rules.REMINDER_WEEKDAY).
    today = timezone.localdate()
    if today.weekday() >= rules.REMINDER_WEEKDAY and user_may(request.user, COMPILE, WeeklyReport):
        panels.append(MissingWeeklyReportsPanel())
