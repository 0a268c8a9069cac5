"""One permission policy per model of archived documents; every view asks these.
Confidentiality is part of the document policy's instance check (cms.confidentiality)."""

from wagtail.permission_policies import ModelPermissionPolicy

from cms.confidentiality import can_view, is_head, visible_to
from cms.permissions import RecordPolicy, register_policy

from .models import (
    ArchivedDocument,
    DispositionItem,
    DispositionList,
    DocumentAccessLog,
    DocumentFileVersion,
    Hold,
    RetentionRule,
    RetrievalRequest,
    Signature,
)


class ArchivedDocumentPolicy(RecordPolicy):
    """Model permissions bounded by the user's clearance. Nobody deletes a document: it
    leaves only through an approved disposal list."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" or not can_view(user, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        if action == "delete":
            return self.model.objects.none()
        return visible_to(super().instances_user_has_permission_for(user, action), user)

    def can_see(self, user, instance):
        return self.user_has_permission_for_instance(user, "view", instance)

    def can_change(self, user, instance):
        return self.user_has_permission_for_instance(user, "change", instance)

    def can_dispose(self, user):
        """Propose disposal and transfer lists, complete transfers (the archivist)."""
        return self.user_has_permission(user, "dispose")


class PartOfDocumentPolicy(ModelPermissionPolicy):
    """File versions and holds are seen and changed through their document's policy."""

    def user_has_permission(self, user, action):
        return document_policy.user_has_permission(user, "view" if action == "view" else "change")

    def user_has_permission_for_instance(self, user, action, instance):
        action = "view" if action == "view" else "change"
        return document_policy.user_has_permission_for_instance(user, action, instance.document)


class DispositionListPolicy(ModelPermissionPolicy):
    """The archivist sees and proposes lists; the commission sees and signs them."""

    def user_has_permission(self, user, action):
        if action == "view":
            return document_policy.can_dispose(user) or self.can_sign(user)
        return super().user_has_permission(user, action)

    def can_sign(self, user):
        return super().user_has_permission(user, "sign")


class PartOfListPolicy(ModelPermissionPolicy):
    """Items and signatures are seen with their list and written only by disposal.py."""

    def user_has_permission(self, user, action):
        return action == "view" and list_policy.user_has_permission(user, "view")


class RetrievalPolicy(RecordPolicy):
    """Retrieval requests: Evrak and the Müdür ask for documents, the archivist gives and
    takes them back ("change"). A request is seen only by whoever may see its document."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" or not can_view(user, instance.document):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        if action == "delete":
            return self.model.objects.none()
        return super().instances_user_has_permission_for(user, action).visible_to(user)

    def instances_user_has_any_permission_for(self, user, actions):
        # What cms.history lists and opens: narrowed by the document's level as well.
        return super().instances_user_has_any_permission_for(user, actions).visible_to(user)

    def can_request(self, user):
        return self.user_has_permission(user, "add")

    def can_hand_out(self, user):
        return self.user_has_permission(user, "change")


class AccessLogPolicy(ModelPermissionPolicy):
    """The access log of Gizli and Çok Gizli documents: read by the archivist and the
    Müdür only (each sees the entries of documents within their clearance); written only
    by the views that serve the documents."""

    def user_has_permission(self, user, action):
        return action == "view" and (is_head(user) or document_policy.can_dispose(user))

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model.objects.none()
        visible = visible_to(ArchivedDocument.objects.all(), user)
        return self.model.objects.filter(document__in=visible)


document_policy = register_policy(ArchivedDocument, ArchivedDocumentPolicy)
access_log_policy = register_policy(DocumentAccessLog, AccessLogPolicy)
retrieval_policy = register_policy(RetrievalRequest, RetrievalPolicy)
list_policy = register_policy(DispositionList, DispositionListPolicy)
register_policy(RetentionRule)
for _model in (DocumentFileVersion, Hold):
    register_policy(_model, PartOfDocumentPolicy)
for _model in (DispositionItem, Signature):
    register_policy(_model, PartOfListPolicy)
