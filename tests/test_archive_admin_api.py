"""The admin API's image endpoint (/admin/api/main/images/) shows each staff role what
the image listing and chooser show it, and hands the link to a stored original (GPS
position, camera serial, full resolution) only to the roles that may have originals."""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from PIL import ExifTags, Image

from archive.models import Photo
from archive.photos.rules import AGENCY
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.archive import IZMIR, ArchivePhotoFactory

pytestmark = pytest.mark.django_db

# A fixed day, so "consent expired yesterday" is the same on every day the suite runs.
TODAY = datetime(2026, 11, 23, 12, 0)
SERIAL = {"gps": IZMIR, "extra_exif": {ExifTags.Base.BodySerialNumber: "SN-4471902"}}

LISTING = reverse("wagtailadmin_api:images:listing")


def detail(photo):
    return reverse("wagtailadmin_api:images:detail", args=[photo.pk])


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def photos():
    return {
        "own": ArchivePhotoFactory(title="Belediyenin", file_kwargs=SERIAL),
        "agency": ArchivePhotoFactory(title="Ajansın", licence=AGENCY, file_kwargs=SERIAL),
        "withdrawn": ArchivePhotoFactory(title="Kullanma", do_not_use=True, file_kwargs=SERIAL),
        "expired": ArchivePhotoFactory(
            title="Rızası bitti", consent_expires=date(2026, 11, 22), file_kwargs=SERIAL
        ),
    }


def listed(client):
    response = client.get(LISTING)
    assert response.status_code == 200
    return {item["title"]: item["meta"]["download_url"] for item in response.json()["items"]}


def state(photos):
    return [
        (p.title, p.do_not_use, p.consent_expires, p.file.name)
        for p in Photo.objects.filter(pk__in=[p.pk for p in photos.values()]).order_by("pk")
    ]


@pytest.mark.parametrize("role", [PRESS, HEAD])
def test_roles_that_only_choose_photos_get_usable_ones_and_no_original(
    client, user_with_role, photos, role
):
    before = state(photos)
    client.force_login(user_with_role(role))
    assert listed(client) == {"Belediyenin": None, "Ajansın": None}
    for name in ("withdrawn", "expired"):
        assert client.get(detail(photos[name])).status_code == 404
    response = client.get(detail(photos["agency"]))
    assert response.status_code == 200
    assert response.json()["meta"]["download_url"] is None
    assert photos["agency"].file.name not in response.content.decode()
    # Asking by id finds nothing either.
    assert client.get(LISTING + "find/", {"id": photos["withdrawn"].pk}).status_code == 404
    assert state(photos) == before


def test_records_clerk_gets_no_photos_at_all(client, user_with_role, photos):
    client.force_login(user_with_role(CLERK))
    assert client.get(LISTING).status_code == 403
    assert client.get(detail(photos["own"])).status_code == 403


def test_photo_editors_see_every_photo_and_may_fetch_its_original(client, user_with_role, photos):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    links = listed(client)
    assert set(links) == {"Belediyenin", "Ajansın", "Kullanma", "Rızası bitti"}
    original = client.get(links["Ajansın"])
    assert original.status_code == 200
    exif = Image.open(io.BytesIO(b"".join(original.streaming_content))).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)  # it is the original, kept whole


def test_a_press_member_sees_their_own_upload_but_not_its_original_link(
    client, user_with_role, photos
):
    press = user_with_role(PRESS)
    mine = ArchivePhotoFactory(title="Benim", uploaded_by_user=press, do_not_use=True)
    client.force_login(press)
    links = listed(client)
    assert links["Benim"] is None
    assert "Kullanma" not in links
    assert client.get(detail(mine)).json()["meta"]["download_url"] is None
