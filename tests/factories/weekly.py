import datetime as dt

import factory

from archive.weekly.models import Directorate, WeeklyReport


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Müdürlük {n:03d}")


class WeeklyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyReport

    directorate = factory.SubFactory(DirectorateFactory)
    week = dt.date(2027, 3, 1)
    done = "Bu hafta yapılan işler."
    planned = "Gelecek hafta planlanan işler."
    issues = ""
