"""The press coverage summary of the mayor's weekly report (cms.weekly_sections): the
week's clippings counted by tone and by outlet, and the headlines of those that need a
correction. Three grouped queries, however many clippings the week holds."""

from django.db.models import Count
from django.utils.translation import gettext as _

from cms.text import format_date
from cms.weekly_sections import WeeklySection

from .models import PressClipping
from .models.clippings import Tone

TOP_OUTLETS = 10
MAX_CORRECTIONS = 20


def coverage_summary(monday, sunday):
    week = PressClipping.objects.filter(date__range=(monday, sunday))
    tones = dict(week.values_list("tone").annotate(n=Count("pk")).order_by())
    total = sum(tones.values())
    figures = [(_("Clippings"), str(total))]
    figures += [(str(label), str(tones.get(value, 0))) for value, label in Tone.choices]
    outlets = (
        week.values_list("outlet__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "outlet__name")[:TOP_OUTLETS]
    )
    lines = [
        _("%(outlet)s: %(count)s clippings") % {"outlet": name, "count": count}
        for name, count in outlets
    ]
    corrections = week.filter(needs_correction=True).select_related("outlet").order_by("date")
    lines += [
        _("Needs a correction: %(date)s %(outlet)s, “%(headline)s”")
        % {"date": format_date(c.date), "outlet": c.outlet.name, "headline": c.headline}
        for c in corrections[:MAX_CORRECTIONS]
    ]
    return WeeklySection(
        title=_("Press coverage this week"), figures=figures, lines=lines, order=20
    )
