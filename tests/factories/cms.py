import io

import factory
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.models import StandardPage


def _picture(seed, size=(400, 300)):
    image = Image.new("RGB", size, (seed * 37 % 255, seed * 91 % 255, seed * 53 % 255))
    ImageDraw.Draw(image).ellipse([20, 20, size[0] - 20, size[1] - 20], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=f"resim-{seed}.jpg")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Fotoğraf {n}")
    file = factory.Sequence(_picture)
    credit_line = "Fotoğraf: Basın Birimi"
    collection = factory.LazyFunction(Collection.get_first_root_node)


def publish_child(parent, page):
    """Add `page` under `parent` and publish it, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class StandardPageFactory(factory.Factory):
    """Builds an unsaved StandardPage; pass it to publish_child()."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Sayfa {n}")
    intro = "Kısa bir giriş."


def set_detsis(number="12345678"):
    """The municipality's DETSİS number, which every official letter's Sayı needs."""
    from wagtail.models import Site

    from cms.models import MunicipalitySettings

    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.detsis_number = number
    settings.save()
    return settings
