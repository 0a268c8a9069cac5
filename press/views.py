"""Admin screens of the press office that have no viewset equivalent: the CSV import
preview, the monitoring report and its PDFs, clipping scans (private files) and the e-mail
distribution of a press item."""

import secrets

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.permissions import VIEW, require
from cms.views import file_download

from .forms import CsvUploadForm, DistributeForm, ReportPeriodForm
from .importing import IMPORTERS, CsvError
from .mailing import distribute, recipients, retry_failed, skip_reason
from .models import (
    Dispatch,
    DispatchStatus,
    MediaOutlet,
    MonitoringReportFile,
    PressClipping,
    PressContact,
    PressItemPage,
    ReportStatus,
)
from .monitoring import Period, build_report, report_html, request_pdf

IMPORT_MODELS = {"contacts": PressContact, "outlets": MediaOutlet}
IMPORT_TITLES = {
    "contacts": lambda: _("Import press contacts"),
    "outlets": lambda: _("Import media outlets"),
}
SESSION_KEY = "press-import"


def _importer(kind, user):
    if kind not in IMPORTERS:
        raise Http404
    require(user, "add", IMPORT_MODELS[kind])
    return IMPORTERS[kind]()


def import_csv(request, kind):
    """Upload → preview every row → confirm; nothing is written before the confirmation."""
    importer = _importer(kind, request.user)
    context = {
        "page_title": IMPORT_TITLES[kind](),
        "header_icon": "upload",
        "kind": kind,
        "columns": [label for label, _target in importer.documented()],
        "required": [
            label for label, target in importer.documented() if target in importer.required
        ],
    }
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY, {})
        if stored.get("token") != request.POST.get("token") or stored.get("kind") != kind:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("press_import", kind=kind)
        try:
            preview = importer.read(stored["data"].encode("latin-1"))
            saved = importer.save(preview)
        except CsvError as error:
            messages.error(request, str(error))
            return redirect("press_import", kind=kind)
        del request.session[SESSION_KEY]
        messages.success(request, _("%(count)d records imported.") % {"count": len(saved)})
        return redirect(IMPORT_DONE[kind])
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            preview = importer.read(data)
        except CsvError as error:
            form.add_error("file", str(error))
        else:
            token = secrets.token_urlsafe(16)
            if preview.ok:
                request.session[SESSION_KEY] = {
                    "token": token,
                    "kind": kind,
                    "data": data.decode("latin-1"),
                }
            context.update(preview=preview, token=token)
    context["form"] = form
    return render(request, "press/admin/import.html", context)


IMPORT_DONE = {
    "contacts": "press_presscontact_modeladmin_index",
    "outlets": "press_mediaoutlet_modeladmin_index",
}


# How often the "being prepared" page reloads itself (meta refresh: no JavaScript needed).
PDF_REFRESH_SECONDS = 3
PDFS_LISTED = 50


def monitoring(request):
    require(request.user, VIEW, MonitoringReportFile)
    form = ReportPeriodForm(request.GET or None)
    period = form.get_period() if form.is_valid() else Period.month_of(timezone.localdate())
    report = build_report(period)
    return render(
        request,
        "press/admin/monitoring.html",
        {
            "page_title": _("Press monitoring report"),
            "header_icon": "doc-full",
            "form": form,
            "report": report,
            "body": report_html(report),
        },
    )


def monitoring_pdf(request):
    """POST asks for the PDF of a period (built in the background); GET lists the PDFs."""
    require(request.user, "add" if request.method == "POST" else VIEW, MonitoringReportFile)
    if request.method == "POST":
        form = ReportPeriodForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("press_monitoring")
        report_file, _created = request_pdf(form.get_period(), request.user)
        return redirect("press_monitoring_pdf_status", pk=report_file.pk)
    return render(
        request,
        "press/admin/monitoring_pdfs.html",
        {
            "page_title": _("Monitoring report PDFs"),
            "header_icon": "doc-full",
            "report_files": MonitoringReportFile.objects.select_related("requested_by")[
                :PDFS_LISTED
            ],
        },
    )


def monitoring_pdf_status(request, pk):
    """ "Being prepared" (reloading itself) until the PDF is ready, then its download."""
    require(request.user, VIEW, MonitoringReportFile)
    report_file = get_object_or_404(
        MonitoringReportFile.objects.select_related("requested_by"), pk=pk
    )
    return render(
        request,
        "press/admin/monitoring_pdf.html",
        {
            "page_title": _("Monitoring report PDF"),
            "header_icon": "doc-full",
            "report_file": report_file,
            "refresh_seconds": PDF_REFRESH_SECONDS,
        },
    )


def monitoring_pdf_download(request, pk):
    require(request.user, VIEW, MonitoringReportFile)
    report_file = get_object_or_404(MonitoringReportFile, pk=pk, status=ReportStatus.READY)
    return file_download(
        report_file.file, filename=report_file.filename, content_type="application/pdf"
    )


def clipping_scan(request, pk):
    """The scanned copy of a clipping, from private storage, for those who may see clippings."""
    require(request.user, VIEW, PressClipping)
    clipping = get_object_or_404(PressClipping, pk=pk)
    require(request.user, VIEW, PressClipping, clipping)
    return file_download(clipping.scan)


def _press_item(page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, PressItemPage):
        raise Http404
    return page


def distribute_page(request, page_id):
    """Choose distribution lists for a published item, see who will get it, and send."""
    require(request.user, "add", Dispatch)
    page = _press_item(page_id)
    form = DistributeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not page.live or page.withdrawn:
            messages.error(request, _("Only a published, not withdrawn item can be sent."))
        else:
            queued = distribute(page, form.cleaned_data["lists"], user=request.user)
            messages.success(
                request, _("%(count)d e-mails queued for sending.") % {"count": queued}
            )
            return redirect("press_dispatches", page_id=page.pk)
    chosen = form.cleaned_data["lists"] if form.is_bound and form.is_valid() else []
    planned = [(contact, skip_reason(contact)) for contact in recipients(chosen)]
    return render(
        request,
        "press/admin/distribute.html",
        {
            "page_title": _("Send by e-mail"),
            "page_subtitle": page.title,
            "header_icon": "mail",
            "page": page,
            "form": form,
            "planned": planned,
        },
    )


def dispatches(request, page_id):
    """Who the item reached: every dispatch with its status, error and reason skipped."""
    require(request.user, VIEW, Dispatch)
    page = _press_item(page_id)
    rows = list(Dispatch.objects.filter(page=page).select_related("contact__outlet"))
    counts = {status: 0 for status in DispatchStatus}
    for row in rows:
        counts[DispatchStatus(row.status)] += 1
    return render(
        request,
        "press/admin/dispatches.html",
        {
            "page_title": _("Distribution report"),
            "page_subtitle": page.title,
            "header_icon": "mail",
            "page": page,
            "dispatches": rows,
            "counts": [(status.label, counts[status]) for status in DispatchStatus],
            "failed": counts[DispatchStatus.FAILED],
        },
    )


def retry(request, page_id):
    require(request.user, "add", Dispatch)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = _press_item(page_id)
    count = retry_failed(page)
    messages.success(request, _("%(count)d failed e-mails queued again.") % {"count": count})
    return redirect("press_dispatches", page_id=page.pk)
