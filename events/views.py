"""Admin screens with no viewset equivalent: the mayor's printable daily programme and
the field-by-field history of an appointment (django-simple-history)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.permission_policies import ModelPermissionPolicy

from . import rules
from .models import Appointment, OfficialHoliday, appointments

# The same policy the appointment snippet views use (Evrak and Müdür roles).
appointment_policy = ModelPermissionPolicy(Appointment)


def _require(request, action):
    if not appointment_policy.user_has_permission(request.user, action):
        raise PermissionDenied


def daily_programme(request, year=None, month=None, day=None):
    """Every appointment of one day, private fields included, laid out for printing."""
    _require(request, "view")
    try:
        date = dt.date(year, month, day) if year else timezone.localdate()
    except ValueError:
        raise Http404(_("There is no such day.")) from None
    if not rules.FIRST_YEAR <= date.year <= rules.LAST_YEAR:
        raise Http404(_("There is no such day."))
    start = dt.datetime.combine(date, dt.time(0, 0), tzinfo=rules.ISTANBUL)
    agenda = (
        Appointment.objects.between(start, start + dt.timedelta(days=1))
        .exclude(status=appointments.CANCELLED)
        .order_by("start")
    )
    return render(
        request,
        "events/programme_print.html",
        {
            "date": date,
            "appointments": agenda,
            "holiday": OfficialHoliday.objects.filter(date=date).first(),
            "previous": date - dt.timedelta(days=1),
            "next": date + dt.timedelta(days=1),
        },
    )


@require_POST
def restore_appointment_version(request, pk, history_id):
    """Write an old version back as a new change (the history itself is never rewritten)."""
    _require(request, "change")
    appointment = get_object_or_404(Appointment, pk=pk)
    record = get_object_or_404(appointment.history, history_id=history_id)
    with transaction.atomic():
        old = record.instance
        old._change_reason = f"restored version {record.history_id}"
        old.save()
    messages.success(
        request,
        _("The version of %(date)s was restored as a new change.")
        % {"date": formats.date_format(timezone.localtime(record.history_date), "d.m.Y H:i")},
    )
    return redirect("events_appointment_history", pk=appointment.pk)


def appointment_history(request, pk):
    """Who changed which field of an appointment, from what to what, and when."""
    _require(request, "change")
    appointment = get_object_or_404(Appointment, pk=pk)
    records = list(appointment.history.select_related("history_user").order_by("-history_id"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [
                (Appointment._meta.get_field(change.field).verbose_name, change.old, change.new)
                for change in delta.changes
            ]
        entries.append({"record": newer, "changes": changes})
    return render(
        request,
        "events/appointment_history.html",
        {"appointment": appointment, "entries": entries},
    )
