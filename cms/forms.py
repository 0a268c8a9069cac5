"""The form every Kalem page is edited with (`KalemPage.base_form_class`)."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField


class KalemPageForm(WagtailAdminPageForm):
    """Wagtail's page form, usable without JavaScript.

    A StreamField's editor is drawn by a script: with JavaScript off the browser posts
    nothing for it, and Wagtail then fails reading the missing block count (a server error
    instead of the form). Such a field keeps the value the page already has, as a disabled
    field does; the rest of the form is checked as usual and comes back with Turkish
    messages beside the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Wagtail's script fills the slug from the title; without it the page fills
            # it itself (KalemPage._set_core_field_defaults), so it need not be typed.
            self.fields["slug"].required = False
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if isinstance(field, BlockField) and field.widget.value_omitted_from_data(
                self.data, self.files, self.add_prefix(name)
            ):
                field.disabled = True
                # Django still reads a disabled field's data (to show it again); there is
                # none to read, and the stored value is what is shown.
                field.widget.value_from_datadict = _nothing_posted


def _nothing_posted(data, files, name):
    return None
