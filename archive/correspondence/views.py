"""Admin screens of the register beyond the snippet viewset: the record card (thread,
routings, attachments, actions), routing, status and cancelling, attachments, the stamp
and letter PDFs, "Bana havale edilenler", "Evrak takip" and the access log.

Every view finds its record through `_record()`, which asks the permission policy (and
so the user's clearance) and writes the access log for Gizli and Çok Gizli records."""

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import confidentiality
from cms.confidentiality import Access, Level, clearance_of, must_log, visible_to
from cms.history import history_url
from cms.pdf import pdf_response
from cms.views import file_download

from ..eyazisma import UNSIGNED_NOTICE, EyazismaError, configured_signer
from . import bulk, files, incoming, letters, packages, routing, tekit
from .models import (
    OPEN_STATUSES,
    PACKAGE_LABEL,
    AccessLog,
    Attachment,
    AttachmentKind,
    Correspondence,
    Direction,
    DistributionGroup,
    DistributionGroupMember,
    Purpose,
    Routing,
    SdpCode,
    Status,
)
from .permissions import access_log_policy, correspondence_policy

# The MIME type the e-Yazışma rehber gives a package (also in its core properties).
PACKAGE_CONTENT_TYPE = "application/eyazisma"


def log_access(user, record, what):
    """A screen or file of the register's own (free text `what`: "stamp", "file …").
    What is logged is cms.confidentiality's one rule (`must_log`)."""
    if must_log(record):
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


def _received_package_notice(record):
    """ "İmza doğrulanmadı" for a record read from a package whose signature was not
    verified (the latest version of its "EYP" file)."""
    if record.is_outgoing:
        return ""
    package = (
        record.attachments.filter(label=PACKAGE_LABEL)
        .order_by("-version")
        .values_list("package_signature", flat=True)
        .first()
    )
    return incoming.unverified_notice(package) if package is not None else ""


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
        "fee": record.fee_row(),
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
        "can_package": packages.can_package(record),
        "unsigned_notice": UNSIGNED_NOTICE if configured_signer() is None else "",
        "unverified_notice": _received_package_notice(record),
        "can_remind": tekit.can_remind(record)
        and correspondence_policy.user_has_permission(user, "add"),
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
    form = RouteForm(request.POST if request.method == "POST" else None)
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
        moves = set(record.allowed_moves())
        if record.fee_payment_due() is not None and record.status in OPEN_STATUSES:
            # Offered while the fee is unpaid; before its pay-by date the model says why not.
            moves.add(Status.FEE_UNPAID)
        self.fields["status"].choices = [(status.value, status.label) for status in sorted(moves)]


def status_view(request, pk):
    record = _record(request, pk, "change")
    form = StatusForm(request.POST if request.method == "POST" else None, record=record)
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
    form = AttachmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
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


def stamp_pdf(request, pk):
    record = _record(request, pk)
    log_access(request.user, record, "stamp")
    return pdf_response(letters.stamp_pdf(record, request), f"kayit-{record.pk}.pdf")


def letter_pdf(request, pk):
    record = _record(request, pk)
    if not record.is_outgoing:
        raise Http404
    log_access(request.user, record, "letter")
    if not record.number:  # a draft: rendered as it stands, "Sayı onayda verilir"
        return pdf_response(letters.letter_pdf(record), f"yazi-{record.pk}.pdf")
    # Approved: the letter as issued, the same bytes every time (and in the package).
    issued = letters.issued_letter(record, request.user)
    with issued.file.open("rb") as handle:
        return pdf_response(handle.read(), f"yazi-{record.pk}.pdf")


def package_download(request, pk):
    """The approved outgoing letter as an e-Yazışma package, [BelgeId].eyp."""
    record = _record(request, pk)
    if not packages.can_package(record):
        raise Http404
    log_access(request.user, record, "e-Yazışma package")
    out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (closed by the response)
    try:
        written = packages.write_record_package(record, out, user=request.user)
    except (EyazismaError, ValidationError) as error:
        out.close()
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return redirect("archive_correspondence_detail", pk=record.pk)
    out.seek(0)
    response = FileResponse(
        out, as_attachment=True, filename=written.filename, content_type=PACKAGE_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
    confidentiality.log_access(request.user, [row["record"] for row in rows], Access.LIST)
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
        confidentiality.log_access(request.user, [row["record"] for row in rows], Access.LIST)
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


# e-Yazışma paketi yükle -------------------------------------------------------------------


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label=gettext_lazy("e-Yazışma package (.eyp)"),
        error_messages={"required": gettext_lazy("e-Yazışma package: choose the .eyp file.")},
    )


class IncomingPackageForm(forms.ModelForm):
    """The record read from a package, for the clerk to check and confirm."""

    token = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Correspondence
        fields = [
            "kind",
            "subject",
            "party_kind",
            "party_name",
            "party_detsis",
            "party_kep",
            "party_email",
            "sender_number",
            "sender_date",
            "received_on",
            "sdp_code",
            "other_sdp_codes",
            "confidentiality",
            "urgency",
            "urgency_date",
            "due_on",
            "references",
        ]
        widgets = {
            "sender_date": forms.DateInput(attrs={"type": "date"}),
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "urgency_date": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.direction = Direction.INCOMING
        self.fields["references"].queryset = visible_to(Correspondence.objects.all(), user)
        # The clerk may keep or lower what the package says, never go above their clearance.
        clearance = clearance_of(user) or Level.UNCLASSIFIED
        self.fields["confidentiality"].choices = [
            (value, label) for value, label in Level.choices if value <= clearance
        ]


def _may_register(user):
    return correspondence_policy.user_has_permission(user, "add")


def package_upload(request):
    """Step 1: upload and read the package; step 2 (same view, with the token): confirm."""
    if not _may_register(request.user):
        raise PermissionDenied
    upload = PackageUploadForm()
    confirm = None
    read = {}
    if request.method == "POST" and "token" in request.POST:
        confirm = IncomingPackageForm(request.POST, user=request.user)
        if confirm.is_valid():
            record = confirm.save(commit=False)
            confirm.save_m2m()  # parental relations: kept on the instance until it is saved
            try:
                record = incoming.register(confirm.cleaned_data["token"], record, request.user)
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
                return redirect("archive_correspondence_eyp_upload")
            messages.success(
                request,
                _("The e-Yazışma package was registered as %(number)s.")
                % {"number": record.register_number},
            )
            return redirect("archive_correspondence_detail", pk=record.pk)
    elif request.method == "POST":
        upload = PackageUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                token, read = incoming.stage(upload.cleaned_data["package"], request.user)
            except ValidationError as error:
                upload.add_error("package", error.message_dict["package"])
            else:
                fields = {k: v for k, v in read.items() if k in IncomingPackageForm.Meta.fields}
                confirm = IncomingPackageForm(initial={**fields, "token": token}, user=request.user)
    return render(
        request,
        "archive/correspondence/eyp_upload.html",
        {
            "page_title": _("Upload an e-Yazışma package"),
            "header_icon": "upload",
            "upload": upload,
            "confirm": confirm,
            "read": read,
        },
    )


# -- tekit (reminder) letters


class TekitForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Text of the letter"), widget=forms.Textarea(attrs={"rows": 8})
    )


def tekit_view(request, pk):
    """Draft a reminder (tekit) of an outgoing request whose answer date passed."""
    record = _record(request, pk)
    if not correspondence_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    if not tekit.can_remind(record):
        messages.error(
            request,
            _(
                "A reminder (tekit) can be drafted only for an approved outgoing letter "
                "whose due date has passed without an answer."
            ),
        )
        return redirect("archive_correspondence_detail", pk=record.pk)
    subject, body = tekit.tekit_text(record)
    form = TekitForm(request.POST if request.method == "POST" else None, initial={"body": body})
    if request.method == "POST" and form.is_valid():
        draft = tekit.draft_tekit(record, user=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("The reminder (tekit) was drafted; it awaits approval."))
        return redirect(edit_url(draft))
    return render(
        request,
        "archive/correspondence/form.html",
        {
            "page_title": _("Reminder (tekit) letter"),
            "page_subtitle": subject,
            "form": form,
            "record": record,
        },
    )


# -- letters from a template, and the progress of a batch

PLACEHOLDER_LABELS = {
    "bayram": gettext_lazy("Bayram or national day"),
    "gorev": gettext_lazy("New post"),
    "merhum": gettext_lazy("The deceased"),
    "konu": gettext_lazy("Thanks for"),
    "tarih": gettext_lazy("Date"),
    "saat": gettext_lazy("Time"),
    "yer": gettext_lazy("Place"),
    "etkinlik": gettext_lazy("Event"),
}
# Filled from each addressee, not typed in.
ADDRESSEE_PLACEHOLDERS = {"ad", "unvan"}


class LetterFromTemplateForm(forms.Form):
    group = forms.ModelChoiceField(
        label=gettext_lazy("Distribution group"),
        queryset=DistributionGroup.objects.all(),
        required=False,
        help_text=gettext_lazy("One letter to each member; or fill in one addressee below."),
    )
    name = forms.CharField(label=gettext_lazy("Addressee's name"), max_length=150, required=False)
    title = forms.CharField(label=gettext_lazy("Addressee's title"), max_length=150, required=False)
    kep = forms.EmailField(label=gettext_lazy("KEP address"), required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    address = forms.CharField(
        label=gettext_lazy("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sdp_code = forms.ModelChoiceField(
        label=gettext_lazy("File plan code"), queryset=SdpCode.objects.filter(active=True)
    )
    signatory_name = forms.CharField(
        label=gettext_lazy("Signatory"), max_length=150, required=False
    )
    signatory_title = forms.CharField(
        label=gettext_lazy("Signatory's title"), max_length=150, required=False
    )

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.placeholders = [
            name
            for name in dict.fromkeys(template.placeholders)
            if name not in ADDRESSEE_PLACEHOLDERS
        ]
        for name in self.placeholders:
            self.fields[f"value_{name}"] = forms.CharField(
                label=PLACEHOLDER_LABELS.get(name, name), max_length=200
            )
        self.order_fields([f"value_{name}" for name in self.placeholders])

    def clean(self):
        data = super().clean()
        group = data.get("group")
        if group is not None and not group.members.exists():
            self.add_error("group", _("Distribution group: the group has no members."))
        if group is None and not (data.get("name") or "").strip():
            self.add_error(
                "name", _("Addressee's name: choose a distribution group or enter a name.")
            )
        return data

    def values(self):
        return {name: self.cleaned_data[f"value_{name}"] for name in self.placeholders}

    def addressees(self):
        group = self.cleaned_data.get("group")
        if group is not None:
            return list(group.members.all())
        data = self.cleaned_data
        return [
            DistributionGroupMember(
                name=data["name"].strip(),
                title=data["title"].strip(),
                kep=data["kep"],
                email=data["email"],
                address=data["address"],
            )
        ]


def letter_from_template(request):
    """Choose a template, the addressee(s) and the values; preview; create the drafts."""
    if not correspondence_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    template = letters.TEMPLATES_BY_SLUG.get(request.GET.get("sablon", ""))
    context = {
        "page_title": _("Letter from a template"),
        "header_icon": "mail",
        "templates": letters.TEMPLATES,
        "template": template,
    }
    if template is None:
        return render(request, "archive/correspondence/letter_template.html", context)
    form = LetterFromTemplateForm(
        request.POST if request.method == "POST" else None, template=template
    )
    if request.method == "POST" and form.is_valid():
        addressees = form.addressees()
        if "preview" in request.POST:
            first = addressees[0]
            subject, body = template.fill({**form.values(), "ad": first.name, "unvan": first.title})
            context["preview"] = {"subject": subject, "paragraphs": letters.paragraphs(body)}
            context["preview_count"] = len(addressees)
        else:
            batch, records = bulk.create_letters(
                template,
                addressees,
                form.values(),
                sdp_code=form.cleaned_data["sdp_code"],
                user=request.user,
                signatory_name=form.cleaned_data["signatory_name"],
                signatory_title=form.cleaned_data["signatory_title"],
            )
            messages.success(
                request,
                _("%(count)d draft letters were created; they await approval.")
                % {"count": len(records)},
            )
            if len(records) == 1:
                return redirect(edit_url(records[0]))
            return redirect("archive_correspondence_batch", batch=batch)
    context["form"] = form
    context["page_subtitle"] = template.label
    return render(request, "archive/correspondence/letter_template.html", context)


def _batch(request, batch):
    """The batch's records the user may see; not found when they may see none."""
    if not correspondence_policy.user_has_any_permission(request.user, ["view", "change"]):
        raise PermissionDenied
    records = visible_to(bulk.batch_records(batch), request.user)
    if not records.exists():
        raise Http404
    return records


def batch_view(request, batch):
    """Progress of a batch: how many letters were numbered and built, which failed, why."""
    records = _batch(request, batch)
    rows = list(bulk.with_letter_state(records).prefetch_related("letter_failures").order_by("pk"))
    state = bulk.progress(records)
    unnumbered = state["numbered"] < state["total"]
    context = {
        "page_title": _("Letters of a batch"),
        "header_icon": "mail",
        "batch": batch,
        "rows": rows,
        "progress": state,
        "can_approve": unnumbered and correspondence_policy.can_approve(request.user),
        # Reload while PDFs are still being built.
        "building": not unnumbered and state["built"] + state["failed"] < state["total"],
    }
    return render(request, "archive/correspondence/batch.html", context)


def batch_approve(request, batch):
    """The Müdür approves the whole batch: every letter gets its number, or none does."""
    records = _batch(request, batch)
    if not correspondence_policy.can_approve(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("archive_correspondence_batch", batch=batch)
    if records.count() != bulk.batch_records(batch).count():
        # Approving letters the Müdür cannot see is not approving them.
        raise PermissionDenied
    try:
        count = bulk.approve_batch(batch, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d letters were approved.") % {"count": count})
    return redirect("archive_correspondence_batch", batch=batch)


def batch_retry(request, batch):
    """Build again the PDFs that failed."""
    records = _batch(request, batch)
    if not correspondence_policy.user_has_any_permission(request.user, ["change"]):
        raise PermissionDenied
    if request.method == "POST":
        failed = (
            bulk.with_letter_state(records)
            .filter(built=False, letter_failures__isnull=False)
            .exclude(number="")
            .distinct()
        )
        ids = list(failed.values_list("pk", flat=True))
        transaction.on_commit(lambda: [bulk.build_letter.enqueue(pk) for pk in ids])
    return redirect("archive_correspondence_batch", batch=batch)
