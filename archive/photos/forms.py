"""The admin's image form for archive photos (WAGTAILIMAGES_IMAGE_FORM_BASE).

Every Wagtail screen that saves a photo from a form (add, edit, the chooser's upload,
the multiple uploader's inline forms) goes through it, so this is where an accepted
upload is queued for processing, and a photo withdrawn (or usable again) for leaving (or
re-entering) public storage.
"""

from django.apps import apps
from wagtail.admin.widgets import AdminPageChooser
from wagtail.images.forms import BaseImageForm
from wagtail.models import Page

from . import tasks
from .models import EVENT_PAGE


class PhotoForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "event" in self.fields:
            # The event a photo was taken at is an event page. Left to Django, the field
            # was a drop-down of every page of the site (the root included): thousands of
            # options in each form of the multiple uploader.
            field = self.fields["event"]
            field.queryset = Page.objects.type(apps.get_model(EVENT_PAGE))
            field.widget = AdminPageChooser(target_models=[EVENT_PAGE])

    def save(self, commit=True):
        photo = super().save(commit=commit)
        if commit:
            tasks.queue_upload(photo)
            tasks.queue_usability_change(photo)
        return photo
