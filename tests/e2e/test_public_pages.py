"""Every public page type in the browser at 375 and 1366 px: no serious or critical axe
violation (WCAG 2.1 AA), a screenshot of each, and a budget for requests and bytes."""

import pytest
import time_machine

from tests.e2e.browser import PHONE, VIEWPORTS, axe_violations, screenshot, weight
from tests.e2e.site import NOW, build_public_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Budgets per page as first loaded on a phone (no scrolling). Time is not budgeted: this
# machine is shared; requests and bytes do not depend on its load.
MAX_REQUESTS = 12
MAX_BYTES = 400_000


@pytest.fixture
def site(home):
    with time_machine.travel(NOW, tick=True):
        yield build_public_site(home)


def test_every_public_page_type_passes_axe_at_phone_and_desktop_size(page, site, site_url):
    problems = {}
    for name, path in site.items():
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            response = page.goto(site_url(path))
            expected = 404 if name == "not found" else 200
            assert response.status == expected, (name, response.status)
            found = axe_violations(page)
            if found:
                problems[f"{name} @ {label}"] = found
        screenshot(page, "public pages", name)
    assert problems == {}


def test_public_pages_stay_within_their_request_and_byte_budget(page, site, site_url):
    page.set_viewport_size(PHONE)
    over = {}
    for name, path in site.items():
        page.goto(site_url(path))
        measured = weight(page)
        if measured["requests"] > MAX_REQUESTS or measured["bytes"] > MAX_BYTES:
            over[name] = measured
    assert over == {}


def test_photos_come_as_webp_to_a_browser_that_takes_it(page, site, site_url):
    page.goto(site_url(site["press release"]))
    lead = page.locator(".article__lead-image img").first
    lead.wait_for()
    assert page.locator(".article__lead-image picture source[type='image/webp']").count() == 1
    assert lead.evaluate("img => img.currentSrc").endswith(".webp")
    page.goto(site_url(site["album"]))
    grid = page.locator(".album__item img").first
    # A lazy image in view starts loading after the page's load event: wait for it (a
    # broken or missing image never gets a natural width, and the wait times out).
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=grid.element_handle())
    assert grid.evaluate("img => img.currentSrc").endswith(".webp")


def test_keyboard_reaches_the_content_first_with_a_visible_focus(page, site, site_url):
    page.goto(site_url("/"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # moved on screen when focused
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    screenshot(page, "keyboard", "skip link focused")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_programme_week_links_share_one_row_on_a_phone(page, site, site_url):
    page.set_viewport_size(PHONE)
    page.goto(site_url(site["programme"]))
    links = page.locator(".month-nav a")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert [link.split()[0] for link in links.all_inner_texts()] == ["‹", "Bu", "Sonraki"]
    # One row (same top, same height), inside the screen, none squeezed below a tap size.
    assert {box["y"] for box in boxes} == {boxes[0]["y"]}
    assert {box["height"] for box in boxes} == {boxes[0]["height"]}
    assert boxes[-1]["x"] + boxes[-1]["width"] <= PHONE["width"]
    assert min(box["height"] for box in boxes) >= 44
    screenshot(page, "public pages", "programme week links on a phone")
