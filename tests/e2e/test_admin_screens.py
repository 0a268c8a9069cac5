"""Kalem's own admin screens (dashboard, lists, forms, status screens) pass axe at phone
and desktop size: no serious or critical WCAG 2.1 AA violation."""

import pytest
import time_machine

from cms.roles import HEAD
from tests.e2e.browser import VIEWPORTS, axe_violations, log_in, screenshot
from tests.e2e.site import NOW
from tests.factories.events import AppointmentFactory, at
from tests.factories.press import PressClippingFactory
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENS = {
    "dashboard": "/admin/",
    "appointments": "/admin/events/appointments/",
    "new appointment": "/admin/events/appointments/add/",
    "tekzip notices": "/admin/snippets/press/denialnotice/",
    "new tekzip notice": "/admin/snippets/press/denialnotice/add/",
    "clippings": "/admin/press/pressclipping/",
    "new clipping": "/admin/press/pressclipping/create/",
    "monitoring report": "/admin/basin/takip-raporu/",
    "photos": "/admin/images/",
    "bulk upload": "/admin/images/multiple/add/",
    "upload status": "/admin/archive/uploads/",
    "photo rights": "/admin/archive/photo-rights/",
}


def test_kalem_admin_screens_pass_axe(page, user_with_role, site_url):
    with time_machine.travel(NOW, tick=True):
        user = user_with_role(HEAD, username="mudur")
        user.is_superuser = True  # every screen, whatever role it belongs to
        user.save()
        AppointmentFactory(start=at(2026, 11, 24, 14), end=at(2026, 11, 24, 15))
        PressClippingFactory()
        DenialNoticeFactory()
        log_in(page, site_url(), "mudur")
        problems = {}
        for name, path in SCREENS.items():
            for label, size in VIEWPORTS.items():
                page.set_viewport_size(size)
                response = page.goto(site_url(path))
                assert response.status == 200, (name, response.status)
                found = axe_violations(page)
                if found:
                    problems[f"{name} @ {label}"] = found
            screenshot(page, "admin screens", name)
    assert problems == {}
