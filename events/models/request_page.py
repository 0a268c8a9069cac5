"""The site's page "Başkandan randevu talebi": the public form for appointment requests."""

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models import KalemPage
from cms.ratelimit import within_rate_limit

RATE_LIMIT_WINDOW = 60 * 60


class AppointmentRequestPage(KalemPage):
    """Citizens ask to meet the mayor here; each request goes to the office's register of
    appointment requests (events.models.requests), never to a public page."""

    intro = models.TextField(_("introduction"), blank=True)
    kvkk_notice = RichTextField(
        _("KVKK notice"),
        help_text=_("The information notice under KVKK md. 10, shown above the consent box."),
    )
    thanks = models.TextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown with the reference number once a request is sent."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("kvkk_notice"),
        FieldPanel("thanks"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("appointment request form")
        verbose_name_plural = _("appointment request forms")

    def serve(self, request, *args, **kwargs):
        from .. import appointment_requests
        from ..forms import AppointmentRequestForm

        status = 200
        context = self.get_context(request)
        form = AppointmentRequestForm()
        if request.method == "POST":
            form = AppointmentRequestForm(request.POST)
            if not within_rate_limit(
                request,
                "appointment-request",
                settings.KALEM_APPOINTMENT_REQUESTS_PER_HOUR,
                RATE_LIMIT_WINDOW,
            ):
                context["limited"] = True
                status = 429
            elif form.spam:
                # A bot filled the hidden field: it is told nothing it could learn from.
                context["sent"] = True
            elif form.is_valid():
                record = form.save(commit=False)
                appointment_requests.register(record)
                context["sent"] = True
                context["reference"] = record.reference
        context["form"] = form
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        # A form with a CSRF token and, after sending, a reference number: never cached.
        response["Cache-Control"] = "no-store"
        return response
