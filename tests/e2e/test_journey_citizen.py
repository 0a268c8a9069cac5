"""Journey 1, in the browser and by keyboard: a citizen reads the latest announcement and
its share links, finds an event in the month and adds it to the calendar (.ics), reads the
mayor's programme, searches the photo archive for "tören" and downloads a press photo with
its credit inside."""

import io

import pytest
import time_machine
from icalendar import Calendar
from PIL import ExifTags, Image

from tests.e2e.browser import Journey, tab_to
from tests.e2e.site import NOW, build_public_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_citizen_reads_adds_an_event_and_downloads_a_press_photo(page, home, site_url):
    journey = Journey(page, "journey 1 citizen")
    with time_machine.travel(NOW, tick=True):
        site = build_public_site(home)
        page.goto(site_url("/"))
        journey.step("home")
        tab_to(page, page.get_by_role("link", name="Su kesintisi")).press("Enter")
        page.wait_for_url(site_url(site["announcement"]))
        share = page.locator("nav.share a")
        assert share.count() >= 3
        assert "Su%20kesintisi" in share.last.get_attribute("href")
        journey.step("announcement with share links")

        page.goto(site_url(site["events month"]))
        journey.step("events month")
        tab_to(page, page.get_by_role("link", name="Cumhuriyet Bayramı töreni").first).press(
            "Enter"
        )
        page.wait_for_url(site_url(site["event"]))
        journey.step("event")
        add = page.get_by_role("link", name="Takvimime ekle (.ics)")
        with page.expect_download() as download:
            tab_to(page, add).press("Enter")
        event = Calendar.from_ical(download.value.path().read_bytes())
        [vevent] = event.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "Cumhuriyet Bayramı töreni"
        assert vevent.decoded("DTSTART").isoformat() == "2026-11-26T10:00:00+03:00"

        page.goto(site_url(site["programme"]))
        assert "Muhtarlar toplantısı" in page.locator("main").inner_text()
        journey.step("mayor's programme")

        page.goto(site_url(site["photo archive"]))
        tab_to(page, page.locator("#archive-q"))
        page.keyboard.type("tören")
        page.keyboard.press("Enter")
        page.wait_for_url("**?q=*")
        assert "4 fotoğraf bulundu" in page.locator("#results-title").inner_text()
        journey.step("archive search for tören")
        tab_to(page, page.locator(".album__item a").first).press("Enter")
        page.wait_for_url("**/foto/*/")
        journey.step("photo")
        with page.expect_download() as download:
            tab_to(page, page.get_by_role("link", name="Web (1200 piksel)")).press("Enter")
        photo = Image.open(io.BytesIO(download.value.path().read_bytes()))
        assert max(photo.size) == 1200
        artist = photo.getexif()[ExifTags.Base.Artist].encode("latin-1").decode()
        assert artist == "Fotoğraf: Basın Birimi"
