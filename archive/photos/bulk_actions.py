""" "Add to album": the image library's bulk action for grouping uploaded photos."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.images.views.bulk_actions.image_bulk_action import ImageBulkAction
from wagtail.models import Page

from cms.permissions import policy_for

from .importing import add_to_album
from .pages import PhotoAlbumPage


class AlbumForm(forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        editable = policy_for(Page).instances_user_has_permission_for(user, "change")
        self.fields["album"] = forms.ModelChoiceField(
            label=_("Album"),
            queryset=PhotoAlbumPage.objects.filter(pk__in=editable.values("pk")).order_by("-date"),
        )


class AddToAlbumBulkAction(ImageBulkAction):
    display_name = _("Add to album")
    action_type = "add_to_album"
    aria_label = _("Add selected photos to an album")
    template_name = "archive/admin/confirm_bulk_add_to_album.html"
    action_priority = 25
    form_class = AlbumForm

    def check_perm(self, image):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "choose", image
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_execution_context(self):
        return {"album": self.cleaned_form.cleaned_data["album"], "user": self.request.user}

    @classmethod
    def execute_action(cls, images, album=None, user=None, **kwargs):
        if album is None:
            return 0, 0
        with transaction.atomic():
            # In the order they were taken (then uploaded): the album tells the event in
            # sequence, whatever order the database hands the selection back in.
            ordered = sorted(images, key=_taken_then_uploaded)
            added = sum(add_to_album(album, image) for image in ordered)
            # A new revision, published if the album was live: the album shows them at once.
            revision = album.save_revision(user=user)
            if album.live:
                revision.publish(user=user)
        return added, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        album = self.cleaned_form.cleaned_data["album"]
        return ngettext(
            "%(count)d photo has been added to the album “%(album)s”",
            "%(count)d photos have been added to the album “%(album)s”",
            num_parent_objects,
        ) % {"count": num_parent_objects, "album": album.title}


def _taken_then_uploaded(image):
    taken = image.taken_at.timestamp() if image.taken_at else float("inf")
    return (taken, image.pk)
