"""E-mail distribution of a published press item to press contacts.

`distribute()` records one `Dispatch` per contact (skipped ones too, so staff see why) and
queues the sends for after the transaction commits; `send_dispatch` sends one e-mail in the
background. The (page, e-mail) unique constraint and the status check under a row lock are
what make a second click, a second worker or a retry never send the same item twice.
"""

import datetime as dt
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Page, Site

from cms.images import public_image
from cms.text import turkish_sort_key

from .models import Dispatch, DispatchStatus, PressContact, SkipReason

MAX_ATTEMPTS = 3
EMAIL_IMAGE_SPEC = "max-1200x800|format-jpeg"
RETRY_DELAY = dt.timedelta(minutes=10)


def skip_reason(contact):
    """Why a contact must not receive releases, or "" if they may."""
    if not contact.active:
        return SkipReason.INACTIVE
    if not contact.consent:
        return SkipReason.NO_CONSENT
    if not contact.email:
        return SkipReason.NO_EMAIL
    return ""


def recipients(lists):
    """Every contact on any of the lists, each once."""
    contact_ids = set()
    for distribution_list in lists:
        contact_ids.update(distribution_list.members().values_list("pk", flat=True))
    # Sorted here: the database's collation does not know the Turkish alphabet.
    contacts = PressContact.objects.filter(pk__in=contact_ids)
    return sorted(contacts, key=lambda contact: turkish_sort_key(contact.name))


@transaction.atomic
def distribute(page, lists, user=None):
    """Record a dispatch for every contact of `lists` and queue the e-mails.

    Returns the number of e-mails newly queued. Contacts already sent, queued or failed for
    this page are left alone; a contact skipped earlier who may now receive is queued.
    """
    existing = {dispatch.contact_id: dispatch for dispatch in Dispatch.objects.filter(page=page)}
    taken_emails = {dispatch.email for dispatch in existing.values() if dispatch.email}
    to_queue = []
    for contact in recipients(lists):
        reason = skip_reason(contact)
        dispatch = existing.get(contact.pk)
        if dispatch is not None:
            if dispatch.status == DispatchStatus.SKIPPED and not reason:
                if contact.email in taken_emails:
                    continue
                dispatch.status = DispatchStatus.QUEUED
                dispatch.skip_reason = ""
                dispatch.email = contact.email
                dispatch.requested_by = user
                dispatch.save()
                to_queue.append(dispatch.pk)
            continue
        if not reason and contact.email in taken_emails:
            continue
        dispatch = Dispatch.objects.create(
            page=page,
            contact=contact,
            email="" if reason else contact.email,
            status=DispatchStatus.SKIPPED if reason else DispatchStatus.QUEUED,
            skip_reason=reason,
            requested_by=user,
        )
        if not reason:
            taken_emails.add(contact.email)
            to_queue.append(dispatch.pk)
    transaction.on_commit(lambda: [send_dispatch.enqueue(pk) for pk in to_queue])
    return len(to_queue)


@transaction.atomic
def retry_failed(page):
    """Queue the failed dispatches of a page again; returns how many."""
    failed = list(
        Dispatch.objects.filter(page=page, status=DispatchStatus.FAILED).values_list(
            "pk", flat=True
        )
    )
    Dispatch.objects.filter(pk__in=failed).update(status=DispatchStatus.QUEUED, attempts=0)
    transaction.on_commit(lambda: [send_dispatch.enqueue(pk) for pk in failed])
    return len(failed)


def build_message(page, dispatch):
    """The e-mail one contact receives: plain text and HTML, with absolute links to the
    item, its lead image and its attachments; small attachments also travel in the e-mail."""
    site = Site.objects.filter(is_default_site=True).first()
    root_url = page.get_site().root_url
    attachments = [block.value for block in page.attachments if block.value is not None]
    context = {
        "page": page,
        "contact": dispatch.contact,
        "page_url": page.get_full_url(),
        "site_name": site.site_name if site else "",
        "lead_image": _lead_image(page, root_url),
        "attachments": [
            {"title": document.title, "url": root_url + document.url, "size": _size(document)}
            for document in attachments
        ],
    }
    with translation.override("tr"):
        subject = render_to_string("press/email/release_subject.txt", context).strip()
        text = render_to_string("press/email/release.txt", context)
        html = render_to_string("press/email/release.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[dispatch.email])
    message.attach_alternative(html, "text/html")
    _attach_small_files(message, attachments)
    return message


def _lead_image(page, root_url):
    if public_image(page.lead_image) is None:
        return None
    rendition = page.lead_image.get_rendition(EMAIL_IMAGE_SPEC)
    return {
        "url": root_url + rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": page.lead_image.default_alt_text,
        "credit": page.lead_image_credit_line,
    }


def _size(document):
    try:
        return document.get_file_size()
    except OSError:
        return None


def _attach_small_files(message, documents):
    """Attach documents while they fit in KALEM_PRESS_ATTACH_MAX_BYTES together: a large
    file in every inbox of a press list is a burden, a link does the same job."""
    budget = settings.KALEM_PRESS_ATTACH_MAX_BYTES
    for document in documents:
        size = _size(document)
        if size is None or size > budget:
            continue
        with document.open_file() as file:
            message.attach(document.filename, file.read(), document.content_type)
        budget -= size


def _enqueue_retry(dispatch_id):
    backend_task = send_dispatch
    if send_dispatch.get_backend().supports_defer:
        backend_task = send_dispatch.using(run_after=timezone.now() + RETRY_DELAY)
    backend_task.enqueue(dispatch_id)


@task()
def send_dispatch(dispatch_id):
    """Send one queued dispatch; on an SMTP or network error record it and retry later."""
    with transaction.atomic():
        # No ordering: the default one joins the contact, and PostgreSQL cannot lock the
        # nullable side of an outer join.
        dispatch = (
            Dispatch.objects.select_for_update()
            .filter(pk=dispatch_id, status=DispatchStatus.QUEUED)
            .order_by()
            .first()
        )
        if dispatch is None:
            return "not queued"
        page = Page.objects.get(pk=dispatch.page_id).specific
        dispatch.attempts += 1
        try:
            build_message(page, dispatch).send()
        except (smtplib.SMTPException, OSError) as error:
            dispatch.error = f"{type(error).__name__}: {error}"
            if dispatch.attempts < MAX_ATTEMPTS:
                transaction.on_commit(lambda: _enqueue_retry(dispatch_id))
            else:
                dispatch.status = DispatchStatus.FAILED
            dispatch.save()
            return dispatch.status
        dispatch.status = DispatchStatus.SENT
        dispatch.sent_at = timezone.now()
        dispatch.error = ""
        dispatch.save()
        return dispatch.status
