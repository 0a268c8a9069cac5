"""Archived documents in the admin: the snippet viewsets (with cms.confidentiality), the
card and list screens' URLs, the "file this record" button on the register, menus and
role grants. Imported by archive/wagtail_hooks.py, which Wagtail discovers."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from archive.correspondence.models import Correspondence
from archive.correspondence.permissions import correspondence_policy
from cms.admin_views import PermittedMenuItem
from cms.confidentiality import ConfidentialViewSetMixin, can_view, confidential_index_view_class
from cms.exports import SafeExportMixin
from cms.handover import HANDOVER_SOURCES_HOOK
from cms.roles import ARCHIVIST, CLERK, DISPOSAL_COMMISSION, HEAD, ROLE_GRANTS_HOOK, RoleGrant

from . import files, search, views
from .forms import ArchivedDocumentForm
from .handover import DocumentsSource
from .models import ArchivedDocument, RetentionRule
from .permissions import access_log_policy, document_policy, list_policy, retrieval_policy

ArchivedDocument.base_form_class = ArchivedDocumentForm


class YearFilter(django_filters.NumberFilter):
    def filter(self, queryset, value):
        return queryset.filter(document_date__year=value) if value else queryset


class ArchivedDocumentFilterSet(WagtailFilterSet):
    year = YearFilter(label=gettext_lazy("Year"))

    class Meta:
        model = ArchivedDocument
        fields = ["sdp_code", "status", "confidentiality"]


class RetentionColumn(Column):
    """ "Retention ends in 2031"."""

    def get_value(self, instance):
        ends = instance.retention_ends()
        return ends.year if ends else "—"


class DocumentIndexView(SafeExportMixin, confidential_index_view_class()):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search.search(queryset, self.search_query)


class _StoresUploadedFile:
    """The create and edit views store the form's file as the next version, after the
    document itself is saved (and only if it was)."""

    def save_instance(self):
        if self.form.instance.pk is None:
            self.form.instance.created_by = self.request.user
        instance = super().save_instance()
        checked = self.form.cleaned_data.get("checked")
        if checked:
            name, content_type, _size, sha256 = checked
            uploaded = self.form.cleaned_data["file"]
            uploaded.seek(0)
            files.add_version(
                instance,
                uploaded.read(),
                name=name,
                content_type=content_type,
                sha256=sha256,
                user=self.request.user,
                note=self.form.cleaned_data.get("change_note", ""),
            )
            views._warn_duplicates(self.request, instance, sha256)
        return instance


class DocumentCreateView(_StoresUploadedFile, CreateView):
    pass


class DocumentEditView(_StoresUploadedFile, EditView):
    pass


class ArchivedDocumentViewSet(ConfidentialViewSetMixin, SnippetViewSet):
    model = ArchivedDocument
    icon = "doc-full"
    menu_label = gettext_lazy("Archived documents")
    menu_name = "archived-documents"
    url_prefix = "arsiv/belgeler"
    filterset_class = ArchivedDocumentFilterSet
    add_view_class = DocumentCreateView
    edit_view_class = DocumentEditView
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        "title",
        "sdp_code",
        "document_date",
        "confidentiality",
        "status",
        RetentionColumn("retention", label=gettext_lazy("Retention ends")),
    ]
    list_export = [
        "pk",
        "title",
        "sdp_code",
        "keywords",
        "document_date",
        "closed_on",
        "confidentiality",
        "status",
        "location",
    ]
    export_headings = {"pk": gettext_lazy("No."), "location": gettext_lazy("Location")}
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("sdp_code"), FieldPanel("other_sdp_codes")]),
                FieldPanel("keywords"),
                FieldRowPanel([FieldPanel("document_date"), FieldPanel("closed_on")]),
                FieldPanel("retention_rule"),
                FieldRowPanel(
                    [
                        FieldPanel("confidentiality"),
                        FieldPanel("personal"),
                        FieldPanel("personal_to"),
                    ]
                ),
                FieldPanel("origin"),
            ],
            heading=gettext_lazy("Document"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("file"), FieldPanel("change_note")]),
            ],
            heading=gettext_lazy("File"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("building"), FieldPanel("room")]),
                FieldRowPanel([FieldPanel("cabinet"), FieldPanel("shelf"), FieldPanel("box")]),
            ],
            heading=gettext_lazy("Paper original"),
        ),
    ]

    @property
    def index_view_class(self):
        return DocumentIndexView

    def get_queryset(self, request):
        return ArchivedDocument.objects.select_related("sdp_code", "retention_rule")


class RetentionRuleViewSet(SnippetViewSet):
    model = RetentionRule
    icon = "time"
    menu_label = gettext_lazy("Retention rules")
    url_prefix = "arsiv/saklama-kurallari"
    list_display = ["sdp_code", "unit_years", "institution_years", "outcome"]
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["sdp_code__code", "sdp_code__title", "note"]


class DocumentsViewSetGroup(ViewSetGroup):
    items = (ArchivedDocumentViewSet, RetentionRuleViewSet)
    menu_icon = "folder-inverse"
    menu_label = gettext_lazy("Archive")
    menu_name = "archived-documents-group"
    menu_order = 250


register_snippet(DocumentsViewSetGroup)


@hooks.register("register_admin_menu_item")
def disposal_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Disposal and transfer"),
        reverse("archive_documents_lists"),
        icon_name="bin",
        order=251,
        check=lambda user: list_policy.user_has_permission(user, "view"),
    )


@hooks.register("register_admin_menu_item")
def retrieval_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Retrieval requests"),
        reverse("archive_documents_retrievals"),
        icon_name="resubmit",
        order=252,
        check=lambda user: retrieval_policy.user_has_permission(user, "view"),
    )


@hooks.register("register_admin_menu_item")
def document_access_log_menu_item():
    return PermittedMenuItem(
        gettext_lazy("Document access log"),
        reverse("archive_documents_access_log"),
        icon_name="view",
        order=253,
        check=lambda user: access_log_policy.user_has_permission(user, "view"),
    )


@hooks.register("register_admin_urls")
def documents_urls():
    return [
        path("arsiv/<int:pk>/", views.detail, name="archive_documents_detail"),
        path("arsiv/<int:pk>/dosya/", views.latest_file, name="archive_documents_file"),
        path(
            "arsiv/<int:pk>/surum/<int:number>/",
            views.version_file,
            name="archive_documents_version",
        ),
        path("arsiv/<int:pk>/yukle/", views.upload_version, name="archive_documents_upload"),
        path(
            "arsiv/<int:pk>/surum/<int:number>/geri-yukle/",
            views.restore_version,
            name="archive_documents_restore",
        ),
        path(
            "arsiv/<int:pk>/karsilastir/<int:a>/<int:b>/",
            views.compare,
            name="archive_documents_compare",
        ),
        path("arsiv/<int:pk>/saklama/", views.add_hold, name="archive_documents_hold"),
        path(
            "arsiv/<int:pk>/saklama/<int:hold_id>/kaldir/",
            views.lift_hold,
            name="archive_documents_lift_hold",
        ),
        path(
            "evrak/<int:record_pk>/dosyala/",
            views.file_record,
            name="archive_documents_file_record",
        ),
        path("arsiv/erisim-kaydi/", views.access_log, name="archive_documents_access_log"),
        path("arsiv/talepler/", views.retrievals, name="archive_documents_retrievals"),
        path("arsiv/<int:pk>/talep/", views.request_document, name="archive_documents_request"),
        path("arsiv/talepler/<int:pk>/ver/", views.give_document, name="archive_documents_give"),
        path(
            "arsiv/talepler/<int:pk>/iade/",
            views.return_document,
            name="archive_documents_return",
        ),
        path("arsiv/imha/", views.lists, name="archive_documents_lists"),
        path("arsiv/imha/oner/<str:kind>/", views.propose, name="archive_documents_propose"),
        path("arsiv/imha/<int:pk>/", views.listing_detail, name="archive_documents_list"),
        path("arsiv/imha/<int:pk>/imzala/", views.sign_list, name="archive_documents_sign"),
        path(
            "arsiv/imha/<int:pk>/cikar/<int:item_id>/",
            views.take_off,
            name="archive_documents_take_off",
        ),
        path(
            "arsiv/imha/<int:pk>/devret/",
            views.complete_transfer,
            name="archive_documents_complete_transfer",
        ),
        path("arsiv/imha/<int:pk>/liste.pdf", views.list_pdf, name="archive_documents_list_pdf"),
        path("arsiv/imha/<int:pk>/liste.xlsx", views.list_xlsx, name="archive_documents_list_xlsx"),
    ]


@hooks.register("register_snippet_listing_buttons")
def document_card_button(snippet, user, next_url=None):
    if isinstance(snippet, ArchivedDocument) and can_view(user, snippet):
        yield ListingButton(
            _("Card"),
            reverse("archive_documents_detail", args=[snippet.pk]),
            icon_name="doc-full",
            priority=5,
        )
    if (
        isinstance(snippet, Correspondence)
        and correspondence_policy.can_view_record(user, snippet)
        and document_policy.user_has_permission(user, "add")
    ):
        yield ListingButton(
            _("File this record"),
            reverse("archive_documents_file_record", args=[snippet.pk]),
            icon_name="folder-inverse",
            priority=30,
        )


@hooks.register(ROLE_GRANTS_HOOK)
def documents_role_grants():
    document = [f"archive.{a}_archiveddocument" for a in ("add", "change", "view")]
    rules = [f"archive.{a}_retentionrule" for a in ("add", "change", "view", "delete")]
    ask = ["archive.add_retrievalrequest", "archive.view_retrievalrequest"]
    retrieval = [*ask, "archive.change_retrievalrequest"]
    return [
        RoleGrant(
            ARCHIVIST,
            [
                "wagtailadmin.access_admin",
                *document,
                "archive.dispose_archiveddocument",
                *rules,
                *retrieval,
                "archive.view_sdpcode",
                "archive.view_correspondence",
            ],
        ),
        # Evrak and the Müdür ask for documents; the archivist gives and takes them back.
        RoleGrant(CLERK, [*document, "archive.view_retentionrule", *ask]),
        RoleGrant(HEAD, [*document, "archive.view_retentionrule", *ask]),
        RoleGrant(
            DISPOSAL_COMMISSION, ["wagtailadmin.access_admin", "archive.sign_dispositionlist"]
        ),
    ]


@hooks.register(HANDOVER_SOURCES_HOOK)
def handover_sources():
    return [DocumentsSource()]
