"""The lobby screen in the browser, on a 1920 × 1080 display and a phone: no serious or
critical axe violation, and its CSS turns the slides one after another."""

import datetime as dt

import pytest
import time_machine

from events.models import LobbyScreenPage
from tests.e2e.browser import PHONE, axe_violations, screenshot
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import publish_child
from tests.factories.events import add_event, at, calendar_page
from tests.factories.press import AnnouncementFactory, AnnouncementIndexFactory, publish_item

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOW = at(2026, 11, 24, 10)
DISPLAY = {"width": 1920, "height": 1080}


@pytest.fixture
def screen(home):
    with time_machine.travel(NOW, tick=True):
        calendar = calendar_page(home)
        add_event(
            calendar, title="Halk konseri", start=at(2026, 11, 24, 20), end=at(2026, 11, 24, 22)
        )
        add_event(
            calendar, title="Çocuk tiyatrosu", start=at(2026, 11, 25, 14), end=at(2026, 11, 25, 15)
        )
        notices = publish_child(home, AnnouncementIndexFactory())
        publish_item(
            notices,
            AnnouncementFactory,
            title="Su kesintisi",
            summary="Perşembe 09.00–13.00",
            valid_until=dt.date(2026, 11, 27),
        )
        archive = archive_index(home)
        cover = ArchivePhotoFactory(
            title="Meydan", credit_line="Ayşe Yılmaz", file_kwargs={"size": (1800, 1200)}
        )
        album_with(archive, [cover], title="Bahar şenliği", cover=cover)
        page = LobbyScreenPage(
            title="Hizmet binası girişi",
            calendar=calendar,
            announcements=notices,
            photo_archive=archive,
            slide_seconds=8,
        )
        yield publish_child(home, page)


def visible_slide(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('.lobby__slide')]
            .filter(slide => getComputedStyle(slide).opacity === '1')
            .map(slide => slide.querySelector('h2').textContent.trim())"""
    )


def test_the_lobby_screen_passes_axe_on_a_display_and_a_phone(page, screen, site_url):
    # Except axe's meta-refresh rule: reloading itself is what an unattended display in a
    # building is for (WCAG 2.2.1's "essential" exception); it holds no form, and it
    # says when it was last updated (docs/decisions.md, "Lobby screen").
    with time_machine.travel(NOW, tick=True):
        for label, size in (("display", DISPLAY), ("phone", PHONE)):
            page.set_viewport_size(size)
            assert page.goto(site_url(screen.url)).status == 200
            found = [line for line in axe_violations(page) if not line.startswith("meta-refresh")]
            assert found == [], label
            screenshot(page, "lobby screen", label)


def test_the_slides_turn_by_css_alone(page, screen, site_url):
    with time_machine.travel(NOW, tick=True):
        page.set_viewport_size(DISPLAY)
        page.goto(site_url(screen.url))
    assert page.evaluate("document.scripts.length") == 0
    slides = ["Bugün · 24 Kasım Salı", "Yarın · 25 Kasım Çarşamba", "Duyuru", "Bahar şenliği"]
    # Each animation is moved to a moment of the cycle instead of waiting for it.
    for number, heading in enumerate(slides):
        page.evaluate(
            "ms => document.getAnimations().forEach(a => { a.pause(); a.currentTime = ms; })",
            number * 8000 + 4000,
        )
        assert visible_slide(page) == [heading]
        screenshot(page, "lobby screen", f"slide {number + 1}")
