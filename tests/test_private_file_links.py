"""A signed private-file link (cms.storage) opens only for a role that may have the file
under the same policy as the record's download view, and always as a download."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from archive.photos import rules
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.archive import ArchivePhotoFactory
from tests.factories.press import PressClippingFactory
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = pytest.mark.django_db

REFUSED = (302, "/admin/")  # Wagtail's answer to PermissionDenied in the admin


def follow(client, user, name):
    client.force_login(user)
    response = client.get(storages["private"].url(name))
    if response.status_code == 302:
        return (302, response["Location"]), b""
    return response.status_code, b"".join(response.streaming_content)


@pytest.fixture
def clipping():
    return PressClippingFactory(scan=ContentFile(b"%PDF-1.4 kupur", name="kupur.pdf"))


@pytest.mark.parametrize("role", [PRESS, HEAD])
def test_roles_that_may_see_clippings_open_the_scan_as_a_download(
    client, user_with_role, clipping, role
):
    client.force_login(user_with_role(role))
    response = client.get(storages["private"].url(clipping.scan.name))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 kupur"


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, CLERK])
def test_a_link_passed_to_a_role_without_the_right_opens_nothing(
    client, user_with_role, clipping, role
):
    # The same answer as the clipping's own download view gives this role.
    user = user_with_role(role)
    client.force_login(user)
    download = client.get(reverse("press_clipping_scan", args=[clipping.pk]))
    assert (download.status_code, download["Location"]) == REFUSED
    assert follow(client, user, clipping.scan.name) == (REFUSED, b"")


def test_tekzip_files_follow_the_notice_policy(client, user_with_role):
    notice = DenialNoticeFactory(scan=ContentFile(b"%PDF-1.4 haber", name="haber.pdf"))
    assert follow(client, user_with_role(PRESS), notice.scan.name) == (200, b"%PDF-1.4 haber")
    assert follow(client, user_with_role(CLERK), notice.scan.name) == (REFUSED, b"")
    assert follow(client, user_with_role(PHOTO_ARCHIVE), notice.scan.name) == (REFUSED, b"")


def test_a_replaced_scan_still_opens_for_those_who_may_see_the_record(client, user_with_role):
    clipping = PressClippingFactory(scan=ContentFile(b"%PDF-1.4 ilk", name="ilk.pdf"))
    first = clipping.scan.name
    clipping.scan = ContentFile(b"%PDF-1.4 ikinci", name="ikinci.pdf")
    clipping.save()
    assert clipping.scan.name != first
    assert follow(client, user_with_role(PRESS), first) == (200, b"%PDF-1.4 ilk")
    assert follow(client, user_with_role(CLERK), first) == (REFUSED, b"")


def test_a_photo_original_follows_the_original_download_rule(client, user_with_role):
    agency = ArchivePhotoFactory(licence=rules.AGENCY)
    own = ArchivePhotoFactory(licence=rules.OWN)
    editor, press = user_with_role(PHOTO_ARCHIVE), user_with_role(PRESS)
    assert follow(client, editor, agency.file.name)[0] == 200
    assert follow(client, press, agency.file.name) == (REFUSED, b"")
    assert follow(client, press, own.file.name)[0] == 200


def test_a_file_no_record_holds_opens_for_nobody(client, superuser):
    name = storages["private"].save("sahipsiz/dosya.pdf", ContentFile(b"%PDF-1.4"))
    assert follow(client, superuser, name) == (REFUSED, b"")
