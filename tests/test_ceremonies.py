"""Ceremonies and openings: the protocol precedence list kept with its history (a new
governor replaces the old one, who stays in the history), ceremonies with their
checklist, invited list and RSVPs, and the seating and speaking order computed from the
precedence rank, printed as a PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cms.roles import CLERK, HEAD
from events import rules
from events.models import Ceremony, ProtocolOffice
from tests.factories.events import InvitationFactory, ProtocolOfficeFactory

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
@pytest.mark.indexed
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


def _seats(invitees, takes_rank):
    return [
        (seat.place, seat.name, seat.stand_in_for)
        for seat in rules.seating_order(invitees, stand_in_takes_rank=takes_rank)
    ]


GOVERNOR = rules.Invitee("Vali Bey", "Vali", 1, rules.ATTENDING, speaks=True)
MAYOR = rules.Invitee("Başkan Hanım", "Belediye Başkanı", 2, rules.ATTENDING, speaks=True)
COMMANDER_SENDS = rules.Invitee(
    "Komutan", "Garnizon Komutanı", 3, rules.STAND_IN, stand_in="Yarbay Deniz"
)
MP_DECLINES = rules.Invitee("Vekil", "Milletvekili", 4, rules.NOT_ATTENDING)
PROSECUTOR_SILENT = rules.Invitee("Savcı", "Cumhuriyet Başsavcısı", 5, rules.INVITED)
MUFTI = rules.Invitee("Müftü", "İl Müftüsü", 9, rules.ATTENDING)
VETERAN = rules.Invitee("Gazi Ali Usta", "", None, rules.ATTENDING, speaks=True)


@pytest.mark.parametrize(
    "invitees, takes_rank, expected",
    [
        # Worked by hand. Listed out of order: ranks decide, not the list's order.
        (
            [MUFTI, MAYOR, GOVERNOR],
            False,
            [(1, "Vali Bey", ""), (2, "Başkan Hanım", ""), (3, "Müftü", "")],
        ),
        # Not replied and declined get no seat; the commander's stand-in sits after the
        # office holders (default), the free-text guest last.
        (
            [VETERAN, COMMANDER_SENDS, MUFTI, MP_DECLINES, PROSECUTOR_SILENT, GOVERNOR],
            False,
            [
                (1, "Vali Bey", ""),
                (2, "Müftü", ""),
                (3, "Yarbay Deniz", "Garnizon Komutanı"),
                (4, "Gazi Ali Usta", ""),
            ],
        ),
        # With the setting on, the stand-in takes rank 3, before the müftü (rank 9).
        (
            [VETERAN, COMMANDER_SENDS, MUFTI, GOVERNOR],
            True,
            [
                (1, "Vali Bey", ""),
                (2, "Yarbay Deniz", "Garnizon Komutanı"),
                (3, "Müftü", ""),
                (4, "Gazi Ali Usta", ""),
            ],
        ),
        # Equal ranks keep the invited list's order.
        (
            [
                rules.Invitee("Üye B", "Meclis Üyesi B", 10, rules.ATTENDING),
                rules.Invitee("Üye A", "Meclis Üyesi A", 10, rules.ATTENDING),
            ],
            False,
            [(1, "Üye B", ""), (2, "Üye A", "")],
        ),
        ([MP_DECLINES, PROSECUTOR_SILENT], False, []),
    ],
)
def test_seating_order_follows_the_precedence_of_those_attending(invitees, takes_rank, expected):
    assert _seats(invitees, takes_rank) == expected


def test_speeches_go_from_the_lowest_to_the_highest():
    seats = rules.seating_order([GOVERNOR, VETERAN, MUFTI, MAYOR], stand_in_takes_rank=False)
    assert [seat.name for seat in rules.speaking_order(seats)] == [
        "Gazi Ali Usta",
        "Başkan Hanım",
        "Vali Bey",
    ]


def _ceremony_form(**fields):
    data = {
        "title": "Hizmet Binası Açılışı",
        "kind": "acilis",
        "start": "2027-05-19 11:00",
        "place": "Yeni Hizmet Binası",
        "event": "",
        "notes": "",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
        "invitations-MIN_NUM_FORMS": "0",
        "invitations-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def _invitation(number, *, office="", guest="", reply=rules.INVITED, stand_in="", speaks=False):
    prefix = f"invitations-{number}-"
    data = {
        prefix + "office": office,
        prefix + "guest": guest,
        prefix + "reply": reply,
        prefix + "stand_in": stand_in,
        prefix + "ORDER": str(number + 1),
        prefix + "DELETE": "",
    }
    if speaks:
        data[prefix + "speaks"] = "on"
    return data


@pytest.mark.clock("2026-11-24T10:00")
def test_a_clerk_plans_an_opening_and_prints_its_seating_order(client, user_with_role):
    governor = ProtocolOfficeFactory(rank=1, office="Vali", holder="Ahmet Yıldırım")
    mayor = ProtocolOfficeFactory(rank=2, office="Belediye Başkanı", holder="Zeynep Aydın")
    commander = ProtocolOfficeFactory(rank=3, office="Garnizon Komutanı", holder="Murat Öztürk")
    mp = ProtocolOfficeFactory(rank=4, office="Milletvekili", holder="Hasan Çelik")
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_ceremony:add"),
        _ceremony_form(
            **{"invitations-TOTAL_FORMS": "5"},
            **_invitation(0, guest="Müteahhit Firma Temsilcisi", reply=rules.ATTENDING),
            **_invitation(1, office=mp.pk, reply=rules.NOT_ATTENDING),
            **_invitation(
                2, office=commander.pk, reply=rules.STAND_IN, stand_in="Yarbay Deniz Kurt"
            ),
            **_invitation(3, office=mayor.pk, reply=rules.ATTENDING, speaks=True),
            **_invitation(4, office=governor.pk, reply=rules.ATTENDING, speaks=True),
        ),
    )
    assert response.status_code == 302
    ceremony = Ceremony.objects.get()
    # An opening starts with the opening's checklist; ticking an item is kept.
    labels = list(ceremony.tasks.values_list("label", flat=True))
    assert "Kurdele ve makas" in labels
    assert "Çelenk siparişi verildi" not in labels
    assert ceremony.history.count() == 1

    response = client.get(reverse("events_ceremony_order", args=[ceremony.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "19 Mayıs 2027" in text
    seating = text.split("Oturma düzeni")[1].split("Konuşma sırası")[0]
    order = [
        "Ahmet Yıldırım",
        "Zeynep Aydın",
        "Yarbay Deniz Kurt",
        "Müteahhit Firma Temsilcisi",
    ]
    positions = [seating.index(name) for name in order]
    assert positions == sorted(positions)
    assert "Garnizon Komutanı adına" in seating
    assert "Hasan Çelik" not in text
    speaking = text.split("Konuşma sırası")[1]
    assert speaking.index("Zeynep Aydın") < speaking.index("Ahmet Yıldırım")
    assert "Yarbay Deniz Kurt" not in speaking


@pytest.mark.parametrize(
    "invitation, field, message",
    [
        (
            _invitation(0),
            "guest",
            "Davetli: protokol listesinden bir makam seçin ya da bir ad yazın.",
        ),
        (
            _invitation(0, guest="Bir Konuk", reply=rules.STAND_IN),
            "stand_in",
            "Yerine katılan: yerine katılacak kişinin adını yazın.",
        ),
    ],
)
def test_an_incomplete_invitee_is_refused_with_nothing_saved(
    client, user_with_role, invitation, field, message
):
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_ceremony:add"),
        _ceremony_form(**{"invitations-TOTAL_FORMS": "1"}, **invitation),
    )
    assert response.status_code == 200
    errors = response.context["form"].formsets["invitations"].forms[0].errors
    assert errors[field] == [message]
    assert Ceremony.objects.count() == 0


@pytest.mark.indexed
def test_an_invited_office_cannot_be_deleted_from_the_list(client, user_with_role):
    invitation = InvitationFactory()
    client.force_login(user_with_role(HEAD))
    client.post(
        reverse("wagtailsnippets_events_protocoloffice:delete", args=[invitation.office.pk])
    )
    assert ProtocolOffice.objects.filter(pk=invitation.office.pk).exists()
