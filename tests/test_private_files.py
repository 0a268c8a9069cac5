"""Files of private storage never have a public media URL: only a signed, expiring admin
link, which needs a staff login."""

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from cms.roles import PRESS
from cms.storage import PRIVATE_URL_SALT


@pytest.fixture
def private_file(db, settings):
    """A clipping's scan: a private file that a record holds (a link opens only under
    the record's permission policy)."""
    from tests.factories.press import PressClippingFactory

    clipping = PressClippingFactory(scan=ContentFile(b"%PDF-1.4 gizli", name="kupur.pdf"))
    return storages["private"], clipping.scan.name


def test_private_files_are_kept_outside_the_public_media_folder(private_file, settings):
    storage, name = private_file
    path = storage.path(name)
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert not storage.url(name).startswith(settings.MEDIA_URL)


def test_staff_open_a_private_file_through_its_signed_link(private_file, client, user_with_role):
    storage, name = private_file
    client.force_login(user_with_role(PRESS))
    response = client.get(storage.url(name))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 gizli"
    assert "no-store" in response["Cache-Control"]


def test_anonymous_visitors_are_sent_to_the_login_page(private_file, client):
    storage, name = private_file
    response = client.get(storage.url(name))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_forged_or_expired_links_are_not_found(private_file, client, superuser, settings):
    storage, name = private_file
    client.force_login(superuser)
    forged = signing.dumps(name, salt="another-salt")
    assert client.get(f"/admin/dosya/{forged}/").status_code == 404

    url = storage.url(name)
    assert client.get(url).status_code == 200
    settings.KALEM_PRIVATE_URL_MAX_AGE = -1  # every link handed out is now too old
    assert client.get(url).status_code == 404


def test_a_link_to_a_missing_file_is_not_found(client, superuser):
    client.force_login(superuser)
    token = signing.dumps("yok/olmayan.pdf", salt=PRIVATE_URL_SALT)
    assert client.get(f"/admin/dosya/{token}/").status_code == 404
