"""Paid newspaper notices in the admin: the snippet viewset (filters, highlighted late
proofs and unpaid invoices), the "next step" button, the cost report's menu item and
URLs, and role grants. Imported from press/wagtail_hooks.py, which Wagtail discovers."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from cms.admin_views import PermittedMenuItem
from cms.permissions import VIEW, ViewPermissionChooserViewSet, require, user_may
from cms.roles import HEAD, PRESS, ROLE_GRANTS_HOOK, RoleGrant

from . import views
from .models import NewspaperNotice, NoticeState

LATE_FILTERS = [
    ("proof", gettext_lazy("proof of publication overdue")),
    ("payment", gettext_lazy("invoice unpaid past its term")),
]


class NewspaperNoticeFilterSet(WagtailFilterSet):
    late = django_filters.ChoiceFilter(
        label=gettext_lazy("Late"), choices=LATE_FILTERS, method="filter_late"
    )

    class Meta:
        model = NewspaperNotice
        fields = ["status", "via_bik", "outlets"]

    def filter_late(self, queryset, name, value):
        today = timezone.localdate()
        if value == "proof":
            return queryset.proof_overdue(today)
        if value == "payment":
            return queryset.payment_overdue(today)
        return queryset


class StateColumn(Column):
    """The status, highlighted red when the proof or the payment is late."""

    cell_template_name = "press/notices/state_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        today = timezone.localdate()
        context["label"] = capfirst(instance.get_status_display())
        if instance.proof_overdue(today):
            context["late"] = _("the proof was due on %(date)s") % {
                "date": instance.proof_due.strftime("%d.%m.%Y")
            }
        elif instance.payment_overdue(today):
            context["late"] = _("the payment was due on %(date)s") % {
                "date": instance.payment_due.strftime("%d.%m.%Y")
            }
        return context


class NoticeDeleteView(DeleteView):
    """Only a notice still at "requested" may be deleted (the policy's rule)."""

    def get_object(self, queryset=None):
        notice = super().get_object(queryset)
        require(self.request.user, "delete", NewspaperNotice, notice)
        return notice


class NewspaperNoticeViewSet(SnippetViewSet):
    model = NewspaperNotice
    chooser_viewset_class = ViewPermissionChooserViewSet
    delete_view_class = NoticeDeleteView
    icon = "doc-full"
    menu_label = gettext_lazy("Paid newspaper notices")
    menu_name = "paid-notices"
    url_prefix = "press/ilanlar"
    menu_order = 256
    add_to_admin_menu = True
    filterset_class = NewspaperNoticeFilterSet
    search_fields = ["subject", "requesting_unit", "bik_reference", "invoice_number"]
    search_backend_name = None
    list_display = [
        "subject",
        "requesting_unit",
        DateColumn("published_on", label=gettext_lazy("Published on")),
        "cost",
        StateColumn("status", label=gettext_lazy("Status")),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("requesting_unit"),
                FieldPanel("subject"),
                FieldPanel("text"),
                FieldPanel("text_file"),
            ],
            heading=gettext_lazy("The notice"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("outlets"),
                FieldRowPanel([FieldPanel("via_bik"), FieldPanel("bik_reference")]),
                FieldRowPanel([FieldPanel("ordered_on"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("columns"), FieldPanel("height_cm")]),
                FieldPanel("proof"),
                FieldPanel("clipping"),
            ],
            heading=gettext_lazy("Order and publication"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cost"),
                FieldRowPanel([FieldPanel("invoice_number"), FieldPanel("invoiced_on")]),
                FieldPanel("invoice"),
                FieldPanel("paid_on"),
            ],
            heading=gettext_lazy("Invoice and payment"),
        ),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return NewspaperNotice.objects.all()


register_snippet(NewspaperNoticeViewSet)


@hooks.register("register_snippet_listing_buttons")
def notice_step_button(snippet, user, next_url=None):
    if not isinstance(snippet, NewspaperNotice) or snippet.next_status is None:
        return
    if user_may(user, views.action_for(snippet.next_status), NewspaperNotice, snippet):
        yield ListingButton(
            _("Next step: %(status)s") % {"status": NoticeState(snippet.next_status).label},
            reverse("press_notice_advance", args=[snippet.pk]),
            icon_name="arrow-right",
            priority=5,
        )


@hooks.register("register_admin_urls")
def notice_urls():
    return [
        path("press/ilanlar/<int:pk>/adim/", views.advance, name="press_notice_advance"),
        path("press/ilanlar/maliyet/", views.cost_report, name="press_notice_report"),
    ]


@hooks.register("register_admin_menu_item")
def notice_report_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Paid notice costs"),
        reverse("press_notice_report"),
        icon_name="table",
        order=257,
        check=lambda user: user_may(user, VIEW, NewspaperNotice),
    )


WRITE = ("add", "change", "view", "delete")


@hooks.register(ROLE_GRANTS_HOOK)
def notice_role_grants():
    return [
        RoleGrant(
            PRESS, [f"press.{a}_newspapernotice" for a in ("add", "change", "view", "delete")]
        ),
        RoleGrant(HEAD, [f"press.{a}_newspapernotice" for a in ("change", "view", "approve")]),
    ]
