"""What the browser tests share: the Debian chromium, the two viewports, screenshots of
every step, axe-core and the page weight read from the browser."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

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


UNROLL_ADMIN = """unroll => document.querySelectorAll('.wrapper, .content-wrapper')
    .forEach(element => { element.style.height = unroll ? 'auto' : ''; })"""

CUT_OFF_SCRIPT = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = element => {
        for (let box = element.parentElement; box; box = box.parentElement) {
            const overflow = getComputedStyle(box).overflowX;
            if (overflow === 'auto' || overflow === 'scroll') return true;
        }
        return false;
    };
    const transparent = element => {
        for (let box = element; box; box = box.parentElement) {
            if (getComputedStyle(box).opacity === '0') return true;
        }
        return false;
    };
    const found = [];
    for (const element of document.querySelectorAll('body *')) {
        const box = element.getBoundingClientRect();
        // Straddles the right edge, or the left one (what lies wholly off screen is
        // put away on purpose: an off-canvas menu, a skip link).
        const right = box.left < width && box.right > width + 1;
        const left = box.left < -1 && box.right > 0;
        if (box.width <= 1 || !(right || left)) continue;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        // Transparent, so nothing to see cut off: Wagtail's "choose a file" input, laid
        // over its button and far wider than it.
        if (transparent(element)) continue;
        // Off screen by design: the closed sidebar and dropdowns, Wagtail's folded
        // minimap and the comment buttons in the editor's right-hand gutter; and
        // Draftail's rich text box, Wagtail's widget (see WAGTAIL_KNOWN).
        const away = '[hidden], [aria-hidden=true], .sidebar, .w-dropdown__content,'
            + ' .w-minimap, .w-field__comment-button, .Draftail-Editor';
        // A decorative icon is hidden from screen readers (aria-hidden), not from the eye:
        // it is checked unless what holds it is away (a title's icon, pulled left of the
        // title, was cut at a phone's left edge).
        const icon = element.matches('svg.icon');
        if ((icon ? element.parentElement : element).closest(away)) continue;
        // A box that scrolls sideways shows the rest on demand (a wide table), but not
        // Wagtail's slim header: the end of a long title, and the buttons after it, went
        // out of sight there with no scroll bar to say so.
        if (scrolls(element) && !element.closest('.w-slim-header')) continue;
        const classes = [...element.classList].slice(0, 2).map(name => '.' + name).join('');
        const where = right
            ? `ends at ${Math.round(box.right)}px`
            : `starts at ${Math.round(box.left)}px`;
        found.push(`${element.tagName.toLowerCase()}${classes} ${where}`);
    }
    return found;
}"""


def cut_off(page):
    """Elements that run past the right or the left edge of the screen where nothing
    scrolls them into view: on a phone their end (or their start) is simply cut off
    (Wagtail's body hides the overflow). A table in a box that scrolls sideways is fine;
    a title in the header that scrolls sideways is not."""
    return page.evaluate(CUT_OFF_SCRIPT)


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
        # Wagtail's admin scrolls inside a screen-high .wrapper, so a "full page" shot
        # stopped at the first screen; let it grow for the shot, then put it back.
        page.evaluate(UNROLL_ADMIN, True)
        # Transitions run to their end first: the shot just after the resize from the
        # desktop size caught Wagtail's sidebar halfway through folding away, the
        # admin's content pushed 30 to 160 px right on the phone shots.
        page.screenshot(path=path, full_page=True, animations="disabled")
        page.evaluate(UNROLL_ADMIN, False)
        paths.append(path)
    page.set_viewport_size(before)
    return paths


# Known violations in Wagtail's own widgets that Kalem cannot fix from its templates:
# Draftail's rich text box (a contenteditable with class "notranslate") has no accessible
# name, nor has the typing box jQuery tag-it draws for a tags field (the video form's);
# the field itself is labelled. Listed here, by rule and element, so anything else still
# fails.
WAGTAIL_KNOWN = {("aria-input-field-name", ".notranslate"), ("label", ".ui-autocomplete-input")}


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
    is visible, and return the locator. Visible is checked twice: the computed style has
    an outline or a box shadow, and a screenshot of the element and its surroundings
    differs from one taken with the focus moved away (Shift+Tab) and back (Tab). Where
    the last step left the focus on `locator` already (Tab out of the field before it),
    no Tab is pressed."""
    # One look-up of the element, not one per Tab: a long form takes dozens of presses.
    target = locator.element_handle()
    for presses in range(limit + 1):
        if presses:
            page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            style = locator.evaluate(
                "element => { const s = getComputedStyle(element);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
            )
            outline_style, outline_width, shadow = style
            assert (outline_style != "none" and outline_width != "0px") or shadow != "none", (
                "focus not visible",
                style,
            )
            focused = around(page, locator)
            page.keyboard.press("Shift+Tab")
            unfocused = around(page, locator)
            page.keyboard.press("Tab")
            assert locator.evaluate("element => element === document.activeElement")
            assert focused != unfocused, ("focus not visible on screen", locator)
            return locator
    raise AssertionError(f"Tab never reached {locator}")


def around(page, locator, margin=6):
    """A screenshot of the element with a margin for its focus outline."""
    locator.scroll_into_view_if_needed()
    box = _still_box(page, locator)
    size = page.viewport_size
    left, top = max(box["x"] - margin, 0), max(box["y"] - margin, 0)
    clip = {
        "x": left,
        "y": top,
        "width": min(box["width"] + 2 * margin, size["width"] - left),
        "height": min(box["height"] + 2 * margin, size["height"] - top),
    }
    return page.screenshot(clip=clip, animations="disabled")


def follow(page, locator, key="Enter"):
    """Tab to a link or button and press Enter (Space for a button, if asked), then wait
    for the page it leads to (see `submit`: the next step would race the navigation)."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press(key)


def pick(page, locator, label):
    """Tab to a drop-down list and type the start of an option's label: a closed list
    takes the option that starts so, as for a keyboard user."""
    tab_to(page, locator)
    page.keyboard.type(label)


def type_into(page, locator, text):
    """Tab to a text field, select what it holds and type over it."""
    tab_to(page, locator)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def type_date(page, locator, value):
    """Tab to a Wagtail date field, type the date and leave it with Tab. The field's own
    picker (jQuery keeps it with the field) opens 100 ms after the focus: it is waited for
    before typing, and Tab closes it; the next date field's picker may open meanwhile."""
    tab_to(page, locator)
    picker = locator.evaluate_handle(
        "field => window.jQuery(field).data('xdsoft_datetimepicker').get(0)"
    ).as_element()
    picker.wait_for_element_state("visible")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(value)
    page.keyboard.press("Tab")
    picker.wait_for_element_state("hidden")


def choose(page, field, text):
    """Wagtail's chooser beside `field`, by keyboard: Enter on its button opens the
    modal, Tab goes down its list to the row showing `text`, Enter chooses it."""
    button = page.locator(f"[data-field-wrapper]:has(#id_{field}) [data-chooser-action-choose]")
    tab_to(page, button).press("Enter")
    # The modal takes the focus once it has faded in; Tab pressed before that leaves it
    # behind on the page.
    page.wait_for_function(
        "() => document.querySelector('.modal.in')?.contains(document.activeElement)"
    )
    modal = page.locator(".modal-dialog")
    tab_to(page, modal.locator("a[data-chooser-modal-choice]", has_text=text)).press("Enter")
    modal.wait_for(state="hidden")
    # The focus stays beside the choice (on the chooser's actions), not back at the top.
    page.wait_for_function(
        "() => document.activeElement.closest('.chooser') !== null", timeout=5_000
    )


def more_actions(page, name):
    """The editor footer's "more actions" menu, by keyboard: Enter opens it, Tab goes to
    the action, Enter takes it and the page it leads to is waited for."""
    tab_to(page, page.locator("footer").get_by_role("button", name="Daha fazla eylem"))
    page.keyboard.press("Enter")
    follow(page, page.locator(f"button[name={name}]"))


AUTOSAVE_STATE = """() => {
    const form = document.querySelector('#page-edit-form');
    const indicator = document.querySelector('#w-autosave-indicator');
    return {
        action: form.getAttribute('action'),
        state: indicator?.getAttribute('data-w-autosave-state-value') ?? null,
        edits: form.getAttribute('data-w-unsaved-has-edits-value'),
        reason: document.querySelector('#kalem-autosave-reason')?.textContent ?? '',
    };
}"""


WATCH_EDITS = """document.addEventListener('w-unsaved:watch-edits',
    () => document.documentElement.setAttribute('data-watching-edits', ''));"""


def open_editor(page, url):
    """Open a Wagtail editor and wait until it watches for edits: Wagtail takes the form's
    starting state two seconds after the page loads (its w-unsaved controller, then
    "w-unsaved:watch-edits"), and what is typed before that counts as the starting state
    and is never autosaved."""
    page.add_init_script(WATCH_EDITS)
    page.goto(url)
    page.locator("html[data-watching-edits]").wait_for(state="attached")


def autosaved(page):
    """Wait until Wagtail's autosave has made the new page and is not saving: the form
    posts to the page's edit address, no longer to the create one. The first autosave
    after an edit creates the page; a submit sent before that lands posts to the create
    address and is refused (the slug is taken by the page the autosave made), and the
    browser stays on the form (seen once in CI under heavy load: the explorer the test
    waited for never came). Open the editor with `open_editor`, or nothing typed may be
    autosaved."""
    try:
        page.wait_for_function(
            f"""() => {{
                const now = ({AUTOSAVE_STATE})();
                return /^\\/admin\\/pages\\/\\d+\\/edit\\//.test(now.action)
                    && now.state === 'saved';
            }}"""
        )
    except PlaywrightTimeoutError:
        raise AssertionError(("autosave never finished", page.evaluate(AUTOSAVE_STATE))) from None


def select_tab(page, name):
    """Select an editor tab by keyboard: Tab reaches the tab list's selected tab (the
    others are out of the Tab order), the arrow keys move to `name` and select it."""
    tabs = page.get_by_role("tab")
    names = [tab.inner_text().strip() for tab in tabs.all()]
    selected = tabs.and_(page.locator("[aria-selected=true]"))
    tab_to(page, selected)
    for _ in range(names.index(name) - names.index(selected.inner_text().strip())):
        page.keyboard.press("ArrowRight")
    target = page.get_by_role("tab", name=name)
    # Wagtail moves the focus and shows the panel once the key has been handled.
    expect(target).to_be_focused()
    expect(target).to_have_attribute("aria-selected", "true")
    return target


def _still_box(page, locator):
    """The element's box once it has stopped moving: Wagtail's admin scrolls smoothly to
    the element the focus moved to, and a screenshot taken meanwhile catches it on the way
    (the two shots `tab_to` compares then differ, or not, by where the scroll had got)."""
    box = locator.bounding_box()
    for _ in range(50):
        page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 16)))"
        )
        again = locator.bounding_box()
        if again == box:
            break
        box = again
    return box


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
