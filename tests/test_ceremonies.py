"""Ceremonies and openings: the protocol precedence list kept with its history (a new
governor replaces the old one, who stays in the history), ceremonies with their
checklist, invited list and RSVPs, and the seating and speaking order computed from the
precedence rank, printed as a PDF."""

import pytest
from django.urls import reverse

from cms.roles import CLERK, HEAD
from events.models import ProtocolOffice
from tests.factories.events import ProtocolOfficeFactory

pytestmark = pytest.mark.django_db


def _office_form(record, **changes):
    data = {"rank": record.rank, "office": record.office, "holder": record.holder, "note": ""}
    data.update(changes)
    return data


def test_a_new_governor_replaces_the_old_one_who_stays_in_the_history(client, user_with_role):
    governor = ProtocolOfficeFactory(rank=1, office="Vali", holder="Ahmet Yıldırım")
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_protocoloffice:edit", args=[governor.pk]),
        _office_form(governor, holder="Selin Korkmaz"),
    )
    assert response.status_code == 302
    governor.refresh_from_db()
    assert governor.holder == "Selin Korkmaz"
    assert [row.holder for row in governor.history.order_by("history_date")] == [
        "Ahmet Yıldırım",
        "Selin Korkmaz",
    ]
    page = client.get(
        reverse("record_history:index", args=["events", "protocoloffice", governor.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ahmet Yıldırım" in text
    assert "Selin Korkmaz" in text


def test_the_list_is_in_precedence_order(client, user_with_role):
    ProtocolOfficeFactory(rank=3, office="Garnizon Komutanı")
    ProtocolOfficeFactory(rank=1, office="Vali")
    ProtocolOfficeFactory(rank=2, office="Belediye Başkanı")
    client.force_login(user_with_role(HEAD))
    page = client.get(reverse("wagtailsnippets_events_protocoloffice:list"))
    assert page.status_code == 200
    assert [office.office for office in page.context["object_list"]] == [
        "Vali",
        "Belediye Başkanı",
        "Garnizon Komutanı",
    ]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"rank": "0"}, "rank", "Bu değerin 1 değerinden büyük veya eşit olduğuna emin olun."),
        ({"office": ""}, "office", "Bu alan zorunludur."),
    ],
)
def test_a_bad_rank_or_a_missing_office_is_refused_with_nothing_saved(
    client, user_with_role, changes, field, message
):
    office = ProtocolOfficeFactory(rank=4, office="Milletvekili", holder="Hasan Çelik")
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_protocoloffice:edit", args=[office.pk]),
        _office_form(office, **changes),
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert office.history.count() == 1
    assert ProtocolOffice.objects.get().rank == 4


def test_two_offices_cannot_share_a_name(client, user_with_role):
    ProtocolOfficeFactory(rank=1, office="Vali")
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_protocoloffice:add"),
        {"rank": "2", "office": "Vali", "holder": "Başka Biri", "note": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["office"] == [
        "Bu Makam alanına sahip Protokol makamı zaten mevcut."
    ]
    assert ProtocolOffice.objects.count() == 1
