"""Photo originals live in private storage: never under MEDIA_ROOT, never at a public URL,
while Wagtail's admin (listing, edit, focal point, multiple upload, chooser) and the
public renditions and downloads keep working from them, without GPS."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from archive.models import Photo
from cms.roles import PHOTO_ARCHIVE
from tests.factories.archive import (
    IZMIR,
    ArchivePhotoFactory,
    album_with,
    archive_index,
    photo_bytes,
)

pytestmark = pytest.mark.django_db

GPS_FILE = {"gps": IZMIR, "size": (400, 300)}


def has_gps(data):
    return bool(Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo))


def files_under(folder):
    return [p for p in Path(folder).rglob("*") if p.is_file()]


@pytest.fixture
def editor(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    return client


def test_original_is_kept_in_private_storage_not_under_media_root(settings):
    photo = ArchivePhotoFactory(file_kwargs=GPS_FILE)
    path = Path(photo.file.path)
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert not any(p.name == path.name for p in files_under(settings.MEDIA_ROOT))
    with photo.open_file() as original:
        assert has_gps(original.read())  # only the original keeps the position
    assert not photo.file.url.startswith(settings.MEDIA_URL)


def test_anonymous_visitors_cannot_fetch_an_original(client):
    photo = ArchivePhotoFactory()
    response = client.get(photo.file.url)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_renditions_are_public_files_without_gps(settings):
    photo = ArchivePhotoFactory(file_kwargs=GPS_FILE)
    rendition = photo.get_rendition("format-jpeg|max-200x200")
    path = Path(rendition.file.path)
    assert path.is_relative_to(settings.MEDIA_ROOT)
    assert rendition.url.startswith(settings.MEDIA_URL)
    assert not has_gps(path.read_bytes())


@pytest.mark.indexed
def test_wagtail_admin_works_on_private_originals(editor, settings):
    photo = ArchivePhotoFactory(title="Tören", file_kwargs=GPS_FILE)
    assert editor.get(reverse("wagtailimages:index")).status_code == 200
    edit_url = reverse("wagtailimages:edit", args=[photo.pk])
    response = editor.get(edit_url)
    assert response.status_code == 200
    assert photo.file.name not in response.content.decode()
    # Saving a focal point from the edit page.
    form = response.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("file", "tags")
    }
    data.update(
        title="Tören",
        collection=photo.collection_id,
        focal_point_x=100,
        focal_point_y=80,
        focal_point_width=50,
        focal_point_height=40,
    )
    response = editor.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    photo.refresh_from_db()
    assert (photo.focal_point_x, photo.focal_point_width) == (100, 50)
    assert photo.get_rendition("fill-100x100").url.startswith(settings.MEDIA_URL)

    chooser = editor.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200 and "Tören" in chooser.json()["html"]

    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("yeni.jpg", photo_bytes(seed=77), "image/jpeg")},
    )
    assert response.json()["success"] is True
    new = Photo.objects.latest("pk")
    assert Path(new.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)


def test_public_downloads_and_zip_come_from_private_originals_without_gps(client, home):
    photos = [ArchivePhotoFactory(file_kwargs=GPS_FILE, title=f"Tören {n}") for n in range(2)]
    album = album_with(archive_index(home), photos, slug="toren")
    for size in ("web", "original"):
        url = album.url + album.reverse_subpage("download", args=[photos[0].pk, size])
        response = client.get(url)
        assert response.status_code == 200
        assert not has_gps(b"".join(response.streaming_content))
    response = client.get(album.url + "indir/album/")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        jpegs = [name for name in archive.namelist() if name.endswith(".jpg")]
        assert len(jpegs) == 2
        assert not any(has_gps(archive.read(name)) for name in jpegs)


@pytest.mark.indexed
def test_full_size_rendition_of_the_edit_page_is_not_in_public_media(editor, settings):
    photo = ArchivePhotoFactory()
    editor.get(reverse("wagtailimages:edit", args=[photo.pk]))
    full_size = photo.renditions.get(filter_spec="original")
    assert not Path(full_size.file.path).is_relative_to(settings.MEDIA_ROOT)
    assert Path(full_size.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not full_size.url.startswith(settings.MEDIA_URL)
    # Its folder name is still per photo and secret.
    assert full_size.file.name.count("/") == 2
