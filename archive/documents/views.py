"""Admin screens of archived documents beyond the snippet viewset: the document card
(retention, versions, holds), file downloads (the latest at a stable URL, each version at
its own), new versions and restores, the text comparison of two versions, holds, filing
a register record, and the disposal and transfer lists with their papers.

Every document view finds its record through `_document()`, which asks the policy (and
so the user's clearance) and answers 404 above it."""

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archive.correspondence.models import Correspondence
from archive.correspondence.permissions import correspondence_policy
from cms import confidentiality
from cms.confidentiality import can_view
from cms.history import history_url
from cms.pdf import pdf_response
from cms.views import file_download

from . import disposal, files, reports, retrieval
from .forms import GiveForm, HoldForm, LiftForm, RetrievalForm, TakeOffForm, VersionForm
from .models import (
    AccessAction,
    ArchivedDocument,
    DispositionList,
    Hold,
    ListKind,
    ListStatus,
    RetrievalRequest,
    Status,
)
from .permissions import access_log_policy, document_policy, list_policy, retrieval_policy


def _document(request, pk, action="view"):
    document = get_object_or_404(ArchivedDocument.objects.select_related("sdp_code"), pk=pk)
    if not document_policy.user_has_permission_for_instance(request.user, action, document):
        # Not found rather than forbidden: a document above clearance does not exist.
        raise Http404
    return document


def log_access(user, document, action, version=None):
    """A document's card, file or comparison was served to `user` (written when
    cms.confidentiality's rule says so)."""
    confidentiality.log_access(user, [document], action, version=version)


def visible_documents(user):
    return document_policy.instances_user_has_permission_for(user, "view")


def card_url(document):
    return reverse("archive_documents_detail", args=[document.pk])


def detail(request, pk):
    document = _document(request, pk)
    user = request.user
    ends = document.retention_ends()
    context = {
        "page_title": _("Archived document"),
        "page_subtitle": str(document),
        "header_icon": "doc-full",
        "document": document,
        "retention_ends": ends,
        "state": document.retention_state(),
        "rule": document.rule,
        "versions": document.versions.select_related("uploaded_by"),
        "holds": document.holds.select_related("placed_by", "lifted_by"),
        "other_codes": document.other_sdp_codes.all(),
        "origin": document.origin if document.origin and can_view(user, document.origin) else None,
        "can_change": document_policy.can_change(user, document)
        and document.status != Status.DESTROYED,
        "edit_url": reverse("wagtailsnippets_archive_archiveddocument:edit", args=[document.pk]),
        "history_url": history_url(document),
        "can_request": retrieval_policy.can_request(user) and document.status != Status.DESTROYED,
        "retrievals": document.retrievals.select_related("requester")
        if retrieval_policy.user_has_permission(user, "view")
        else None,
    }
    log_access(user, document, AccessAction.CARD)
    return render(request, "archive/documents/detail.html", context)


def _download(request, document, version):
    if not version.file:
        raise Http404  # destroyed by a disposal list: only the tombstone remains
    log_access(request.user, document, AccessAction.DOWNLOAD, version.number)
    response = file_download(version.file, version.original_name, version.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def latest_file(request, pk):
    """The document's stable URL: always its latest version."""
    document = _document(request, pk)
    version = document.latest_version()
    if version is None:
        raise Http404
    return _download(request, document, version)


def version_file(request, pk, number):
    document = _document(request, pk)
    return _download(request, document, get_object_or_404(document.versions, number=number))


def _warn_duplicates(request, document, sha256):
    for other in files.duplicates_of(sha256, exclude_document=document)[:3]:
        if can_view(request.user, other):
            messages.warning(
                request,
                format_html(
                    _("The same file is already stored with {link}."),
                    link=format_html('<a href="{}">{}</a>', card_url(other), other.title),
                ),
            )
        else:
            messages.warning(request, _("The same file is already stored with another document."))


def upload_version(request, pk):
    document = _document(request, pk, "change")
    if document.status == Status.DESTROYED:
        raise Http404
    form = VersionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid() and form.cleaned_data["checked"]:
        name, content_type, _size, sha256 = form.cleaned_data["checked"]
        uploaded = form.cleaned_data["file"]
        uploaded.seek(0)
        version = files.add_version(
            document,
            uploaded.read(),
            name=name,
            content_type=content_type,
            sha256=sha256,
            user=request.user,
            note=form.cleaned_data["note"],
        )
        _warn_duplicates(request, document, sha256)
        messages.success(request, _("Version %(number)d was stored.") % {"number": version.number})
        return redirect(card_url(document))
    return render(
        request,
        "archive/documents/form.html",
        {
            "page_title": _("Upload a new version"),
            "page_subtitle": str(document),
            "form": form,
            "document": document,
            "multipart": True,
        },
    )


@require_POST
def restore_version(request, pk, number):
    document = _document(request, pk, "change")
    old = get_object_or_404(document.versions, number=number)
    if not old.file or document.status == Status.DESTROYED:
        raise Http404
    version = files.restore(document, old, user=request.user)
    messages.success(
        request,
        _("Version %(old)d was restored as version %(new)d.")
        % {"old": old.number, "new": version.number},
    )
    return redirect(card_url(document))


def compare(request, pk, a, b):
    document = _document(request, pk)
    first = get_object_or_404(document.versions, number=a)
    second = get_object_or_404(document.versions, number=b)
    for version in (first, second):
        log_access(request.user, document, AccessAction.COMPARE, version.number)
    diff = difflib.unified_diff(
        first.text.splitlines(),
        second.text.splitlines(),
        fromfile=f"v{first.number}",
        tofile=f"v{second.number}",
        lineterm="",
    )
    return render(
        request,
        "archive/documents/compare.html",
        {
            "page_title": _("Compare versions"),
            "page_subtitle": str(document),
            "document": document,
            "first": first,
            "second": second,
            "lines": list(diff),
        },
    )


def add_hold(request, pk):
    document = _document(request, pk, "change")
    form = HoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        hold = Hold(document=document, placed_by=request.user, **form.cleaned_data)
        hold._history_user = request.user
        hold.save()
        messages.success(request, _("The hold was placed."))
        return redirect(card_url(document))
    return render(
        request,
        "archive/documents/form.html",
        {
            "page_title": _("Place a hold"),
            "page_subtitle": str(document),
            "form": form,
            "document": document,
        },
    )


def lift_hold(request, pk, hold_id):
    document = _document(request, pk, "change")
    hold = get_object_or_404(document.holds, pk=hold_id, lifted_at__isnull=True)
    form = LiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        hold.lifted_by, hold.lifted_at = request.user, timezone.now()
        hold.lift_note = form.cleaned_data["lift_note"]
        hold._history_user = request.user
        hold.save()
        messages.success(request, _("The hold was lifted."))
        return redirect(card_url(document))
    return render(
        request,
        "archive/documents/form.html",
        {
            "page_title": _("Lift the hold"),
            "page_subtitle": str(document),
            "form": form,
            "document": document,
        },
    )


def file_record(request, record_pk):
    """ "Dosyala": a register record becomes an archived document in one action (asked to
    confirm), with its subject, codes, level and date, and the latest version of each
    attachment file as the document's versions."""
    record = get_object_or_404(Correspondence, pk=record_pk)
    if not correspondence_policy.can_view_record(request.user, record):
        raise Http404
    if not document_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            "archive/documents/confirm_file_record.html",
            {
                "page_title": _("File this record"),
                "page_subtitle": str(record),
                "record": record,
                "filed": visible_documents(request.user).filter(origin=record),
            },
        )
    if record.sdp_code_id is None:
        messages.error(request, _("File plan code: the record needs one before it is filed."))
        return redirect("archive_correspondence_detail", pk=record.pk)
    with transaction.atomic():
        document = ArchivedDocument(
            title=record.subject,
            sdp_code_id=record.sdp_code_id,
            document_date=record.number_date or record.received_on or timezone.localdate(),
            origin=record,
            confidentiality=record.confidentiality,
            personal=record.personal,
            personal_to_id=record.personal_to_id,
            created_by=request.user,
        )
        document._history_user = request.user
        document.save()
        document.other_sdp_codes.set(record.other_sdp_codes.all())
        latest = {}
        for attachment in record.attachments.exclude(file="").order_by("label", "version"):
            latest[attachment.label] = attachment
        for attachment in latest.values():
            with attachment.file.open("rb") as handle:
                files.add_version(
                    document,
                    handle.read(),
                    name=attachment.original_name,
                    content_type=attachment.content_type,
                    sha256=attachment.sha256,
                    user=request.user,
                    note=f"{attachment.label} v{attachment.version}",
                )
    messages.success(request, _("The record was filed as an archived document."))
    return redirect(card_url(document))


# -- disposal and transfer lists


def _require_lists(user):
    if not list_policy.user_has_permission(user, "view"):
        raise PermissionDenied


def lists(request):
    _require_lists(request.user)
    can_propose = document_policy.can_dispose(request.user)
    context = {
        "page_title": _("Disposal and transfer"),
        "header_icon": "bin",
        "lists": DispositionList.objects.all()[:100],
        "can_propose": can_propose,
        "due_disposal": disposal.proposal().count() if can_propose else None,
        "due_transfer": disposal.transfer_proposal().count() if can_propose else None,
    }
    return render(request, "archive/documents/lists.html", context)


@require_POST
def propose(request, kind):
    if not document_policy.can_dispose(request.user):
        raise PermissionDenied
    kind = ListKind(kind) if kind in ListKind.values else None
    if kind is None:
        raise Http404
    documents = disposal.proposal() if kind == ListKind.DISPOSAL else disposal.transfer_proposal()
    try:
        listing = disposal.propose(kind, documents, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("archive_documents_lists")
    messages.success(request, _("List %(number)s was made.") % {"number": listing})
    return redirect("archive_documents_list", pk=listing.pk)


def _listing(request, pk):
    _require_lists(request.user)
    return get_object_or_404(DispositionList, pk=pk)


def listing_detail(request, pk):
    listing = _listing(request, pk)
    user = request.user
    items = [
        {
            "item": item,
            "title": item.document.title
            if can_view(user, item.document)
            else reports.safe_title(item.document),
            "visible": can_view(user, item.document),
        }
        for item in listing.items.select_related("document", "document__sdp_code", "removed_by")
    ]
    shown = [row["item"].document for row in items if row["visible"]]
    confidentiality.log_access(user, shown, AccessAction.LIST)
    context = {
        "page_title": str(listing),
        "page_subtitle": listing.get_kind_display(),
        "header_icon": "bin",
        "listing": listing,
        "items": items,
        "signatures": listing.signatures.select_related("user"),
        "needed": disposal.required_signatures(),
        "can_sign": listing.kind == ListKind.DISPOSAL
        and listing.status == ListStatus.REVIEW
        and list_policy.can_sign(user)
        and not listing.signatures.filter(user=user).exists(),
        "can_review": listing.status == ListStatus.REVIEW
        and (list_policy.can_sign(user) or document_policy.can_dispose(user)),
        "can_complete_transfer": listing.kind == ListKind.TRANSFER
        and listing.status == ListStatus.REVIEW
        and document_policy.can_dispose(user),
    }
    return render(request, "archive/documents/list_detail.html", context)


@require_POST
def sign_list(request, pk):
    listing = _listing(request, pk)
    if not list_policy.can_sign(request.user):
        raise PermissionDenied
    try:
        listing = disposal.sign(listing, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your signature was recorded."))
    return redirect("archive_documents_list", pk=listing.pk)


def take_off(request, pk, item_id):
    listing = _listing(request, pk)
    if not (list_policy.can_sign(request.user) or document_policy.can_dispose(request.user)):
        raise PermissionDenied
    item = get_object_or_404(listing.items, pk=item_id, removed_at__isnull=True)
    form = TakeOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            disposal.take_off(item, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The document was taken off the list."))
            return redirect("archive_documents_list", pk=listing.pk)
    return render(
        request,
        "archive/documents/form.html",
        {
            "page_title": _("Take off the list"),
            "page_subtitle": str(listing),
            "form": form,
            "listing": listing,
        },
    )


@require_POST
def complete_transfer(request, pk):
    listing = _listing(request, pk)
    if not document_policy.can_dispose(request.user):
        raise PermissionDenied
    try:
        disposal.complete_transfer(listing, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The documents were transferred."))
    return redirect("archive_documents_list", pk=listing.pk)


def list_pdf(request, pk):
    listing = _listing(request, pk)
    if listing.report:
        with listing.report.open("rb") as handle:
            pdf = handle.read()
    else:
        pdf = reports.list_pdf(listing)
    return pdf_response(pdf, f"{listing.pk}.pdf")


def list_xlsx(request, pk):
    listing = _listing(request, pk)
    response = HttpResponse(
        reports.list_xlsx(listing),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{listing.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# -- retrieval requests


def retrievals(request):
    """Every request for a document the user may see; originals out past their due day
    first, highlighted."""
    user = request.user
    if not retrieval_policy.user_has_permission(user, "view"):
        raise PermissionDenied
    today = timezone.localdate()
    rows = (
        retrieval_policy.instances_user_has_permission_for(user, "view")
        .select_related("document", "requester", "given_by", "received_by")
        .order_by("-requested_at", "-pk")
    )
    if request.GET.get("durum") == "acik":
        rows = rows.open()
    rows = [{"retrieval": r, "overdue": r.is_overdue(today)} for r in rows[:500]]
    rows.sort(key=lambda row: not row["overdue"])  # stable: overdue first, newest first
    confidentiality.log_access(user, [row["retrieval"].document for row in rows], AccessAction.LIST)
    return render(
        request,
        "archive/documents/retrievals.html",
        {
            "page_title": _("Retrieval requests"),
            "header_icon": "resubmit",
            "rows": rows,
            "overdue_count": sum(row["overdue"] for row in rows),
            "can_hand_out": retrieval_policy.can_hand_out(user),
            "only_open": request.GET.get("durum") == "acik",
        },
    )


def request_document(request, pk):
    """Record who asks for this document and why."""
    document = _document(request, pk)
    if not retrieval_policy.can_request(request.user):
        raise PermissionDenied
    form = RetrievalForm(
        request.POST if request.method == "POST" else None, initial={"requester": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            retrieval.request(
                document,
                requester=form.cleaned_data["requester"],
                purpose=form.cleaned_data["purpose"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request was recorded."))
            return redirect("archive_documents_retrievals")
    return render(
        request,
        "archive/documents/form.html",
        {
            "page_title": _("Request this document"),
            "page_subtitle": str(document),
            "form": form,
            "document": document,
        },
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _retrieval(request, pk):
    """A request the user may hand out; a request for a document above their clearance
    is not found."""
    found = get_object_or_404(RetrievalRequest.objects.select_related("document"), pk=pk)
    if not can_view(request.user, found.document):
        raise Http404
    if not retrieval_policy.user_has_permission_for_instance(request.user, "change", found):
        raise PermissionDenied
    return found


def give_document(request, pk):
    found = _retrieval(request, pk)
    # Not `request.POST or None`: an empty POST must still be a bound, invalid form.
    form = GiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            retrieval.give(found, given_as=form.cleaned_data["given_as"], user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The document was given."))
            return redirect("archive_documents_retrievals")
    return render(
        request,
        "archive/documents/form.html",
        {
            "page_title": _("Give the document"),
            "page_subtitle": f"{found.document} · {found.requester}",
            "form": form,
            "document": found.document,
        },
    )


@require_POST
def return_document(request, pk):
    found = _retrieval(request, pk)
    try:
        retrieval.take_back(found, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The original is back in the archive."))
    return redirect("archive_documents_retrievals")


def access_log(request):
    """Who opened which Gizli or Çok Gizli document, version and when."""
    if not access_log_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    entries = access_log_policy.instances_user_has_permission_for(request.user, "view")
    return render(
        request,
        "archive/documents/access_log.html",
        {
            "page_title": _("Document access log"),
            "header_icon": "view",
            "entries": entries.select_related("user", "document")[:500],
        },
    )
