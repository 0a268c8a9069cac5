"""Havale: routing a record to people (or everyone in a role), with vekalet.

Every step is a `Routing` row (who, whom, when, note, due date, when read); a routing to
someone on leave goes to their stand-in and keeps the original addressee in
`on_behalf_of`. E-mail notices are queued on commit (tasks.py)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.confidentiality import can_view

from .models import OPEN_STATUSES, Purpose, Routing, StandIn, Status


def stand_in_for(user, day):
    """The user's stand-in on `day`, or None when they are not on leave."""
    leave = (
        StandIn.objects.filter(user=user, starts_on__lte=day, ends_on__gte=day)
        .select_related("stand_in")
        .first()
    )
    return leave.stand_in if leave else None


def role_members(group):
    return list(get_user_model().objects.filter(groups=group, is_active=True).order_by("pk"))


@transaction.atomic
def route(record, *, by, to_users, purpose=Purpose.ACTION, note="", due_on=None):
    """Route `record` to each of `to_users`; returns the new routings. Nothing is saved
    when any recipient is refused."""
    if not to_users:
        raise ValidationError({"to_users": _("Routed to: choose at least one person or role.")})
    if record.status not in (Status.REGISTERED, Status.ROUTED, Status.IN_PROGRESS):
        raise ValidationError({"to_users": _("Routed to: a closed record cannot be routed.")})
    if due_on and record.received_on and due_on < record.received_on:
        raise ValidationError(
            {"due_on": _("Due date: cannot be before the day the document arrived.")}
        )
    today = timezone.localdate()
    routings = []
    for user in to_users:
        if not user.is_active:
            raise ValidationError(
                {"to_users": _("Routed to: %(name)s is not an active user.") % {"name": user}}
            )
        holder, behalf = user, None
        stand_in = stand_in_for(user, today)
        if stand_in is not None and stand_in.is_active:
            holder, behalf = stand_in, user
        if not can_view(holder, record):
            raise ValidationError(
                {
                    "to_users": _("Routed to: %(name)s has no clearance for this record's level.")
                    % {"name": holder}
                }
            )
        step = Routing(
            correspondence=record,
            routed_by=by,
            to_user=holder,
            on_behalf_of=behalf,
            purpose=purpose,
            note=note,
            due_on=due_on,
        )
        step._history_user = by  # also outside a request (bulk letters, commands)
        step.save()
        routings.append(step)
    if record.status == Status.REGISTERED:
        record.move_to(Status.ROUTED, user=by)
    from .tasks import send_routing_notice

    ids = [routing.pk for routing in routings]
    transaction.on_commit(lambda: [send_routing_notice.enqueue(pk) for pk in ids])
    return routings


def mark_read(record, user):
    """The holder opened the record: their unread routings are read now (saved one by
    one, so each routing's history keeps the moment)."""
    now = timezone.now()
    unread = list(Routing.objects.filter(correspondence=record, to_user=user, read_at__isnull=True))
    for routing in unread:
        routing.read_at = now
        routing._history_user = user
        routing.save(update_fields=["read_at"])
    return len(unread)


def held_by(user):
    """Routings `user` holds and has not finished, soonest due first."""
    return (
        Routing.objects.filter(to_user=user, done_at__isnull=True)
        .filter(correspondence__status__in=OPEN_STATUSES)
        .select_related("correspondence", "routed_by", "on_behalf_of")
        .order_by("correspondence__answer_due", "-created_at")
    )
