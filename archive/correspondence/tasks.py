"""Background work of the register (django-tasks): routing notices and the daily digest."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task


@task()
def send_routing_notice(routing_id):
    """E-mail the new holder of a routed record (subject and level shown only as far as
    their clearance allows: a routing is only made to cleared users)."""
    from .models import Routing

    routing = (
        Routing.objects.filter(pk=routing_id)
        .select_related("correspondence", "to_user", "routed_by", "on_behalf_of")
        .first()
    )
    if routing is None or not routing.to_user.email:
        return
    with translation.override("tr"):
        body = render_to_string(
            "archive/correspondence/email/routing.txt",
            {"routing": routing, "base_url": settings.WAGTAILADMIN_BASE_URL},
        )
        subject = render_to_string(
            "archive/correspondence/email/routing_subject.txt", {"routing": routing}
        ).strip()
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [routing.to_user.email])


@task()
def send_daily_digest():
    """Each holder gets the records they hold that are overdue or due within 3 working
    days; returns how many e-mails went out."""
    from .digest import send_digests

    return send_digests(timezone.localdate())
