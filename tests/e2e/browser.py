"""What the browser tests share: the Debian chromium, the two viewports, screenshots of
every step, axe-core and the page weight read from the browser."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screenshots"

# WCAG 2.1 A and AA rules; the bar is no serious or critical violation.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}
_axe = Axe()


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def screenshot(page, folder, name):
    """Full-page screenshots at the phone and the desktop size; the page is left at the
    size it had. Lazy images are scrolled into view first so the picture is complete."""
    target = SCREENSHOTS / slug(folder)
    target.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    paths = []
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.evaluate(
            "() => document.querySelectorAll('img[loading=lazy]')"
            ".forEach(img => img.loading = 'eager')"
        )
        page.wait_for_load_state("load")
        path = target / f"{slug(name)}-{label}.png"
        page.screenshot(path=path, full_page=True)
        paths.append(path)
    page.set_viewport_size(before)
    return paths


# Known violations in Wagtail's own widgets that Kalem cannot fix from its templates:
# Draftail's rich text box (a contenteditable with class "notranslate") has no accessible
# name. Listed here, by rule and element, so anything else still fails.
WAGTAIL_KNOWN = {("aria-input-field-name", ".notranslate")}


def axe_violations(page):
    """Serious and critical WCAG 2.1 AA violations on the page, as readable lines."""
    result = _axe.run(page, options=AXE_OPTIONS).response
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']} {rule['help']}"
        for rule in result["violations"]
        if rule["impact"] in BLOCKING
        for node in rule["nodes"]
        if (rule["id"], node["target"][-1]) not in WAGTAIL_KNOWN
    ]


WEIGHT_SCRIPT = """() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const size = entry => entry.transferSize || entry.encodedBodySize || 0;
    return {
        requests: 1 + resources.length,
        bytes: size(navigation) + resources.reduce((sum, entry) => sum + size(entry), 0),
        images: resources.filter(entry => entry.initiatorType === 'img').map(entry => entry.name),
    };
}"""


def weight(page):
    """Requests and bytes the browser fetched for the page as loaded (lazy images below
    the fold are not fetched, as for a reader who does not scroll)."""
    page.wait_for_load_state("load")
    return page.evaluate(WEIGHT_SCRIPT)


class Journey:
    """Numbered steps of one user journey, each screenshotted at both sizes."""

    def __init__(self, page, name):
        self.page, self.name, self.number = page, name, 0

    def step(self, description):
        self.number += 1
        screenshot(self.page, self.name, f"{self.number:02}-{description}")


def tab_to(page, locator, limit=60):
    """Press Tab until `locator` has the focus (as a keyboard user would), check the focus
    is visible (an outline or a box shadow), and return the locator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            style = locator.evaluate(
                "element => { const s = getComputedStyle(element);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
            )
            outline_style, outline_width, shadow = style
            assert (outline_style != "none" and outline_width != "0px") or shadow != "none", (
                "focus not visible",
                style,
            )
            return locator
    raise AssertionError(f"Tab never reached {locator}")


def submit(locator):
    """Click a submit button and wait for the page the form leads to. Waiting for "load"
    after the click returns at once (the old page is loaded), so the next step would race
    the form's own navigation and one of them be aborted (net::ERR_ABORTED)."""
    with locator.page.expect_navigation():
        locator.click()


def log_in(page, base_url, username, password="test-password", submit_by_click=False):
    """Wagtail's login form, by keyboard (by click where JavaScript is off)."""
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    if submit_by_click:
        page.locator("button[type=submit]").click()
    else:
        page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/admin/")


def fill_date(page, selector, value):
    """Type a date into a Wagtail date field and close its picker. The picker opens 100 ms
    after the field takes the focus; filled faster than that and left at once, it opens
    after the focus has gone and stays open over the buttons below (seen in CI: the
    picker's day cells took the click meant for "Taslağı kaydet")."""
    field = page.locator(selector)
    field.fill(value)
    picker = page.locator(".xdsoft_datetimepicker >> visible=true")
    picker.wait_for()
    field.press("Tab")  # the picker closes on Tab and on blur
    picker.wait_for(state="detached")
