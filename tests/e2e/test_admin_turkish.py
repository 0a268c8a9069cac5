"""Kalem's admin speaks Turkish where Wagtail's catalogues stop: the autosave indicator,
the button that sends a page to the Müdür (Wagtail's Turkish had "Gönderildi …", "sent")
and the editor's script-drawn buttons ("Collapse all")."""

import pytest
import time_machine

from cms.roles import PRESS
from tests.e2e.browser import Journey, log_in
from tests.e2e.site import NOW
from tests.factories.cms import publish_child
from tests.factories.press import PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_autosave_pause_and_the_editor_buttons_read_in_turkish(
    page, home, user_with_role, site_url
):
    user_with_role(PRESS, username="basin")
    with time_machine.travel(NOW, tick=True):
        releases = publish_child(home, PressReleaseIndexFactory())
        release = publish_item(releases, title="Otomatik kaydedilemeyen")
        journey = Journey(page, "admin in turkish")
        log_in(page, site_url(), "basin")
        page.goto(site_url(f"/admin/pages/{release.pk}/edit/"))
        page.get_by_role("button", name="Tümünü daralt").wait_for()
        # The indicator's three states are in the page from the start; the paused one
        # shows when an autosave is refused.
        paused = page.locator("#w-autosave-indicator .w-autosave-indicator__state--paused")
        assert paused.text_content().strip() == "Otomatik kaydetme duraklatıldı"
        page.locator("footer").get_by_role("button", name="Daha fazla eylem").click()
        submit_button = page.locator("button[name=action-submit]")
        assert submit_button.inner_text().strip() == "Müdür onayı için gönder"
        journey.step("editor buttons and autosave text")
