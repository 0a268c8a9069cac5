"""Who may do what with archive photos beyond Wagtail's own image permissions."""

from wagtail.models import GroupCollectionPermission

from . import rules


def can_manage_photos(user):
    """Photo editors: "change" granted on a collection. Wagtail's ownership policy would
    also say yes to anyone who may merely add images (for their own), which is too wide."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return GroupCollectionPermission.objects.filter(
        group__user=user,
        permission__content_type__app_label="wagtailimages",
        permission__codename="change_image",
    ).exists()


def original_download_allowed(user, photo):
    """Originals go out where the licence allows, otherwise only to photo editors."""
    return rules.original_download_allowed(photo.licence) or can_manage_photos(user)


def image_policy():
    """Wagtail's permission policy for archive photos (per collection)."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_image_model())
