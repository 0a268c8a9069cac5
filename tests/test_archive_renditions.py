"""Renditions: nothing larger than the public sizes (and never the full-size copy) is
written to public storage; a photo that may no longer be used leaves public storage in
the background and the frontend cache forgets it; and no rendition path, the admin's
previews included, serves the original's GPS position or camera serial."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from archive.models import Photo
from archive.photos.rules import PUBLIC_RENDITION_MAX_EDGE
from cms.roles import PHOTO_ARCHIVE
from tests.factories.archive import IZMIR, ArchivePhotoFactory, edit_photo
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

SERIAL = "SN-4471902"
CAMERA_FILE = {
    "gps": IZMIR,
    "size": (2400, 1600),
    "extra_exif": {ExifTags.Base.BodySerialNumber: SERIAL},
}


@pytest.fixture
def editor(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    return client


def public_files(settings):
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def personal_metadata(data):
    """What of the camera's personal metadata the bytes still carry."""
    found = []
    if Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo):
        found.append("GPS")
    if SERIAL.encode() in data:
        found.append("serial")
    return found


def served(client, settings, url):
    """The bytes a browser gets for an image URL: public media straight from the folder
    the web server serves, anything else through the application."""
    if url.startswith(settings.MEDIA_URL):
        return (Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)).read_bytes()
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.indexed
def test_full_size_and_oversized_renditions_are_kept_private(editor, client, settings):
    photo = ArchivePhotoFactory(file_kwargs=CAMERA_FILE)
    shown = photo.get_rendition("format-jpeg|max-1600x1600")
    assert shown.url.startswith(settings.MEDIA_URL)
    # The edit page makes the full-size "original" rendition; a page could ask for more.
    assert editor.get(reverse("wagtailimages:edit", args=[photo.pk])).status_code == 200
    full = photo.renditions.get(filter_spec="original")
    wide = photo.get_rendition("width-2000")
    for rendition in (full, wide):
        assert not rendition.url.startswith(settings.MEDIA_URL)
        assert editor.get(rendition.url).status_code == 200  # staff still see it
    # An attacker who knows the public folder finds nothing larger than the public sizes.
    names = [p.name for p in Path(shown.file.path).parent.iterdir()]
    assert Path(shown.file.name).name in names
    assert not {Path(full.file.name).name, Path(wide.file.name).name} & set(names)
    sizes = [max(Image.open(p).size) for p in public_files(settings)]
    assert sizes and max(sizes) <= PUBLIC_RENDITION_MAX_EDGE
    client.logout()
    assert client.get(full.url).status_code == 302  # to the login page


def test_press_download_copies_are_not_in_public_media(client, settings, home):
    from tests.factories.archive import album_with, archive_index

    photo = ArchivePhotoFactory(file_kwargs=CAMERA_FILE)
    album = album_with(archive_index(home), [photo])
    url = album.url + album.reverse_subpage("download", args=[photo.pk, "original"])
    response = client.get(url)
    assert response.status_code == 200
    assert max(Image.open(io.BytesIO(b"".join(response.streaming_content))).size) == 2400
    assert not [p for p in public_files(settings) if "archive-downloads" in p.parts]


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def frontend_cache(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend.purged


@pytest.mark.indexed
def test_do_not_use_removes_public_renditions_and_purges_the_cdn(
    editor, home, settings, frontend_cache, django_capture_on_commit_callbacks
):
    photo = ArchivePhotoFactory(file_kwargs={"size": (800, 600)})
    page = publish_child(home, StandardPageFactory(title="Tören", lead_image=photo))
    renditions = photo.get_renditions("format-jpeg|max-600x600", "format-webp|max-600x600")
    paths = [Path(r.file.path) for r in renditions.values()]
    urls = [r.url for r in renditions.values()]
    assert all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        response = edit_photo(editor, photo, do_not_use=True)
    assert response.status_code == 302

    assert not any(p.exists() for p in paths)
    assert not public_files(settings)
    assert {f"http://localhost{url}" for url in urls} <= set(frontend_cache)
    assert page.full_url in frontend_cache
    # Asked again (say by an admin preview), it is made in private storage.
    again = Photo.objects.get(pk=photo.pk).get_rendition("format-jpeg|max-600x600")
    assert not again.url.startswith(settings.MEDIA_URL)
    assert not public_files(settings)

    # Cleared again, the photo's pages link to public files once more, not private ones.
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_photo(editor, photo, do_not_use=False).status_code == 302
    back = Photo.objects.get(pk=photo.pk).get_rendition("format-jpeg|max-600x600")
    assert back.url.startswith(settings.MEDIA_URL)
    assert Path(back.file.path).exists()


@pytest.mark.indexed
def test_an_ordinary_edit_leaves_renditions_alone(editor, settings, frontend_cache):
    photo = ArchivePhotoFactory(file_kwargs={"size": (800, 600)})
    path = Path(photo.get_rendition("format-jpeg|max-600x600").file.path)
    response = edit_photo(editor, photo, caption="Yeni altyazı")
    assert response.status_code == 302
    assert path.exists() and frontend_cache == []


@pytest.mark.indexed
def test_expired_consent_is_withdrawn_by_the_daily_command(
    settings, frontend_cache, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2026, 11, 20, 12, 0), tick=False):
        photo = ArchivePhotoFactory(consent_expires=date(2026, 11, 22))
        path = Path(photo.get_rendition("format-jpeg|max-600x600").file.path)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("withdraw_unusable_photos", stdout=io.StringIO())
        assert path.exists()  # consent still runs (the last day included)
    with (
        time_machine.travel(datetime(2026, 11, 23, 12, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("withdraw_unusable_photos", stdout=io.StringIO())
    assert not path.exists()
    assert not public_files(settings)
    assert len(frontend_cache) == 1


# --- metadata ------------------------------------------------------------------------


@pytest.mark.indexed
def test_no_admin_preview_serves_gps_or_the_camera_serial(editor, settings):
    photo = ArchivePhotoFactory(file_kwargs=CAMERA_FILE)
    with photo.open_file() as original:
        assert personal_metadata(original.read()) == ["GPS", "serial"]  # what is at stake

    urls = [
        # Wagtail's "generate URL" preview, at full size and resized.
        reverse("wagtailimages:preview", args=[photo.pk, "original"]),
        reverse("wagtailimages:preview", args=[photo.pk, "width-300"]),
    ]
    edit = BeautifulSoup(
        editor.get(reverse("wagtailimages:edit", args=[photo.pk])).content, "html.parser"
    )
    urls.append(edit.select_one("img[data-original-width]")["src"])  # the focal point preview
    listing = BeautifulSoup(editor.get(reverse("wagtailimages:index")).content, "html.parser")
    urls += [img["src"] for img in listing.select("img") if "arsiv" in img.get("src", "")]
    chooser = editor.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    urls += [img["src"] for img in BeautifulSoup(chooser, "html.parser").select("img")]
    api = editor.get(reverse("wagtailadmin_api:images:detail", args=[photo.pk])).json()
    urls.append(api["thumbnail"]["url"])

    assert len(urls) == 6
    for url in urls:
        assert personal_metadata(served(editor, settings, url)) == [], url


def test_the_daily_command_removes_full_size_renditions_written_before_the_rule(
    settings, frontend_cache
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from archive.models import PhotoRendition

    photo = ArchivePhotoFactory(file_kwargs={"size": (2400, 1600)})
    kept = photo.get_rendition("format-jpeg|max-600x600")
    # What an earlier version wrote: the edit page's full-size copy, in public media.
    with photo.open_file() as original:
        name = default_storage.save("images/eski/eski.original.jpg", ContentFile(original.read()))
    old = PhotoRendition.objects.create(
        image=photo, filter_spec="original", focal_point_key="", file=name, width=2400, height=1600
    )
    leaked = Path(settings.MEDIA_ROOT) / old.file.name
    assert leaked.exists()

    call_command("withdraw_unusable_photos", stdout=io.StringIO())

    assert not leaked.exists()
    assert not photo.renditions.filter(filter_spec="original").exists()
    assert Path(kept.file.path).exists()
    assert frontend_cache == [f"http://localhost{settings.MEDIA_URL}{old.file.name}"]


def test_rendition_addresses_follow_the_storage_and_private_links_are_signed_afresh(settings):
    # Public rendition addresses are kept per process (cms.storage.RenditionStorage.url).
    # A new storage (its settings changed, as on a move behind a CDN) must give the new
    # address, and a private rendition's link must be signed at each use, never kept.
    photo = ArchivePhotoFactory()
    card = photo.get_rendition("fill-640x360")
    assert card.url == settings.MEDIA_URL + card.file.name

    settings.MEDIA_URL = "https://cdn.example.gov.tr/media/"
    settings.STORAGES = {**settings.STORAGES}  # Django makes the storages anew
    assert card.url == "https://cdn.example.gov.tr/media/" + card.file.name

    full = photo.get_rendition("original")
    with time_machine.travel(datetime(2026, 11, 30, 10, 0), tick=False):
        morning = full.url
    with time_machine.travel(datetime(2026, 11, 30, 15, 0), tick=False):
        afternoon = full.url
    prefix = reverse("kalem_private_file", args=["x"])[: -len("x/")]
    assert morning.startswith(prefix)
    assert afternoon.startswith(prefix)
    assert morning != afternoon
