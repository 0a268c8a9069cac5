"""Thursday's reminder to the directorates whose weekly report is still missing."""

from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from cms.text import format_date

from .compile import week_status


def send_reminders(monday, *, dry_run=False):
    """E-mail the reporters of each directorate without a report for the week starting on
    `monday`; returns the directorates reminded."""
    _submitted, missing = week_status(monday)
    reminded = []
    for directorate in missing:
        addresses = [user.email for user in directorate.reporters.all() if user.email]
        if not addresses:
            continue
        reminded.append(directorate)
        if dry_run:
            continue
        with override("tr"):
            subject = _("Weekly report reminder: %(directorate)s") % {"directorate": directorate}
            body = _(
                "The weekly report of %(directorate)s for the week of %(day)s has not been "
                "submitted yet. The mayor's weekly report is compiled on Friday."
            ) % {"directorate": directorate, "day": format_date(monday)}
        send_mail(subject, body, None, addresses)
    return reminded
