import datetime as dt

import factory
from django.utils import timezone

from press.models import DenialNotice
from press.tekzip.rules import Medium
from tests.factories.press import MediaOutletFactory


def days_ago(days, hour=10):
    """An aware datetime `days` before now, at `hour` local time."""
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class DenialNoticeFactory(factory.django.DjangoModelFactory):
    """A draft notice about an item a daily published ten days ago."""

    class Meta:
        model = DenialNotice

    outlet = factory.SubFactory(
        MediaOutletFactory, responsible_manager="Ali Vural", address="Gazi Bulvarı No: 10"
    )
    medium = Medium.DAILY.value
    published_at = factory.LazyFunction(lambda: days_ago(10))
    title = factory.Sequence(lambda n: f"Belediye hakkında yanlış haber {n}")
    url = "https://haber.example.com/yanlis"
    passage = "Belediye parkı sattı."
    reply = "<p>Belediyemiz hiçbir parkı satmamıştır; haber gerçeği yansıtmamaktadır.</p>"
    addressee = "Ali Vural"
    signatory_name = "Hasan Çelik"
    signatory_title = "Özel Kalem Müdürü"
    live = False
