"""Kalem's admin speaks Turkish where Wagtail's catalogues stop: the autosave indicator,
the button that sends a page to the Müdür (Wagtail's Turkish had "Gönderildi …", "sent")
and the editor's script-drawn buttons ("Collapse all"). When autosave pauses, the editor
reads why in Turkish above the form (not only in a tooltip) and loses nothing typed."""

import pytest
import time_machine
from playwright.sync_api import expect

from cms.roles import PRESS
from press.models import PressReleasePage
from tests.e2e.browser import Journey, log_in
from tests.e2e.site import NOW
from tests.factories.cms import publish_child
from tests.factories.press import PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUMMARY = "Sahil yolu hafta sonu trafiğe kapalı olacak."


def test_autosave_pause_and_the_editor_buttons_read_in_turkish(
    page, home, user_with_role, site_url
):
    user_with_role(PRESS, username="basin")
    with time_machine.travel(NOW, tick=True):
        releases = publish_child(home, PressReleaseIndexFactory())
        release = publish_item(releases, title="Otomatik kaydedilemeyen")
        journey = Journey(page, "admin in turkish")
        log_in(page, site_url(), "basin")
        # Wagtail takes the form's starting state a moment after the page loads (its
        # w-unsaved controller, then "w-unsaved:watch-edits"); text typed before that
        # counts as the starting state and is never autosaved. Wait for the event.
        page.add_init_script(
            "document.addEventListener('w-unsaved:watch-edits',"
            " () => document.documentElement.setAttribute('data-watching-edits', ''));"
        )
        page.goto(site_url(f"/admin/pages/{release.pk}/edit/"))
        page.get_by_role("button", name="Tümünü daralt").wait_for()
        expect(page.locator("html[data-watching-edits]")).to_have_count(1, timeout=30_000)
        # The indicator's three states are in the page from the start; the paused one
        # shows when an autosave is refused.
        paused = page.locator("#w-autosave-indicator .w-autosave-indicator__state--paused")
        assert paused.text_content().strip() == "Otomatik kaydetme duraklatıldı"
        page.locator("footer").get_by_role("button", name="Daha fazla eylem").click()
        submit_button = page.locator("button[name=action-submit]")
        assert submit_button.inner_text().strip() == "Müdür onayı için gönder"
        journey.step("editor buttons and autosave text")

        # A page without a title cannot be saved: autosave pauses and says so.
        page.keyboard.press("Escape")
        page.fill("#id_summary", SUMMARY)
        # Autosaved first; a change made while that save is under way would be marked
        # saved with it (Wagtail clears the form's unsaved state on success).
        saved = page.locator(".w-autosave-indicator__state--saved")
        expect(saved).to_be_visible(timeout=30_000)  # a loaded CI machine is slow
        page.fill("#id_title", "")
        reason = page.locator("#kalem-autosave-reason")
        expect(reason).to_be_visible(timeout=30_000)
        expect(reason).to_have_text(
            "Otomatik kaydetme duraklatıldı: Hatalı alanlar var; göstermek için Kaydet "
            "düğmesine basın. Yazdıklarınız bu formda duruyor; sorun giderilince "
            "otomatik kaydetme kendiliğinden sürer."
        )
        expect(paused).to_be_visible()
        expect(page.locator("#id_summary")).to_have_value(SUMMARY)
        journey.step("autosave paused with its reason")

        # The title back: autosave resumes by itself and saves what was typed meanwhile.
        page.fill("#id_title", "Sahil yolu trafiğe kapanıyor")
        expect(reason).to_be_hidden(timeout=30_000)
        expect(saved).to_be_visible()
        draft = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
        assert (draft.title, draft.summary) == ("Sahil yolu trafiğe kapanıyor", SUMMARY)
        journey.step("autosave resumed")
