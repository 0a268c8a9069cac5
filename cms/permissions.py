"""Who may do what with a record: one permission policy per model, asked by every view.

Each app's `permissions.py` registers the policy of each of its models with
`register_policy()` (Wagtail's own registry, so Wagtail's snippet, chooser and action
code reads the same policy), and every view asks `policy_for(model)` through the helpers
below; no view writes a permission string. The shared pieces that apply a policy to
views Wagtail ships without a check (snippet choosers, modeladmin history) and to the
signed private-file links live here too.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import ConfirmWorkflowCancellationView
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import HistoryView as ModelAdminHistoryView

# "Who may see this model's records": listings, choosers, history, usage, downloads.
VIEW = "view"


class RecordPolicy(ModelPermissionPolicy):
    """Django's model permissions, where whoever may change a record may also see it (the
    rule of Django's own admin), so a role granted "change" needs no separate "view"."""

    def user_has_permission(self, user, action):
        if action == VIEW and super().user_has_permission(user, "change"):
            return True
        return super().user_has_permission(user, action)


def register_policy(model, policy_class=RecordPolicy):
    """Register `model`'s one policy (an app's permissions.py does this at start-up)."""
    policy = policy_class(model)
    register_permission_policy(model, policy)
    return policy


def policy_for(model):
    """The policy of `model` (a class or an instance); Wagtail's default for a model whose
    app registered none (images: per collection, by Wagtail)."""
    if not isinstance(model, type):
        model = type(model)
    return policy_registry.get_by_type(model)


def user_may(user, action, model, instance=None):
    """Whether `user` may do `action` with `model` (or with `instance` of it)."""
    policy = policy_for(model)
    if not (user.is_authenticated and user.is_active):
        return False
    if instance is not None:
        return policy.user_has_permission_for_instance(user, action, instance)
    return policy.user_has_permission(user, action)


def require(user, action, model, instance=None):
    """Raise PermissionDenied (a 403, or Wagtail's redirect to the dashboard) unless
    `user_may(...)`."""
    if not user_may(user, action, model, instance):
        raise PermissionDenied


def visible_instances(user, model):
    """The records of `model` that `user` may see (Wagtail's image policy knows "change"
    and "choose" per collection, not "view", hence both)."""
    policy = policy_for(model)
    if not (user.is_authenticated and user.is_active):
        return model._default_manager.none()
    return policy.instances_user_has_any_permission_for(user, [VIEW, "change"])


# -- views Wagtail ships without a permission check


class ViewPermissionRequired:
    """Refuse a view of `self.model` to users whose policy says they may not see it."""

    def dispatch(self, request, *args, **kwargs):
        require(request.user, VIEW, self.model)
        return super().dispatch(request, *args, **kwargs)


def _guarded(view_class):
    return type(view_class.__name__, (ViewPermissionRequired, view_class), {})


class ViewPermissionChooserViewSet(chooser.SnippetChooserViewSet):
    """Wagtail's snippet chooser lists, searches and returns any record to any staff
    member; this one asks the model's policy first (list, results and chosen alike).
    Every SnippetViewSet of Kalem sets it as `chooser_viewset_class`."""

    choose_view_class = _guarded(chooser.ChooseView)
    choose_results_view_class = _guarded(chooser.ChooseResultsView)
    chosen_view_class = _guarded(chooser.SnippetChosenView)
    chosen_multiple_view_class = _guarded(chooser.SnippetChosenMultipleView)
    create_view_class = _guarded(chooser.SnippetCreateView)


class PublishConfirmationView(PermissionCheckedMixin, ConfirmWorkflowCancellationView):
    """The "publishing cancels the approval in progress" step of a snippet with a
    workflow: Wagtail answers it to anyone (naming the workflow and its task); it belongs
    to those who may publish. Set as `confirm_workflow_cancellation_view_class`."""

    permission_required = "publish"


class PolicyPermissionHelper(PermissionHelper):
    """wagtail-modeladmin's permission helper, answering from the model's policy."""

    def user_can_list(self, user):
        return user_may(user, VIEW, self.model)

    def user_can_create(self, user):
        return user_may(user, "add", self.model)

    def user_can_edit_obj(self, user, obj):
        return user_may(user, "change", self.model, obj)

    def user_can_delete_obj(self, user, obj):
        return user_may(user, "delete", self.model, obj)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and user_may(user, VIEW, self.model, obj)


class PolicyHistoryView(ModelAdminHistoryView):
    """modeladmin's log history answers anyone logged in; this one asks for "view".

    Its columns are modeladmin's with the user column's heading and the name shown for an
    entry without a user translated: modeladmin leaves them as the literals "User" (the
    field's name) and "system", English in the Turkish admin. A record with no entry
    says so rather than showing an empty page."""

    columns = [
        Column("message", label=_("Action")),
        UserColumn("user", label=_("User"), blank_display_name=_("System")),
        DateColumn("timestamp", label=_("Date")),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("Nothing has been logged for this record yet.")
        return context

    def check_action_permitted(self, user):
        return user_may(user, VIEW, self.model, self.instance)


class PolicyModelAdminMixin:
    """For wagtail-modeladmin ModelAdmins: every view asks the model's policy."""

    permission_helper_class = PolicyPermissionHelper
    history_view_class = PolicyHistoryView


# -- private files (cms.storage): who may follow a signed link

_private_files = []


def register_private_file(model, field_name, check=None):
    """Declare that `model.field_name` holds private files; a signed link to one opens
    only for users for whom `check(user, record)` holds (default: the model's policy
    lets them see the record), the same rule as the record's download view."""
    _private_files.append((model, field_name, check or _may_view_record))


def _may_view_record(user, record):
    return user_may(user, VIEW, type(record), record)


def _records_holding(model, field_name, name):
    """The records whose file is `name` now or was in an earlier version (a replaced file
    is kept, and its history still names it)."""
    yield from model._default_manager.filter(**{field_name: name})
    history = getattr(model, "history", None)
    if history is None or not hasattr(model._meta, "simple_history_manager_attribute"):
        return
    if field_name in {field.name for field in history.model._meta.fields}:
        ids = history.filter(**{field_name: name}).values_list("id", flat=True).distinct()
        yield from model._default_manager.filter(pk__in=list(ids))


def may_open_private_file(user, name):
    """Whether `user` may open the private file stored as `name`: a record holding it
    must let them. A file no record claims opens for nobody."""
    if not (user.is_authenticated and user.is_active):
        return False
    for model, field_name, check in _private_files:
        for record in _records_holding(model, field_name, name):
            if check(user, record):
                return True
    return False
