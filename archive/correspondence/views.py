"""Admin screens of the register beyond the snippet viewset: the record card (thread,
routings, attachments, actions), routing, status and cancelling, attachments, the stamp
and letter PDFs, "Bana havale edilenler", "Evrak takip" and the access log.

Every view finds its record through `_record()`, which asks the permission policy (and
so the user's clearance) and writes the access log for Gizli and Çok Gizli records."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.confidentiality import visible_to
from cms.history import history_url
from cms.views import file_download

from . import files, letters, routing
from .models import (
    AccessLog,
    Attachment,
    AttachmentKind,
    Correspondence,
    Direction,
    Purpose,
    Routing,
    Status,
)
from .permissions import access_log_policy, correspondence_policy


def log_access(user, record, what):
    if record.is_logged_level:
        AccessLog.objects.create(correspondence=record, user=user, what=what)


def _record(request, pk, action="view"):
    record = get_object_or_404(
        Correspondence.objects.select_related("sdp_code", "answer_to"), pk=pk
    )
    allowed = (
        correspondence_policy.can_view_record(request.user, record)
        if action == "view"
        else correspondence_policy.user_has_permission_for_instance(request.user, action, record)
    )
    if not allowed:
        # Not found rather than forbidden: a record above clearance does not exist for them.
        raise Http404
    return record


def edit_url(record):
    return reverse("wagtailsnippets_archive_correspondence:edit", args=[record.pk])


def detail(request, pk):
    record = _record(request, pk)
    log_access(request.user, record, "card")
    routing.mark_read(record, request.user)
    user = request.user
    context = {
        "page_title": _("Correspondence"),
        "page_subtitle": str(record),
        "header_icon": "mail",
        "record": record,
        "deadline": record.deadline_row(),
        "references": visible_to(record.references.all(), user),
        "referenced_by": visible_to(record.referenced_by.all(), user),
        "answers": visible_to(record.answers.all(), user),
        "recipients": record.recipients.all(),
        "routings": record.routings.select_related("routed_by", "to_user", "on_behalf_of"),
        "attachments": record.attachments.select_related("uploaded_by"),
        "can_change": correspondence_policy.can_route(user, record),
        "can_answer": record.direction == Direction.INCOMING
        and correspondence_policy.user_has_permission(user, "add"),
        "edit_url": edit_url(record),
        "history_url": history_url(record),
        "moves": [status for status in record.allowed_moves() if status != Status.CANCELLED],
    }
    return render(request, "archive/correspondence/detail.html", context)


class RouteForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=gettext_lazy("People"), queryset=get_user_model().objects.none(), required=False
    )
    role = forms.ModelChoiceField(
        label=gettext_lazy("Or everyone in a role"), queryset=Group.objects.all(), required=False
    )
    purpose = forms.ChoiceField(label=gettext_lazy("For"), choices=Purpose.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea)
    due_on = forms.DateField(label=gettext_lazy("Due date"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Inactive users are listed too, so choosing one gets a clear error, not a silent drop.
        self.fields["users"].queryset = (
            get_user_model()
            .objects.filter(Q(is_staff=True) | Q(groups__isnull=False))
            .distinct()
            .order_by("username")
        )

    def recipients(self):
        people = list(self.cleaned_data.get("users") or [])
        if self.cleaned_data.get("role"):
            people += routing.role_members(self.cleaned_data["role"])
        unique = {user.pk: user for user in people}
        return list(unique.values())


def _apply_errors(form, error):
    for field, messages_ in error.message_dict.items():
        target = {"to_users": "users"}.get(field, field)
        form.add_error(target if target in form.fields else None, messages_)


def route_view(request, pk):
    record = _record(request, pk, "change")
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            routing.route(
                record,
                by=request.user,
                to_users=form.recipients(),
                purpose=form.cleaned_data["purpose"],
                note=form.cleaned_data["note"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The record was routed."))
            return redirect("archive_correspondence_detail", pk=record.pk)
    return render(
        request,
        "archive/correspondence/form.html",
        {"page_title": _("Route"), "page_subtitle": str(record), "form": form, "record": record},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=())
    cancel_reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status.value, status.label) for status in sorted(record.allowed_moves())
        ]


def status_view(request, pk):
    record = _record(request, pk, "change")
    form = StatusForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record.move_to(
                    form.cleaned_data["status"],
                    user=request.user,
                    reason=form.cleaned_data["cancel_reason"],
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Status: %(status)s.") % {"status": record.get_status_display()}
            )
            return redirect("archive_correspondence_detail", pk=record.pk)
    return render(
        request,
        "archive/correspondence/form.html",
        {"page_title": _("Status"), "page_subtitle": str(record), "form": form, "record": record},
    )


class AttachmentForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), initial="EK-1", max_length=40)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AttachmentKind.choices)
    description = forms.CharField(label=gettext_lazy("Description"), required=False)
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    url = forms.URLField(label=gettext_lazy("Web address"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == AttachmentKind.FILE:
            if not data.get("file"):
                self.add_error("file", _("File: choose the file to attach."))
            else:
                try:
                    data["checked"] = files.check_upload(data["file"])
                except ValidationError as error:
                    self.add_error("file", error.message_dict["file"])
        elif kind == AttachmentKind.LINK and not data.get("url"):
            self.add_error("url", _("Web address: enter the link."))
        elif kind == AttachmentKind.PHYSICAL and not data.get("description"):
            self.add_error("description", _("Description: describe the physical item."))
        return data


@transaction.atomic
def add_attachment(record, form, user):
    """A new version under the label (version 1 for a new label); never overwrites."""
    data = form.cleaned_data
    # Lock the record: two uploads under one label at once must not get the same version.
    Correspondence.objects.select_for_update().get(pk=record.pk)
    last = record.attachments.filter(label=data["label"]).aggregate(v=Max("version"))["v"]
    attachment = Attachment(
        correspondence=record,
        label=data["label"],
        kind=data["kind"],
        description=data["description"],
        version=(last or 0) + 1,
        url=data.get("url") or "",
        uploaded_by=user,
    )
    if data["kind"] == AttachmentKind.FILE:
        name, content_type, size, sha256 = data["checked"]
        attachment.original_name = name
        attachment.content_type = content_type
        attachment.size = size
        attachment.sha256 = sha256
        data["file"].seek(0)
        attachment.file.save(name, ContentFile(data["file"].read()), save=False)
    attachment.save()
    return attachment


def attachment_view(request, pk):
    record = _record(request, pk, "change")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = add_attachment(record, form, request.user)
        messages.success(request, _("Attachment %(name)s was added.") % {"name": attachment})
        return redirect("archive_correspondence_detail", pk=record.pk)
    return render(
        request,
        "archive/correspondence/form.html",
        {
            "page_title": _("Add an attachment"),
            "page_subtitle": str(record),
            "form": form,
            "record": record,
            "multipart": True,
        },
    )


def attachment_download(request, pk, attachment_id):
    record = _record(request, pk)
    attachment = get_object_or_404(record.attachments, pk=attachment_id, kind=AttachmentKind.FILE)
    log_access(request.user, record, f"file {attachment}")
    response = file_download(
        attachment.file, attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def stamp_pdf(request, pk):
    record = _record(request, pk)
    log_access(request.user, record, "stamp")
    return _pdf_response(letters.stamp_pdf(record, request), f"kayit-{record.pk}.pdf")


def letter_pdf(request, pk):
    record = _record(request, pk)
    if not record.is_outgoing:
        raise Http404
    log_access(request.user, record, "letter")
    return _pdf_response(letters.letter_pdf(record), f"yazi-{record.pk}.pdf")


def letter_text(request, pk):
    record = _record(request, pk)
    if not record.is_outgoing:
        raise Http404
    log_access(request.user, record, "letter text")
    return HttpResponse(letters.letter_text(record), content_type="text/plain; charset=utf-8")


def my_routings(request):
    """Bana havale edilenler: what the user holds, with the days left."""
    if not correspondence_policy.user_has_any_permission(request.user, ["view", "change"]):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [
        {"routing": r, "record": r.correspondence, "deadline": r.correspondence.deadline_row(today)}
        for r in routing.held_by(request.user)
        if correspondence_policy.can_view_record(request.user, r.correspondence)
    ]
    return render(
        request,
        "archive/correspondence/my_routings.html",
        {"page_title": _("Routed to me"), "header_icon": "mail", "rows": rows},
    )


def tracking(request):
    """Evrak takip: for each person, how many open records they hold and the nearest due
    date, then the records themselves (as far as the viewer's clearance goes)."""
    if not correspondence_policy.user_has_any_permission(request.user, ["view", "change"]):
        raise PermissionDenied
    visible = visible_to(Correspondence.objects.open(), request.user)
    routings = Routing.objects.filter(done_at__isnull=True, correspondence__in=visible)
    people = (
        routings.values(
            "to_user__pk", "to_user__username", "to_user__first_name", "to_user__last_name"
        )
        .annotate(
            held=Count("correspondence", distinct=True),
            unread=Count("pk", filter=Q(read_at__isnull=True)),
            nearest=Min("correspondence__answer_due"),
        )
        .order_by("nearest", "to_user__username")
    )
    selected = request.GET.get("kisi")
    rows = []
    if selected:
        today = timezone.localdate()
        rows = [
            {
                "routing": r,
                "record": r.correspondence,
                "deadline": r.correspondence.deadline_row(today),
            }
            for r in routings.filter(to_user__pk=selected)
            .select_related("correspondence", "routed_by")
            .order_by("correspondence__answer_due")
        ]
    return render(
        request,
        "archive/correspondence/tracking.html",
        {
            "page_title": _("Document tracking"),
            "header_icon": "list-ul",
            "people": people,
            "rows": rows,
        },
    )


def access_log(request):
    if not access_log_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    entries = AccessLog.objects.select_related("user", "correspondence")[:500]
    return render(
        request,
        "archive/correspondence/access_log.html",
        {"page_title": _("Access log"), "header_icon": "view", "entries": entries},
    )
