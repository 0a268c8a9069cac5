import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from events import rules
from events.models import (
    Appointment,
    AppointmentRequest,
    BudgetAllocation,
    Ceremony,
    EventCategory,
    EventIndexPage,
    EventPage,
    Expense,
    Gift,
    Invitation,
    ProtocolOffice,
    Visit,
)
from events.models.appointments import APPROVED
from tests.factories.cms import publish_child


def at(year, month, day, hour=10, minute=0):
    """An Istanbul date-time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=rules.ISTANBUL)


def soon(days=1, hour=10):
    """A time ``days`` from today, Istanbul wall clock."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=rules.ISTANBUL)


class EventCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kategori {n}")


class EventIndexPageFactory(factory.Factory):
    """Builds an unsaved calendar page; pass it to publish_child()."""

    class Meta:
        model = EventIndexPage

    title = "Etkinlikler"
    slug = "etkinlikler"
    intro = "Belediyemizin etkinlikleri."


class EventPageFactory(factory.Factory):
    """Builds an unsaved event; pass it to publish_child() under a calendar."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Etkinlik {n}")
    summary = "Tüm hemşehrilerimiz davetlidir."
    start = factory.LazyFunction(lambda: soon(3))
    end = factory.LazyAttribute(lambda event: event.start + dt.timedelta(hours=2))
    venue = "Cumhuriyet Meydanı"
    address = "Cumhuriyet Meydanı No: 1, Örnekköy"


def calendar_page(home):
    return publish_child(home, EventIndexPageFactory())


def add_event(calendar, **fields):
    return publish_child(calendar, EventPageFactory(**fields))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    visitor = factory.Sequence(lambda n: f"Ziyaretçi {n}")
    institution = "Örnek Derneği"
    subject = "Gizli görüşme konusu"
    start = factory.LazyFunction(lambda: soon(1))
    end = factory.LazyAttribute(lambda appointment: appointment.start + dt.timedelta(hours=1))
    place = "Başkanlık Makamı"
    requested_by = "Özel Kalem"
    status = APPROVED
    confidential_notes = "Gizli not"


def request_page(home):
    from events.models import AppointmentRequestPage

    return publish_child(
        home,
        AppointmentRequestPage(
            title="Başkandan Randevu Talebi",
            slug="randevu-talebi",
            intro="Başkanımızla görüşmek için talebinizi iletin.",
            kvkk_notice="<p>Kişisel verileriniz yalnızca bu talep için işlenir.</p>",
        ),
    )


def register_request(**fields):
    """A request registered the way the office registers one (reference, history)."""
    from events import appointment_requests

    values = {
        "name": "Ayşe Yılmaz",
        "email": "ayse@example.com",
        "phone": "0555 111 22 33",
        "subject": "Mahallemizdeki park",
        "preferred_date": timezone.localdate() + dt.timedelta(days=7),
    }
    values.update(fields)
    return appointment_requests.register(AppointmentRequest(**values))


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    title = factory.Sequence(lambda n: f"Kardeş şehir heyeti {n}")
    start = dt.date(2027, 3, 2)
    end = dt.date(2027, 3, 3)
    institution = "Lefkoşa Türk Belediyesi"
    country = "KKTC"


class GiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gift

    direction = "verilen"
    kind = "plaket"
    description = "Şehir plaketi"
    counterpart = "Lefkoşa Belediye Başkanı"
    date = dt.date(2027, 3, 2)


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    date = dt.date(2027, 3, 2)
    budget_line = "agirlama"
    supplier = "Örnek Lokantası"
    description = "Heyet yemeği"
    net_amount = Decimal("1000.00")
    vat_rate = Decimal("10")


class BudgetAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetAllocation

    year = 2027
    budget_line = "temsil"
    amount = Decimal("250000.00")


class ProtocolOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolOffice

    rank = factory.Sequence(lambda n: n + 1)
    office = factory.Sequence(lambda n: f"Makam {n}")
    holder = factory.Sequence(lambda n: f"Makam Sahibi {n}")


class CeremonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ceremony

    title = "Cumhuriyet Bayramı Resmi Töreni"
    kind = "bayram"
    start = factory.LazyFunction(lambda: at(2027, 10, 29, 9, 30))
    place = "Atatürk Anıtı"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    ceremony = factory.SubFactory(CeremonyFactory)
    office = factory.SubFactory(ProtocolOfficeFactory)
    reply = "katilacak"
