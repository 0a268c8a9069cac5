"""RSS and Atom feeds of the press sections and their categories."""

import datetime as dt
import io

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories.cms import PhotoFactory, _picture, publish_child
from tests.factories.press import CategoryFactory, PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases(home):
    return publish_child(home, PressReleaseIndexFactory(intro="Belediyemizin açıklamaları."))


@pytest.fixture
def items(releases):
    culture = CategoryFactory(name="Kültür")
    works = CategoryFactory(name="Altyapı")
    photo = PhotoFactory(file=_picture(3, size=(1600, 1000)))
    concert = publish_item(
        releases,
        title="Konser Programı",
        summary="Yaz konserleri başlıyor.",
        date=dt.date(2026, 6, 1),
        lead_image=photo,
        categories=[culture],
    )
    road = publish_item(releases, title="Yol Yapımı", date=dt.date(2026, 7, 1), categories=[works])
    withdrawn = publish_item(
        releases,
        title="Geri Çekilen",
        date=dt.date(2026, 8, 1),
        categories=[culture],
        withdrawn=True,
        withdrawal_note="Hatalıydı.",
    )
    return concert, road, withdrawn


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


def test_rss_feed_lists_items_newest_first_with_absolute_links(client, releases, items):
    concert, road, _withdrawn = items
    response, feed = parse(client, releases.url + "rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Yol Yapımı", "Konser Programı"]
    assert [entry.link for entry in feed.entries] == [road.full_url, concert.full_url]
    assert concert.full_url.startswith("http://")
    assert feed.entries[1].summary == "Yaz konserleri başlıyor."
    assert feed.feed.link == releases.full_url
    assert feed.feed.description == "Belediyemizin açıklamaları."


def test_rss_item_has_the_lead_image_as_enclosure(client, releases, items):
    _response, feed = parse(client, releases.url + "rss/")
    enclosure = feed.entries[1].enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/")
    assert int(enclosure.length) > 0
    assert feed.entries[0].enclosures == []
    # Media is served by the web server in production: read the file from storage.
    name = enclosure.href.removeprefix("http://testserver" + settings.MEDIA_URL)
    with default_storage.open(name) as stored:
        data = stored.read()
    assert len(data) == int(enclosure.length)
    assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_atom_feed_is_valid_atom_with_the_same_items(client, releases, items):
    response, feed = parse(client, releases.url + "atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Yol Yapımı", "Konser Programı"]
    assert all(entry.id.startswith("http://") for entry in feed.entries)
    assert all(entry.link.startswith("http://") for entry in feed.entries)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed_holds_only_that_category(client, releases, items, kind):
    _response, feed = parse(client, f"{releases.url}kategori/kultur/{kind}/")
    assert [entry.title for entry in feed.entries] == ["Konser Programı"]
    assert "Kültür" in feed.feed.title


def test_unknown_category_feed_is_404(client, releases, items):
    assert client.get(f"{releases.url}kategori/yok-boyle/rss/").status_code == 404


def test_pages_advertise_their_feeds(client, releases, items):
    concert = items[0]
    for url in (releases.url, concert.url):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        links = {link["type"]: link["href"] for link in html.select('link[rel="alternate"][type]')}
        assert links["application/rss+xml"] == releases.url + "rss/"
        assert links["application/atom+xml"] == releases.url + "atom/"
