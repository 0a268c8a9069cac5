"""Login throttling (django-axes, database backed).

After `AXES_FAILURE_LIMIT` wrong passwords for one user name the login is refused, even
with the right password, for `AXES_COOLOFF_TIME`; every failed login is kept as an
`AccessFailureLog` row (user name, address, browser, time) and logged. The Müdür or an
administrator lifts a lock early from "Locked logins" in the admin.

Locking by user name, not by address: the whole municipality reaches the site through
one address, so locking an address would lock every colleague out after one person's
typos; the cool-off bounds what a stranger can do by locking a name on purpose.
"""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages
from wagtail.permission_policies import ModelPermissionPolicy

from .admin_views import AdminScreenMixin
from .permissions import register_policy

RECENT_FAILURES = 50


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lock-out check for every login form. `authenticate()` without a request
    comes from code on the server (management commands, the test client), never from a
    visitor, so there is nothing to throttle; axes itself would raise."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "cms/admin/login_locked.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class LoginLockPermissionPolicy(ModelPermissionPolicy):
    """Who may see locked logins and lift a lock: "delete" on axes' AccessAttempt
    (granted to the Müdür role; superusers always)."""

    def user_can_unlock(self, user):
        return self.user_has_permission(user, "delete")


login_lock_policy = register_policy(AccessAttempt, LoginLockPermissionPolicy)


def locked_usernames():
    """User names locked out now (attempts at or over the limit within the cool-off)."""
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        )
        .exclude(username=None)
        .order_by("-attempt_time")
    )


class LockedLoginsView(AdminScreenMixin, View):
    template_name = "cms/admin/locked_logins.html"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not login_lock_policy.user_can_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Locked logins")

    def get(self, request):
        context = self.get_context_data(
            locked=locked_usernames(),
            failures=AccessFailureLog.objects.order_by("-attempt_time")[:RECENT_FAILURES],
        )
        return render(request, self.template_name, context)

    def post(self, request):
        username = request.POST.get("username", "")
        if not locked_usernames().filter(username=username).exists():
            messages.error(request, _("“%(username)s” is not locked.") % {"username": username})
            return redirect("kalem_locked_logins")
        reset(username=username)
        messages.success(
            request, _("The login of “%(username)s” is unlocked.") % {"username": username}
        )
        return redirect("kalem_locked_logins")
