"""Issue 19: referring an appointment request to a directorate. A request received by
letter is an incoming record of the register, so the referral routes that record (havale)
to the directorate's person or role with the note, and they find it among what they hold;
a request made on the site keeps the referral note on the request only. Through the admin
views, as the office's clerk."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from archive.correspondence.models import Correspondence, Purpose, Routing, Status
from cms.roles import CLERK
from events.models import AppointmentRequest
from events.models.requests import NEW, REFERRED
from tests.factories.events import register_request

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-10-18T10:00")]

DIRECTORATE = "Fen İşleri Müdürlüğü"
NOTE = "Kaldırım onarımı için gereğini rica ederim."


@pytest.fixture
def clerk(user_with_role):
    return user_with_role(CLERK, "ozel-kalem")


@pytest.fixture
def directorate_unit(django_user_model):
    """The directorate's role: one active member and one who has left."""
    unit = Group.objects.create(name=DIRECTORATE)
    engineer = django_user_model.objects.create_user("fen-muhendis", password="x")
    left = django_user_model.objects.create_user("fen-ayrilan", password="x", is_active=False)
    for user in (engineer, left):
        user.groups.add(unit, Group.objects.get(name=CLERK))
    return unit


def by_letter():
    return register_request(
        channel="yazi",
        name="Mehmet Kara",
        institution="Esnaf Odası",
        email="",
        phone="",
        subject="Çarşı kaldırımlarının onarımı",
        letter_number="2027/118",
    )


def decide(client, record, **data):
    return client.post(reverse("events_request_decide", args=[record.pk]), data)


def refer(client, record, **data):
    return decide(client, record, decision="havale", directorate=DIRECTORATE, note=NOTE, **data)


def test_a_letter_referred_to_a_person_is_routed_through_the_register(
    client, clerk, user_with_role
):
    record = by_letter()
    person = user_with_role(CLERK, "fen-sefi")
    client.force_login(clerk)

    response = refer(client, record, route_to=[person.pk])

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.referred_to, record.decision_note) == (
        REFERRED,
        DIRECTORATE,
        NOTE,
    )
    step = Routing.objects.get()
    letter = Correspondence.objects.get(pk=record.register_record_id)
    assert step.correspondence == letter
    assert (step.routed_by, step.to_user, step.purpose) == (clerk, person, Purpose.ACTION)
    assert step.note == f"{DIRECTORATE}: {NOTE}"
    assert letter.status == Status.ROUTED
    assert list(record.history.order_by("history_date").values_list("status", flat=True)) == [
        NEW,
        REFERRED,
    ]
    assert record.history.latest().history_user == clerk
    # The directorate's person finds it on "Bana havale edilenler", with the note's sender.
    client.force_login(person)
    mine = client.get(reverse("archive_correspondence_mine")).content.decode()
    assert letter.register_number in mine
    assert "Çarşı kaldırımlarının onarımı" in mine


def test_a_letter_referred_to_a_directorate_role_reaches_its_active_members(
    client, clerk, directorate_unit
):
    record = by_letter()
    client.force_login(clerk)

    response = refer(client, record, route_role=directorate_unit.pk)

    assert response.status_code == 302
    holders = list(Routing.objects.values_list("to_user__username", flat=True))
    assert holders == ["fen-muhendis"]


def test_a_request_made_on_the_site_keeps_the_note_and_touches_no_register(client, clerk):
    record = register_request(channel="web")
    client.force_login(clerk)
    page = client.get(reverse("events_request_decide", args=[record.pk])).content.decode()
    assert 'name="route_to"' not in page

    response = refer(client, record)

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.referred_to, record.decision_note) == (
        REFERRED,
        DIRECTORATE,
        NOTE,
    )
    assert not Correspondence.objects.exists()
    assert not Routing.objects.exists()


def test_a_letter_page_offers_whom_to_route_to(client, clerk):
    record = by_letter()
    client.force_login(clerk)
    page = client.get(reverse("events_request_decide", args=[record.pk])).content.decode()
    assert 'name="route_to"' in page
    assert "Yazının havale edileceği kişi" in page


def test_a_letter_referred_to_nobody_is_refused_and_nothing_saved(client, clerk):
    record = by_letter()
    client.force_login(clerk)

    response = refer(client, record)

    assert response.status_code == 200
    assert response.context["form"].errors["route_to"] == [
        "Yazının havale edileceği kişi: yazıyla gelen talep evrak kaydı üzerinden havale "
        "edilir; müdürlüğün kişisini veya rolünü seçin."
    ]
    record.refresh_from_db()
    assert (record.status, record.referred_to) == (NEW, "")
    assert not Routing.objects.exists()


def test_a_letter_referred_to_an_inactive_user_is_refused_and_nothing_saved(
    client, clerk, directorate_unit
):
    record = by_letter()
    left = directorate_unit.user_set.get(username="fen-ayrilan")
    client.force_login(clerk)

    response = refer(client, record, route_to=[left.pk])

    assert response.status_code == 200
    assert response.context["form"].errors["route_to"] == [
        "Havale edilen: fen-ayrilan etkin bir kullanıcı değil."
    ]
    record.refresh_from_db()
    assert (record.status, record.referred_to, record.decision_note) == (NEW, "", "")
    assert record.history.count() == 1
    assert not Routing.objects.exists()
    assert Correspondence.objects.get(pk=record.register_record_id).status == Status.REGISTERED
    assert AppointmentRequest.objects.get().closed_at is None
