"""Content-Security-Policy (django-csp): one policy for the public site, one for the admin.

The public site runs no inline script or style at all (a script Kalem adds one day
carries `nonce="{{ request.csp_nonce }}"`). The Wagtail admin does: date pickers,
inline panels and workflow dialogs are started by inline <script> elements without a
nonce, and its templates and editors set style attributes, so the admin allows inline
scripts and styles (Wagtail's own guidance until its CSP work is finished) but still
loads nothing from another origin, and only the admin may frame the site (previews).
"""

from copy import deepcopy

from csp.middleware import CSPMiddleware
from django.conf import settings


def admin_path(request):
    return request.path_info.startswith("/admin/")


class KalemCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and not report_only and admin_path(request):
            parts.config = deepcopy(settings.KALEM_ADMIN_CSP_DIRECTIVES)
        return parts
