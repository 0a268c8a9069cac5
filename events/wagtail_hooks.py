import datetime as dt

import django_filters
from django.contrib import messages
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cms.admin_columns import YesNoColumn
from cms.admin_views import PermittedMenuItem
from cms.dashboard import DashboardPanel
from cms.demo import DEMO_DATA_HOOK
from cms.exports import SafeExportMixin
from cms.permissions import VIEW, ViewPermissionChooserViewSet, user_may
from cms.roles import CLERK, HEAD, PRESS, ROLE_GRANTS_HOOK, RoleGrant
from cms.weekly_sections import HOOK as WEEKLY_SECTIONS_HOOK

from . import appointment_requests, demo, holidays, rules, tasks, views
from .models import (
    Appointment,
    AppointmentRequest,
    BudgetAllocation,
    Ceremony,
    EventCategory,
    Expense,
    Gift,
    OfficialHoliday,
    ProtocolOffice,
    Visit,
)
from .models.appointments import CANCELLED
from .permissions import APPROVE


def _crud(model, actions=("add", "change", "delete", "view")):
    return [f"events.{action}_{model}" for action in actions]


@hooks.register(ROLE_GRANTS_HOOK)
def events_role_grants():
    # Event pages are pages: the site-wide page permissions of PRESS and HEAD cover them.
    # The mayor's agenda is Özel Kalem's alone; press staff see only its public entries on
    # the site.
    return [
        RoleGrant(PRESS, [*_crud("eventcategory"), "events.view_officialholiday"]),
        RoleGrant(
            CLERK,
            [
                *_crud("appointment"),
                "events.view_officialholiday",
                # Requests are never deleted: their personal data is removed after the
                # retention period and the rest kept (docs/legal.md).
                *_crud("appointmentrequest", ("add", "change", "view")),
                *_crud("visit", ("add", "change", "view")),
                *_crud("gift", ("add", "change", "view")),
                *_crud("expense", ("add", "change", "view")),
                "events.view_budgetallocation",
                # The protocol list changes with each new governor or commander; an office
                # that no longer exists is removed by the Müdür (its history stays).
                *_crud("protocoloffice", ("add", "change", "view")),
                *_crud("ceremony", ("add", "change", "view")),
            ],
        ),
        RoleGrant(
            HEAD,
            [
                *_crud("eventcategory"),
                *_crud("appointment"),
                *_crud("officialholiday"),
                *_crud("appointmentrequest", ("add", "change", "view")),
                # A visit or gift entered by mistake is deleted by the Müdür; costs, with
                # their payment papers, are never deleted (corrected, with history).
                *_crud("visit"),
                *_crud("gift"),
                *_crud("expense", ("add", "change", "view", "approve")),
                # The yearly budgets follow the council's budget and its transfers: the
                # Müdür enters and corrects them (with history), never deletes them.
                *_crud("budgetallocation", ("add", "change", "view")),
                *_crud("protocoloffice"),
                *_crud("ceremony"),
            ],
        ),
    ]


class ClashWarningMixin:
    """Save as usual, then warn (never block) when the appointment overlaps others."""

    def save_action(self):
        response = super().save_action()
        clashes = list(self.object.clashes()[:5])
        if clashes:
            listed = "; ".join(
                f"{formats.date_format(rules.local(other.start), 'H:i')}–"
                f"{formats.date_format(rules.local(other.end), 'H:i')} {other}"
                for other in clashes
            )
            messages.warning(
                self.request,
                _("This appointment overlaps with: %(appointments)s") % {"appointments": listed},
            )
        return response


class AppointmentCreateView(ClashWarningMixin, CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class AppointmentEditView(ClashWarningMixin, EditView):
    pass


class AppointmentIndexView(IndexView):
    # The "History" row button comes from cms (every simple_history snippet has one).
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Print today's programme"),
                url=reverse("events_daily_programme"),
                icon_name="doc-full",
            ),
        ]


class AppointmentViewSet(SnippetViewSet):
    model = Appointment
    icon = "date"
    menu_label = gettext_lazy("Mayor's appointments")
    url_prefix = "events/appointments"
    chooser_viewset_class = ViewPermissionChooserViewSet
    index_view_class = AppointmentIndexView
    add_view_class = AppointmentCreateView
    edit_view_class = AppointmentEditView
    list_display = [
        "start",
        "visitor",
        "subject",
        Column("status", label=capfirst(gettext_lazy("status")), accessor="get_status_display"),
        YesNoColumn.of(Appointment, "is_public"),
    ]
    list_filter = {"status": ["exact"], "is_public": ["exact"], "start": ["gte", "lte"]}
    search_fields = ["visitor", "institution", "subject"]
    ordering = ["-start"]
    copy_view_enabled = False


class AppointmentRequestCreateView(CreateView):
    """Registering a request received by letter: the same path as the site's form (a
    reference number, the history, the receipt e-mail)."""

    def save_instance(self):
        return appointment_requests.register(self.form.instance, user=self.request.user)


def _decide_url(record):
    return reverse("events_request_decide", args=[record.pk])


class AppointmentRequestViewSet(SnippetViewSet):
    model = AppointmentRequest
    icon = "mail"
    menu_label = gettext_lazy("Appointment requests")
    url_prefix = "events/appointment-requests"
    chooser_viewset_class = ViewPermissionChooserViewSet
    add_view_class = AppointmentRequestCreateView
    list_display = [
        TitleColumn(
            "reference", label=capfirst(gettext_lazy("reference number")), get_url=_decide_url
        ),
        "name",
        Column("kind", label=capfirst(gettext_lazy("kind")), accessor="get_kind_display"),
        "preferred_date",
        Column("status", label=capfirst(gettext_lazy("status")), accessor="get_status_display"),
        "received_at",
    ]
    list_filter = {"status": ["exact"], "kind": ["exact"], "channel": ["exact"]}
    search_fields = ["reference", "name", "institution", "subject"]
    ordering = ["-received_at"]
    copy_view_enabled = False


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    chooser_viewset_class = ViewPermissionChooserViewSet
    icon = "tag"
    menu_label = gettext_lazy("Event categories")
    url_prefix = "events/categories"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class OfficialHolidayViewSet(SnippetViewSet):
    model = OfficialHoliday
    chooser_viewset_class = ViewPermissionChooserViewSet
    icon = "calendar-alt"
    menu_label = gettext_lazy("Official holidays")
    url_prefix = "events/holidays"
    list_display = ["date", "name", "half_day"]
    list_filter = {"half_day": ["exact"], "date": ["gte", "lte"]}
    ordering = ["date"]
    copy_view_enabled = False


appointment_viewset = AppointmentViewSet()


class VisitIndexView(IndexView):
    def get_base_queryset(self):
        # The costs column sums each row's expenses: one prefetch, not a query per row.
        return super().get_base_queryset().prefetch_related("expenses")


class VisitEditView(EditView):
    """A visit's gifts and costs are records of their own; the visit links to both."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Gifts of this visit"),
                url=reverse(Gift.snippet_viewset.get_url_name("list")) + f"?visit={self.object.pk}",
                icon_name="pick",
            ),
            HeaderButton(
                _("Costs of this visit"),
                url=reverse(Expense.snippet_viewset.get_url_name("list"))
                + f"?visit={self.object.pk}",
                icon_name="tasks",
            ),
        ]


class VisitViewSet(SnippetViewSet):
    model = Visit
    index_view_class = VisitIndexView
    edit_view_class = VisitEditView
    icon = "group"
    menu_label = gettext_lazy("Visits and trips")
    url_prefix = "events/visits"
    chooser_viewset_class = ViewPermissionChooserViewSet
    list_display = [
        "title",
        Column("kind", label=gettext_lazy("kind"), accessor="get_kind_display"),
        Column("scope", label=gettext_lazy("domestic or abroad"), accessor="scope"),
        "start",
        "institution",
        "country",
        Column("total_cost", label=gettext_lazy("costs (TRY)"), accessor="total_cost"),
    ]
    list_filter = {"kind": ["exact"], "country": ["exact"], "start": ["gte", "lte"]}
    search_fields = ["title", "institution", "country", "delegation_head"]
    ordering = ["-start"]
    copy_view_enabled = False


class GiftFilterSet(WagtailFilterSet):
    awaiting_hand_over = django_filters.BooleanFilter(
        label=gettext_lazy("To be handed over (declaration)"), method="filter_awaiting"
    )

    class Meta:
        model = Gift
        fields = {
            "direction": ["exact"],
            "kind": ["exact"],
            "visit": ["exact"],
            "date": ["gte", "lte"],
        }

    def filter_awaiting(self, queryset, name, value):
        awaiting = Gift.objects.awaiting_hand_over().values("pk")
        return queryset.filter(pk__in=awaiting) if value else queryset.exclude(pk__in=awaiting)


class GiftViewSet(SnippetViewSet):
    model = Gift
    icon = "pick"
    menu_label = gettext_lazy("Gifts, plaques and flowers")
    url_prefix = "events/gifts"
    chooser_viewset_class = ViewPermissionChooserViewSet
    list_display = [
        "date",
        "description",
        Column(
            "direction",
            label=capfirst(gettext_lazy("given or received")),
            accessor="get_direction_display",
        ),
        "counterpart",
        "value",
        Column(
            "declaration_state",
            label=capfirst(gettext_lazy("declaration")),
            accessor="declaration_state",
        ),
    ]
    filterset_class = GiftFilterSet
    search_fields = ["description", "counterpart", "occasion"]
    ordering = ["-date"]
    copy_view_enabled = False


class ExpenseIndexView(SafeExportMixin, IndexView):
    """The costs list, with this year's budget, spending and remainder per line above it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        spent = rules.yearly_summary(
            (day, line, rules.gross_amount(net, rate))
            for day, line, net, rate in Expense.objects.filter(date__year=year).values_list(
                "date", "budget_line", "net_amount", "vat_rate"
            )
        )[-1]
        budget, remaining = rules.budget_rows(Expense.for_budget(year), spent)
        context.update(
            budget_year=year,
            summary_url=reverse("events_expense_summary"),
            budget_position=[
                {
                    "label": label,
                    "allocated": budget[line],
                    "spent": spent[line],
                    "remaining": remaining[line],
                }
                for line, label in rules.BUDGET_LINES
            ],
        )
        return context


class ExpenseEditView(EditView):
    """The Müdür approves a cost from its edit screen."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.approved_at is None and user_may(self.request.user, APPROVE, Expense):
            buttons.append(
                HeaderButton(
                    _("Approve"),
                    url=reverse("events_expense_approve", args=[self.object.pk]),
                    icon_name="check",
                )
            )
        return buttons


class ExpenseViewSet(SnippetViewSet):
    model = Expense
    icon = "tasks"
    menu_label = gettext_lazy("Representation costs")
    url_prefix = "events/expenses"
    chooser_viewset_class = ViewPermissionChooserViewSet
    index_view_class = ExpenseIndexView
    edit_view_class = ExpenseEditView
    list_display = [
        "date",
        Column(
            "budget_line",
            label=capfirst(gettext_lazy("budget line")),
            accessor="get_budget_line_display",
        ),
        "supplier",
        "description",
        Column(
            "gross_amount",
            label=capfirst(gettext_lazy("amount with VAT (TRY)")),
            accessor="gross_amount",
        ),
        YesNoColumn.of(Expense, "paid"),
        Column("approved_at", label=capfirst(gettext_lazy("approved")), accessor="approved_at"),
    ]
    list_export = [
        "date",
        "budget_line",
        "supplier",
        "description",
        "net_amount",
        "vat_rate",
        "vat",
        "gross_amount",
        "paid",
        "approved_at",
    ]
    export_headings = {
        "vat": gettext_lazy("VAT (TRY)"),
        "gross_amount": gettext_lazy("amount with VAT (TRY)"),
    }
    export_filename = "temsil-giderleri"
    list_filter = {
        "budget_line": ["exact"],
        "paid": ["exact"],
        "visit": ["exact"],
        "date": ["gte", "lte"],
    }
    search_fields = ["supplier", "description"]
    ordering = ["-date"]
    copy_view_enabled = False


class BudgetAllocationViewSet(SnippetViewSet):
    model = BudgetAllocation
    icon = "table"
    menu_label = gettext_lazy("Yearly budgets")
    url_prefix = "events/budgets"
    chooser_viewset_class = ViewPermissionChooserViewSet
    list_display = [
        "year",
        Column(
            "budget_line", label=gettext_lazy("budget line"), accessor="get_budget_line_display"
        ),
        "amount",
        "note",
    ]
    list_filter = {"year": ["exact"], "budget_line": ["exact"]}
    ordering = ["-year", "budget_line"]
    copy_view_enabled = False


class ProtocolOfficeViewSet(SnippetViewSet):
    model = ProtocolOffice
    icon = "list-ol"
    menu_label = gettext_lazy("Protocol list")
    url_prefix = "events/protocol-list"
    chooser_viewset_class = ViewPermissionChooserViewSet
    list_display = ["rank", "office", "holder"]
    search_fields = ["office", "holder"]
    ordering = ["rank", "office"]
    copy_view_enabled = False


class CeremonyCreateView(CreateView):
    """A new ceremony starts with the checklist of its kind when none was entered."""

    def save_instance(self):
        instance = super().save_instance()
        instance.add_standard_checklist()
        return instance


class CeremonyEditView(EditView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Seating and speaking order (PDF)"),
                url=reverse("events_ceremony_order", args=[self.object.pk]),
                icon_name="doc-full",
            ),
            HeaderButton(
                _("Invitations and replies"),
                url=reverse("events_ceremony_replies", args=[self.object.pk]),
                icon_name="history",
            ),
        ]


class CeremonyViewSet(SnippetViewSet):
    model = Ceremony
    icon = "calendar-check"
    menu_label = gettext_lazy("Ceremonies and openings")
    url_prefix = "events/ceremonies"
    chooser_viewset_class = ViewPermissionChooserViewSet
    add_view_class = CeremonyCreateView
    edit_view_class = CeremonyEditView
    list_display = [
        "title",
        Column("kind", label=capfirst(gettext_lazy("kind")), accessor="get_kind_display"),
        "start",
        "place",
    ]
    list_filter = {"kind": ["exact"], "start": ["gte", "lte"]}
    search_fields = ["title", "place"]
    ordering = ["-start"]
    copy_view_enabled = False


class ProtocolViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Protocol")
    menu_icon = "group"
    menu_order = 255
    items = (
        VisitViewSet(),
        GiftViewSet(),
        ExpenseViewSet(),
        BudgetAllocationViewSet(),
        ProtocolOfficeViewSet(),
        CeremonyViewSet(),
    )


register_snippet(ProtocolViewSetGroup)


@hooks.register("register_admin_menu_item")
def expense_summary_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Yearly cost summary"),
        reverse("events_expense_summary"),
        icon_name="table",
        order=256,
        check=lambda user: user_may(user, VIEW, Expense),
    )


class CalendarViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Calendar")
    menu_icon = "calendar"
    menu_order = 250
    items = (
        appointment_viewset,
        AppointmentRequestViewSet(),
        EventCategoryViewSet(),
        OfficialHolidayViewSet(),
    )


register_snippet(CalendarViewSetGroup)


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [
        path(
            "events/programme/",
            views.daily_programme,
            name="events_daily_programme",
        ),
        path(
            "events/programme/<int:year>/<int:month>/<int:day>/",
            views.daily_programme,
            name="events_daily_programme_day",
        ),
        path("events/holidays/load/", views.load_holidays, name="events_load_holidays"),
        path(
            "events/expenses/<int:pk>/approve/",
            views.approve_expense,
            name="events_expense_approve",
        ),
        path(
            "events/expenses/summary/",
            views.ExpenseSummaryView.as_view(),
            name="events_expense_summary",
        ),
        path(
            "events/expenses/month/",
            views.ExpenseMonthView.as_view(),
            name="events_expense_month",
        ),
        path(
            "events/ceremonies/<int:pk>/order.pdf",
            views.ceremony_order_pdf,
            name="events_ceremony_order",
        ),
        path(
            "events/ceremonies/<int:pk>/replies/",
            views.ceremony_replies,
            name="events_ceremony_replies",
        ),
        path(
            "events/ceremonies/<int:pk>/send-invitations/",
            views.ceremony_send_invitations,
            name="events_ceremony_send_invitations",
        ),
        path(
            "events/appointment-requests/<int:pk>/decide/",
            views.decide_request,
            name="events_request_decide",
        ),
    ]


class MissingHolidaysPanel(Component):
    """A warning on the dashboard while this year's or next year's holidays are not on
    the public calendar, with a button that loads them (cron normally does)."""

    name = "events_missing_holidays"
    template_name = "events/admin/holidays_panel.html"
    order = 90

    def __init__(self, years):
        self.years = years

    def get_context_data(self, parent_context):
        request = parent_context.get("request")
        return {
            "years": self.years,
            "queued": cache.get(tasks.QUEUED_KEY),
            "csrf_token": get_token(request),
        }


class TodayProgrammePanel(DashboardPanel):
    """Today's appointments of the mayor, confidential fields included (only Özel Kalem
    sees the dashboard panel)."""

    name = "events_today"
    heading = gettext_lazy("Today's programme")
    empty_text = gettext_lazy("Nothing on the mayor's programme today.")
    more_text = gettext_lazy("All appointments")
    row_template = "events/admin/today_row.html"
    order = 200

    def get_rows(self, request):
        today = timezone.localdate()
        start = dt.datetime.combine(today, dt.time(0), tzinfo=rules.ISTANBUL)
        return list(
            Appointment.objects.between(start, start + dt.timedelta(days=1))
            .exclude(status=CANCELLED)
            .order_by("start")
        )

    def get_more_url(self, request):
        return reverse(Appointment.snippet_viewset.get_url_name("list"))


class GiftsToHandOverPanel(DashboardPanel):
    """Received gifts above the declaration threshold not yet handed over to the
    institution, each with its last day (3628 md. 3: within a month)."""

    name = "events_gifts_to_hand_over"
    heading = gettext_lazy("Gifts to be handed over")
    empty_text = gettext_lazy("No received gift waits to be handed over.")
    more_text = gettext_lazy("Gifts, plaques and flowers")
    row_template = "events/admin/gift_row.html"
    order = 170

    def __init__(self, gifts):
        self.gifts = gifts

    def get_rows(self, request):
        today = timezone.localdate()
        return [{"gift": gift, "overdue": gift.declaration_due < today} for gift in self.gifts]

    def get_more_url(self, request):
        return reverse(Gift.snippet_viewset.get_url_name("list")) + "?awaiting_hand_over=true"


@hooks.register("construct_homepage_panels")
def gifts_to_hand_over_panel(request, panels):
    if user_may(request.user, VIEW, Gift):
        gifts = list(Gift.objects.awaiting_hand_over()[:20])
        if gifts:
            panels.append(GiftsToHandOverPanel(gifts))


@hooks.register("construct_homepage_panels")
def today_programme_panel(request, panels):
    if request.user.has_perm("events.view_appointment"):
        panels.append(TodayProgrammePanel())


@hooks.register("construct_homepage_panels")
def missing_holidays_panel(request, panels):
    if user_may(request.user, VIEW, OfficialHoliday):
        years = holidays.missing_years()
        if years:
            panels.append(MissingHolidaysPanel(years))


@hooks.register(DEMO_DATA_HOOK, order=100)
def events_demo(demo_data):
    demo.load(demo_data)


@hooks.register(DEMO_DATA_HOOK, order=200)
def lobby_screen_demo(demo_data):
    demo.load_lobby_screen(demo_data)


@hooks.register(WEEKLY_SECTIONS_HOOK)
def weekly_programme_section(monday, sunday):
    from .weekly import programme_highlights

    return programme_highlights(monday, sunday)
