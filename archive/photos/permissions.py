"""Who may do what with the archive: photographers have their own policy; photos use
Wagtail's image policy (per collection), which Wagtail registers for the image model.
Every archive view asks these. Registered at start-up (ArchiveConfig.ready)."""

from django.db.models import Q
from wagtail.permission_policies.collections import CollectionPermissionPolicy

from cms.permissions import policy_for, register_policy, register_private_file

from . import rules
from .models import Photo, Photographer, PhotoRendition

register_policy(Photographer)


def image_policy():
    """Wagtail's permission policy for archive photos (per collection)."""
    return policy_for(Photo)


def _edited_collections(user):
    # The collection rule itself, without the image policy's widening to owners.
    return CollectionPermissionPolicy.collections_user_has_any_permission_for(
        image_policy(), user, ["change"]
    )


def can_manage_photos(user):
    """Photo editors: "change" granted on a collection. Wagtail's ownership policy would
    also say yes to anyone who may merely add images (for their own), which is too wide."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return _edited_collections(user).exists()


def can_see_photos(user):
    """Whoever may choose, add, change or delete a photo somewhere sees the archive's
    panels and its admin API."""
    if not (user.is_authenticated and user.is_active):
        return False
    return image_policy().user_has_any_permission(user, ["add", "change", "delete", "choose"])


def original_download_allowed(user, photo):
    """Originals go out where the licence allows, otherwise only to photo editors."""
    return rules.original_download_allowed(photo.licence) or can_manage_photos(user)


def original_file_collection_ids(user):
    """Collections whose stored originals (full resolution, GPS position, camera serial)
    this user may fetch: those where the user's role may edit photos. Uploading a photo
    of one's own is not enough (Wagtail's ownership policy counts that as "change"): the
    press role never gets an original file."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return set(_edited_collections(user).values_list("pk", flat=True))


def photos_for_staff(user):
    """The photos a staff member may see in the admin outside the editor's own screens:
    those the image listing shows them (photos they may edit or delete), and, of the
    photos they may only choose, the usable ones, as the image chooser shows them."""
    policy = image_policy()
    managed = policy.instances_user_has_any_permission_for(user, ["change", "delete"])
    choosable = policy.instances_user_has_any_permission_for(user, ["choose"]).usable()
    return Photo.objects.filter(Q(pk__in=managed.values("pk")) | Q(pk__in=choosable.values("pk")))


# A signed link to an original (the image edit form shows one) follows the download rule.
register_private_file(Photo, "file", original_download_allowed)


def rendition_allowed(user, rendition):
    """A private rendition (full size, or of a photo no longer usable) opens for whoever
    sees its photo in the admin: the editor's previews and crops."""
    return photos_for_staff(user).filter(pk=rendition.image_id).exists()


register_private_file(PhotoRendition, "file", rendition_allowed)
