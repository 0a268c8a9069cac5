"""Denial notices (tekzip) in the admin: the snippet viewset with its filters and coloured
deadlines, the delete rule, the "Tekzip süreleri" dashboard panel, the process screens' URLs,
role grants and demo data. Imported from press/wagtail_hooks.py, which Wagtail discovers."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from cms.handover import HANDOVER_SOURCES_HOOK
from cms.permissions import (
    VIEW,
    PublishConfirmationView,
    ViewPermissionChooserViewSet,
    require,
    user_may,
)
from cms.roles import HEAD, PRESS, ROLE_GRANTS_HOOK, RoleGrant

from . import rules
from . import views as tekzip_views
from .handover import NoticeSource
from .models import DenialNotice, NoticeStatus, deadline_row

DEADLINE_FILTERS = [
    ("overdue", gettext_lazy("overdue")),
    ("soon", gettext_lazy("due within 3 days")),
    ("attention", gettext_lazy("overdue or due within 7 days")),
]


class DenialNoticeFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=NoticeStatus.choices, method="filter_state"
    )
    deadline = django_filters.ChoiceFilter(
        label=gettext_lazy("Deadline"), choices=DEADLINE_FILTERS, method="filter_deadline"
    )

    class Meta:
        model = DenialNotice
        fields = ["outlet"]

    def filter_state(self, queryset, name, value):
        return queryset.with_status(value) if value else queryset

    def filter_deadline(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        ids = []
        for notice in queryset.open().select_related("outlet"):
            deadline = notice.next_deadline(today)
            if deadline is None:
                continue
            left = rules.days_left(deadline, today)
            if (
                (value == "overdue" and left < 0)
                or (value == "soon" and 0 <= left <= rules.DUE_SOON_DAYS)
                or (value == "attention" and left <= rules.REMIND_WITHIN_DAYS)
            ):
                ids.append(notice.pk)
        return queryset.filter(pk__in=ids)


class StatusColumn(Column):
    def get_value(self, instance):
        return capfirst(instance.get_current_status_display())


class DeadlineColumn(Column):
    """Days left to the next deadline, coloured when overdue or due within 3 days."""

    cell_template_name = "press/tekzip/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        today = timezone.localdate()
        deadline = instance.next_deadline(today)
        if deadline is not None:
            context.update(deadline_row(deadline, today))
        return context


class DenialNoticeDeleteView(DeleteView):
    """Wagtail's delete view checks the model permission only; the policy also says a
    sent notice is never deleted, whoever asks."""

    def get_object(self, queryset=None):
        notice = super().get_object(queryset)
        require(self.request.user, "delete", DenialNotice, notice)
        return notice


class DenialNoticeViewSet(SnippetViewSet):
    model = DenialNotice
    chooser_viewset_class = ViewPermissionChooserViewSet
    confirm_workflow_cancellation_view_class = PublishConfirmationView
    delete_view_class = DenialNoticeDeleteView
    icon = "warning"
    menu_label = gettext_lazy("Denial notices")
    menu_name = "denial-notices"
    menu_order = 255
    add_to_admin_menu = True
    filterset_class = DenialNoticeFilterSet
    search_fields = ["title", "passage", "addressee", "outlet__name"]
    search_backend_name = None
    list_display = [
        "title",
        "outlet",
        DateColumn("published_at", label=gettext_lazy("Published at")),
        StatusColumn("status", label=gettext_lazy("Status")),
        DeadlineColumn("next_deadline", label=gettext_lazy("Next deadline")),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("outlet"), FieldPanel("medium")]),
                FieldPanel("clipping"),
                FieldRowPanel([FieldPanel("published_at"), FieldPanel("next_issue")]),
                FieldPanel("title"),
                FieldPanel("url"),
                FieldPanel("scan"),
                FieldPanel("passage"),
                FieldRowPanel([FieldPanel("original_lines"), FieldPanel("original_is_picture")]),
            ],
            heading=gettext_lazy("The item answered"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("addressee"),
                FieldPanel("reply"),
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
                FieldPanel("enclosures"),
            ],
            heading=gettext_lazy("The reply"),
        ),
    ]

    def get_queryset(self, request):
        return DenialNotice.objects.with_review_flag().select_related("outlet")


register_snippet(DenialNoticeViewSet)


@hooks.register("after_create_snippet")
def set_notice_owner(request, instance):
    if isinstance(instance, DenialNotice) and instance.owner_id is None:
        instance.owner = request.user
        instance.save(update_fields=["owner"])


@hooks.register("register_snippet_listing_buttons")
def notice_process_button(snippet, user, next_url=None):
    if isinstance(snippet, DenialNotice) and user_may(user, VIEW, DenialNotice, snippet):
        yield ListingButton(
            _("Deadlines and process"),
            reverse("press_tekzip_detail", args=[snippet.pk]),
            icon_name="time",
            priority=5,
        )


@hooks.register("register_admin_urls")
def tekzip_urls():
    return [
        path("tekzip/<int:pk>/", tekzip_views.detail, name="press_tekzip_detail"),
        path("tekzip/<int:pk>/islem/<slug:slug>/", tekzip_views.action, name="press_tekzip_action"),
        path("tekzip/<int:pk>/yazi/", tekzip_views.letter_create, name="press_tekzip_letter"),
        path(
            "tekzip/<int:pk>/yazi/<int:version>/",
            tekzip_views.letter_download,
            name="press_tekzip_letter_download",
        ),
        path(
            "tekzip/<int:pk>/teslim-belgesi/",
            tekzip_views.proof_download,
            name="press_tekzip_proof",
        ),
        path("tekzip/<int:pk>/tarama/", tekzip_views.scan_download, name="press_tekzip_scan"),
    ]


class TekzipDeadlinesPanel(Component):
    """ "Tekzip süreleri": notices whose next deadline is overdue or within seven days."""

    name = "tekzip_deadlines"
    template_name = "press/tekzip/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        rows = [
            {"notice": notice, **deadline_row(notice.next_deadline(today), today)}
            for notice in DenialNotice.objects.needing_attention(today)
        ]
        rows.sort(key=lambda row: row["deadline"].date)
        return {"rows": rows, "request": parent_context.get("request")}


@hooks.register("construct_homepage_panels")
def tekzip_dashboard_panel(request, panels):
    if user_may(request.user, VIEW, DenialNotice):
        panels.append(TekzipDeadlinesPanel())


@hooks.register(ROLE_GRANTS_HOOK)
def tekzip_role_grants():
    write = ["add", "change", "view", "delete", "lock", "unlock"]
    return [
        RoleGrant(PRESS, [f"press.{action}_denialnotice" for action in write]),
        RoleGrant(HEAD, [f"press.{action}_denialnotice" for action in [*write, "publish"]]),
    ]


@hooks.register(HANDOVER_SOURCES_HOOK)
def handover_sources():
    return [NoticeSource()]
