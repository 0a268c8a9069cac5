"""What Kalem's own Wagtail admin screens share."""

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminScreenMixin(WagtailAdminTemplateMixin):
    """A Wagtail admin screen whose header names it: with the default breadcrumbs
    Wagtail's header shows only "Home", so the screen's own title is added as the last
    crumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PermittedMenuItem(MenuItem):
    """An admin menu link shown only to users for whom `check(user)` is true (the app's
    permission policy, asked the same way its view asks)."""

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)
