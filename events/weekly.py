"""The week's programme highlights for the mayor's weekly report (cms.weekly_sections):
the week's ceremonies, the visits hosted and trips made, and the number of appointments.
Names of private appointments' visitors stay out: the report is read beyond Özel Kalem."""

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from cms.text import format_date
from cms.weekly_sections import WeeklySection

from . import rules
from .models import Appointment, Ceremony, Visit
from .models.appointments import CANCELLED

MAX_LINES = 30


def programme_highlights(monday, sunday):
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=rules.ISTANBUL)
    end = start + dt.timedelta(days=7)
    lines = []
    for ceremony in Ceremony.objects.filter(start__gte=start, start__lt=end).order_by("start")[
        :MAX_LINES
    ]:
        moment = rules.local(ceremony.start)
        lines.append(
            f"{format_date(moment.date())} {formats.time_format(moment, 'H:i')} "
            f"{ceremony.get_kind_display()}: {ceremony.title} ({ceremony.place})"
        )
    for visit in Visit.objects.filter(start__lte=sunday, end__gte=monday).order_by("start")[
        :MAX_LINES
    ]:
        lines.append(f"{format_date(visit.start)} {visit.get_kind_display()}: {visit.title}")
    appointments = Appointment.objects.between(start, end).exclude(status=CANCELLED)
    public = [
        f"{format_date(rules.local(a.start).date())} {a.public_title}"
        for a in appointments.filter(is_public=True).order_by("start")[:MAX_LINES]
    ]
    return WeeklySection(
        title=_("The mayor's programme this week"),
        figures=[(_("Appointments"), str(appointments.count()))],
        lines=lines + public,
        order=10,
    )
