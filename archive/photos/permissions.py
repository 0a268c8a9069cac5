"""Who may do what with archive photos beyond Wagtail's own image permissions."""

from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission

from . import rules


def can_manage_photos(user):
    """Photo editors: "change" granted on a collection. Wagtail's ownership policy would
    also say yes to anyone who may merely add images (for their own), which is too wide."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return _change_grants(user).exists()


def _change_grants(user):
    return GroupCollectionPermission.objects.filter(
        group__user=user,
        permission__content_type__app_label="wagtailimages",
        permission__codename="change_image",
    )


def original_download_allowed(user, photo):
    """Originals go out where the licence allows, otherwise only to photo editors."""
    return rules.original_download_allowed(photo.licence) or can_manage_photos(user)


def original_file_collection_ids(user):
    """Collections whose stored originals (full resolution, GPS position, camera serial)
    this user may fetch: those where the user's role may edit photos. Uploading a photo
    of one's own is not enough (Wagtail's ownership policy counts that as "change"): the
    press role never gets an original file."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(Collection.objects.values_list("pk", flat=True))
    ids = set()
    for grant in _change_grants(user).select_related("collection"):
        descendants = Collection.objects.descendant_of(grant.collection, inclusive=True)
        ids.update(descendants.values_list("pk", flat=True))
    return ids


def photos_for_staff(user):
    """The photos a staff member may see in the admin outside the editor's own screens:
    those the image listing shows them (photos they may edit or delete), and, of the
    photos they may only choose, the usable ones, as the image chooser shows them."""
    policy = image_policy()
    model = policy.model
    managed = policy.instances_user_has_any_permission_for(user, ["change", "delete"])
    choosable = policy.instances_user_has_any_permission_for(user, ["choose"]).usable()
    return model.objects.filter(Q(pk__in=managed.values("pk")) | Q(pk__in=choosable.values("pk")))


def may_see_photos(user):
    return image_policy().user_has_any_permission(user, ["add", "change", "delete", "choose"])


def image_policy():
    """Wagtail's permission policy for archive photos (per collection)."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_image_model())
