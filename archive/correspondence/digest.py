"""The daily digest: to each holder, the records they hold whose answer date, or copying
cost pay-by date, is overdue or within DUE_SOON_WORKING_DAYS working days (see `manage.py
correspondence_digest`)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from cms.confidentiality import can_view

from .models import Correspondence, Routing


def rows_by_holder(today):
    rows = {row["record"].pk: row for row in Correspondence.objects.attention_rows(today)}
    routings = Routing.objects.filter(
        correspondence__in=rows.keys(), done_at__isnull=True
    ).select_related("to_user")
    held = defaultdict(set)
    for routing in routings:
        record = rows[routing.correspondence_id]["record"]
        if routing.to_user.is_active and can_view(routing.to_user, record):
            held[routing.to_user].add(record.pk)
    # Each holder's rows in the order of their dates, soonest first.
    return {user: [row for pk, row in rows.items() if pk in pks] for user, pks in held.items()}


def send_digests(today):
    sent = 0
    for user, rows in rows_by_holder(today).items():
        if not user.email:
            continue
        with translation.override("tr"):
            body = render_to_string(
                "archive/correspondence/email/digest.txt",
                {
                    "user": user,
                    "rows": rows,
                    "today": today,
                    "base_url": settings.WAGTAILADMIN_BASE_URL,
                },
            )
        send_mail(
            f"Evrak süreleri: {len(rows)} kayıt",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        sent += 1
    return sent
