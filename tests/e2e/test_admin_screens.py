"""Kalem's own admin screens (dashboard, lists, forms, status screens) pass axe at phone
and desktop size: no serious or critical WCAG 2.1 AA violation. On a phone nothing is cut
off at the screen's edge (wide tables scroll inside their box), the dashboard's headings
line up with their panels and the record card's title leaves the card in view."""

import pytest
import time_machine

from cms.roles import HEAD
from tests.e2e.browser import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    VIEWPORTS,
    axe_violations,
    cut_off,
    log_in,
    screenshot,
)
from tests.e2e.recent_screens import recent_screens
from tests.e2e.site import NOW
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import AppointmentFactory, at
from tests.factories.press import PressClippingFactory
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A title as long as the press office writes them.
LONG_TITLE = (
    "Cumhuriyet Meydanı ve Sahil Yolu düzenlemesi kapsamında yapılan çalışmalara ilişkin"
    " kamuoyu duyurusu"
)

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


@pytest.fixture
def mudur(user_with_role):
    user = user_with_role(HEAD, username="mudur")
    user.is_superuser = True  # every screen, whatever role it belongs to
    user.save()
    return user


def check(page, site_url, screens, folder):
    """axe at both sizes and, on the phone, nothing cut off; a screenshot of each."""
    problems = {}
    for name, path in screens.items():
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            response = page.goto(site_url(path))
            assert response.status == 200, (name, response.status)
            found = axe_violations(page)
            if size == PHONE:
                found += [f"cut off on a phone: {line}" for line in cut_off(page)]
            if found:
                problems[f"{name} @ {label}"] = found
        screenshot(page, folder, name)
    print(problems)  # in full: pytest's diff of a failed assertion cuts it short
    return problems


def test_kalem_admin_screens_pass_axe(page, mudur, site_url):
    with time_machine.travel(NOW, tick=True):
        AppointmentFactory(start=at(2026, 11, 24, 14), end=at(2026, 11, 24, 15))
        PressClippingFactory()
        DenialNoticeFactory()
        log_in(page, site_url(), "mudur")
        problems = check(page, site_url, SCREENS, "admin screens")
        # The dashboard's panel headings start where their text starts (Wagtail pulled
        # them left, past the screen's edge on a phone, and 16 px right of it on a desktop).
        offsets = []
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(site_url("/admin/"))
            offsets += page.evaluate(
                """() => [...document.querySelectorAll(
                    '.w-dashboard .w-panel:not(.w-panel--dashboard):has(> .w-panel__header)')]
                    .map(panel => [
                        panel.querySelector('.w-panel__heading').getBoundingClientRect().left,
                        panel.querySelector('.w-panel__content').getBoundingClientRect().left])"""
            )
        # The clippings list's filters, above its rows on a phone, take less than a screen:
        # a full-width button per choice made them 1,050 px, the first row 1,330 px down.
        page.set_viewport_size(PHONE)
        page.goto(site_url(SCREENS["clippings"]))
        filters = page.locator(".changelist-filter").bounding_box()["height"]
        # Its headlines keep their words whole (the column shrank and "Belediyeden" read
        # "Belediy / eden"): the cell is at least as wide as the headline's widest word.
        room, widest = page.evaluate(
            """() => {
                const cell = document.querySelector('td.field-headline');
                const style = getComputedStyle(cell);
                const context = document.createElement('canvas').getContext('2d');
                context.font = style.font;
                const words = cell.innerText.split(/\\s+/).filter(Boolean);
                return [cell.clientWidth - parseFloat(style.paddingLeft)
                        - parseFloat(style.paddingRight),
                    Math.max(...words.map(word => context.measureText(word).width))];
            }"""
        )
    assert problems == {}
    assert filters < PHONE["height"]
    assert room >= widest
    assert len(offsets) >= 3
    assert [abs(heading - text) <= 1 for heading, text in offsets] == [True] * len(offsets)


def test_recent_kalem_admin_screens_pass_axe_and_fit_a_phone(
    page, home, mudur, user_with_role, site_url
):
    with time_machine.travel(NOW, tick=True):
        screens = recent_screens(home, mudur, user_with_role(HEAD, username="halef"))
        log_in(page, site_url(), "mudur")
        problems = check(page, site_url, screens, "admin screens recent")
        # The record card's title takes a few lines at most: its facts start in the top
        # third of a phone screen.
        page.set_viewport_size(PHONE)
        page.goto(site_url(screens["record card"]))
        summary_top = page.locator(".register-summary").bounding_box()["y"]
        # Wagtail's list headers with a long page or snippet title: on a phone the title
        # takes more lines rather than running past the screen's edge.
        parent = publish_child(home, StandardPageFactory(title=LONG_TITLE, slug="uzun"))
        publish_child(parent, StandardPageFactory(title="Alt sayfa", slug="alt"))
        notice = DenialNoticeFactory(title=LONG_TITLE)
        long_titles = {
            "page listing": f"/admin/pages/{parent.pk}/",
            "page history": f"/admin/pages/{parent.pk}/history/",
            "snippet history": f"/admin/snippets/press/denialnotice/history/{notice.pk}/",
        }
        for name, path in long_titles.items():
            page.goto(site_url(path))
            assert LONG_TITLE in page.locator(".w-slim-header").inner_text(), name
            found = cut_off(page)
            if found:
                problems[f"{name} with a long title @ phone"] = found
                print(name, found)
            page.screenshot(path=SCREENSHOTS / "admin-screens-recent" / f"{name}-long-phone.png")
    assert problems == {}
    assert summary_top < PHONE["height"] / 3
