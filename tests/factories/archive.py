import io
from datetime import date

import factory
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.models import Collection

from archive.models import (
    AlbumPhoto,
    Photo,
    PhotoAlbumPage,
    PhotoArchiveIndexPage,
    Photographer,
    Video,
)
from archive.photos import metadata
from archive.photos.testing import make_test_photo
from archive.videos.testing import video_bytes
from tests.factories.cms import publish_child

IZMIR = (38.4192, 27.1287)


def photo_bytes(seed=0, size=(120, 80), **kwargs):
    """A camera-like JPEG (EXIF, IPTC, XMP) as bytes."""
    return make_test_photo(io.BytesIO(), size=size, seed=seed, **kwargs)


class PhotographerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photographer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fotoğrafçı {n}")
    agency = "Basın Birimi"


class ArchivePhotoFactory(factory.django.DjangoModelFactory):
    """A Photo whose file carries EXIF and IPTC; pass file_kwargs to change them."""

    class Meta:
        model = Photo

    class Params:
        file_kwargs = factory.Dict({})

    title = factory.Sequence(lambda n: f"Arşiv fotoğrafı {n}")
    credit_line = "Fotoğraf: Basın Birimi"
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttributeSequence(
        lambda o, n: ImageFile(
            io.BytesIO(photo_bytes(seed=1000 + n, **o.file_kwargs)), name=f"arsiv-{n}.jpg"
        )
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Described at once, as import_photos does, instead of by the background task."""
        photo = model_class(*args, **kwargs)
        photo._analysis = metadata.analyse(photo.file.file)
        photo.save()
        return photo


class ArchiveIndexFactory(factory.Factory):
    class Meta:
        model = PhotoArchiveIndexPage

    title = "Foto Arşivi"
    slug = "foto-arsivi"


class AlbumFactory(factory.Factory):
    class Meta:
        model = PhotoAlbumPage

    title = factory.Sequence(lambda n: f"Albüm {n}")
    date = date(2026, 10, 29)


def archive_index(home):
    return publish_child(home, ArchiveIndexFactory())


def album_with(index, photos, **fields):
    """A published album under `index` holding `photos` in order."""
    album = AlbumFactory(**fields)
    for number, photo in enumerate(photos):
        album.album_photos.add(AlbumPhoto(photo=photo, sort_order=number))
    return publish_child(index, album)


def edit_photo(client, photo, **changes):
    """Save the photo's admin edit form as an editor would, changing `changes`."""
    from django.urls import reverse

    url = reverse("wagtailimages:edit", args=[photo.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("file", "tags")
    }
    data.update(title=photo.title, collection=photo.collection_id, **changes)
    return client.post(url, data)


class VideoFactory(factory.django.DjangoModelFactory):
    """A video record with a real 1 s, 64×36 MP4 as its original (not yet processed:
    call video.process() for the poster and the web copy)."""

    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Tören videosu {n}")
    credit_line = "Video: Basın Birimi"
    file = factory.LazyAttributeSequence(
        lambda o, n: ContentFile(video_bytes("mp4"), name=f"video-{n}.mp4")
    )
