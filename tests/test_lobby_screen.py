"""The lobby screen ("Bilgi ekranı") a service building's display shows: today's events
still to come and tomorrow's, the latest valid announcements and the newest album's
cover, cycled by CSS and reloaded by the page itself, with no script."""

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from events.models import LobbyScreenPage
from events.rules import CANCELLED
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index
from tests.factories.cms import publish_child
from tests.factories.events import EventCategoryFactory, add_event, at, calendar_page
from tests.factories.press import AnnouncementFactory, AnnouncementIndexFactory, publish_item

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00", tick=False)]


@pytest.fixture
def screen(home):
    calendar = calendar_page(home)
    concert = EventCategoryFactory(name="Konser")
    talk = EventCategoryFactory(name="Söyleşi")
    add_event(
        calendar,
        title="Sabah yürüyüşü",
        start=at(2027, 3, 2, 7),
        end=at(2027, 3, 2, 8),
        category=concert,
    )
    add_event(
        calendar,
        title="Şiir dinletisi",
        start=at(2027, 3, 2, 9, 30),
        end=at(2027, 3, 2, 11),
        category=concert,
    )
    add_event(
        calendar,
        title="Halk konseri",
        start=at(2027, 3, 2, 20),
        end=at(2027, 3, 2, 22),
        category=concert,
    )
    add_event(
        calendar,
        title="İptal edilen konser",
        start=at(2027, 3, 2, 18),
        end=at(2027, 3, 2, 19),
        category=concert,
        status=CANCELLED,
    )
    add_event(
        calendar,
        title="Yazar söyleşisi",
        start=at(2027, 3, 2, 15),
        end=at(2027, 3, 2, 16),
        category=talk,
    )
    add_event(
        calendar,
        title="Çocuk tiyatrosu",
        start=at(2027, 3, 3, 14),
        end=at(2027, 3, 3, 15),
        category=concert,
    )
    add_event(
        calendar,
        title="Gelecek hafta",
        start=at(2027, 3, 9, 14),
        end=at(2027, 3, 9, 15),
        category=concert,
    )

    notices = publish_child(home, AnnouncementIndexFactory())
    publish_item(
        notices,
        AnnouncementFactory,
        title="Su kesintisi",
        summary="Perşembe 09.00–13.00",
        date=dt.date(2027, 3, 1),
        valid_until=dt.date(2027, 3, 4),
    )
    publish_item(
        notices,
        AnnouncementFactory,
        title="Eski duyuru",
        date=dt.date(2027, 2, 1),
        valid_until=dt.date(2027, 2, 28),
    )
    publish_item(notices, AnnouncementFactory, title="Vergi takvimi", date=dt.date(2027, 2, 20))

    archive = archive_index(home)
    cover = ArchivePhotoFactory(
        title="Meydan", credit_line="Ayşe Yılmaz", file_kwargs={"size": (2400, 1600)}
    )
    album_with(archive, [cover], title="Bahar şenliği", date=dt.date(2027, 2, 27), cover=cover)
    withdrawn = ArchivePhotoFactory(do_not_use=True)
    album_with(
        archive, [withdrawn], title="Geri çekilen", date=dt.date(2027, 3, 1), cover=withdrawn
    )

    page = LobbyScreenPage(
        title="Hizmet binası girişi",
        calendar=calendar,
        announcements=notices,
        announcement_count=3,
        photo_archive=archive,
        slide_seconds=12,
        refresh_minutes=5,
    )
    page.event_categories = [concert]
    return publish_child(home, page)


def slides(response):
    html = BeautifulSoup(response.content, "html.parser")
    return html, html.select(".lobby__slide")


def test_the_screen_shows_what_is_left_of_today_tomorrow_announcements_and_a_photo(client, screen):
    response = client.get(screen.url)
    assert response.status_code == 200
    html, shown = slides(response)
    assert [slide.h2.get_text(" ", strip=True) for slide in shown] == [
        "Bugün · 2 Mart Salı",
        "Yarın · 3 Mart Çarşamba",
        "Duyuru",
        "Duyuru",
        "Bahar şenliği",
    ]
    today = [(li.time.text, li.strong.text) for li in shown[0].select("li")]
    # The morning walk is over, the cancelled concert and the talk (another category) left out.
    assert today == [("09:30", "Şiir dinletisi"), ("20:00", "Halk konseri")]
    assert [li.strong.text for li in shown[1].select("li")] == ["Çocuk tiyatrosu"]
    assert "Su kesintisi" in shown[2].text and "4 Mart 2027 tarihine kadar geçerli" in shown[2].text
    assert "Vergi takvimi" in shown[3].text
    assert "Eski duyuru" not in response.content.decode()
    # The newer album's cover may not be shown: the older album's is.
    assert "Geri çekilen" not in response.content.decode()
    picture = shown[4].img
    assert int(picture["width"]) == 1350 and int(picture["height"]) == 900
    assert "Ayşe Yılmaz" in shown[4].text
    assert html.select_one(".lobby__updated").text == "Güncelleme: 2 Mart 2027, 10:00"


def test_it_cycles_and_reloads_without_a_script(client, screen):
    response = client.get(screen.url)
    html, shown = slides(response)
    assert html.find("script") is None
    assert html.select_one('meta[http-equiv="refresh"]')["content"] == "300"
    main = html.select_one("main")
    assert set(main["class"]) == {"lobby", "lobby--n5", "lobby--s12"}
    css = (Path(settings.BASE_DIR) / "static/css/lobby.css").read_text()
    # The classes the page carries exist: five slides of 12 seconds cycle in a minute,
    # the fifth starting 48 seconds in.
    assert re.search(r"\.lobby--n5\.lobby--s12 \.lobby__slide \{ animation-duration: 60s; \}", css)
    assert ".lobby--s12 .lobby__slide:nth-child(5) { animation-delay: 48s; }" in css
    assert "max-age=300" in response["Cache-Control"]


def test_an_empty_screen_still_says_so(client, home):
    page = publish_child(home, LobbyScreenPage(title="Boş ekran"))
    html, shown = slides(client.get(page.url))
    assert [slide.select_one("p").text for slide in shown] == ["Etkinlik yok.", "Etkinlik yok."]


@pytest.mark.indexed
def test_the_screen_is_not_in_site_search(client, screen):
    response = client.get("/ara/", {"q": "Hizmet binası"})
    assert "Hizmet binası girişi" not in response.content.decode()
    assert "noindex" in client.get(screen.url).content.decode()
