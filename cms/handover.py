"""Devir teslim (handover), as an interface the apps fill.

When a user leaves the office or moves to another post, everything they hold or created
that is still open (register records and their routings, archived documents, denial
notices, retrieval loans, …) goes to a successor in one action. The items live in other
apps, which cms may not import, so each app registers a `HandoverSource` with the
`HANDOVER_SOURCES_HOOK` Wagtail hook (like the role grants) and this module asks them:

    @hooks.register(HANDOVER_SOURCES_HOOK)
    def sources():
        return [NoticeSource()]

`perform()` moves every open item of every source in one transaction and keeps the list
on a `Handover`; each source writes a history entry per moved item naming the handover.
The report PDF (`report_pdf`) is signed off by the outgoing user, the successor and the
Müdür, in that order; after the third sign-off it is stored with the handover.
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy

from .confidentiality import Level, is_head
from .models import Handover, HandoverSignOff, SignOffStep
from .pdf import render_pdf
from .permissions import register_policy

HANDOVER_SOURCES_HOOK = "kalem_handover_sources"

# The sign-off steps, in the order they are taken (the Müdür approves last).
STEPS = [SignOffStep.OUTGOING, SignOffStep.SUCCESSOR, SignOffStep.HEAD]


@dataclass(frozen=True)
class OpenItem:
    """One open item of a user, as the handover lists it."""

    kind: str  # "Evrak kaydı", "Tekzip", …
    label: str  # see `safe_label`
    relation: str  # "registered by", "routed to", "borrowed", …


def safe_label(title, level, kind, pk):
    """A classified item is named on the handover list by its level and number only (the
    list is read by both parties and printed), as the disposal papers do."""
    if level and level > Level.UNCLASSIFIED:
        return f"{Level(level).label}: {kind} #{pk}"
    return title


def refusals(to_user, items, *, label, may_handle, cleared=None):
    """The reasons the successor cannot take over `items`, one per item, each naming it:
    not cleared for its level (`cleared`, when the items are confidential), or a role
    that may not do this kind of work (`may_handle(to_user, item)`: e.g. register records
    need a clerk's "change"). The clearance reason comes first: it says more."""
    reasons = []
    for item in items:
        if cleared is not None and not cleared(to_user, item):
            reasons.append(_("Successor: not cleared for %(item)s.") % {"item": label(item)})
        elif not may_handle(to_user, item):
            reasons.append(
                _("Successor: their role may not handle %(item)s.") % {"item": label(item)}
            )
    return reasons


class HandoverSource:
    """What an app provides: its user's open items, and moving them to a successor."""

    def open_items(self, user) -> list[OpenItem]:
        raise NotImplementedError

    def check(self, from_user, to_user) -> list[str]:
        """Reasons the successor cannot take an item over (their clearance is below the
        item's level, or their role may not do that work: see `refusals`); any reason
        stops the whole handover."""
        return []

    def reassign(self, from_user, to_user, *, handover, user) -> int:
        """Move every open item of `from_user` to `to_user`, each with a history entry
        naming `handover`; returns how many were moved."""
        raise NotImplementedError


def sources():
    for registered in hooks.get_hooks(HANDOVER_SOURCES_HOOK):
        yield from registered()


def open_items(user):
    return [item for source in sources() for item in source.open_items(user)]


def history_reason(handover):
    return _("Handed over to %(user)s (%(handover)s)") % {
        "user": handover.to_user.get_full_name() or handover.to_user.username,
        "handover": handover,
    }


@transaction.atomic
def perform(from_user, to_user, *, reason, note="", user):
    """Move every open item of `from_user` to `to_user` in one action."""
    if from_user == to_user:
        raise ValidationError({"to_user": _("Successor: choose someone other than the user.")})
    if not to_user.is_active:
        raise ValidationError({"to_user": _("Successor: this user is not active.")})
    problems = [problem for source in sources() for problem in source.check(from_user, to_user)]
    if problems:
        raise ValidationError(problems)
    items = open_items(from_user)
    handover = Handover(
        from_user=from_user,
        to_user=to_user,
        reason=reason,
        note=note,
        created_by=user,
        items=[asdict(item) for item in items],
    )
    handover._history_user = user
    handover.save()
    for source in sources():
        source.reassign(from_user, to_user, handover=handover, user=user)
    return handover


def next_step(handover):
    done = set(handover.signoffs.values_list("step", flat=True))
    return next((step for step in STEPS if step not in done), None)


def may_sign(handover, user, step):
    if step == SignOffStep.OUTGOING:
        return user.pk == handover.from_user_id
    if step == SignOffStep.SUCCESSOR:
        return user.pk == handover.to_user_id
    return step == SignOffStep.HEAD and is_head(user)


@transaction.atomic
def sign(handover, *, user):
    """The next sign-off, by the person it belongs to; the third stores the report."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    step = next_step(handover)
    if step is None:
        raise ValidationError(_("This handover is already signed off."))
    if not may_sign(handover, user, step):
        raise ValidationError(
            _("The next sign-off is “%(step)s”; it is not yours.")
            % {"step": SignOffStep(step).label}
        )
    HandoverSignOff.objects.create(handover=handover, step=step, user=user)
    if next_step(handover) is None:
        handover.completed_at = timezone.now()
        handover._history_user = user
        handover._change_reason = _("Signed off")
        handover.save()
        handover.report.save(
            f"devir-teslim-{handover.pk}.pdf", ContentFile(report_pdf(handover)), save=True
        )
    return handover


def report_pdf(handover):
    signed = {s.step: s for s in handover.signoffs.select_related("user")}
    return render_pdf(
        "cms/handover_report.pdf.html",
        {
            "handover": handover,
            "items": handover.items,
            "signoffs": [(SignOffStep(step).label, signed.get(step)) for step in STEPS],
            "printed_at": timezone.now(),
        },
        letterhead=True,
    )


class HandoverPolicy(ModelPermissionPolicy):
    """The Müdür makes handovers and sees them all; the two parties see their own."""

    def user_has_permission(self, user, action):
        return action in ("view", "add") and is_head(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action != "view":
            return False
        return is_head(user) or user.pk in (instance.from_user_id, instance.to_user_id)

    def instances_user_has_permission_for(self, user, action):
        if action != "view" or not user.is_authenticated:
            return self.model.objects.none()
        if is_head(user):
            return self.model.objects.all()
        return self.model.objects.filter(from_user=user) | self.model.objects.filter(to_user=user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, "view")


class SignOffPolicy(ModelPermissionPolicy):
    """Sign-offs are seen with their handover and written only by `sign()`."""

    def user_has_permission(self, user, action):
        return False


handover_policy = register_policy(Handover, HandoverPolicy)
register_policy(HandoverSignOff, SignOffPolicy)
