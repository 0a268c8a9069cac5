"""The .ics files of the public calendar, and admin screens with no viewset equivalent: the
mayor's printable daily programme, the decision on an appointment request and the yearly
summary of representation costs, and a ceremony's seating and speaking order as PDF.
(The field-by-field history of an appointment is cms.history's, like every other
record's.)"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site

from cms.admin_views import AdminScreenMixin
from cms.dates import make_date
from cms.exports import SafeExportMixin
from cms.pdf import pdf_response, render_pdf
from cms.permissions import VIEW, require, user_may
from cms.text import format_date, format_datetime

from . import rules, tasks
from .models import (
    Appointment,
    EventCategory,
    EventIndexPage,
    EventPage,
    OfficialHoliday,
    appointments,
)
from .models.pages import CALENDAR_FILE


def _route(request, components):
    """(page, route name, route kwargs) as Wagtail's router finds them for this site and
    language, live pages only; (None, "", {}) when it finds nothing."""
    site = Site.find_for_request(request)
    if site is None:
        return None, "", {}
    try:
        page, args, _kwargs = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None, "", {}
    if not isinstance(page, RoutablePageMixin) or len(args) != 3:
        return None, "", {}
    view, _view_args, view_kwargs = args
    return page, view.__name__, view_kwargs


def _visible(page, request):
    # A private page's file is as private as the page; a calendar app cannot log in, so it
    # gets a plain 404 rather than a login form.
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


@require_safe
def calendar_file(request, path):
    """/etkinlikler/acilis-toreni.ics, /etkinlikler/takvim.ics and
    /etkinlikler/kategori/kultur-sanat.ics: the page the path names without ".ics", found
    by Wagtail's routing, answers with its iCalendar file."""
    components = [part for part in path.split("/") if part]
    if not components:
        raise Http404
    *parents, name = components
    category = None
    if name == CALENDAR_FILE:
        # takvim.ics under a calendar page (no event may take that slug).
        page, route, kwargs = _route(request, parents)
        if not (isinstance(page, EventIndexPage) and route == "upcoming"):
            raise Http404
    else:
        page, route, kwargs = _route(request, [*parents, name])
        if isinstance(page, EventIndexPage) and route == "category":
            category = get_object_or_404(EventCategory, slug=kwargs["slug"])
        elif not (isinstance(page, EventPage) and route == "detail"):
            raise Http404
    if not _visible(page, request):
        raise Http404
    if category is not None:
        return page.ics_file(request, category)
    return page.ics_file(request)


@require_POST
def load_holidays(request):
    """The dashboard's button: queue loading this year's and next year's holidays. Anyone
    who may see the holidays may ask; the task only copies the official list."""
    require(request.user, VIEW, OfficialHoliday)
    if tasks.queue_upcoming_holidays():
        messages.success(
            request,
            _("Loading the official holidays; they will appear on the calendar in a few minutes."),
        )
    else:
        messages.info(request, _("Loading the official holidays has already been requested."))
    return redirect("wagtailadmin_home")


def daily_programme(request, year=None, month=None, day=None):
    """Every appointment of one day, private fields included, laid out for printing."""
    require(request.user, VIEW, Appointment)
    try:
        date = make_date(year, month, day) if year else timezone.localdate()
    except ValueError:
        raise Http404(_("There is no such day.")) from None
    if not rules.FIRST_YEAR <= date.year <= rules.LAST_YEAR:
        raise Http404(_("There is no such day."))
    start = dt.datetime.combine(date, dt.time(0, 0), tzinfo=rules.ISTANBUL)
    agenda = (
        Appointment.objects.between(start, start + dt.timedelta(days=1))
        .exclude(status=appointments.CANCELLED)
        .order_by("start")
    )
    return render(
        request,
        "events/programme_print.html",
        {
            "date": date,
            "appointments": agenda,
            "holiday": OfficialHoliday.objects.filter(date=date).first(),
            "previous": date - dt.timedelta(days=1),
            "next": date + dt.timedelta(days=1),
        },
    )


def decide_request(request, pk):
    """The office's decision on one appointment request: start evaluating, accept onto the
    mayor's programme, refer to a directorate or decline (each through
    events.appointment_requests, which writes the history and tells the requester)."""
    from . import appointment_requests
    from .forms import ACCEPT, DECLINE, EVALUATE, REFER, DecisionForm
    from .models import AppointmentRequest

    require(request.user, VIEW, AppointmentRequest)
    record = get_object_or_404(AppointmentRequest, pk=pk)
    require(request.user, "change", AppointmentRequest, record)
    form = DecisionForm(request.POST or None, record=record)
    if request.method == "POST" and record.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == EVALUATE:
                appointment_requests.start_evaluation(record, user=request.user)
            elif data["decision"] == ACCEPT:
                start, end = form.moments()
                appointment_requests.accept(
                    record, start=start, end=end, place=data["place"], user=request.user
                )
            elif data["decision"] == REFER:
                appointment_requests.refer(
                    record,
                    directorate=data["directorate"],
                    note=data["note"],
                    user=request.user,
                    route_to=form.recipients(),
                )
            elif data["decision"] == DECLINE:
                appointment_requests.decline(record, reason=data["note"], user=request.user)
        except appointment_requests.NotOpen:
            messages.error(request, _("This request has already been decided."))
        except ValidationError as error:
            # The register refused the routing (an inactive person, no clearance):
            # nothing was saved; the error goes under the field that chose them.
            for messages_ in error.message_dict.values():
                form.add_error("route_to" if "route_to" in form.fields else None, messages_)
        else:
            messages.success(request, _("The decision was saved and the requester told."))
        if not form.errors:
            return redirect("events_request_decide", record.pk)
    return render(
        request,
        "events/admin/request_decide.html",
        {
            "record": record,
            "form": form,
            "page_title": _("Appointment request %(reference)s") % {"reference": record.reference},
            "history": record.history.select_related("history_user").order_by("-history_date"),
        },
    )


class ExpenseSummaryView(SafeExportMixin, SpreadsheetExportMixin, AdminScreenMixin, TemplateView):
    """The year's representation, hospitality and ceremony spending, month by month and
    per budget line, on screen and as a spreadsheet safe to open in Excel."""

    template_name = "events/admin/expense_summary.html"
    list_export = ["month_name", *[line for line, _label in rules.BUDGET_LINES], "total"]

    @property
    def export_headings(self):
        return {
            "month_name": _("Month"),
            **{line: str(label) for line, label in rules.BUDGET_LINES},
            "total": _("Total"),
        }

    def get_page_title(self):
        return _("Representation costs of %(year)d") % {"year": self.year}

    def dispatch(self, request, *args, **kwargs):
        from .models import Expense

        require(request.user, VIEW, Expense)
        try:
            self.year = int(request.GET.get("yil") or timezone.localdate().year)
        except ValueError:
            raise Http404(_("There is no such year.")) from None
        if not rules.FIRST_YEAR <= self.year <= rules.LAST_YEAR:
            raise Http404(_("There is no such year."))
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"temsil-giderleri-{self.year}"

    def rows(self):
        from .models import Expense

        expenses = Expense.objects.filter(date__year=self.year).values_list(
            "date", "budget_line", "net_amount", "vat_rate"
        )
        summary = rules.yearly_summary(
            (day, line, rules.gross_amount(net, rate)) for day, line, net, rate in expenses
        )
        names = {"budget": _("Yearly budget"), "remaining": _("Remaining")}
        rows = [*summary, *rules.budget_rows(Expense.for_budget(self.year), summary[-1])]
        for row in rows:
            if "kind" in row:
                row["month_name"] = names[row["kind"]]
            elif row["month"]:
                row["month_name"] = formats.date_format(dt.date(self.year, row["month"], 1), "F")
            else:
                row["month_name"] = _("Total")
            row["cells"] = [row[line] for line, _label in rules.BUDGET_LINES] + [row["total"]]
        return [SimpleNamespace(**row) for row in rows]

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.rows(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year,
            rows=self.rows(),
            lines=rules.BUDGET_LINES,
            previous=self.year - 1,
            next=self.year + 1,
        )
        return context


class ExpenseMonthView(SafeExportMixin, SpreadsheetExportMixin, AdminScreenMixin, TemplateView):
    """One month's representation, hospitality and ceremony costs, item by item under
    each budget line with its sums, the costs still unpaid or unapproved, and each line's
    yearly budget against what was spent up to the month's end: on screen and as a
    spreadsheet safe to open in Excel (the items, then a total row per line and the
    month's)."""

    template_name = "events/admin/expense_month.html"
    list_export = [
        "date",
        "line",
        "supplier",
        "description",
        "belongs_to",
        "net_amount",
        "vat_rate",
        "vat",
        "gross_amount",
        "paid",
        "approved",
    ]

    @property
    def export_headings(self):
        return {
            "date": _("Date"),
            "line": _("Budget line"),
            "supplier": _("Supplier"),
            "description": _("Description"),
            "belongs_to": _("Belongs to"),
            "net_amount": _("Amount before VAT (TRY)"),
            "vat_rate": _("VAT rate (%)"),
            "vat": _("VAT (TRY)"),
            "gross_amount": _("Amount with VAT (TRY)"),
            "paid": _("Paid"),
            "approved": _("Approved"),
        }

    def get_page_title(self):
        return _("Representation costs: %(month)s %(year)s") % {
            "month": formats.date_format(self.first_day, "F"),
            "year": self.first_day.year,
        }

    def dispatch(self, request, *args, **kwargs):
        from .models import Expense

        require(request.user, VIEW, Expense)
        today = timezone.localdate()
        try:
            year = int(request.GET.get("yil") or today.year)
            month = int(request.GET.get("ay") or today.month)
            if not rules.FIRST_YEAR <= year <= rules.LAST_YEAR:
                raise ValueError
            self.first_day = dt.date(year, month, 1)
        except (ValueError, OverflowError):
            raise Http404(_("There is no such month.")) from None
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"temsil-giderleri-{self.first_day:%Y-%m}"

    def report(self):
        from .models import Expense

        expenses = (
            Expense.objects.filter(date__year=self.first_day.year, date__month=self.first_day.month)
            .select_related("visit", "ceremony", "event", "approved_by")
            .order_by("date", "pk")
        )
        return rules.monthly_report(expenses)

    def budget_position(self):
        """Each line's yearly budget, what was spent from 1 January to the month's end,
        and what remains."""
        from .models import Expense

        last_day = rules.last_day_of_month(self.first_day)
        spent = rules.yearly_summary(
            (day, line, rules.gross_amount(net, rate))
            for day, line, net, rate in Expense.objects.filter(
                date__year=self.first_day.year, date__lte=last_day
            ).values_list("date", "budget_line", "net_amount", "vat_rate")
        )[-1]
        budget, remaining = rules.budget_rows(Expense.for_budget(self.first_day.year), spent)
        return [
            {
                "label": label,
                "allocated": budget[line],
                "spent": spent[line],
                "remaining": remaining[line],
            }
            for line, label in rules.BUDGET_LINES
        ]

    def export_rows(self, report):
        rows = []
        for group in report["groups"]:
            for expense in group["items"]:
                rows.append(
                    SimpleNamespace(
                        date=expense.date,
                        line=str(group["label"]),
                        supplier=expense.supplier,
                        description=expense.description,
                        belongs_to=expense.belongs_to,
                        net_amount=expense.net_amount,
                        vat_rate=expense.vat_rate,
                        vat=expense.vat,
                        gross_amount=expense.gross_amount,
                        paid=expense.paid,
                        approved=rules.local(expense.approved_at).date()
                        if expense.approved_at
                        else None,
                    )
                )
        totals = [(str(group["label"]), group) for group in report["groups"]]
        totals.append((_("Total"), report["total"]))
        for label, sums in totals:
            rows.append(
                SimpleNamespace(
                    date=None,
                    line=label,
                    supplier="",
                    description=_("Total"),
                    belongs_to="",
                    net_amount=sums["net"],
                    vat_rate=None,
                    vat=sums["vat"],
                    gross_amount=sums["gross"],
                    paid=None,
                    approved=None,
                )
            )
        return rows

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.export_rows(self.report()), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report()
        items = [expense for group in report["groups"] for expense in group["items"]]
        previous = (self.first_day - dt.timedelta(days=1)).replace(day=1)
        following = rules.last_day_of_month(self.first_day) + dt.timedelta(days=1)
        context.update(
            report=report,
            unpaid=[expense for expense in items if not expense.paid],
            unapproved=[expense for expense in items if expense.approved_at is None],
            budget_position=self.budget_position(),
            year=self.first_day.year,
            month=self.first_day.month,
            previous=previous,
            next=following,
            summary_url=reverse("events_expense_summary"),
        )
        return context


def approve_expense(request, pk):
    """The Müdür approves a representation cost (GET asks, POST approves)."""
    from .models import Expense
    from .permissions import APPROVE

    require(request.user, APPROVE, Expense)
    expense = get_object_or_404(Expense, pk=pk)
    if request.method == "POST":
        if expense.approved_at is None:
            expense.approve(request.user)
            messages.success(request, _("The cost was approved."))
        return redirect(Expense.snippet_viewset.get_url_name("edit"), expense.pk)
    return render(
        request,
        "events/admin/expense_approve.html",
        {"expense": expense, "page_title": _("Approve the cost")},
    )


def ceremony_order_pdf(request, pk):
    """A ceremony's seating and speaking order, printed for the protocol officer."""
    from .models import Ceremony

    require(request.user, VIEW, Ceremony)
    ceremony = get_object_or_404(Ceremony, pk=pk)
    require(request.user, VIEW, Ceremony, ceremony)
    seats = ceremony.seating()
    content = render_pdf(
        "events/ceremony_order_pdf.html",
        {
            "ceremony": ceremony,
            "date": format_date(rules.local(ceremony.start).date()),
            "time": formats.time_format(rules.local(ceremony.start), "H:i"),
            "seats": seats,
            "speakers": rules.speaking_order(seats),
            "printed_at": format_datetime(timezone.now()),
        },
        letterhead=True,
    )
    return pdf_response(content, f"toren-{ceremony.pk}-oturma-duzeni.pdf")


def ceremony_replies(request, pk):
    """A ceremony's invited list with every earlier state of each reply (the invitation's
    history: reply, stand-in, sending), and the invitations still to be sent."""
    from . import invitations
    from .models import Ceremony, Invitation

    require(request.user, VIEW, Ceremony)
    ceremony = get_object_or_404(Ceremony, pk=pk)
    require(request.user, VIEW, Ceremony, ceremony)
    rows = []
    for invitation in ceremony.invitations.select_related("office").order_by("sort_order"):
        versions = list(invitation.history.select_related("history_user").order_by("history_date"))
        rows.append({"invitation": invitation, "versions": versions})
    # Invitees taken off the list: their states, the last being the removal (who, when).
    removed = {}
    for version in (
        Invitation.history.filter(ceremony_ref=ceremony.pk)
        .exclude(id__in=[row["invitation"].pk for row in rows])
        .select_related("history_user", "office")
        .order_by("history_date", "history_id")
    ):
        removed.setdefault(version.id, []).append(version)
    removed_rows = [
        {
            "name": (versions[-1].office.holder or versions[-1].office.office)
            if versions[-1].office
            else versions[-1].guest,
            "office": versions[-1].office,
            "versions": versions,
            "removal": versions[-1] if versions[-1].history_type == "-" else None,
        }
        for versions in removed.values()
    ]
    return render(
        request,
        "events/admin/ceremony_replies.html",
        {
            "ceremony": ceremony,
            "rows": rows,
            "removed_rows": removed_rows,
            "to_send": list(invitations.to_send(ceremony)),
            "cost": sum(
                (rules.gross_amount(e.net_amount, e.vat_rate) for e in ceremony.expenses.all()),
                Decimal("0.00"),
            ),
            "may_send": user_may(request.user, "change", Ceremony, ceremony),
            "page_title": _("Invitations and replies: %(title)s") % {"title": ceremony.title},
        },
    )


def ceremony_send_invitations(request, pk):
    """Queue the ceremony's invitations not sent yet (GET shows which; POST sends them in
    the background: events.tasks.send_invitations)."""
    from . import invitations
    from .models import Ceremony

    require(request.user, "change", Ceremony)
    ceremony = get_object_or_404(Ceremony, pk=pk)
    require(request.user, "change", Ceremony, ceremony)
    pending = list(invitations.to_send(ceremony))
    if request.method == "POST":
        if pending:
            user_id = request.user.pk
            transaction.on_commit(lambda: tasks.send_invitations.enqueue(ceremony.pk, user_id))
            messages.success(
                request,
                _("%(count)s invitations are being sent; the list below shows each once sent.")
                % {"count": len(pending)},
            )
        else:
            messages.info(request, _("Every invitation has been sent already."))
        return redirect("events_ceremony_replies", ceremony.pk)
    return render(
        request,
        "events/admin/ceremony_send.html",
        {
            "ceremony": ceremony,
            "to_send": pending,
            "page_title": _("Send the invitations: %(title)s") % {"title": ceremony.title},
        },
    )
