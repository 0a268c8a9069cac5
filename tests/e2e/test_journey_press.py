"""Journey 2, in the browser: press staff write a release with a lead image and submit it;
the Müdür approves it from the dashboard; it appears on the home page listing and in the
feed; the Müdür withdraws it with a reason and readers see the notice."""

import json
import re

import pytest
import time_machine

from cms.roles import HEAD, PRESS
from press.models import PressReleasePage
from tests.e2e.browser import Journey, axe_violations, fill_date, log_in, tab_to
from tests.e2e.site import NOW
from tests.factories.archive import ArchivePhotoFactory
from tests.factories.cms import publish_child
from tests.factories.press import PressReleaseIndexFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Sahil yolu trafiğe açıldı"


@pytest.fixture
def newsroom(home, user_with_role):
    with time_machine.travel(NOW, tick=True):
        releases = publish_child(home, PressReleaseIndexFactory())
        home.body = json.dumps(
            [
                {
                    "type": "listing",
                    "value": {
                        "title": "Son basın açıklamaları",
                        "page_type": "press.pressreleasepage",
                        "limit": 5,
                        "order": "newest",
                        "layout": "cards",
                    },
                }
            ]
        )
        home.save_revision().publish()
        photo = ArchivePhotoFactory(title="Sahil yolu açılışı", file_kwargs={"size": (1600, 1000)})
        yield {
            "releases": releases,
            "photo": photo,
            "writer": user_with_role(PRESS, username="basin"),
            "head": user_with_role(HEAD, username="mudur"),
        }


def test_release_from_draft_to_approval_to_home_page_feed_and_withdrawal(page, newsroom, site_url):
    journey = Journey(page, "journey 2 press release")
    releases = newsroom["releases"]

    log_in(page, site_url(), "basin")
    journey.step("press staff dashboard")
    page.goto(site_url(f"/admin/pages/add/press/pressreleasepage/{releases.pk}/"))
    page.fill("#id_title", TITLE)
    fill_date(page, "#id_date", "24.11.2026")
    page.fill("#id_summary", "Yenilenen sahil yolu bugün trafiğe açıldı.")
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal-dialog a.image-choice").filter(has_text="Sahil yolu açılışı").click()
    page.locator(".modal-dialog").wait_for(state="hidden")
    journey.step("release written with lead image")
    assert axe_violations(page) == []
    page.locator("footer").get_by_role("button", name="Daha fazla eylem").click()
    page.locator("button[name=action-submit]").click()
    # The page is already loaded when the button is clicked: wait for the explorer the
    # editor goes back to, or the next step races the form's own navigation.
    explorer = site_url(f"/admin/pages/{releases.pk}/")
    page.wait_for_url(explorer)
    journey.step("submitted for approval")
    # The English tree gets an alias of every new page; the release is the original.
    release = PressReleasePage.objects.get(title=TITLE, alias_of__isnull=True)
    assert not release.live
    assert release.get_latest_revision().as_object().lead_image == newsroom["photo"]
    assert page.context.request.get(site_url(release.url)).status == 404

    page.context.clear_cookies()
    log_in(page, site_url(), "mudur")
    row = page.locator("#awaiting-review-section tr", has_text=TITLE)
    journey.step("waiting on the head of office's dashboard")
    assert axe_violations(page) == []
    row.get_by_role("button", name="Eylemler").click()
    row.locator("button[data-workflow-action-url]", has_text=re.compile("^Onayla$")).click()
    page.locator("#awaiting-review-section").wait_for(state="detached")
    journey.step("approved from the dashboard")
    release.refresh_from_db()
    assert release.live

    page.goto(site_url("/"))
    card = page.locator(".card", has_text=TITLE)
    tab_to(page, card.get_by_role("link", name=TITLE))
    journey.step("on the home page listing")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url(release.url))
    assert page.locator(".article__lead-image img").evaluate("img => img.naturalWidth") > 0
    journey.step("the release")
    feed = page.context.request.get(site_url(releases.url + "rss/")).text()
    assert f"<title>{TITLE}</title>" in feed

    page.goto(site_url(f"/admin/pages/{release.pk}/edit/"))
    page.get_by_role("tab", name="Değişiklik geçmişi").click()
    page.check("#id_withdrawn")
    page.fill("#id_withdrawal_note", "Açılış tarihi ertelendiği için geri çekildi.")
    journey.step("withdrawing with a reason")
    page.locator("footer").get_by_role("button", name="Daha fazla eylem").click()
    page.locator("button[name=action-publish]").click()
    # Going to the release before the publish's redirect has landed aborts one or the
    # other (net::ERR_ABORTED): wait for the explorer the editor goes back to.
    page.wait_for_url(explorer)

    page.goto(site_url(release.url))
    notice = page.locator(".notice--withdrawn")
    assert "Açılış tarihi ertelendiği için geri çekildi." in notice.inner_text()
    journey.step("public withdrawal notice")
    assert axe_violations(page) == []
    page.goto(site_url("/"))
    assert page.locator(".card", has_text=TITLE).count() == 0
    feed = page.context.request.get(site_url(releases.url + "rss/")).text()
    assert TITLE not in feed
