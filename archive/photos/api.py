"""The admin API's image endpoint (/admin/api/main/images/) for archive photos.

Wagtail's own endpoint answers every admin user with every photo and a link to each
stored original (GPS position, camera serial, full resolution). This one lists what the
image listing and chooser would show that user (archive.photos.permissions.photos_for_staff),
and gives the original's link only to those who may have the original file.
"""

from django.core.exceptions import PermissionDenied
from rest_framework.fields import Field
from wagtail.images.api.admin.serializers import AdminImageSerializer
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from . import permissions


class OriginalFileUrlField(Field):
    """The signed link to the stored original, or null for a user who may not have it."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, photo):
        request = self.context["request"]
        if not hasattr(request, "_kalem_original_collections"):
            request._kalem_original_collections = permissions.original_file_collection_ids(
                request.user
            )
        if photo.collection_id in request._kalem_original_collections:
            return photo.file.url
        return None


class PhotoAdminSerializer(AdminImageSerializer):
    download_url = OriginalFileUrlField(read_only=True)


class PhotosAdminAPIViewSet(ImagesAdminAPIViewSet):
    base_serializer_class = PhotoAdminSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if not permissions.can_see_photos(request.user):
            raise PermissionDenied

    def get_queryset(self):
        visible = permissions.photos_for_staff(self.request.user)
        return super().get_queryset().filter(pk__in=visible.values("pk"))
