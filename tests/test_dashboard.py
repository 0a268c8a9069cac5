"""The Müdür's dashboard: approvals, deadlines, today's programme and the latest
clippings, each with a Turkish sentence when empty; Wagtail's counts said in Turkish."""

import pytest
import time_machine
from bs4 import BeautifulSoup

from cms.roles import HEAD, PRESS
from press.models import Tone
from tests.factories.cms import StandardPageFactory
from tests.factories.events import AppointmentFactory, at
from tests.factories.press import PressClippingFactory

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(soup, name):
    heading = soup.select_one(f"#panel-{name}-heading")
    return heading.find_parent("section") if heading else None


def test_empty_dashboard_says_so_in_turkish_in_every_panel(client, user_with_role):
    soup = dashboard(client, user_with_role(HEAD))
    assert panel(soup, "kalem_approvals").select_one(".kalem-panel__empty").text == (
        "Onayınızı bekleyen sayfa, tekzip ya da yazı yok."
    )
    assert "Başkanın bugün programında kayıt yok." in panel(soup, "events_today").text
    assert "Henüz basın kupürü kaydedilmedi." in panel(soup, "press_clippings").text
    assert "Önümüzdeki yedi gün içinde dolan tekzip süresi yok." in soup.text
    summary = " ".join(soup.select_one("header").get_text(" ", strip=True).split())
    assert "0 belge" in summary
    assert "Documents" not in soup.text and "içinde oluşturuldu" not in soup.text


def test_dashboard_shows_todays_appointments_and_latest_clippings_with_tone(client, user_with_role):
    AppointmentFactory(start=at(2026, 11, 24, 9), end=at(2026, 11, 24, 10), visitor="Ayşe Kara")
    AppointmentFactory(start=at(2026, 11, 25, 9), end=at(2026, 11, 25, 10), visitor="Yarınki")
    PressClippingFactory(headline="Olumsuz haber", tone=Tone.NEGATIVE)
    PressClippingFactory(headline="Olumlu haber", tone=Tone.POSITIVE)
    with time_machine.travel(at(2026, 11, 24, 8), tick=False):
        soup = dashboard(client, user_with_role(HEAD))
    today = panel(soup, "events_today").get_text(" ", strip=True)
    assert "09:00–10:00 Ayşe Kara" in today
    assert "Yarınki" not in today
    clippings = [li.get_text(" ", strip=True) for li in panel(soup, "press_clippings").select("li")]
    assert sorted(text.split(" ")[:3] for text in clippings) == [
        ["Olumlu", "Olumlu", "haber"],
        ["Olumsuz", "Olumsuz", "haber"],
    ]


def test_a_submitted_page_waits_in_the_head_of_offices_approvals(client, user_with_role, home):
    writer = user_with_role(PRESS)
    page = StandardPageFactory(title="Onaya gelen sayfa")
    home.add_child(instance=page)
    page.save_revision(user=writer)
    workflow = page.get_workflow()
    workflow.start(page, writer)
    soup = dashboard(client, user_with_role(HEAD))
    assert panel(soup, "kalem_approvals") is None  # Wagtail's list with its buttons instead
    waiting = soup.select_one("#awaiting-review-section")
    assert "Onaya gelen sayfa" in waiting.text
    # Press staff do not approve: no approvals panel and no empty sentence for them.
    soup = dashboard(client, writer)
    assert panel(soup, "kalem_approvals") is None
    assert "Onayınızı bekleyen" not in soup.text
