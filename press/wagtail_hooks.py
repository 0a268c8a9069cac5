"""The press office in the admin: the "Basın Odası" menu (directory, clippings, lists,
import, monitoring report), categories, the "send by e-mail" page button, role grants and
demo data."""

from django.contrib import admin
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cms.admin_columns import yes_no_column
from cms.admin_views import PermittedMenuItem
from cms.dashboard import DashboardPanel
from cms.demo import DEMO_DATA_HOOK
from cms.exports import ExportingIndexView
from cms.history import HistoryButtonHelperMixin
from cms.permissions import (
    VIEW,
    PolicyModelAdminMixin,
    ViewPermissionChooserViewSet,
    user_may,
)
from cms.roles import HEAD, PRESS, ROLE_GRANTS_HOOK, RoleGrant
from cms.weekly_sections import HOOK as WEEKLY_SECTIONS_HOOK

from . import demo, views
from .admin_filters import MonthFilter, OutletFilter
from .importing import ContactImporter, OutletImporter
from .models import (
    Category,
    Dispatch,
    DistributionList,
    MediaOutlet,
    MonitoringReportFile,
    PressClipping,
    PressContact,
    PressItemPage,
)
from .notices import admin as notices_admin  # noqa: F401  (registers the paid-notice viewset)
from .tekzip import admin as tekzip_admin  # noqa: F401  (registers the denial-notice viewset)

DIRECTORY_MODELS = ["mediaoutlet", "presscontact", "distributionlist", "pressclipping"]


@hooks.register(ROLE_GRANTS_HOOK)
def press_role_grants():
    manage = [
        f"press.{action}_{model}"
        for model in DIRECTORY_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    return [
        RoleGrant(
            PRESS,
            [
                *manage,
                "press.add_category",
                "press.change_category",
                "press.add_dispatch",
                "press.view_dispatch",
            ],
        ),
        RoleGrant(
            HEAD,
            [
                *(f"press.view_{model}" for model in DIRECTORY_MODELS),
                "press.view_dispatch",
                "press.add_category",
                "press.change_category",
            ],
        ),
    ]


class CategoryViewSet(SnippetViewSet):
    model = Category
    chooser_viewset_class = ViewPermissionChooserViewSet
    icon = "tag"
    menu_label = _("Press categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)


class HistoryButtonHelper(HistoryButtonHelperMixin, ButtonHelper):
    """Adds the shared "History" button (django-simple-history versions) to every row."""


class MediaOutletAdmin(PolicyModelAdminMixin, ModelAdmin):
    button_helper_class = HistoryButtonHelper
    model = MediaOutlet
    menu_icon = "globe"
    list_display = ("name", "kind", "scope", "phone", "email", "responsible_manager")
    list_filter = ("kind", "scope")
    search_fields = ("name", "email", "responsible_manager")
    list_export = (
        "name",
        "kind",
        "scope",
        "address",
        "phone",
        "email",
        "website",
        "responsible_manager",
        "rhythm_days",
    )
    export_filename = "basin-kuruluslari"
    # The importer's own column names, so an export imports back as it is.
    export_headings = {field: heading for heading, field in OutletImporter.headers.items()}
    index_view_class = ExportingIndexView


class PressContactAdmin(PolicyModelAdminMixin, ModelAdmin):
    button_helper_class = HistoryButtonHelper
    model = PressContact
    menu_icon = "user"
    list_display = ("name", "outlet", "role", "email", "mobile", "consent_column", "active_column")
    consent_column = yes_no_column(PressContact, "consent")
    active_column = yes_no_column(PressContact, "active")
    list_filter = ("role", "consent", "active", "outlet__kind", "outlet__scope")
    search_fields = ("name", "email", "outlet__name", "notes")
    list_export = (
        "name",
        "outlet",
        "role",
        "phone",
        "mobile",
        "email",
        "consent",
        "consent_date",
        "active",
        "notes",
    )
    export_filename = "basin-mensuplari"
    export_headings = {field: heading for heading, field in ContactImporter.headers.items()}
    index_view_class = ExportingIndexView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet")


class DistributionListAdmin(PolicyModelAdminMixin, ModelAdmin):
    button_helper_class = HistoryButtonHelper
    model = DistributionList
    menu_icon = "list-ul"
    list_display = ("name", "rule_enabled_column", "description")
    rule_enabled_column = yes_no_column(DistributionList, "rule_enabled")
    search_fields = ("name",)


class PressClippingAdmin(PolicyModelAdminMixin, ModelAdmin):
    button_helper_class = HistoryButtonHelper
    model = PressClipping
    menu_icon = "doc-full"
    list_display = ("date", "outlet", "headline", "tone", "needs_correction_column", "scan_link")
    needs_correction_column = yes_no_column(PressClipping, "needs_correction")
    list_filter = ("tone", MonthFilter, "needs_correction", OutletFilter)
    search_fields = ("headline", "topic", "note", "outlet__name")
    list_export = ("date", "outlet", "headline", "url", "page_number", "topic", "tone", "note")
    export_filename = "basin-takip"
    index_view_class = ExportingIndexView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet")

    @admin.display(description=_("scanned copy"))
    def scan_link(self, clipping):
        # Scans are private files: the link goes through a view that checks the right.
        if not clipping.scan:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("press_clipping_scan", args=[clipping.pk]), _("Scan")
        )


class LatestClippingsPanel(DashboardPanel):
    """The newest press clippings with their tone, for the Müdür's morning look."""

    name = "press_clippings"
    heading = _("Latest clippings")
    empty_text = _("No press clipping recorded yet.")
    more_text = _("All clippings")
    row_template = "press/admin/clipping_row.html"
    order = 250
    count = 5

    def get_rows(self, request):
        clippings = PressClipping.objects.select_related("outlet").order_by("-date", "-pk")
        return list(clippings[: self.count])

    def get_more_url(self, request):
        return reverse("press_pressclipping_modeladmin_index")


@hooks.register("construct_homepage_panels")
def latest_clippings_panel(request, panels):
    if request.user.has_perm("press.view_pressclipping"):
        panels.append(LatestClippingsPanel())


class PressOfficeGroup(ModelAdminGroup):
    menu_label = _("Press office")
    menu_icon = "group"
    menu_order = 250
    items = (MediaOutletAdmin, PressContactAdmin, DistributionListAdmin, PressClippingAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        order = len(items) + 1
        for label, url, icon, action, model in [
            (
                _("Import contacts"),
                reverse_lazy("press_import", kwargs={"kind": "contacts"}),
                "upload",
                "add",
                PressContact,
            ),
            (
                _("Import outlets"),
                reverse_lazy("press_import", kwargs={"kind": "outlets"}),
                "upload",
                "add",
                MediaOutlet,
            ),
            (
                _("Monitoring report"),
                reverse_lazy("press_monitoring"),
                "doc-full",
                VIEW,
                MonitoringReportFile,
            ),
        ]:
            items.append(
                PermittedMenuItem(
                    label,
                    url,
                    icon_name=icon,
                    order=order,
                    check=lambda user, action=action, model=model: user_may(user, action, model),
                )
            )
            order += 1
        return items


modeladmin_register(PressOfficeGroup)


@hooks.register("register_admin_urls")
def press_admin_urls():
    return [
        path("basin/ice-aktar/<slug:kind>/", views.import_csv, name="press_import"),
        path("basin/takip-raporu/", views.monitoring, name="press_monitoring"),
        path("basin/takip-raporu/pdf/", views.monitoring_pdf, name="press_monitoring_pdf"),
        path(
            "basin/takip-raporu/pdf/<int:pk>/",
            views.monitoring_pdf_status,
            name="press_monitoring_pdf_status",
        ),
        path(
            "basin/takip-raporu/pdf/<int:pk>/indir/",
            views.monitoring_pdf_download,
            name="press_monitoring_pdf_download",
        ),
        path("basin/kupur/<int:pk>/tarama/", views.clipping_scan, name="press_clipping_scan"),
        path("basin/dagitim/<int:page_id>/", views.distribute_page, name="press_distribute"),
        path("basin/dagitim/<int:page_id>/rapor/", views.dispatches, name="press_dispatches"),
        path("basin/dagitim/<int:page_id>/yeniden/", views.retry, name="press_dispatch_retry"),
    ]


class DistributeButton(PageMenuItem):
    label = _("Send by e-mail")
    icon_name = "mail"

    @property
    def url(self):
        return reverse("press_distribute", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def press_page_buttons(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), PressItemPage) and user_may(
        user, "add", Dispatch
    ):
        yield DistributeButton(page=page, priority=80)


@hooks.register(DEMO_DATA_HOOK, order=100)
def press_demo(demo_data):
    demo.load(demo_data)


@hooks.register(WEEKLY_SECTIONS_HOOK)
def weekly_coverage_section(monday, sunday):
    from .weekly import coverage_summary

    return coverage_summary(monday, sunday)
