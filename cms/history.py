"""Record history in the admin (DESIGN.md "Records with history").

For every model with django-simple-history's `HistoricalRecords`, one admin view lists
each change, who made it and when, field by field (old → new), and "restore this
version" writes the old values back as a *new* change; nothing is rewritten in place.

Access is the model's permission policy (cms.permissions): `visible_records()` gives the
records the policy lets the user see, narrowed by a queryset's `visible_to(user)`
(confidentiality levels); restoring is an edit, allowed to whoever may change the record.
On a record with drafts and approval (Wagtail's DraftStateMixin: denial notices) restoring
goes through the same path as an edit in the admin: it saves a new draft revision that
needs approval again, and the live record (its text, its status, the letters printed
from it) stays as approved.
A confidential model (cms.confidentiality) is further narrowed to what the user's
clearance allows.
"""

import datetime as dt

from django.apps import apps
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from simple_history.utils import get_m2m_reverse_field_name
from wagtail.actions.edit import EditAction
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import DraftStateMixin

from .admin_views import AdminScreenMixin
from .confidentiality import Access, is_confidential_model, log_access, visible_to
from .permissions import VIEW, require, user_may, visible_instances
from .text import format_date, format_datetime, turkish_sort_key

HISTORY_TYPES = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}
RECORDS_PER_PAGE = 50


def has_history(model):
    return hasattr(model, "history") and hasattr(model._meta, "simple_history_manager_attribute")


def _model_or_404(app_label, model_name):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not has_history(model):
        raise Http404
    return model


def can_see_history(user, model):
    """Whether `user` may see records of `model` (and so their history), as far as the
    policy tells without looking at a record (listing buttons)."""
    return user_may(user, VIEW, model) or user_may(user, "change", model)


def visible_records(model, user):
    """The records of `model` whose history `user` may see (empty without permission)."""
    queryset = visible_instances(user, model)
    if is_confidential_model(model):
        queryset = visible_to(queryset, user)
    return queryset


def is_restorable(model):
    """A record whose changes are steps of a procedure (a disposal list and its items, a
    hold, a citizen's request, a cost the Müdür approved, a directorate's submitted
    report) sets `history_restorable = False`: each step has its own action, with its
    checks and its notices, and writing an old version back would skip them. Its history
    is still shown."""
    return getattr(model, "history_restorable", True)


def can_restore(user, instance):
    """Restoring is an edit: the record's policy must allow "change", and a locked
    record (a sent denial notice) cannot be changed by anyone."""
    if not is_restorable(type(instance)):
        return False
    if not user_may(user, "change", type(instance), instance):
        return False
    lock = instance.get_lock() if hasattr(instance, "get_lock") else None
    return lock is None or not lock.for_user(user)


def history_url(instance):
    opts = instance._meta
    return reverse(
        "record_history:index", args=(opts.app_label, opts.model_name, quote(instance.pk))
    )


def _display(field, value):
    if field.many_to_many:
        # simple_history gives the through rows of an m2m field: name the related records.
        target = get_m2m_reverse_field_name(field)
        value = ", ".join(sorted((str(row[target]) for row in value), key=turkish_sort_key))
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    # "24 Kasım 2026 11:30" in Istanbul, as staff read dates everywhere else.
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def changes_of(record, previous):
    """(field label, old, new) for each field that differs from the previous version."""
    if previous is None:
        return []
    delta = record.diff_against(previous, foreign_keys_are_objs=True)
    rows = []
    for change in delta.changes:
        field = record.instance_type._meta.get_field(change.field)
        rows.append(
            (capfirst(field.verbose_name), _display(field, change.old), _display(field, change.new))
        )
    return rows


def part_histories(instance):
    """The histories of a record's parts (its model's `history_parts`: a register
    record's routings), one group per part kind, newest change first; each change is
    compared with the same part's previous version."""
    groups = []
    for name in getattr(type(instance), "history_parts", ()):
        manager = getattr(instance, name)
        model = manager.model
        pk_name = model._meta.pk.attname
        records = model.history.filter(**{manager.field.attname: instance.pk})
        records = list(
            records.select_related("history_user").order_by("history_date", "history_id")
        )
        previous, versions = {}, []
        for record in records:
            key = getattr(record, pk_name)
            versions.append(
                {
                    "record": record,
                    "part": f"{capfirst(model._meta.verbose_name)} #{key}",
                    "kind": HISTORY_TYPES.get(record.history_type, record.history_type),
                    "changes": changes_of(record, previous.get(key)),
                    "first": str(record.instance) if key not in previous else "",
                }
            )
            previous[key] = record
        versions.reverse()
        groups.append({"heading": capfirst(model._meta.verbose_name_plural), "versions": versions})
    return groups


class HistoryView(AdminScreenMixin, View):
    template_name = "cms/admin/record_history.html"
    header_icon = "history"

    def dispatch(self, request, app_label, model_name, pk, **kwargs):
        self.model = _model_or_404(app_label, model_name)
        self.object = get_object_or_404(visible_records(self.model, request.user), pk=pk)
        return super().dispatch(
            request, app_label=app_label, model_name=model_name, pk=pk, **kwargs
        )

    def get_page_title(self):
        return _("History")

    def get_page_subtitle(self):
        return str(self.object)

    def get(self, request, **kwargs):
        records = list(self.object.history.select_related("history_user")[: RECORDS_PER_PAGE + 1])
        restorable = can_restore(request.user, self.object)
        if is_confidential_model(self.model):
            log_access(request.user, self.object, Access.HISTORY)
        opts = self.model._meta
        versions = []
        for index, record in enumerate(records[:RECORDS_PER_PAGE]):
            previous = records[index + 1] if index + 1 < len(records) else None
            restore_url = reverse(
                "record_history:restore",
                args=(opts.app_label, opts.model_name, quote(self.object.pk), record.history_id),
            )
            versions.append(
                {
                    "record": record,
                    "kind": HISTORY_TYPES.get(record.history_type, record.history_type),
                    "changes": changes_of(record, previous),
                    "restore_url": restore_url if restorable and index > 0 else None,
                }
            )
        return self.render_to_response(
            self.get_context_data(
                object=self.object,
                versions=versions,
                truncated=len(records) > RECORDS_PER_PAGE,
                can_restore=restorable,
                model_name=capfirst(self.model._meta.verbose_name),
                parts=part_histories(self.object),
            )
        )


class RestoreView(View):
    http_method_names = ["post"]

    def post(self, request, app_label, model_name, pk, history_id):
        model = _model_or_404(app_label, model_name)
        instance = get_object_or_404(visible_records(model, request.user), pk=pk)
        if not can_restore(request.user, instance):
            raise PermissionDenied
        version = get_object_or_404(instance.history, history_id=history_id)
        restore_version(instance, version, user=request.user)
        date = date_format(localtime(version.history_date), "DATETIME_FORMAT")
        if isinstance(instance, DraftStateMixin):
            message = _(
                "The version of %(date)s was saved as a new draft; it replaces the live "
                "version only once it is approved."
            )
        else:
            message = _("The version of %(date)s was restored as a new change.")
        messages.success(request, message % {"date": date})
        return redirect(history_url(instance))


@transaction.atomic
def restore_version(instance, version, *, user=None):
    """Write `version`'s field values back onto `instance` as a new change.

    With a `user`, their right to change the record is checked (PermissionDenied). A
    record with drafts gets a new draft revision through Wagtail's edit action, exactly
    as if the user had typed the old values into the edit form and saved a draft."""
    if not is_restorable(type(instance)):
        raise PermissionDenied
    if user is not None:
        require(user, "change", type(instance), instance)
    old = version.instance
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name not in {f.name for f in version._meta.fields}:
            continue
        setattr(instance, field.attname, getattr(old, field.attname))
    instance._change_reason = _("Restored the version of %(date)s") % {
        "date": date_format(localtime(version.history_date), "DATETIME_FORMAT")
    }
    if user is not None:
        instance._history_user = user
    if isinstance(instance, DraftStateMixin):
        # Saves the row only while the record was never published; a live record keeps
        # its approved values until the new revision is approved (published).
        EditAction(instance, user=user, log_action="wagtail.revert").execute(
            skip_permission_checks=user is None
        )
        return instance
    _restore_many_to_many(instance, version)
    instance.save()
    return instance


def _restore_many_to_many(instance, version):
    """Put back the relations recorded with `HistoricalRecords(m2m_fields=...)`.

    Set quietly (no history row per add/remove); the save that follows records one new
    version holding them. Related records deleted since are left out."""
    fields = getattr(version, "_history_m2m_fields", ())
    if not fields:
        return
    instance.skip_history_when_saving = True
    try:
        for field in fields:
            target = get_m2m_reverse_field_name(field)
            recorded = getattr(version, field.name).values_list(target, flat=True)
            existing = field.related_model._default_manager.filter(pk__in=list(recorded))
            getattr(instance, field.name).set(existing)
    finally:
        del instance.skip_history_when_saving


class HistoryButtonHelperMixin:
    """For wagtail-modeladmin ButtonHelpers: adds a "History" button to each row."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        if can_see_history(self.request.user, type(obj)):
            buttons.append(
                {
                    "url": history_url(obj),
                    "label": _("History"),
                    "classname": "button button-small",
                    "title": _("History"),
                }
            )
        return buttons


class HistoryViewSet(ViewSet):
    name = "record_history"
    url_prefix = "gecmis"

    def get_urlpatterns(self):
        return [
            path("<str:app_label>/<str:model_name>/<str:pk>/", HistoryView.as_view(), name="index"),
            path(
                "<str:app_label>/<str:model_name>/<str:pk>/geri-yukle/<int:history_id>/",
                RestoreView.as_view(),
                name="restore",
            ),
        ]
