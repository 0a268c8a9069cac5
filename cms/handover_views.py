"""Admin screens of the devir teslim (cms.handover): the list, a new handover (the
departing user's open items shown before they are moved), a handover with its
sign-offs, and its report PDF. Every view asks `handover_policy`."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import handover as service
from .models import Handover, HandoverReason, SignOffStep
from .pdf import pdf_response


def _users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class HandoverForm(forms.Form):
    from_user = forms.ModelChoiceField(
        label=gettext_lazy("Handed over by"),
        queryset=_users(),
        error_messages={"required": gettext_lazy("Handed over by: choose the user who leaves.")},
    )
    to_user = forms.ModelChoiceField(
        label=gettext_lazy("Successor"),
        queryset=_users(),
        error_messages={"required": gettext_lazy("Successor: choose who takes over.")},
    )
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=HandoverReason.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)


def handovers(request):
    rows = service.handover_policy.instances_user_has_permission_for(request.user, "view")
    if not (service.handover_policy.user_has_permission(request.user, "view") or rows.exists()):
        raise PermissionDenied
    return render(
        request,
        "cms/handovers.html",
        {
            "page_title": _("Handovers"),
            "header_icon": "resubmit",
            "rows": rows.select_related("from_user", "to_user")[:200],
            "can_add": service.handover_policy.user_has_permission(request.user, "add"),
        },
    )


def new_handover(request):
    """GET with a user: their open items; POST: move them all to the successor."""
    if not service.handover_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = HandoverForm(data)
    items = None
    if data is not None and form.is_valid():
        items = service.open_items(form.cleaned_data["from_user"])
        if request.method == "POST":
            try:
                done = service.perform(
                    form.cleaned_data["from_user"],
                    form.cleaned_data["to_user"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("%(count)d open items were handed over.") % {"count": len(done.items)},
                )
                return redirect("kalem_handover_detail", pk=done.pk)
    return render(
        request,
        "cms/handover_new.html",
        {"page_title": _("New handover"), "header_icon": "resubmit", "form": form, "items": items},
    )


def _handover(request, pk):
    found = get_object_or_404(Handover.objects.select_related("from_user", "to_user"), pk=pk)
    if not service.handover_policy.user_has_permission_for_instance(request.user, "view", found):
        raise Http404  # a handover of others is not shown to the parties of another
    return found


def handover_detail(request, pk):
    found = _handover(request, pk)
    step = service.next_step(found)
    return render(
        request,
        "cms/handover_detail.html",
        {
            "page_title": str(found),
            "header_icon": "resubmit",
            "handover": found,
            "signoffs": found.signoffs.select_related("user"),
            "next_step": step and SignOffStep(step).label,
            "can_sign": step is not None and service.may_sign(found, request.user, step),
        },
    )


@require_POST
def sign_handover(request, pk):
    found = _handover(request, pk)
    try:
        service.sign(found, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your sign-off was recorded."))
    return redirect("kalem_handover_detail", pk=found.pk)


def handover_pdf(request, pk):
    found = _handover(request, pk)
    if found.report:
        with found.report.open("rb") as handle:
            pdf = handle.read()
    else:
        pdf = service.report_pdf(found)
    return pdf_response(pdf, f"devir-teslim-{found.pk}.pdf")
