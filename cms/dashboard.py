"""The dashboard (Wagtail's admin home) as the Müdür reads it: panels side by side, each
with a heading, its rows and a Turkish sentence when there is nothing to show.

An app adds a panel by subclassing DashboardPanel in its wagtail_hooks.py and appending it
in a `construct_homepage_panels` hook; `order` places it (approvals 100, deadlines 150-199,
today 200-249, press 250-299)."""

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel


class DashboardPanel(Component):
    """Subclasses set name, heading, empty_text, order and optionally more_url/more_text,
    and return their rows from get_rows(request); the rows are shown by the panel's
    row_template (one <li> each)."""

    template_name = "cms/admin/dashboard_panel.html"
    row_template = None
    heading = ""
    empty_text = ""
    more_text = ""

    def get_rows(self, request):
        return []

    def get_more_url(self, request):
        return None

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel": self,
            "rows": self.get_rows(request),
            "more_url": self.get_more_url(request),
            "request": request,
        }


class ApprovalsPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "awaiting your review" list with its approve and reject buttons (pages and
    snippets such as tekzip notices), shown with a Turkish empty state instead of not at
    all, so the Müdür sees at a glance that nothing waits."""

    name = "kalem_approvals"
    template_name = "cms/admin/approvals_panel.html"
    order = 100
