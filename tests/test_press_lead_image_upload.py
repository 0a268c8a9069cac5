"""Bad lead image uploads from the page editor's image chooser (not an image, too large,
corrupt): a clear Turkish error and nothing saved; a page pointing at a missing image is
refused whole."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.roles import PRESS
from press.models import PressReleasePage
from tests.conftest import jpeg_bytes
from tests.factories.cms import publish_child
from tests.factories.press import PressReleaseIndexFactory
from tests.test_press_workflow import add_url, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_client(client, user_with_role):
    client.force_login(user_with_role(PRESS))
    return client


def upload(client, name, content):
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Açılış töreni",
            "image-chooser-upload-file": SimpleUploadedFile(name, content),
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    errors = BeautifulSoup(data.get("htmlFragment", data.get("html", "")), "html.parser")
    return data["step"], " ".join(errors.get_text(" ", strip=True).split())


@pytest.mark.indexed
def test_a_good_photo_is_accepted(press_client):
    step, _text = upload(press_client, "acilis.jpg", jpeg_bytes())
    assert step == "chosen"
    assert get_image_model().objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("belge.jpg", b"Bu bir resim degil, duz metin.", "Geçerli bir resim gönderin."),
        ("rapor.pdf", b"%PDF-1.4", "Geçerli bir resim gönderin."),
    ],
    ids=["text-named-jpg", "pdf"],
)
def test_non_images_are_refused(press_client, name, content, message):
    step, text = upload(press_client, name, content)
    assert step == "reshow_creation_form"
    assert message in text, text
    assert get_image_model().objects.count() == 0


def test_too_large_upload_is_refused(press_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    step, text = upload(press_client, "buyuk.jpg", jpeg_bytes(size=(800, 600)))
    assert step == "reshow_creation_form"
    assert "Dosya çok büyük (" in text, text
    assert "Azami dosya boyutu 1,0 KB." in text, text
    assert get_image_model().objects.count() == 0


def test_page_pointing_at_a_missing_image_is_not_saved(press_client, home):
    index = publish_child(home, PressReleaseIndexFactory())
    response = press_client.post(
        add_url(index), form(lead_image="999999", **{"action-submit": "1"})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_image"]
    assert not PressReleasePage.objects.exists()


def noisy_jpeg():
    """A real photo-like JPEG (noise does not compress), so a cut lands in the image data."""
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 64).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_corrupt_photo_is_refused_and_no_page_points_at_it(press_client, home):
    data = noisy_jpeg()
    step, text = upload(press_client, "bozuk.jpg", data[: len(data) // 10])
    assert step == "reshow_creation_form"
    assert "Görüntü dosyası bozuk ya da eksik." in text, text
    assert get_image_model().objects.count() == 0
    # The editor cannot go on to save a page with it: there is no image to choose.
    index = publish_child(home, PressReleaseIndexFactory())
    response = press_client.post(add_url(index), form(lead_image="1", **{"action-submit": "1"}))
    assert response.status_code == 200
    assert response.context["form"].errors["lead_image"]
    assert not PressReleasePage.objects.exists()


def test_a_photo_cut_inside_its_header_is_refused(press_client):
    step, text = upload(press_client, "bozuk.jpg", jpeg_bytes(size=(800, 600))[:300])
    assert step == "reshow_creation_form"
    assert "Görüntü dosyası bozuk ya da eksik." in text, text
    assert get_image_model().objects.count() == 0
