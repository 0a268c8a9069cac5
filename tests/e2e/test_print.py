"""Journalists print press releases and the mayor's programme: the printout has the
content and the address, not the site's navigation, search or share links."""

import pytest
import time_machine

from tests.e2e.browser import SCREENSHOTS
from tests.e2e.site import NOW, build_public_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def printed(page, url):
    page.goto(url)
    page.emulate_media(media="print")

    def shown(selector):
        return page.locator(selector).first.evaluate(
            "element => getComputedStyle(element).display !== 'none'"
        )

    return shown


def test_press_release_and_programme_print_without_navigation(page, home, site_url):
    with time_machine.travel(NOW, tick=True):
        site = build_public_site(home)
        shown = printed(page, site_url(site["press release"]))
        assert shown("h1") and shown(".article__lead-image")
        for chrome in [".site-header", ".site-footer", ".breadcrumbs", ".share", ".tags"]:
            assert not shown(chrome), chrome
        assert shown(".print-only")
        # The canonical address (the site's own host name), printed at the foot.
        assert (
            page.locator(".print-only").inner_text().endswith("localhost" + site["press release"])
        )
        (SCREENSHOTS / "print").mkdir(parents=True, exist_ok=True)
        page.pdf(path=SCREENSHOTS / "print" / "press-release.pdf", format="A4")

        shown = printed(page, site_url(site["programme"]))
        assert shown(".programme-day")
        for chrome in [".site-header", ".events-nav", ".month-nav"]:
            assert not shown(chrome), chrome
        assert "Muhtarlar toplantısı" in page.locator("main").inner_text()
        page.pdf(path=SCREENSHOTS / "print" / "programme.pdf", format="A4")
