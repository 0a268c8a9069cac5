"""The public form (answering) and the admin's screens of answers (results with charts,
the list and its exports, deleting); every admin screen asks the submission policy."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.forms import views as wagtail_forms

from cms.dates import DateField
from cms.exports import SafeExportMixin, plain_value
from cms.permissions import VIEW, require
from cms.ratelimit import within_rate_limit

from .models import FormPage, FormPageSubmission
from .permissions import may_read_personal_data
from .results import build_results
from .rules import FormState
from .submissions import record_submission

RATE_LIMIT_WINDOW = 60 * 60
ADDRESS_WINDOW = 24 * 60 * 60
ANSWERED_SALT = "kalem.form-answered"
ANSWERED_MAX_AGE = 5 * 365 * 24 * 60 * 60


def answered_cookie(page):
    return f"kalem_form_{page.pk}"


def has_answered(request, page):
    """The browser carries this form's signed "answered" mark (a forged or foreign one is
    ignored)."""
    value = request.get_signed_cookie(answered_cookie(page), default=None, salt=ANSWERED_SALT)
    return value == str(page.pk)


def serve_form(page, request, preview=False):
    context = page.get_context(request)
    status = 200
    form = None
    state = FormState.OPEN if preview else page.state()
    posted = request.method == "POST" and not preview
    if state != FormState.OPEN:
        # Closed (or not yet open): a message, no form; an answer sent anyway is refused.
        context["form_state"] = state
        status = 403 if posted else 200
    elif page.one_answer_per_person and not preview and has_answered(request, page):
        context["already_answered"] = True
        status = 403 if posted else 200
    elif posted:
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if not within_rate_limit(
            request, f"form:{page.pk}", settings.KALEM_FORM_SUBMISSIONS_PER_HOUR, RATE_LIMIT_WINDOW
        ):
            context["limited"] = True
            status = 429
        elif form.spam:
            # A bot filled the hidden field: it is thanked and nothing is kept.
            return _no_store(page.render_landing_page(request))
        elif form.is_valid():
            if page.one_answer_per_person and not within_rate_limit(
                request,
                f"form-once:{page.pk}",
                settings.KALEM_FORM_ANSWERS_PER_ADDRESS_PER_DAY,
                ADDRESS_WINDOW,
            ):
                context["address_limited"] = True
                status = 429
            else:
                submission = record_submission(page, form)
                response = page.render_landing_page(request, submission)
                if page.one_answer_per_person:
                    response.set_signed_cookie(
                        answered_cookie(page),
                        str(page.pk),
                        salt=ANSWERED_SALT,
                        max_age=ANSWERED_MAX_AGE,
                        httponly=True,
                        samesite="Lax",
                        secure=request.is_secure(),
                    )
                return _no_store(response)
    elif state == FormState.OPEN:
        form = page.get_form(page=page, user=request.user)
    context["form"] = form
    template = page.get_template(request)
    return _no_store(TemplateResponse(request, template, context, status=status))


def _no_store(response):
    # A CSRF token, and answers on the thank-you page: never kept by a cache.
    response["Cache-Control"] = "no-store"
    return response


# -- the admin


class PeriodForm(forms.Form):
    start = DateField(label=gettext_lazy("From"), required=False)
    end = DateField(label=gettext_lazy("To"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("To: must not be before the start date."))
        return data


def results(request, page_id):
    """Counts and a chart per question, for a chosen period."""
    require(request.user, VIEW, FormPageSubmission)
    page = get_object_or_404(FormPage, pk=page_id)
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    query = {}
    if start:
        query["date_after"] = start.isoformat()
    if end:
        query["date_before"] = end.isoformat()
    list_url = reverse("wagtailforms:list_submissions", args=[page.pk])
    return TemplateResponse(
        request,
        "cms/forms_builder/results.html",
        {
            # The screen's header names the form (it showed none: only the questions
            # said which form's answers these were).
            "page_title": _("Results"),
            "page_subtitle": page.title,
            "header_title": f"{_('Results')}: {page.title}",
            "header_icon": "form",
            "page": page,
            "period": period,
            "results": build_results(page, start, end),
            "list_url": list_url + ("?" + urlencode(query) if query else ""),
            "export_xlsx": list_url + "?" + urlencode({**query, "export": "xlsx"}),
            "export_csv": list_url + "?" + urlencode({**query, "export": "csv"}),
            "may_read_personal": may_read_personal_data(request.user),
        },
    )


class SubmissionsListView(SafeExportMixin, wagtail_forms.SubmissionsListView):
    """Wagtail's list of answers and its CSV/XLSX exports: the personal columns only for
    those who may read them, and no cell a spreadsheet would run as a formula."""

    results_template_name = "cms/forms_builder/list_submissions.html"

    def dispatch(self, request, *args, **kwargs):
        require(request.user, VIEW, FormPageSubmission)
        page = kwargs["form_page"]
        page.hide_personal_data = not may_read_personal_data(request.user)
        return super().dispatch(request, *args, **kwargs)

    def to_row_dict(self, item):
        row = wagtail_forms.SubmissionsListView.to_row_dict(self, item)
        return {
            field: plain_value(", ".join(map(str, value)) if isinstance(value, list) else value)
            for field, value in row.items()
        }


def delete_submissions(request, page_id):
    """Wagtail's delete screen, for those the policy lets delete answers (the Müdür)."""
    require(request.user, "delete", FormPageSubmission)
    return wagtail_forms.DeleteSubmissionsView.as_view()(request, page_id=page_id)
