"""Admin screens of a denial notice that a snippet viewset has no equivalent for: its
deadlines and process, the status actions (send, published, court…), and its letters."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.dates import DateField
from cms.history import history_url
from cms.permissions import VIEW, require, user_may
from cms.text import format_date
from cms.views import file_download

from .letters import generate_letter
from .models import DeliveryMethod, DenialNotice
from .rules import Status


def _notice(request, pk, action=VIEW):
    """The notice, if its policy lets the user do `action` with it."""
    require(request.user, action, DenialNotice)
    notice = get_object_or_404(DenialNotice.objects.select_related("outlet", "clipping"), pk=pk)
    require(request.user, action, DenialNotice, notice)
    return notice


def _not_after_today(value, label):
    if value and value > timezone.localdate():
        raise ValidationError(_("%(field)s: the date cannot be in the future.") % {"field": label})


class ActionForm(forms.Form):
    """Base of the status actions: what they set on the notice, validated against it."""

    target = None
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, notice, **kwargs):
        self.notice = notice
        super().__init__(*args, **kwargs)

    def changes(self):
        return {}


class SendForm(ActionForm):
    target = Status.SENT
    title = gettext_lazy("Record sending")
    delivery_method = forms.ChoiceField(
        label=gettext_lazy("Sent by"), choices=DeliveryMethod.choices
    )
    delivered_on = DateField(
        label=gettext_lazy("Delivered on"),
        help_text=gettext_lazy("The day the responsible manager received it."),
    )
    delivery_proof = forms.FileField(label=gettext_lazy("Proof of delivery"), required=False)

    def clean_delivered_on(self):
        value = self.cleaned_data["delivered_on"]
        label = _("Delivered on")
        _not_after_today(value, label)
        published = timezone.localdate(self.notice.published_at)
        if value < published:
            raise ValidationError(
                _(
                    "%(field)s: the reply cannot be delivered before the item was published "
                    "(%(date)s)."
                )
                % {"field": label, "date": format_date(published)}
            )
        return value

    def changes(self):
        data = self.cleaned_data
        result = {"delivery_method": data["delivery_method"], "delivered_on": data["delivered_on"]}
        if data.get("delivery_proof"):
            result["delivery_proof"] = data["delivery_proof"]
        return result


class PublishedForm(ActionForm):
    target = Status.PUBLISHED
    title = gettext_lazy("Record publication of the reply")
    reply_published_on = DateField(label=gettext_lazy("Reply published on"))
    published_improperly = forms.BooleanField(
        label=gettext_lazy("Published against the rules (changed, shortened, hidden)"),
        required=False,
    )

    def clean_reply_published_on(self):
        value = self.cleaned_data["reply_published_on"]
        label = _("Reply published on")
        _not_after_today(value, label)
        if self.notice.delivered_on and value < self.notice.delivered_on:
            raise ValidationError(
                _("%(field)s: the reply cannot be published before it was delivered.")
                % {"field": label}
            )
        return value

    def changes(self):
        return {
            "reply_published_on": self.cleaned_data["reply_published_on"],
            "published_improperly": self.cleaned_data["published_improperly"],
        }


class NotPublishedForm(ActionForm):
    target = Status.NOT_PUBLISHED
    title = gettext_lazy("Record that the reply was not published")


class CourtForm(ActionForm):
    target = Status.COURT
    title = gettext_lazy("Record the application to the judge")
    applied_to_judge_on = DateField(label=gettext_lazy("Applied to the judge on"))

    def clean_applied_to_judge_on(self):
        value = self.cleaned_data["applied_to_judge_on"]
        label = _("Applied to the judge on")
        _not_after_today(value, label)
        if self.notice.delivered_on and value < self.notice.delivered_on:
            raise ValidationError(
                _("%(field)s: the application cannot be before the reply was delivered.")
                % {"field": label}
            )
        return value

    def changes(self):
        return {"applied_to_judge_on": self.cleaned_data["applied_to_judge_on"]}


class ConcludeForm(ActionForm):
    target = Status.CONCLUDED
    title = gettext_lazy("Record the court's decision")
    court_result = forms.CharField(label=gettext_lazy("Court decision"), widget=forms.Textarea)

    def changes(self):
        return {"court_result": self.cleaned_data["court_result"]}


class WithdrawForm(ActionForm):
    target = Status.WITHDRAWN
    title = gettext_lazy("Withdraw the notice")
    withdrawal_reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawal"), widget=forms.Textarea
    )

    def changes(self):
        return {"withdrawal_reason": self.cleaned_data["withdrawal_reason"]}


# action slug -> (form, what the notice's policy must allow: withdrawing is the Müdür's)
ACTIONS = {
    "gonder": (SendForm, "change"),
    "yayimlandi": (PublishedForm, "change"),
    "yayimlanmadi": (NotPublishedForm, "change"),
    "mahkeme": (CourtForm, "change"),
    "sonuc": (ConcludeForm, "change"),
    "geri-cek": (WithdrawForm, "publish"),
}


def available_actions(notice, user):
    """(slug, title) of the actions the user may take on the notice now."""
    allowed = notice.allowed_transitions()
    return [
        (slug, form.title)
        for slug, (form, permission) in ACTIONS.items()
        if form.target in allowed and user_may(user, permission, DenialNotice, notice)
    ]


def detail(request, pk):
    """The notice's deadlines with days left, its process so far, its letters and actions."""
    notice = _notice(request, pk)
    context = {
        "page_title": _("Denial notice"),
        "page_subtitle": notice.title,
        "header_icon": "warning",
        "notice": notice,
        "deadlines": notice.deadline_rows(),
        "next_deadline": notice.next_deadline(),
        "transitions": notice.transitions.select_related("user"),
        "letters": notice.letters.select_related("created_by"),
        "actions": available_actions(notice, request.user),
        "can_change": user_may(request.user, "change", DenialNotice, notice),
        "edit_url": reverse("wagtailsnippets_press_denialnotice:edit", args=[notice.pk]),
        "history_url": history_url(notice),
    }
    return render(request, "press/tekzip/detail.html", context)


def action(request, pk, slug):
    if slug not in ACTIONS:
        raise Http404
    form_class, permission = ACTIONS[slug]
    notice = _notice(request, pk, permission)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, notice=notice)
    else:
        form = form_class(notice=notice)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                notice.transition(
                    form.target,
                    user=request.user,
                    note=form.cleaned_data.get("note", ""),
                    **form.changes(),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The notice is now “%(status)s”.")
                % {"status": notice.get_current_status_display()},
            )
            return redirect("press_tekzip_detail", pk=notice.pk)
    elif form.target not in notice.allowed_transitions():
        refusal = _("A notice that is “%(current)s” cannot become “%(target)s”.") % {
            "current": notice.get_current_status_display(),
            "target": dict(DenialNotice._meta.get_field("status").flatchoices)[form.target],
        }
        if not form.is_bound:
            # Opened from an old link: there is no form to show, only the reason.
            messages.error(request, refusal)
            return redirect("press_tekzip_detail", pk=notice.pk)
        form.add_error(None, refusal)
    context = {
        "page_title": form.title,
        "page_subtitle": notice.title,
        "header_icon": "warning",
        "notice": notice,
        "form": form,
    }
    return render(request, "press/tekzip/action.html", context, status=200)


@require_POST
def letter_create(request, pk):
    notice = _notice(request, pk, "change")
    if notice.current_status in (Status.DRAFT, Status.PENDING):
        messages.error(request, _("A letter can be generated only after the Müdür's approval."))
        return redirect("press_tekzip_detail", pk=notice.pk)
    try:
        letter = generate_letter(notice, request.user)
    except ValidationError as error:
        # The register refuses to number the letter (no DETSİS number set): nothing kept.
        messages.error(request, " ".join(error.messages))
        return redirect("press_tekzip_detail", pk=notice.pk)
    messages.success(
        request,
        _("Letter %(number)s, version %(version)d, generated.")
        % {"number": letter.number, "version": letter.version},
    )
    return redirect("press_tekzip_detail", pk=notice.pk)


def letter_download(request, pk, version):
    notice = _notice(request, pk)
    letter = get_object_or_404(notice.letters, version=version)
    return file_download(
        letter.file,
        filename=f"tekzip-{notice.pk}-v{letter.version}.pdf",
        content_type="application/pdf",
    )


def proof_download(request, pk):
    return file_download(_notice(request, pk).delivery_proof)


def scan_download(request, pk):
    return file_download(_notice(request, pk).scan)
