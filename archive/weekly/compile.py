"""The mayor's weekly report: every active directorate's section for one week, the
directorates that did not report named, and the sections other apps add (the week's
programme highlights, the press coverage summary: cms.weekly_sections), as one PDF
through cms.pdf. Compiled in the background (`request_compilation`, `build`) and kept as
a new version of the week's archived document."""

import datetime as dt
import hashlib
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from cms.pdf import render_pdf
from cms.text import format_date, format_datetime, turkish_sort_key
from cms.weekly_sections import sections

from . import rules
from .models import CompiledReport, CompiledStatus, Directorate, WeeklyReport

logger = logging.getLogger("kalem.archive.weekly")

# A compilation still "being compiled" after this long died with its worker.
BUILD_TIMEOUT = dt.timedelta(minutes=30)


def week_status(monday):
    """(reports of the week in directorate order, directorates without a report)."""
    directorates = sorted(
        Directorate.objects.filter(active=True), key=lambda d: turkish_sort_key(d.name)
    )
    reports = {
        report.directorate_id: report
        for report in WeeklyReport.objects.filter(week=monday).select_related(
            "directorate", "submitted_by"
        )
    }
    submitted = [reports[d.pk] for d in directorates if d.pk in reports]
    missing = rules.missing(directorates, [report.directorate for report in submitted])
    return submitted, missing


def _progress(compiled, percent):
    if compiled is not None:
        CompiledReport.objects.filter(pk=compiled.pk).update(progress=percent)


def weekly_report_pdf(monday, compiled=None):
    """The compiled report of the week starting on `monday`, as PDF bytes (with the
    number of directorates missing); `compiled` gets the progress as it goes."""
    submitted, missing = week_status(monday)
    _progress(compiled, 20)
    sunday = rules.week_end(monday)
    extra = sections(monday, sunday)
    _progress(compiled, 40)
    year, week = rules.iso_week(monday)
    pdf = render_pdf(
        "archive/weekly/compiled_report.html",
        {
            # As text: a number in a translated sentence would get a thousands separator.
            "year": str(year),
            "week": str(week),
            "first_day": format_date(monday),
            "last_day": format_date(sunday),
            "reports": submitted,
            "missing": missing,
            "sections": extra,
            "compiled_at": format_datetime(timezone.now()),
        },
        letterhead=True,
    )
    _progress(compiled, 90)
    return pdf, len(missing)


def request_compilation(monday, user=None):
    """The compilation of the week in progress, or a new one queued after the commit:
    (compiled report, whether it is new). A second click, or a second Müdür, joins the
    compilation already running (the partial unique constraint decides races)."""
    from .tasks import build_weekly_report

    with transaction.atomic():
        CompiledReport.objects.filter(
            status=CompiledStatus.BUILDING, requested_at__lt=timezone.now() - BUILD_TIMEOUT
        ).update(status=CompiledStatus.FAILED, error="Timed out.", finished_at=timezone.now())
        building = CompiledReport.objects.filter(week=monday, status=CompiledStatus.BUILDING)
        existing = building.first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                compiled = CompiledReport.objects.create(week=monday, requested_by=user)
        except IntegrityError:
            return building.get(), False
        transaction.on_commit(lambda: build_weekly_report.enqueue(compiled.pk))
        return compiled, True


def _week_document(compiled):
    """The archived document that keeps every compilation of the week as a version."""
    from ..correspondence.models import SdpCode
    from ..documents.models import ArchivedDocument

    earlier = (
        CompiledReport.objects.filter(week=compiled.week, document__isnull=False)
        .select_related("document")
        .first()
    )
    if earlier is not None:
        return earlier.document
    year, week = rules.iso_week(compiled.week)
    code, _created = SdpCode.objects.get_or_create(
        code=rules.WEEKLY_FILE_PLAN_CODE, defaults={"title": rules.WEEKLY_FILE_PLAN_TITLE}
    )
    with translation.override("tr"):
        title = gettext("Mayor's weekly report %(year)s/%(week)s") % {
            "year": year,
            "week": f"{week:02d}",
        }
        keywords = gettext("weekly report")
    document = ArchivedDocument(
        title=title,
        sdp_code=code,
        document_date=rules.week_end(compiled.week),
        keywords=keywords,
        created_by=compiled.requested_by,
    )
    document._history_user = compiled.requested_by
    document.save()
    return document


def build(compiled_id):
    """Compile a queued request into a new version of the week's archived document."""
    from ..documents import files

    compiled = CompiledReport.objects.filter(pk=compiled_id, status=CompiledStatus.BUILDING).first()
    if compiled is None:
        return "not building"
    try:
        with translation.override("tr"):
            pdf, missing = weekly_report_pdf(compiled.week, compiled)
    except Exception as error:
        # Whatever broke inside WeasyPrint, the Müdür must not wait on "being compiled".
        CompiledReport.objects.filter(pk=compiled.pk).update(
            status=CompiledStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        document = _week_document(compiled)
        version = files.add_version(
            document,
            pdf,
            name=compiled.filename,
            content_type="application/pdf",
            sha256=hashlib.sha256(pdf).hexdigest(),
            user=compiled.requested_by,
            note="Kalem",
        )
        compiled.document = document
        compiled.version = version
        compiled.missing = missing
        compiled.status = CompiledStatus.READY
        compiled.progress = 100
        compiled.finished_at = timezone.now()
        compiled.save()
    logger.info("Weekly report %s compiled, %d bytes", compiled, len(pdf))
    return compiled.status
