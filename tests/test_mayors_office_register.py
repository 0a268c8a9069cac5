"""The mayor's office and the one correspondence register (cms.records): a ceremony's
invitations sent by letter become outgoing records with the next official number and
their PDF, by e-mail they are sent and logged on the invitation; requests and invitations
received by letter are incoming records linked to the request. Each invitation keeps every
earlier state of its reply."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence.models import LETTER_LABEL, Correspondence, Direction, Kind
from cms.models import MunicipalitySettings
from cms.roles import CLERK, HEAD
from events import rules
from events.models import AppointmentRequest, Ceremony, Invitation
from tests.factories.events import (
    CeremonyFactory,
    ExpenseFactory,
    InvitationFactory,
    ProtocolOfficeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-10-18T10:00")]


@pytest.fixture
def detsis(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Örnekköy Belediyesi"
    settings.detsis_number = "12345678"
    settings.save()


@pytest.fixture(autouse=True)
def commits(monkeypatch, django_capture_on_commit_callbacks):
    """Run what a request queues on commit (the sending task), as its end would."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def pdf_text(data):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def ceremony():
    ceremony = CeremonyFactory(title="Cumhuriyet Bayramı Resepsiyonu", place="Kültür Merkezi")
    governor = ProtocolOfficeFactory(rank=1, office="Vali", holder="Ahmet Yıldırım")
    InvitationFactory(
        ceremony=ceremony,
        office=governor,
        reply=rules.INVITED,
        send_by="yazi",
        address="Valilik Binası, Konak",
    )
    InvitationFactory(
        ceremony=ceremony,
        office=None,
        guest="Prof. Dr. Elif Şahin",
        reply=rules.INVITED,
        send_by="eposta",
        email="elif@example.edu.tr",
    )
    InvitationFactory(ceremony=ceremony, office=None, guest="Muhtar Ali Kaya", reply=rules.INVITED)
    return ceremony


def send(client, ceremony):
    return client.post(reverse("events_ceremony_send_invitations", args=[ceremony.pk]))


def test_invitations_go_out_by_letter_through_the_register_and_by_email(
    client, user_with_role, ceremony, detsis
):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    confirm = client.get(reverse("events_ceremony_send_invitations", args=[ceremony.pk]))
    assert [i.name for i in confirm.context["to_send"]] == [
        "Ahmet Yıldırım",
        "Prof. Dr. Elif Şahin",
    ]

    response = send(client, ceremony)
    assert response.status_code == 302

    governor, professor, headman = ceremony.invitations.order_by("pk")
    record = Correspondence.objects.get(source=f"events.invitation:{governor.pk}")
    assert record.direction == Direction.OUTGOING
    assert record.number and governor.sent_number == record.number
    assert record.party_name == "Vali"
    assert record.sdp_code.code == rules.INVITATION_FILE_PLAN_CODE
    letter = record.attachments.get(label=LETTER_LABEL)
    with letter.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert record.number in text
    # Verifiable at /belge-dogrula/ like every letter of the register.
    assert record.verification_code
    assert f"Doğrulama kodu: {record.verification_code}" in text
    assert "Cumhuriyet Bayramı Resepsiyonu" in text and "29 Ekim 2027" in text
    assert "Valilik Binası, Konak" in text

    assert [message.to for message in mail.outbox] == [["elif@example.edu.tr"]]
    assert mail.outbox[0].subject == "Davet: Cumhuriyet Bayramı Resepsiyonu"
    assert "29 Ekim 2027" in mail.outbox[0].body and "09:30" in mail.outbox[0].body
    assert professor.sent_to == "elif@example.edu.tr" and professor.sent_at is not None
    assert professor.history.latest().history_user == clerk
    assert headman.sent_at is None
    assert Correspondence.objects.filter(direction=Direction.OUTGOING).count() == 1

    # Sending again sends nothing twice.
    send(client, ceremony)
    assert Correspondence.objects.filter(direction=Direction.OUTGOING).count() == 1
    assert len(mail.outbox) == 1

    page = client.get(reverse("events_ceremony_replies", args=[ceremony.pk])).content.decode()
    assert record.number in page and "elif@example.edu.tr" in page


def test_without_a_detsis_number_the_letter_is_not_sent_and_the_clerk_is_told_why(
    client, user_with_role, ceremony
):
    client.force_login(user_with_role(CLERK))
    send(client, ceremony)
    governor = ceremony.invitations.get(office__office="Vali")
    assert governor.sent_at is None and governor.sent_number == ""
    assert governor.send_error.startswith("DETSİS numarası")
    assert not Correspondence.objects.filter(source=f"events.invitation:{governor.pk}").exists()
    page = client.get(reverse("events_ceremony_replies", args=[ceremony.pk])).content.decode()
    assert "Henüz gönderilmedi: DETSİS numarası" in page


def _edit_form(ceremony, invitation, **changes):
    data = {
        "title": ceremony.title,
        "kind": ceremony.kind,
        "start": "2027-10-29 09:30",
        "place": ceremony.place,
        "event": "",
        "notes": "",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "invitations-TOTAL_FORMS": "1",
        "invitations-INITIAL_FORMS": "1",
        "invitations-MIN_NUM_FORMS": "0",
        "invitations-MAX_NUM_FORMS": "1000",
        "invitations-0-id": str(invitation.pk),
        "invitations-0-office": str(invitation.office_id),
        "invitations-0-guest": "",
        "invitations-0-reply": invitation.reply,
        "invitations-0-stand_in": invitation.stand_in,
        "invitations-0-send_by": "",
        "invitations-0-email": "",
        "invitations-0-address": "",
        "invitations-0-ORDER": "1",
        "invitations-0-DELETE": "",
    }
    data.update({f"invitations-0-{name}": value for name, value in changes.items()})
    return data


def test_every_change_of_a_reply_is_kept_and_shown_on_the_ceremony(client, user_with_role):
    invitation = InvitationFactory(
        office=ProtocolOfficeFactory(office="Garnizon Komutanı", holder="Murat Öztürk"),
        reply=rules.INVITED,
    )
    ceremony = invitation.ceremony
    clerk = user_with_role(CLERK, "katip")
    client.force_login(clerk)
    url = reverse("wagtailsnippets_events_ceremony:edit", args=[ceremony.pk])
    assert (
        client.post(url, _edit_form(ceremony, invitation, reply=rules.ATTENDING)).status_code == 302
    )
    assert (
        client.post(
            url,
            _edit_form(ceremony, invitation, reply=rules.STAND_IN, stand_in="Yarbay Deniz Kurt"),
        ).status_code
        == 302
    )
    # Saving the ceremony again with the same reply adds no state.
    changed = _edit_form(ceremony, invitation, reply=rules.STAND_IN, stand_in="Yarbay Deniz Kurt")
    changed["notes"] = "Protokol girişi batı kapısından."
    assert client.post(url, changed).status_code == 302

    states = [
        (row.reply, row.stand_in, row.history_user)
        for row in invitation.history.order_by("history_date")
    ]
    assert states == [
        (rules.INVITED, "", None),
        (rules.ATTENDING, "", clerk),
        (rules.STAND_IN, "Yarbay Deniz Kurt", clerk),
    ]
    # The ceremony's costs (tören line) are summed on the same screen.
    ExpenseFactory(ceremony=ceremony, budget_line="toren", net_amount=Decimal("100.00"))
    ExpenseFactory(ceremony=ceremony, budget_line="toren", net_amount=Decimal("0.05"))
    page = client.get(reverse("events_ceremony_replies", args=[ceremony.pk]))
    assert page.status_code == 200
    assert page.context["cost"] == Decimal("110.06")
    (row,) = page.context["rows"]
    assert [version.get_reply_display() for version in row["versions"]] == [
        "Davet edildi",
        "Katılacak",
        "Yerine başkası katılacak",
    ]
    assert "Yarbay Deniz Kurt" in page.content.decode()


@pytest.mark.indexed
def test_an_invitee_taken_off_the_list_stays_on_the_replies_screen(client, user_with_role):
    """The invited list is the ceremony's inline children: taking someone off deletes the
    row, and its earlier replies are still shown, with who took it off and when."""
    invitation = InvitationFactory(
        office=ProtocolOfficeFactory(office="Garnizon Komutanı", holder="Murat Öztürk"),
        reply=rules.INVITED,
    )
    ceremony = invitation.ceremony
    staying = InvitationFactory(ceremony=ceremony, office=None, guest="Muhtar Ali Kaya")
    clerk = user_with_role(CLERK, "katip")
    client.force_login(clerk)
    url = reverse("wagtailsnippets_events_ceremony:edit", args=[ceremony.pk])
    assert (
        client.post(url, _edit_form(ceremony, invitation, reply=rules.ATTENDING)).status_code == 302
    )
    removal = _edit_form(ceremony, invitation, reply=rules.ATTENDING, DELETE="on")
    removal.update(
        {
            "invitations-TOTAL_FORMS": "2",
            "invitations-INITIAL_FORMS": "2",
            "invitations-1-id": str(staying.pk),
            "invitations-1-office": "",
            "invitations-1-guest": staying.guest,
            "invitations-1-reply": staying.reply,
            "invitations-1-stand_in": "",
            "invitations-1-send_by": "",
            "invitations-1-email": "",
            "invitations-1-address": "",
            "invitations-1-ORDER": "2",
            "invitations-1-DELETE": "",
        }
    )
    assert client.post(url, removal).status_code == 302
    assert list(ceremony.invitations.all()) == [staying]
    page = client.get(reverse("events_ceremony_replies", args=[ceremony.pk]))
    assert [row["invitation"] for row in page.context["rows"]] == [staying]
    (removed,) = page.context["removed_rows"]
    assert removed["name"] == "Murat Öztürk"
    assert [v.get_reply_display() for v in removed["versions"] if v.history_type != "-"] == [
        "Davet edildi",
        "Katılacak",
    ]
    assert removed["removal"].history_user == clerk
    html = page.content.decode()
    assert "Davetli listesinden çıkarılanlar" in html
    removed_table = html[html.index("ceremony-removed") :]
    assert "Murat Öztürk" in removed_table and "Katılacak" in removed_table
    # Another ceremony's screen shows nothing of it.
    other = CeremonyFactory(title="Başka tören")
    assert (
        client.get(reverse("events_ceremony_replies", args=[other.pk])).context["removed_rows"]
        == []
    )


@pytest.mark.indexed
def test_an_invitation_by_email_without_an_address_is_refused_with_nothing_saved(
    client, user_with_role
):
    invitation = InvitationFactory(office=ProtocolOfficeFactory(), reply=rules.INVITED)
    ceremony = invitation.ceremony
    client.force_login(user_with_role(CLERK))
    response = client.post(
        reverse("wagtailsnippets_events_ceremony:edit", args=[ceremony.pk]),
        _edit_form(ceremony, invitation, send_by="eposta", reply=rules.ATTENDING),
    )
    assert response.status_code == 200
    assert "E-posta: davetiyenin gönderileceği adresi yazın." in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.send_by, invitation.reply) == ("", rules.INVITED)
    assert invitation.history.count() == 1


def test_an_invitation_received_by_letter_is_an_incoming_register_record(client, user_with_role):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    response = client.post(
        reverse("wagtailsnippets_events_appointmentrequest:add"),
        {
            "kind": "davet",
            "channel": "yazi",
            "name": "Örnek Derneği Başkanı",
            "institution": "Örnek Derneği",
            "email": "",
            "phone": "",
            "tc_kimlik_no": "",
            "subject": "Yıl sonu yemeğine davet",
            "preferred_date": "2027-12-20",
            "alternative_date": "",
            "letter_number": "2027/45",
            "letter_date": "2027-10-12",
        },
    )
    assert response.status_code == 302
    request_record = AppointmentRequest.objects.get()
    record = Correspondence.objects.get(pk=request_record.register_record_id)
    assert record.direction == Direction.INCOMING and record.kind == Kind.INVITATION
    assert record.register_number and record.register_number == request_record.register_number
    assert record.source == f"events.appointmentrequest:{request_record.reference}"
    assert (record.party_name, record.sender_number) == ("Örnek Derneği", "2027/45")
    assert str(record.sender_date) == "2027-10-12"
    assert record.owner == clerk
    page = client.get(reverse("events_request_decide", args=[request_record.pk]))
    assert record.register_number in page.content.decode()


def test_a_request_made_on_the_site_is_not_put_in_the_register(client, user_with_role):
    from tests.factories.events import register_request

    register_request(channel="web")
    assert not Correspondence.objects.exists()
    assert AppointmentRequest.objects.get().register_number == ""


def test_a_ceremony_without_invitations_to_send_sends_nothing(client, user_with_role):
    ceremony = InvitationFactory(send_by="").ceremony
    client.force_login(user_with_role(HEAD))
    response = send(client, ceremony)
    assert response.status_code == 302
    assert mail.outbox == [] and not Correspondence.objects.exists()
    assert Ceremony.objects.count() == 1 and Invitation.objects.get().sent_at is None
