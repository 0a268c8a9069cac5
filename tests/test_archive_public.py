"""The public archive: album pages, photo pages, press downloads and album ZIPs, with
no personal metadata in anything served, and consent respected."""

import io
import zipfile
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import storages
from django.utils.timezone import make_aware
from PIL import ExifTags, Image

from archive.models import Photo
from archive.photos.rules import AGENCY, CITIZEN
from cms.roles import PHOTO_ARCHIVE, PRESS
from tests.factories.archive import (
    IZMIR,
    ArchivePhotoFactory,
    PhotographerFactory,
    album_with,
    archive_index,
)

pytestmark = pytest.mark.django_db

GPS_FILE = {"gps": IZMIR, "size": (400, 300)}


@pytest.fixture
def index(home):
    return archive_index(home)


def has_gps(data):
    image = Image.open(io.BytesIO(data))
    return bool(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def downloaded(response):
    return b"".join(response.streaming_content)


def test_album_page_shows_each_photo_with_credit_anchor_and_picture(client, index):
    photographer = PhotographerFactory(name="Ayşe Yılmaz")
    photos = [
        ArchivePhotoFactory(credit_line="", photographer=photographer, caption=f"Altyazı {n}")
        for n in range(3)
    ]
    album = album_with(index, photos, title="Cumhuriyet Bayramı")
    soup = BeautifulSoup(client.get(album.url).content, "html.parser")
    items = soup.select(".album__item")
    assert [item["id"] for item in items] == [f"foto-{p.pk}" for p in photos]
    for item in items:
        assert item.select_one("picture source[type='image/webp']")
        assert item.select_one("img")["loading"] == "lazy"
        assert "Ayşe Yılmaz" in item.select_one(".credit").text
        # Without JavaScript every photo opens on its own page.
        assert client.get(item.select_one("a")["href"]).status_code == 200


def test_album_page_costs_the_same_queries_for_5_or_50_photos(
    client, index, django_assert_max_num_queries, settings
):
    # Wagtail caches renditions in the default cache; the test's LocMemCache keeps only 300
    # entries, and many photos' renditions would evict the site's cached menus (Redis in
    # production has no such cap).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count):
        album = album_with(index, [ArchivePhotoFactory() for _ in range(count)])
        client.get(album.url)  # renditions are made once, then only read
        with CaptureQueriesContext(connection) as captured:
            assert client.get(album.url).status_code == 200
        return len(captured)

    small, large = queries_for(5), queries_for(50)
    assert small == large
    # Routing, site settings and breadcrumbs take most; the album itself costs 2.
    with django_assert_max_num_queries(15):
        client.get(index.get_children().last().url)


@pytest.mark.parametrize("spec", ["format-jpeg|max-200x200", "format-webp|max-200x200"])
def test_renditions_carry_no_gps_or_camera_exif(spec):
    photo = ArchivePhotoFactory(file_kwargs=GPS_FILE)
    with photo.open_file() as original:
        assert has_gps(original.read())  # the original keeps it
    rendition = photo.get_rendition(spec)
    with rendition.file.open() as f:
        data = f.read()
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert "xmp" not in image.info


def test_press_downloads_are_sized_credited_and_without_gps(client, index):
    photo = ArchivePhotoFactory(
        file_kwargs={"gps": IZMIR, "size": (1600, 1000)}, credit_line="Fotoğraf: Ayşe Yılmaz"
    )
    album = album_with(index, [photo])
    url = album.url + album.reverse_subpage("download", args=[photo.pk, "web"])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = downloaded(response)
    image = Image.open(io.BytesIO(data))
    assert max(image.size) == 1200
    assert not has_gps(data)
    assert image.getexif()[ExifTags.Base.Artist] == "Fotoğraf: Ayşe Yılmaz".encode().decode(
        "latin-1"
    )
    original = client.get(
        album.url + album.reverse_subpage("download", args=[photo.pk, "original"])
    )
    assert Image.open(io.BytesIO(downloaded(original))).size == (1600, 1000)
    assert (
        client.get(
            album.url + album.reverse_subpage("download", args=[photo.pk, "huge"])
        ).status_code
        == 404
    )


def test_behind_nginx_a_press_download_is_handed_over_by_x_accel_redirect(client, index, settings):
    # deploy/nginx.conf serves /_private/ (internal) from private storage; Django only
    # checks and names the file, so an app server is not held for the whole download.
    settings.KALEM_PRIVATE_ACCEL_REDIRECT = "/_private/"
    photo = ArchivePhotoFactory(file_kwargs={"size": (1600, 1000)})
    album = album_with(index, [photo])
    response = client.get(album.url + album.reverse_subpage("download", args=[photo.pk, "web"]))
    assert response.status_code == 200
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    target = response["X-Accel-Redirect"]
    assert target.startswith("/_private/")
    with storages["private"].open(unquote(target.removeprefix("/_private/"))) as handed_over:
        assert max(Image.open(handed_over).size) == 1200
    # The check still comes first: no original for the public, so nothing to hand over.
    photo.licence = AGENCY
    photo.save()
    refused = client.get(album.url + album.reverse_subpage("download", args=[photo.pk, "original"]))
    assert refused.status_code == 403
    assert not refused.has_header("X-Accel-Redirect")


@pytest.mark.parametrize("licence", [AGENCY, CITIZEN])
def test_originals_of_agency_and_citizen_photos_are_not_given_to_the_public(
    client, index, licence, user_with_role
):
    photo = ArchivePhotoFactory(licence=licence)
    album = album_with(index, [photo])
    original = album.url + album.reverse_subpage("download", args=[photo.pk, "original"])
    page = client.get(album.url + album.reverse_subpage("photo", args=[photo.pk]))
    assert "original" not in [
        a["href"].rstrip("/").split("/")[-1]
        for a in BeautifulSoup(page.content, "html.parser").select(".album-photo__downloads a")
    ]
    assert client.get(original).status_code == 403
    client.force_login(user_with_role(PRESS))
    assert client.get(original).status_code == 403
    client.force_login(user_with_role(PHOTO_ARCHIVE, "foto"))
    assert client.get(original).status_code == 200


def test_public_pages_never_link_the_stored_original(client, index):
    photo = ArchivePhotoFactory()
    album = album_with(index, [photo])
    for url in [album.url, album.url + album.reverse_subpage("photo", args=[photo.pk]), index.url]:
        assert photo.file.url not in client.get(url).content.decode()


def test_album_zip_holds_every_public_photo_credited_and_without_gps(client, index):
    photos = [ArchivePhotoFactory(file_kwargs=GPS_FILE, title=f"Tören {n}") for n in range(3)]
    hidden = ArchivePhotoFactory(do_not_use=True)
    album = album_with(index, [*photos, hidden], slug="toren")
    response = client.get(album.url + "indir/album/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(downloaded(response))) as archive:
        names = archive.namelist()
        assert names == [
            "001-toren-0-print.jpg",
            "002-toren-1-print.jpg",
            "003-toren-2-print.jpg",
            "KUNYE.txt",
        ]
        for name in names[:3]:
            assert not has_gps(archive.read(name))
        assert "Basın Birimi" in archive.read("KUNYE.txt").decode()


def test_large_album_zip_is_built_in_the_background(client, index, settings):
    import archive.photos.rules as rules

    photos = [ArchivePhotoFactory() for _ in range(rules.ALBUM_ZIP_INLINE_PHOTOS + 1)]
    album = album_with(index, photos)
    # The test settings run tasks at once (tests/tasks.py), so the ZIP is ready.
    response = client.get(album.url + "indir/album/")
    assert response.status_code == 200
    assert storages["private"].listdir("archive-downloads/albums")[1]


def test_large_album_zip_says_it_is_being_prepared_until_built(
    client, index, monkeypatch, settings
):
    import archive.photos.rules as rules
    from archive.photos import tasks

    enqueued = []
    build = tasks.build_album_zip
    # No worker runs: the task is only recorded when enqueued.
    monkeypatch.setattr(tasks, "build_album_zip", SimpleNamespace(enqueue=enqueued.append))
    album = album_with(
        index, [ArchivePhotoFactory() for _ in range(rules.ALBUM_ZIP_INLINE_PHOTOS + 1)]
    )
    url = album.url + "indir/album/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 202
        assert response["Retry-After"] == "30"
        html = response.content.decode()
        assert "hazırlanıyor" in html and album.url in html
    assert enqueued == [album.pk]  # asked for twice, built once

    build.call(album.pk)  # the worker's turn
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_album_zip_over_the_cap_is_refused(client, index, monkeypatch):
    import archive.photos.rules as rules

    monkeypatch.setattr(rules, "ALBUM_ZIP_MAX_PHOTOS", 2)
    album = album_with(index, [ArchivePhotoFactory() for _ in range(3)])
    assert client.get(album.url + "indir/album/").status_code == 404
    assert "indir/album/" not in client.get(album.url).content.decode()


def test_expired_consent_hides_the_photo_everywhere_public(client, index):
    shown = ArchivePhotoFactory(title="Gösterilen")
    expired = ArchivePhotoFactory(
        title="Süresi dolmuş", consent_expires=date.today() - timedelta(days=1)
    )
    withdrawn = ArchivePhotoFactory(title="Kullanma", do_not_use=True)
    today = ArchivePhotoFactory(title="Bugün bitiyor", consent_expires=date.today())
    album = album_with(index, [shown, expired, withdrawn, today])
    html = client.get(album.url).content.decode()
    assert f"foto-{shown.pk}" in html and f"foto-{today.pk}" in html
    assert f"foto-{expired.pk}" not in html and f"foto-{withdrawn.pk}" not in html
    for photo in (expired, withdrawn):
        assert (
            client.get(album.url + album.reverse_subpage("photo", args=[photo.pk])).status_code
            == 404
        )
        assert (
            client.get(
                album.url + album.reverse_subpage("download", args=[photo.pk, "web"])
            ).status_code
            == 404
        )
    assert "Süresi dolmuş" not in client.get(index.url).content.decode()


def test_draft_album_photos_are_not_downloadable(client, index):
    photo = ArchivePhotoFactory()
    album = album_with(index, [photo])
    url = album.url + album.reverse_subpage("download", args=[photo.pk, "web"])
    album.unpublish()
    assert client.get(url).status_code == 404
    assert Photo.objects.count() == 1


def test_album_is_listable_with_its_cover(home, index):
    from cms.blocks import ListingBlock

    cover = ArchivePhotoFactory()
    album = album_with(index, [cover], cover=cover, title="Son Albüm")
    block = ListingBlock()
    value = block.to_python(
        {"page_type": "archive.photoalbumpage", "limit": 3, "order": "natural", "layout": "cards"}
    )
    pages = value.pages()
    assert [page.pk for page in pages] == [album.pk]
    html = block.render(value)
    assert "Son Albüm" in html and "<picture" in html


@pytest.mark.parametrize(
    ("credit", "taken", "caption"),
    [
        (
            "Fotoğraf: Basın Birimi",
            True,
            "Fotoğraf: Basın Birimi · 29 Ekim 2026 · Cumhuriyet Meydanı",
        ),
        ("", False, "Cumhuriyet Meydanı"),
    ],
)
def test_a_photo_page_keeps_credit_date_and_place_apart(client, index, credit, taken, caption):
    photo = ArchivePhotoFactory(credit_line=credit, photographer=None, place="Cumhuriyet Meydanı")
    photo.taken_at = make_aware(datetime(2026, 10, 29, 10, 0)) if taken else None
    photo.save()
    album = album_with(index, [photo])
    link = BeautifulSoup(client.get(album.url).content, "html.parser").select_one(".album__item a")

    soup = BeautifulSoup(client.get(link["href"]).content, "html.parser")

    assert " ".join(soup.select_one("figcaption").get_text(" ", strip=True).split()) == caption
