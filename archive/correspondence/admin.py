"""The register in the admin: the snippet viewsets (with cms.confidentiality), the record
card and process screens' URLs, dashboard panels, role grants and demo data. Imported by
archive/wagtail_hooks.py, which Wagtail discovers."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from cms.admin_columns import TextColumn
from cms.admin_views import PermittedMenuItem
from cms.confidentiality import (
    Access,
    ConfidentialViewSetMixin,
    can_view,
    confidential_index_view_class,
    log_access,
    visible_to,
)
from cms.handover import HANDOVER_SOURCES_HOOK
from cms.roles import CLERK, HEAD, ROLE_GRANTS_HOOK, RoleGrant

from . import routing, rules, views
from .handover import RegisterSource
from .models import (
    Correspondence,
    Direction,
    DistributionGroup,
    Kind,
    SdpCode,
    StandIn,
    Status,
)
from .permissions import access_log_policy, correspondence_policy

# Values a spreadsheet would run as a formula (CSV injection); exported with a leading
# apostrophe. (A local stand-in until cms/exports.py lands.)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

APPROVAL_ACTIONS = ("action-submit", "action-publish", "action-workflow-action")


class CorrespondenceForm(WagtailAdminModelForm):
    """Asks for what approval needs (the file plan code) when the letter is submitted,
    approved or published, so the Müdür's approval never fails half way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The references (İlgi) list offers only records the user may see: the choices
        # showed every record's number and subject, above the user's clearance too.
        user = getattr(self, "for_user", None)
        if user is not None and "references" in self.fields:
            field = self.fields["references"]
            field.queryset = visible_to(field.queryset, user)

    def clean(self):
        data = super().clean()
        self._refuse_duplicate(data)
        if any(action in self.data for action in APPROVAL_ACTIONS):
            direction = data.get("direction")
            if direction in (Direction.OUTGOING, Direction.INTERNAL) and not data.get("sdp_code"):
                self.add_error(
                    "sdp_code",
                    _("File plan code: an outgoing letter needs one before approval."),
                )
        return data

    def _refuse_duplicate(self, data):
        """The same incoming document (sender's number and date) registered twice."""
        if data.get("direction") != Direction.INCOMING or not data.get("sender_number"):
            return
        first = (
            Correspondence.objects.filter(
                direction=Direction.INCOMING,
                sender_number=data["sender_number"],
                sender_date=data.get("sender_date"),
            )
            .exclude(pk=self.instance.pk)
            .exclude(status=Status.CANCELLED)
            .order_by("pk")
            .first()
        )
        if first is None:
            return
        user = getattr(self, "for_user", None)
        if user is not None and can_view(user, first):
            message = format_html(
                _("Sender's number: this document is already registered as {number}: {link}."),
                number=first.display_number,
                link=format_html(
                    '<a href="{}">{}</a>',
                    reverse("archive_correspondence_detail", args=[first.pk]),
                    first.subject,
                ),
            )
        else:
            message = _("Sender's number: this document is already registered.")
        self.add_error("sender_number", message)


Correspondence.base_form_class = CorrespondenceForm


class DeadlineFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        if not value:
            return queryset
        from cms import workdays

        today = timezone.localdate()
        open_records = queryset.filter(
            status__in=[Status.REGISTERED, Status.ROUTED, Status.IN_PROGRESS]
        )
        if value == "overdue":
            return open_records.filter(answer_due__lt=today)
        horizon = workdays.add_working_days(today, rules.DUE_SOON_WORKING_DAYS)
        return open_records.filter(answer_due__gte=today, answer_due__lte=horizon)


class CorrespondenceFilterSet(WagtailFilterSet):
    deadline = DeadlineFilter(
        label=gettext_lazy("Answer date"),
        choices=[
            ("overdue", gettext_lazy("overdue")),
            ("soon", gettext_lazy("due within 3 working days")),
        ],
    )

    class Meta:
        model = Correspondence
        fields = ["direction", "kind", "channel", "status", "confidentiality", "sdp_code"]


class DeadlineColumn(Column):
    cell_template_name = "archive/correspondence/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["deadline"] = instance.deadline_row()
        # While a copying cost is unpaid there is no answer date: the pay-by date instead.
        context["fee"] = None if context["deadline"] else instance.fee_row()
        return context


class PartyColumn(TextColumn):
    """The other party, a person's TC kimlik no masked."""

    def get_value(self, instance):
        if instance.party_tc_kimlik:
            return f"{instance.party_name} ({instance.masked_tc_kimlik})"
        return instance.party_name


class CorrespondenceIndexView(confidential_index_view_class()):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if correspondence_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    gettext_lazy("Upload an e-Yazışma package"),
                    url=reverse("archive_correspondence_eyp_upload"),
                    icon_name="upload",
                )
            )
        return buttons

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for key, value in row.items():
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                row[key] = "'" + value
        return row


class CorrespondenceCreateView(CreateView):
    """Registering has no autosave: Wagtail's autosave would register the document (and
    draw its register number) in the background as soon as the form is valid, and the
    clerk's own save a moment later would register it a second time."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False

    def get_initial_form_instance(self):
        """ "Write the answer" on a record's card (?cevap=<id>) opens the form as the answer:
        outgoing, to the sender, at the record's level, linked to what it answers."""
        answered = self.request.GET.get("cevap", "")
        if self.request.method != "GET" or not answered.isdigit():
            return super().get_initial_form_instance()
        record = Correspondence.objects.filter(pk=answered).first()
        if record is None or not can_view(self.request.user, record):
            return super().get_initial_form_instance()
        return Correspondence(
            direction=Direction.OUTGOING,
            kind=Kind.OFFICIAL,
            channel=record.channel,
            subject=record.subject,
            confidentiality=record.confidentiality,
            party_kind=record.party_kind,
            party_name=record.party_name,
            party_detsis=record.party_detsis,
            party_kep=record.party_kep,
            party_tc_kimlik=record.party_tc_kimlik,
            party_email=record.party_email,
            party_address=record.party_address,
            answer_to=record,
        )


class CorrespondenceViewSet(ConfidentialViewSetMixin, SnippetViewSet):
    model = Correspondence
    icon = "mail"
    menu_label = gettext_lazy("Register")
    menu_name = "correspondence"
    menu_order = 100
    url_prefix = "evrak/kayitlar"
    filterset_class = CorrespondenceFilterSet
    search_fields = ["subject", "number", "register_number", "sender_number", "party_name"]
    search_backend_name = None
    copy_view_enabled = False
    add_view_class = CorrespondenceCreateView
    list_per_page = 50
    list_display = [
        TextColumn("display_number", label=gettext_lazy("Number"), accessor="display_number"),
        TextColumn.of(Correspondence, "subject"),
        PartyColumn("party_name", label=gettext_lazy("Institution or person")),
        TextColumn.of(Correspondence, "direction"),
        TextColumn.of(Correspondence, "kind"),
        TextColumn.of(Correspondence, "confidentiality"),
        TextColumn.of(Correspondence, "status"),
        DeadlineColumn("answer_due", label=gettext_lazy("Answer due")),
    ]
    list_export = [
        "display_number",
        "number_date",
        "register_number",
        "direction",
        "kind",
        "channel",
        "subject",
        "party_name",
        "masked_tc_kimlik",
        "sdp_code",
        "confidentiality",
        "status",
        "answer_due",
    ]
    export_headings = {
        "display_number": gettext_lazy("Number"),
        "masked_tc_kimlik": gettext_lazy("TC identity number"),
    }
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("direction"), FieldPanel("kind"), FieldPanel("channel")]),
                FieldPanel("subject"),
                FieldRowPanel([FieldPanel("sdp_code"), FieldPanel("other_sdp_codes")]),
                FieldRowPanel([FieldPanel("urgency"), FieldPanel("urgency_date")]),
                FieldRowPanel(
                    [
                        FieldPanel("confidentiality"),
                        FieldPanel("personal"),
                        FieldPanel("personal_to"),
                    ]
                ),
            ],
            heading=gettext_lazy("Document"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("party_kind"),
                FieldPanel("party_name"),
                FieldRowPanel([FieldPanel("party_detsis"), FieldPanel("party_kep")]),
                FieldRowPanel([FieldPanel("party_tc_kimlik"), FieldPanel("party_email")]),
                FieldPanel("party_address"),
            ],
            heading=gettext_lazy("Sender or addressee"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("sender_number"),
                        FieldPanel("sender_date"),
                        FieldPanel("received_on"),
                    ]
                ),
                FieldRowPanel([FieldPanel("extended"), FieldPanel("due_on")]),
                FieldRowPanel([FieldPanel("fee_notice_on"), FieldPanel("fee_paid_on")]),
            ],
            heading=gettext_lazy("Receipt and deadlines (incoming)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("body"),
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
            ],
            heading=gettext_lazy("Content"),
        ),
        MultiFieldPanel(
            [FieldPanel("references"), FieldPanel("answer_to")],
            heading=gettext_lazy("Thread"),
        ),
        InlinePanel(
            "recipients", heading=gettext_lazy("Distribution"), label=gettext_lazy("Recipient")
        ),
    ]

    @property
    def index_view_class(self):
        return CorrespondenceIndexView

    def get_queryset(self, request):
        return Correspondence.objects.select_related("sdp_code")


class SdpCodeViewSet(SnippetViewSet):
    model = SdpCode
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("File plan codes")
    url_prefix = "evrak/sdp"
    list_display = ["code", "title", "active"]
    search_fields = ["code", "title"]
    search_backend_name = None
    copy_view_enabled = False


class DistributionGroupViewSet(SnippetViewSet):
    model = DistributionGroup
    icon = "group"
    menu_label = gettext_lazy("Distribution groups")
    url_prefix = "evrak/dagitim-gruplari"
    list_display = ["name", "note"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("note"),
        InlinePanel("members", heading=gettext_lazy("Members"), label=gettext_lazy("Member")),
    ]


class StandInViewSet(SnippetViewSet):
    model = StandIn
    icon = "user"
    menu_label = gettext_lazy("Stand-ins")
    url_prefix = "evrak/vekalet"
    list_display = ["user", "stand_in", "starts_on", "ends_on"]
    copy_view_enabled = False


class RegisterViewSetGroup(ViewSetGroup):
    items = (CorrespondenceViewSet, SdpCodeViewSet, DistributionGroupViewSet, StandInViewSet)
    menu_icon = "mail"
    menu_label = gettext_lazy("Correspondence")
    menu_name = "correspondence-register"
    menu_order = 240


register_snippet(RegisterViewSetGroup)


def _reads_register(user):
    return correspondence_policy.user_has_any_permission(user, ["view", "change"])


@hooks.register("register_admin_menu_item")
def routed_to_me_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Routed to me"),
        reverse("archive_correspondence_mine"),
        icon_name="mail",
        order=241,
        check=_reads_register,
    )


@hooks.register("register_admin_menu_item")
def tracking_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Document tracking"),
        reverse("archive_correspondence_tracking"),
        icon_name="list-ul",
        order=242,
        check=_reads_register,
    )


@hooks.register("register_admin_menu_item")
def letter_from_template_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Letter from a template"),
        reverse("archive_correspondence_template"),
        icon_name="doc-full",
        order=243,
        check=lambda user: correspondence_policy.user_has_permission(user, "add"),
    )


@hooks.register("register_settings_menu_item")
def access_log_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Access log"),
        reverse("archive_correspondence_access_log"),
        icon_name="view",
        order=900,
        check=lambda user: access_log_policy.user_has_permission(user, "view"),
    )


@hooks.register("register_admin_urls")
def correspondence_urls():
    return [
        path("evrak/<int:pk>/", views.detail, name="archive_correspondence_detail"),
        path("evrak/<int:pk>/havale/", views.route_view, name="archive_correspondence_route"),
        path("evrak/<int:pk>/durum/", views.status_view, name="archive_correspondence_status"),
        path("evrak/<int:pk>/ek/", views.attachment_view, name="archive_correspondence_attach"),
        path(
            "evrak/<int:pk>/ek/<int:attachment_id>/",
            views.attachment_download,
            name="archive_correspondence_file",
        ),
        path("evrak/<int:pk>/kase.pdf", views.stamp_pdf, name="archive_correspondence_stamp"),
        path("evrak/<int:pk>/yazi.pdf", views.letter_pdf, name="archive_correspondence_letter"),
        path("evrak/<int:pk>/yazi.txt", views.letter_text, name="archive_correspondence_text"),
        path("evrak/<int:pk>/paket.eyp", views.package_download, name="archive_correspondence_eyp"),
        path("evrak/eyp-yukle/", views.package_upload, name="archive_correspondence_eyp_upload"),
        path("evrak/<int:pk>/tekit/", views.tekit_view, name="archive_correspondence_tekit"),
        path(
            "evrak/sablondan/", views.letter_from_template, name="archive_correspondence_template"
        ),
        path("evrak/toplu/<uuid:batch>/", views.batch_view, name="archive_correspondence_batch"),
        path(
            "evrak/toplu/<uuid:batch>/onayla/",
            views.batch_approve,
            name="archive_correspondence_batch_approve",
        ),
        path(
            "evrak/toplu/<uuid:batch>/yeniden/",
            views.batch_retry,
            name="archive_correspondence_batch_retry",
        ),
        path("evrak/bana-havale/", views.my_routings, name="archive_correspondence_mine"),
        path("evrak/takip/", views.tracking, name="archive_correspondence_tracking"),
        path("evrak/erisim-kaydi/", views.access_log, name="archive_correspondence_access_log"),
    ]


@hooks.register("register_snippet_listing_buttons")
def correspondence_card_button(snippet, user, next_url=None):
    if isinstance(snippet, Correspondence) and can_view(user, snippet):
        yield ListingButton(
            _("Card"),
            reverse("archive_correspondence_detail", args=[snippet.pk]),
            icon_name="doc-full",
            priority=5,
        )


class RoutedToMePanel(Component):
    """ "Bana havale edilenler": what the user holds, soonest due first, with days left."""

    name = "correspondence_routed_to_me"
    template_name = "archive/correspondence/dashboard_mine.html"
    order = 140

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        rows = [
            {
                "routing": r,
                "record": r.correspondence,
                "deadline": r.correspondence.deadline_row(today),
            }
            for r in routing.held_by(self.user)[:20]
            if can_view(self.user, r.correspondence)
        ]
        log_access(self.user, [row["record"] for row in rows], Access.LIST)
        return {"rows": rows}


class DeadlinesPanel(Component):
    """Answer dates and copying-cost pay-by dates overdue or within 3 working days, as far
    as the user's clearance goes."""

    name = "correspondence_deadlines"
    template_name = "archive/correspondence/dashboard_deadlines.html"
    order = 145

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        rows = Correspondence.objects.visible_to(self.user).attention_rows(today)[:20]
        log_access(self.user, [row["record"] for row in rows], Access.LIST)
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def correspondence_dashboard_panels(request, panels):
    if _reads_register(request.user):
        panels.append(RoutedToMePanel(request.user))
        panels.append(DeadlinesPanel(request.user))


@hooks.register(ROLE_GRANTS_HOOK)
def correspondence_role_grants():
    write = ["add", "change", "view", "lock", "unlock"]
    register = [f"archive.{action}_correspondence" for action in write]
    support = [
        f"archive.{action}_{model}"
        for model in ("distributiongroup", "standin")
        for action in ("add", "change", "view", "delete")
    ] + ["archive.view_sdpcode"]
    return [
        RoleGrant(CLERK, [*register, *support]),
        RoleGrant(
            HEAD,
            [
                *register,
                "archive.publish_correspondence",
                *support,
                "archive.add_sdpcode",
                "archive.change_sdpcode",
            ],
        ),
    ]


@hooks.register(HANDOVER_SOURCES_HOOK)
def handover_sources():
    return [RegisterSource()]
