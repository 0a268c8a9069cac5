"""Bad input in the browser: with JavaScript off a form is still checked on the server,
with a Turkish message beside the field; a double-clicked save makes one page.

(Wagtail's page editor itself needs JavaScript: its StreamFields post nothing without it.)"""

import pytest
import time_machine

from cms.roles import CLERK, PRESS
from events.models import Appointment
from press.models import PressReleasePage
from tests.e2e.browser import Journey, fill_date, log_in, submit
from tests.e2e.site import NOW
from tests.factories.cms import publish_child
from tests.factories.press import PressReleaseIndexFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def releases(home, user_with_role):
    user_with_role(PRESS, username="basin")
    return publish_child(home, PressReleaseIndexFactory())


def originals(title):
    # The English tree gets an alias of every new page; count the pages written.
    return PressReleasePage.objects.filter(title=title, alias_of__isnull=True)


def test_without_javascript_an_appointment_ending_before_it_starts_is_refused_beside_the_field(
    browser, user_with_role, site_url
):
    user_with_role(CLERK, username="evrak")
    context = browser.new_context(java_script_enabled=False, locale="tr-TR")
    page = context.new_page()
    with time_machine.travel(NOW, tick=True):
        log_in(page, site_url(), "evrak", submit_by_click=True)
        page.goto(site_url("/admin/events/appointments/add/"))
        page.fill("#id_visitor", "Ali Veli")
        page.fill("#id_subject", "Tanışma")
        page.fill("#id_start", "24.11.2026 11:00")
        page.fill("#id_end", "24.11.2026 10:00")
        page.fill("#id_place", "Makam")
        page.fill("#id_requested_by", "Özel Kalem")
        submit(page.locator("button[type=submit]").filter(has_text="Kaydet").first)
        Journey(page, "bad input without javascript").step("appointment ends before it starts")
        error = page.locator("[data-field-wrapper]:has(#id_end) .error-message")
        assert "Bitiş" in error.inner_text()
        assert page.locator("#id_visitor").input_value() == "Ali Veli"
        assert not Appointment.objects.filter(visitor="Ali Veli").exists()
    context.close()


def test_double_clicking_save_draft_makes_one_page(page, releases, site_url):
    with time_machine.travel(NOW, tick=True):
        log_in(page, site_url(), "basin")
        page.goto(site_url(f"/admin/pages/add/press/pressreleasepage/{releases.pk}/"))
        page.fill("#id_title", "Bir kez kaydedilen")
        fill_date(page, "#id_date", "24.11.2026")
        page.fill("#id_summary", "Özet.")
        page.get_by_role("button", name="Taslağı kaydet").dblclick()
        page.wait_for_url("**/edit/")
        Journey(page, "bad input double click").step("saved once")
        assert originals("Bir kez kaydedilen").count() == 1


def test_without_javascript_the_page_editor_answers_a_wrong_date_beside_the_field(
    browser, releases, site_url
):
    context = browser.new_context(java_script_enabled=False, locale="tr-TR")
    page = context.new_page()
    journey = Journey(page, "bad input page editor without javascript")
    with time_machine.travel(NOW, tick=True):
        log_in(page, site_url(), "basin", submit_by_click=True)
        page.goto(site_url(f"/admin/pages/add/press/pressreleasepage/{releases.pk}/"))
        page.fill("#id_title", "Yazısız kaydedilen")
        page.fill("#id_date", "31.02.2026")
        page.fill("#id_summary", "Özet.")
        response = None
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Taslağı kaydet").click()
        response = navigation.value
        journey.step("wrong date refused")
        # Wagtail's StreamFields post nothing without JavaScript: a form, not a 500.
        assert response.status == 200
        error = page.locator("[data-field-wrapper]:has(#id_date) .error-message")
        assert "Geçerli bir tarih girin." in error.inner_text()
        assert "Sayfa oluşturulamadı" in page.locator(".messages").inner_text()
        assert page.locator("#id_title").input_value() == "Yazısız kaydedilen"
        assert originals("Yazısız kaydedilen").count() == 0

        page.fill("#id_date", "24.11.2026")
        submit(page.get_by_role("button", name="Taslağı kaydet"))
        journey.step("saved once corrected")
        assert originals("Yazısız kaydedilen").get().slug == "yazisiz-kaydedilen"
    context.close()
