import datetime as dt

import factory

from press.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    Category,
    DistributionList,
    MediaOutlet,
    NewsIndexPage,
    NewsPage,
    OutletKind,
    PressClipping,
    PressContact,
    PressReleaseIndexPage,
    PressReleasePage,
    Tone,
)
from tests.factories.cms import publish_child


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kategori {n}")


class PressReleaseIndexFactory(factory.Factory):
    class Meta:
        model = PressReleaseIndexPage

    title = "Basın Açıklamaları"
    slug = "basin-aciklamalari"


class NewsIndexFactory(factory.Factory):
    class Meta:
        model = NewsIndexPage

    title = "Haberler"
    slug = "haberler"


class AnnouncementIndexFactory(factory.Factory):
    class Meta:
        model = AnnouncementIndexPage

    title = "Duyurular"
    slug = "duyurular"


class PressReleaseFactory(factory.Factory):
    """Builds an unsaved press release; pass it to publish_child()."""

    class Meta:
        model = PressReleasePage

    title = factory.Sequence(lambda n: f"Basın Açıklaması {n}")
    summary = factory.LazyAttribute(lambda page: f"{page.title} hakkında kısa özet.")
    date = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))
    body = [("paragraph", "<p>Açıklamanın tam metni.</p>")]


class NewsFactory(PressReleaseFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Haber {n}")


class AnnouncementFactory(PressReleaseFactory):
    class Meta:
        model = AnnouncementPage

    title = factory.Sequence(lambda n: f"Duyuru {n}")


def publish_item(index, factory_class=PressReleaseFactory, categories=(), tags=(), **fields):
    """Publish a press item under `index`, with categories and tags set."""
    page = factory_class(**fields)
    index.add_child(instance=page)
    if categories:
        page.categories.set(categories)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class MediaOutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaOutlet

    name = factory.Sequence(lambda n: f"Ege Gazetesi {n}")
    kind = OutletKind.DAILY
    scope = "local"


class PressContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressContact

    name = factory.Sequence(lambda n: f"Muhabir {n}")
    outlet = factory.SubFactory(MediaOutletFactory)
    email = factory.Sequence(lambda n: f"muhabir{n}@example.com")
    consent = True
    consent_date = dt.date(2026, 1, 5)
    active = True


class DistributionListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistributionList
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Liste {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)


class PressClippingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressClipping

    outlet = factory.SubFactory(MediaOutletFactory)
    date = dt.date(2026, 10, 15)
    headline = factory.Sequence(lambda n: f"Belediyeden yeni proje {n}")
    url = factory.Sequence(lambda n: f"https://haber.example.com/{n}")
    tone = Tone.NEUTRAL


__all__ = ["publish_child"]
