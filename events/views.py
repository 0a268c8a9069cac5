"""Admin screens with no viewset equivalent: the mayor's printable daily programme. (The
field-by-field history of an appointment is cms.history's, like every other record's.)"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
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
