"""The admin's image form for archive photos (WAGTAILIMAGES_IMAGE_FORM_BASE).

Every Wagtail screen that saves a photo from a form (add, edit, the chooser's upload,
the multiple uploader's inline forms) goes through it, so this is where an accepted
upload is queued for processing, and a photo withdrawn (or usable again) for leaving (or
re-entering) public storage.
"""

from wagtail.images.forms import BaseImageForm

from . import tasks


class PhotoForm(BaseImageForm):
    def save(self, commit=True):
        photo = super().save(commit=commit)
        if commit:
            tasks.queue_upload(photo)
            tasks.queue_usability_change(photo)
        return photo
