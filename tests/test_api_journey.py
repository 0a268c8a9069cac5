"""Issue 21's "done when", tried as a new user would: a developer of the municipal app
reads docs/api.md, finds the addresses in the published OpenAPI description and runs the
documented examples (latest announcements with lead image renditions, next month's
events with repeating ones expanded and holidays, an album's photos with credits, a
search); an editor sets up two lobby screens in the admin, each showing what was chosen
for it, cycling without JavaScript."""

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from cms.roles import HEAD, PRESS
from events.models import LobbyScreenPage, OfficialHoliday
from tests.factories.archive import (
    ArchivePhotoFactory,
    PhotographerFactory,
    album_with,
    archive_index,
)
from tests.factories.cms import publish_child
from tests.factories.events import EventCategoryFactory, add_event, at, calendar_page
from tests.factories.press import (
    AnnouncementFactory,
    AnnouncementIndexFactory,
    PressReleaseIndexFactory,
    publish_item,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00", tick=False)]

DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"


def documented_examples():
    """The example addresses under "Examples:" in docs/api.md, by their label."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("Examples:") : text.index("Filters on pages")]
    return {
        label.strip(): url
        for label, url in re.findall(r"^- ([^:\n]+):\s*`(/api/v2/[^`]+)`", section, re.M)
    }


@pytest.fixture
def site(home):
    notices = publish_child(home, AnnouncementIndexFactory())
    photo = ArchivePhotoFactory(
        credit_line="",
        photographer=PhotographerFactory(name="Ayşe Yılmaz"),
        caption="Vana değişimi",
        file_kwargs={"size": (1600, 1200)},
    )
    publish_item(notices, AnnouncementFactory, title="Eski duyuru", date=dt.date(2026, 11, 2))
    publish_item(
        notices,
        AnnouncementFactory,
        title="Su kesintisi",
        date=dt.date(2026, 11, 19),
        lead_image=photo,
    )
    releases = publish_child(home, PressReleaseIndexFactory())
    publish_item(releases, title="Kültür merkezi açıldı", date=dt.date(2026, 11, 18))
    publish_item(releases, title="Yol çalışması", date=dt.date(2026, 11, 17))

    calendar = calendar_page(home)
    concerts = EventCategoryFactory(name="Konser")
    talks = EventCategoryFactory(name="Söyleşi")
    add_event(
        calendar,
        title="Haftalık konser",
        start=at(2026, 12, 2, 19),
        end=at(2026, 12, 2, 21),
        repeat="weekly",
        repeat_count=5,
        category=concerts,
    )
    add_event(
        calendar,
        title="Bugünkü konser",
        start=at(2026, 11, 20, 18),
        end=at(2026, 11, 20, 20),
        category=concerts,
    )
    add_event(
        calendar,
        title="Yazar söyleşisi",
        start=at(2026, 11, 21, 15),
        end=at(2026, 11, 21, 16),
        category=talks,
    )
    OfficialHoliday.objects.create(date=dt.date(2026, 12, 31), name="Yılbaşı arifesi")

    archive = archive_index(home)
    cover = ArchivePhotoFactory(credit_line="Fotoğraf: Ali Kaya", caption="Meydan")
    withdrawn = ArchivePhotoFactory(do_not_use=True, caption="Kullanılmayacak")
    album = album_with(archive, [cover, withdrawn], title="Cumhuriyet Bayramı", cover=cover)
    return {
        "notices": notices,
        "calendar": calendar,
        "concerts": concerts,
        "talks": talks,
        "archive": archive,
        "album": album,
    }


@pytest.mark.indexed
def test_a_new_client_runs_the_documented_examples(client, site):
    examples = documented_examples()
    assert len(examples) == 4, examples

    # The published description lists every address the examples use.
    spec = client.get("/api/v2/schema/")
    assert spec.status_code == 200
    paths = set(spec.json()["paths"])
    assert {"/api/v2/pages/", "/api/v2/pages/{id}/", "/api/v2/calendar/"} <= paths

    # The latest announcements, newest first, with the lead image at named sizes.
    [url] = [u for label, u in examples.items() if "announcements" in label]
    found = client.get(url).json()["items"]
    assert [item["title"] for item in found] == ["Su kesintisi", "Eski duyuru"]
    image = found[0]["lead_image"]
    assert image["credit"] == "Ayşe Yılmaz (Basın Birimi)"
    card = image["renditions"]["card"]
    assert (card["width"], card["height"]) == (640, 360)
    assert default_storage.exists(card["url"].removeprefix(settings.MEDIA_URL))
    assert found[1]["lead_image"] is None

    # Next month's events: the weekly series expanded, the holiday beside them.
    [url] = [u for label, u in examples.items() if "events" in label]
    month = client.get(url).json()
    assert [(o["start"][:10], o["event"]["title"]) for o in month["items"]] == [
        ("2026-12-02", "Haftalık konser"),
        ("2026-12-09", "Haftalık konser"),
        ("2026-12-16", "Haftalık konser"),
        ("2026-12-23", "Haftalık konser"),
        ("2026-12-30", "Haftalık konser"),
    ]
    assert [h["name"] for h in month["holidays"]] == ["Yılbaşı arifesi"]

    # An album's photos with credits: the album found by its type, as a client would.
    [url] = [u for label, u in examples.items() if "album" in label]
    albums = client.get("/api/v2/pages/", {"type": "archive.PhotoAlbumPage"}).json()["items"]
    assert [a["title"] for a in albums] == ["Cumhuriyet Bayramı"]
    album = client.get(url.replace("<album id>", str(albums[0]["id"]))).json()
    assert [(p["caption"], p["credit"]) for p in album["photos"]] == [
        ("Meydan", "Fotoğraf: Ali Kaya")
    ]

    # A search, as typed.
    [url] = [u for label, u in examples.items() if "search" in label]
    assert [i["title"] for i in client.get(url).json()["items"]] == ["Kültür merkezi açıldı"]


def lobby_form(title, slug, **fields):
    return {
        "title": title,
        "slug": slug,
        "announcement_count": "3",
        "slide_seconds": "12",
        "refresh_minutes": "5",
        **fields,
    }


def test_an_editor_sets_up_two_lobby_screens_each_showing_what_was_chosen(
    client, site, home, user_with_role
):
    add = reverse("wagtailadmin_pages:add", args=["events", "lobbyscreenpage", home.pk])
    client.force_login(user_with_role(PRESS, "basin"))
    assert client.get(add).status_code == 200
    entrance = lobby_form(
        "Hizmet binası girişi",
        "giris-ekrani",
        calendar=str(site["calendar"].pk),
        event_categories=[str(site["concerts"].pk)],
        announcements=str(site["notices"].pk),
        photo_archive=str(site["archive"].pk),
    )
    library = lobby_form(
        "Kütüphane ekranı",
        "kutuphane-ekrani",
        calendar=str(site["calendar"].pk),
        event_categories=[str(site["talks"].pk)],
        announcement_count="0",
    )
    for data in (entrance, library):
        response = client.post(add, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    # (Each new page also gets an alias in the English tree: the Turkish one is edited.)
    screens = {
        page.slug: page for page in LobbyScreenPage.objects.filter(locale__language_code="tr")
    }
    assert sorted(screens) == ["giris-ekrani", "kutuphane-ekrani"]
    assert not any(page.live for page in screens.values())  # press staff do not publish

    # The head of office publishes them as they were entered.
    client.force_login(user_with_role(HEAD, "mudur"))
    for data in (entrance, library):
        page = screens[data["slug"]]
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = client.post(edit, {**data, "action-publish": "action-publish"})
        assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    shown = BeautifulSoup(client.get("/giris-ekrani/").content, "html.parser")
    assert shown.find("script") is None
    assert shown.select_one('meta[http-equiv="refresh"]')["content"] == "300"
    text = shown.get_text(" ", strip=True)
    assert "Bugünkü konser" in text
    assert "Yazar söyleşisi" not in text  # another category
    assert "Su kesintisi" in text
    assert "Cumhuriyet Bayramı" in text

    other = BeautifulSoup(client.get("/kutuphane-ekrani/").content, "html.parser")
    text = other.get_text(" ", strip=True)
    assert "Yazar söyleşisi" in text
    assert "Bugünkü konser" not in text
    assert "Su kesintisi" not in text  # no announcements chosen for this screen
    assert "Cumhuriyet Bayramı" not in text
