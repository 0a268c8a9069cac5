"""What Kalem's own Wagtail admin screens share."""

from django.http import Http404
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import chooser
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy


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


def explorable_pages(user):
    """The pages a user may open in the page explorer: those the user may act on and
    their ancestors (Wagtail's own rule for the explorer, used by the page chooser too)."""
    return PagePermissionPolicy().explorable_instances(user)


def pages_the_user_may_explore(pages, request):
    """The `construct_page_chooser_queryset` hook: Wagtail's chooser lists every page to
    every staff user; a draft's title can be news before it is published."""
    return pages.filter(pk__in=explorable_pages(request.user).values("pk"))


class ExplorablePageChooserView(chooser.BrowseView):
    """Wagtail's page chooser, one level down: its header names the parent page, so the
    parent must be one the user may explore."""

    def get(self, request, parent_page_id=None):
        if not explorable_pages(request.user).filter(pk=parent_page_id).exists():
            raise Http404
        return super().get(request, parent_page_id)


class ExplorableChosenPagesView(chooser.ChosenMultipleView):
    """The chooser's answer for pages picked by id: it names only pages the user may
    explore."""

    def get(self, request):
        ids = [value for value in request.GET.getlist("id") if value.isdigit()]
        allowed = explorable_pages(request.user).filter(pk__in=ids)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in allowed.values_list("pk", flat=True)])
        return super().get(request)
