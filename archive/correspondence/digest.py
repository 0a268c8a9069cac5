"""The daily digest: to each holder, the records they hold that are overdue or due within
DUE_SOON_WORKING_DAYS working days (see `manage.py correspondence_digest`)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from cms.confidentiality import can_view

from .models import Correspondence, Routing


def rows_by_holder(today):
    attention = Correspondence.objects.needing_attention(today)
    routings = (
        Routing.objects.filter(correspondence__in=attention, done_at__isnull=True)
        .select_related("correspondence", "to_user")
        .order_by("correspondence__answer_due", "pk")
    )
    holders = defaultdict(dict)
    for routing in routings:
        record = routing.correspondence
        if routing.to_user.is_active and can_view(routing.to_user, record):
            holders[routing.to_user][record.pk] = {"record": record, **record.deadline_row(today)}
    return {user: list(rows.values()) for user, rows in holders.items()}


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
