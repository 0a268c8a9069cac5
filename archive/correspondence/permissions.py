"""One permission policy per register model. Every view asks these, never a permission
string; confidentiality is the policy's instance check too (cms.confidentiality)."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.confidentiality import can_view, is_head, visible_to

from .models import (
    AccessLog,
    Correspondence,
    DistributionGroup,
    LetterFailure,
    Routing,
    SdpCode,
    StandIn,
)


class CorrespondencePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, bounded by the user's clearance; a numbered record is never
    deleted (cancelling is a status with a reason)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not can_view(user, instance):
            return False
        if action == "delete" and (instance.number or instance.register_number):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        queryset = visible_to(super().instances_user_has_permission_for(user, action), user)
        if action == "delete":
            queryset = queryset.filter(number="", register_number="")
        return queryset

    def can_route(self, user, instance):
        return self.user_has_permission_for_instance(user, "change", instance)

    def can_view_record(self, user, instance):
        return self.user_has_permission_for_instance(
            user, "view", instance
        ) or self.user_has_permission_for_instance(user, "change", instance)

    def can_approve(self, user):
        return self.user_has_permission(user, "publish")


class RoutingPermissionPolicy(ModelPermissionPolicy):
    """Routings are seen with their record: only whoever may see the record (and so its
    level) sees a routing or its history; they change only through routing.py."""

    def user_has_permission(self, user, action):
        return action == "view" and correspondence_policy.user_has_permission(user, "view")

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and correspondence_policy.can_view_record(
            user, instance.correspondence
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" not in actions:
            return self.model.objects.none()
        records = correspondence_policy.instances_user_has_any_permission_for(
            user, ["view", "change"]
        )
        # Wagtail's "any permission" query knows no levels: the clearance narrows it.
        return self.model.objects.filter(correspondence__in=visible_to(records, user))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class AccessLogPermissionPolicy(ModelPermissionPolicy):
    """Only the Müdür (and superusers) read the access log."""

    def user_has_permission(self, user, action):
        return action == "view" and is_head(user)


correspondence_policy = CorrespondencePermissionPolicy(Correspondence)
access_log_policy = AccessLogPermissionPolicy(AccessLog)

register_permission_policy(Correspondence, correspondence_policy)
register_permission_policy(AccessLog, access_log_policy)
register_permission_policy(Routing, RoutingPermissionPolicy(Routing))
for _model in (SdpCode, DistributionGroup, StandIn, LetterFailure):
    register_permission_policy(_model, ModelPermissionPolicy(_model))
