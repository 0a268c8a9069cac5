"""Faceted search on the Foto Arşivi page: counts, filters, text, pagination, no JS."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories.archive import (
    ArchivePhotoFactory,
    PhotographerFactory,
    album_with,
    archive_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(home):
    index = archive_index(home)
    ayse, mehmet = PhotographerFactory(name="Ayşe Yılmaz"), PhotographerFactory(name="Mehmet Demir")
    photos = [
        ArchivePhotoFactory(
            title="Çelenk sunumu",
            photographer=ayse,
            place="Cumhuriyet Meydanı",
            people="Hasan Çelik, Zeynep Kaya",
            file_kwargs={"taken_at": datetime(2025, 10, 29, 10)},
        ),
        ArchivePhotoFactory(
            title="Halk oyunları",
            photographer=ayse,
            place="Cumhuriyet Meydanı",
            people="Zeynep Kaya",
            file_kwargs={"taken_at": datetime(2025, 10, 29, 11), "size": (80, 120)},
        ),
        ArchivePhotoFactory(
            title="Park açılışı",
            photographer=mehmet,
            place="Sahil Parkı",
            caption="Başkan kurdeleyi kesti",
            file_kwargs={"taken_at": datetime(2026, 9, 12, 10)},
        ),
    ]
    photos[0].tags.add("tören")
    photos[1].tags.add("tören", "halk oyunları")
    album_with(index, photos[:2], title="Bayram")
    album_with(index, photos[2:], title="Açılış")
    ArchivePhotoFactory(title="Albümde olmayan", place="Cumhuriyet Meydanı")
    return index


def facets(response):
    soup = BeautifulSoup(response.content, "html.parser")
    result = {}
    for section in soup.select(".facet"):
        result[section["data-facet"]] = {
            a.text.strip(): int(count.text.strip("()"))
            for li in section.select("li")
            for a, count in [(li.a, li.select_one(".facet__count"))]
        }
    return soup, result


def test_facet_counts_cover_public_photos_only(client, archive):
    _, found = facets(client.get(archive.url))
    assert found["year"] == {"2026": 1, "2025": 2}
    assert found["month"] == {"Eylül": 1, "Ekim": 2}
    assert found["photographer"] == {"Ayşe Yılmaz": 2, "Mehmet Demir": 1}
    assert found["place"] == {"Cumhuriyet Meydanı": 2, "Sahil Parkı": 1}
    assert found["person"] == {"Zeynep Kaya": 2, "Hasan Çelik": 1}
    assert found["tag"] == {"tören": 2, "halk oyunları": 1}
    assert found["orientation"] == {"Yatay": 2, "Dikey": 1}


def test_choosing_a_facet_narrows_results_and_counts(client, archive):
    soup, found = facets(
        client.get(archive.url, {"person": "Zeynep Kaya", "orientation": "landscape"})
    )
    assert [f.text.strip() for f in soup.select(".album__item figcaption")][0].startswith("Çelenk")
    assert len(soup.select(".album__item")) == 1
    assert found["tag"] == {"tören": 1}
    assert "1 fotoğraf bulundu" in soup.text


@pytest.mark.indexed
def test_text_search_finds_captions_and_people(client, archive):
    soup = BeautifulSoup(client.get(archive.url, {"q": "kurdeleyi"}).content, "html.parser")
    assert [f.text for f in soup.select(".album__item figcaption")][0].startswith("Park açılışı")
    soup = BeautifulSoup(client.get(archive.url, {"q": "Hasan"}).content, "html.parser")
    assert len(soup.select(".album__item")) == 1


def test_results_are_paginated_with_links_that_keep_filters(client, archive, monkeypatch):
    from archive.photos import views

    monkeypatch.setattr(views, "PHOTOS_PER_PAGE", 1)
    soup = BeautifulSoup(
        client.get(archive.url, {"place": "Cumhuriyet Meydanı"}).content, "html.parser"
    )
    link = soup.select_one(".pagination a[rel=next]")["href"]
    assert "place=Cumhuriyet" in link and "sayfa=2" in link
    assert client.get(archive.url + link).status_code == 200


def test_a_camera_held_upright_counts_as_portrait(client, home):
    # Stored as a 120×80 bitmap with EXIF orientation 6: seen upright, 80×120.
    index = archive_index(home)
    turned = ArchivePhotoFactory(title="Kule", file_kwargs={"size": (120, 80), "orientation": 6})
    flat = ArchivePhotoFactory(title="Meydan", file_kwargs={"size": (120, 80)})
    album_with(index, [turned, flat], title="Kule ve meydan")
    _, found = facets(client.get(index.url))
    assert found["orientation"] == {"Yatay": 1, "Dikey": 1}
    soup, _ = facets(client.get(index.url, {"orientation": "portrait"}))
    (caption,) = [f.text.strip() for f in soup.select(".album__item figcaption")]
    assert caption.startswith("Kule")


@pytest.mark.indexed
def test_selected_filters_show_as_chips_that_remove_themselves(client, archive):
    soup = BeautifulSoup(
        client.get(
            archive.url, {"place": "Cumhuriyet Meydanı", "tag": "tören", "q": "Zeynep"}
        ).content,
        "html.parser",
    )
    chips = {chip.get_text(" ", strip=True): chip["href"] for chip in soup.select(".chip")}
    assert set(chips) == {
        "Süzgeci kaldır: Yer: Cumhuriyet Meydanı ×",
        "Süzgeci kaldır: Etiket: tören ×",
    }
    after = client.get(archive.url + chips["Süzgeci kaldır: Etiket: tören ×"])
    soup = BeautifulSoup(after.content, "html.parser")
    assert [chip.get_text(" ", strip=True) for chip in soup.select(".chip")] == [
        "Süzgeci kaldır: Yer: Cumhuriyet Meydanı ×"
    ]
    assert soup.select_one("#archive-q")["value"] == "Zeynep"
    assert "2 fotoğraf bulundu" in soup.select_one("#results-title").text
    assert soup.select_one(".archive-filters summary").get_text(strip=True) == "Süzgeçler (1)"


def test_results_can_be_sorted_oldest_first_and_facet_links_keep_the_order(client, archive):
    def titles(params):
        soup = BeautifulSoup(client.get(archive.url, params).content, "html.parser")
        return soup, [f.contents[0].strip() for f in soup.select(".album__item figcaption")]

    _, newest = titles({})
    soup, oldest = titles({"sort": "oldest"})
    assert newest == ["Park açılışı", "Halk oyunları", "Çelenk sunumu"]
    assert oldest == newest[::-1]
    place_link = soup.select_one('.facet[data-facet="place"] a')["href"]
    assert "sort=oldest" in place_link
    assert "Son fotoğraflar (3)" in soup.select_one("#results-title").text


def test_album_cards_have_a_cover_and_count_their_public_photos(client, archive):
    from archive.models import Photo, PhotoAlbumPage

    bayram = PhotoAlbumPage.objects.get(title="Bayram")
    first = bayram.album_photos.order_by("sort_order").first().photo
    Photo.objects.filter(pk=first.pk).update(do_not_use=True)
    soup = BeautifulSoup(client.get(archive.url).content, "html.parser")
    cards = {
        card.select_one(".album-card__title").text: card for card in soup.select(".album-card")
    }
    assert set(cards) == {"Bayram", "Açılış"}
    assert "1 fotoğraf" in cards["Bayram"].select_one(".album-card__meta").text
    assert "1 fotoğraf" in cards["Açılış"].select_one(".album-card__meta").text
    # The withdrawn first photo is not the cover; the album's next usable one is.
    cover = cards["Bayram"].select_one("img")["src"]
    second = bayram.album_photos.order_by("sort_order")[1].photo
    assert cover == second.get_rendition("format-jpeg|max-600x600").url
