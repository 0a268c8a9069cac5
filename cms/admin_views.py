"""What Kalem's own Wagtail admin screens share."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminScreenMixin(WagtailAdminTemplateMixin):
    """A Wagtail admin screen whose header names it: with the default breadcrumbs
    Wagtail's header shows only "Home", so the screen's own title is added as the last
    crumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
