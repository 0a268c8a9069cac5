"""Sending a ceremony's invitations (davetiye). An invitation by letter becomes an
outgoing record of the correspondence register with its official number (cms.records,
as the tekzip letters do), and its PDF is kept there; one by e-mail is sent and the
address and time logged on the invitation. Each invitation is sent once: sending again
sends only those not sent yet. Every step is in the invitation's history."""

import logging

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from cms.pdf import LETTER_PDF_VARIANT, render_pdf
from cms.records import OutgoingLetter, outgoing_register, verification_context
from cms.text import format_date

from . import rules
from .models import Invitation
from .models.ceremonies import BY_EMAIL, BY_LETTER

logger = logging.getLogger("kalem.events.invitations")


def to_send(ceremony):
    """The ceremony's invitations still to go out by letter or e-mail."""
    return ceremony.invitations.filter(send_by__in=[BY_LETTER, BY_EMAIL], sent_at__isnull=True)


def _context(invitation):
    ceremony = invitation.ceremony
    start = rules.local(ceremony.start)
    return {
        "invitation": invitation,
        "ceremony": ceremony,
        "date": format_date(start.date()),
        "time": formats.time_format(start, "H:i"),
    }


def register_letter(invitation):
    """What the one outgoing register keeps of an invitation's letter."""
    ceremony = invitation.ceremony
    office = invitation.office.office if invitation.office_id else ""
    return OutgoingLetter(
        source=f"events.invitation:{invitation.pk}",
        subject=f"{gettext('Invitation')}: {ceremony.title}"[:300],
        addressee=office or invitation.name,
        file_plan_code=rules.INVITATION_FILE_PLAN_CODE,
        file_plan_title=rules.INVITATION_FILE_PLAN_TITLE,
        email=invitation.email,
        address=invitation.address,
        summary=invitation.name,
    )


def _send_letter(invitation, user):
    register = outgoing_register()
    issued = register.issue(register_letter(invitation), user=user)
    pdf = render_pdf(
        "events/invitation_letter.html",
        {
            **_context(invitation),
            "number": issued.number,
            "day": issued.day,
            **verification_context(issued),
        },
        letterhead=True,
        pdf_variant=LETTER_PDF_VARIANT,
    )
    register.attach_pdf(issued, pdf, filename=f"davetiye-{invitation.pk}.pdf", user=user)
    invitation.sent_number = issued.number


def _send_email(invitation):
    context = _context(invitation)
    subject = gettext("Invitation: %(title)s") % {"title": invitation.ceremony.title}
    body = render_to_string("events/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    invitation.sent_to = invitation.email


def send(invitation, *, user=None):
    """Send one invitation by its channel; True when it went out. A refusal of the
    register (no DETSİS number yet, say) is kept on the invitation for the clerk."""
    with translation.override("tr"), transaction.atomic():
        invitation = (
            # Lock the invitation's own row only: PostgreSQL refuses FOR UPDATE on the
            # nullable side of the outer join to `office`.
            Invitation.objects.select_for_update(of=("self",))
            .select_related("ceremony", "office")
            .get(pk=invitation.pk)
        )
        if invitation.sent_at is not None or invitation.send_by not in (BY_LETTER, BY_EMAIL):
            return False
        try:
            with transaction.atomic():
                if invitation.send_by == BY_LETTER:
                    _send_letter(invitation, user)
                else:
                    _send_email(invitation)
        except ValidationError as error:
            invitation.send_error = "; ".join(error.messages)[:300]
            invitation._history_user = user
            invitation.save()
            logger.warning("Invitation %s not sent: %s", invitation.pk, invitation.send_error)
            return False
        invitation.sent_at = timezone.now()
        invitation.send_error = ""
        invitation._history_user = user
        invitation.save()
        return True
