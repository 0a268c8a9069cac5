"""Appointment requests: a citizen asks on the site, gets a reference by e-mail, and the
office accepts (a private appointment on the mayor's programme), refers or declines, each
step written to the history and told to the requester."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from cms.roles import CLERK
from events import appointment_requests, tasks
from events.models import Appointment, AppointmentRequest
from events.models.requests import ACCEPTED, DECLINED, EVALUATING, NEW, REFERRED, REMOVED
from tests.factories.events import at, calendar_page, register_request, request_page

pytestmark = pytest.mark.django_db

URL = "/randevu-talebi/"
VALID_TC = "10000000146"


@pytest.fixture
def form_page(home):
    return request_page(home)


@pytest.fixture(autouse=True)
def commits(monkeypatch, django_capture_on_commit_callbacks):
    """Run what each request or decision queues on commit (the e-mails), as the end of
    its transaction would outside the test's own."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def citizen(**fields):
    data = {
        "name": "Ayşe Yılmaz",
        "email": "ayse@example.com",
        "phone": "0555 111 22 33",
        "tc_kimlik_no": VALID_TC,
        "institution": "",
        "subject": "Mahallemizdeki parkın bakımı hakkında görüşmek istiyorum.",
        "preferred_date": "10.03.2027",
        "alternative_date": "",
        "consent": "on",
        "website": "",
    }
    data.update(fields)
    return data


@pytest.mark.clock("2027-03-02T10:00")
def test_citizen_request_is_saved_with_a_reference_and_mailed_in_turkish(client, form_page):
    page = client.get(URL)
    assert page.status_code == 200
    assert "Kişisel verileriniz yalnızca bu talep için işlenir." in page.content.decode()
    response = client.post(URL, citizen())
    assert response.status_code == 200
    record = AppointmentRequest.objects.get()
    assert record.reference.startswith("RT-2027-") and len(record.reference) == 14
    assert record.status == NEW and record.channel == "web"
    assert record.preferred_date == dt.date(2027, 3, 10)
    assert record.consent_at is not None
    assert record.reference in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ayse@example.com"]
    assert message.subject == f"Randevu talebiniz alındı ({record.reference})"
    assert "Sayın Ayşe Yılmaz" in message.body and record.reference in message.body


@pytest.mark.clock("2027-03-02T10:00")
@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"tc_kimlik_no": "10000000147"}, "tc_kimlik_no", "TC kimlik no: numara geçerli değil."),
        (
            {"preferred_date": "01.03.2027"},
            "preferred_date",
            "Tercih edilen tarih: bugünden sonraki bir gün seçin.",
        ),
        (
            {"preferred_date": "02.03.2027"},
            "preferred_date",
            "Tercih edilen tarih: bugünden sonraki bir gün seçin.",
        ),
        (
            {"alternative_date": "15.02.2027"},
            "alternative_date",
            "Alternatif tarih: bugünden sonraki bir gün seçin.",
        ),
        ({"subject": "ş" * 2001}, "subject", "Konu: en çok 2000 karakter."),
        ({"name": "A" * 151}, "name", "Ad soyad: en çok 150 karakter."),
        ({"name": ""}, "name", "Ad soyad: lütfen doldurun."),
        ({"email": "ayse@"}, "email", "E-posta: geçerli bir e-posta adresi yazın."),
        (
            {"consent": ""},
            "consent",
            "Onay: lütfen KVKK aydınlatma metnini okuyup kutuyu işaretleyin.",
        ),
        ({"preferred_date": "31.02.2027"}, "preferred_date", "Geçerli bir tarih girin."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    client, form_page, fields, field, message
):
    response = client.post(URL, citizen(**fields))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert AppointmentRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.clock("2027-03-02T10:00")
def test_a_filled_trap_field_looks_sent_but_saves_and_mails_nothing(client, form_page):
    response = client.post(URL, citizen(website="http://spam.example"))
    assert response.status_code == 200
    assert "Talebiniz alındı." in response.content.decode()
    assert AppointmentRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.clock("2027-03-02T10:00")
def test_an_address_over_the_hourly_limit_is_refused_and_nothing_saved(client, form_page, settings):
    settings.KALEM_APPOINTMENT_REQUESTS_PER_HOUR = 2
    for _n in range(2):
        assert client.post(URL, citizen()).status_code == 200
    response = client.post(URL, citizen(name="Üçüncü Kişi"))
    assert response.status_code == 429
    assert "Bağlantınızdan çok fazla talep geldi." in response.content.decode()
    assert AppointmentRequest.objects.count() == 2
    assert not AppointmentRequest.objects.filter(name="Üçüncü Kişi").exists()


def decide(client, record, **data):
    return client.post(reverse("events_request_decide", args=[record.pk]), data, follow=True)


@pytest.mark.clock("2027-03-02T10:00")
def test_accepted_request_becomes_a_private_appointment_and_the_requester_is_told(
    client, user_with_role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = register_request(name="Gizli Talepçi", subject="Gizli talep konusu")
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    decide(client, record, decision="degerlendir")
    response = decide(
        client,
        record,
        decision="kabul",
        date="09.03.2027",
        start_time="14:30",
        end_time="15:00",
        place="Başkanlık Makamı",
    )
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.status == ACCEPTED and record.closed_at is not None
    appointment = Appointment.objects.get()
    assert record.appointment == appointment
    assert appointment.is_public is False
    assert appointment.start == at(2027, 3, 9, 14, 30) and appointment.end == at(2027, 3, 9, 15)
    assert appointment.visitor == "Gizli Talepçi"
    assert record.reference in appointment.requested_by
    statuses = list(record.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == [NEW, EVALUATING, ACCEPTED]
    assert record.history.latest().history_user == clerk
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        f"Randevu talebiniz alındı ({record.reference})",
        f"Randevu talebiniz değerlendiriliyor ({record.reference})",
        f"Randevu talebiniz kabul edildi ({record.reference})",
    ]
    assert "9 Mart 2027 14:30" in mail.outbox[-1].body


@pytest.mark.clock("2027-03-02T10:00")
@pytest.mark.indexed
def test_an_accepted_request_never_reaches_a_public_output(client, home, user_with_role):
    calendar_page(home)
    record = register_request(name="Gizli Talepçi", subject="Gizli talep konusu")
    client.force_login(user_with_role(CLERK))
    decide(
        client,
        record,
        decision="kabul",
        date="03.03.2027",
        start_time="10:00",
        end_time="11:00",
        place="Gizli Makam",
    )
    client.logout()
    for url in [
        "/",
        "/etkinlikler/",
        "/etkinlikler/takvim.ics",
        "/etkinlikler/rss/",
        "/sitemap.xml",
        "/ara/?q=Gizli",
        "/etkinlikler/baskanin-programi/",
        "/etkinlikler/baskanin-programi/2027/03/03/",
        "/etkinlikler/baskanin-programi/hafta/2027/03/03/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in ["Gizli Talepçi", "Gizli talep konusu", "Gizli Makam", record.reference]:
            assert secret not in body, (url, secret)


@pytest.mark.clock("2027-03-02T10:00")
def test_decline_needs_a_reason_and_mails_it(client, user_with_role):
    record = register_request()
    client.force_login(user_with_role(CLERK))
    response = decide(client, record, decision="ret", note="")
    assert "Gerekçe: reddedilen talep için gerekçe yazın." in response.content.decode()
    record.refresh_from_db()
    assert record.status == NEW
    decide(client, record, decision="ret", note="Başkanımızın programı bu ay dolu.")
    record.refresh_from_db()
    assert record.status == DECLINED
    assert mail.outbox[-1].subject == f"Randevu talebiniz kabul edilemedi ({record.reference})"
    assert "Başkanımızın programı bu ay dolu." in mail.outbox[-1].body


@pytest.mark.clock("2027-03-02T10:00")
def test_referral_names_the_directorate_and_a_decided_request_stays_decided(client, user_with_role):
    # Made on the site: the note stays on the request (a letter is routed through the
    # register, tests/test_mayors_office_referral.py).
    record = register_request(channel="web")
    client.force_login(user_with_role(CLERK))
    decide(
        client,
        record,
        decision="havale",
        directorate="Park ve Bahçeler Müdürlüğü",
        note="Parkların bakımı",
    )
    record.refresh_from_db()
    assert record.status == REFERRED and record.referred_to == "Park ve Bahçeler Müdürlüğü"
    assert "Park ve Bahçeler Müdürlüğü" in mail.outbox[-1].body
    sent = len(mail.outbox)
    decide(
        client, record, decision="kabul", date="09.03.2027", start_time="10:00", end_time="11:00"
    )
    record.refresh_from_db()
    assert record.status == REFERRED
    assert Appointment.objects.count() == 0 and len(mail.outbox) == sent
    with pytest.raises(appointment_requests.NotOpen):
        appointment_requests.decline(record, reason="Yine", user=None)


@pytest.mark.clock("2027-03-02T10:00")
def test_accepting_without_a_time_is_refused_in_turkish(client, user_with_role):
    record = register_request()
    client.force_login(user_with_role(CLERK))
    response = decide(
        client, record, decision="kabul", date="09.03.2027", start_time="11:00", end_time="10:00"
    )
    assert "Bitiş saati: başlangıç saatinden sonra olmalı." in response.content.decode()
    response = decide(client, record, decision="kabul", date="", start_time="", end_time="")
    assert "Tarih: kabul için gerekli." in response.content.decode()
    record.refresh_from_db()
    assert record.status == NEW and Appointment.objects.count() == 0


def test_a_letter_request_registered_in_the_admin_gets_a_reference_and_a_receipt(
    client, user_with_role
):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    response = client.post(
        reverse("wagtailsnippets_events_appointmentrequest:add"),
        {
            "kind": "davet",
            "channel": "yazi",
            "name": "Örnek Derneği Başkanı",
            "institution": "Örnek Derneği",
            "email": "dernek@example.com",
            "phone": "",
            "tc_kimlik_no": "",
            "subject": "Yıl sonu yemeğine davet",
            "preferred_date": "2030-12-20",
            "alternative_date": "",
        },
    )
    assert response.status_code == 302
    record = AppointmentRequest.objects.get()
    assert record.reference.startswith("RT-") and record.created_by == clerk
    assert record.kind == "davet"
    assert mail.outbox[0].to == ["dernek@example.com"]


@pytest.mark.clock("2027-03-02T10:00")
def test_personal_data_of_closed_requests_is_removed_after_the_retention_period(
    settings, time_machine
):
    settings.KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS = 30
    closed = register_request(name="Eski Talepçi", email="eski@example.com")
    appointment_requests.decline(closed, reason="Uygun değil", user=None)
    still_open = register_request(name="Açık Talep")
    time_machine.move_to(dt.datetime(2027, 3, 31, 10, tzinfo=at(2027, 1, 1).tzinfo))
    assert tasks.remove_expired_request_data.call() == 0
    time_machine.move_to(dt.datetime(2027, 4, 1, 10, tzinfo=at(2027, 1, 1).tzinfo))
    assert tasks.remove_expired_request_data.call() == 1
    closed.refresh_from_db()
    still_open.refresh_from_db()
    assert closed.name == REMOVED and closed.email == "" and closed.subject == REMOVED
    assert closed.personal_data_removed and closed.status == DECLINED
    assert closed.reference.startswith("RT-2027-")
    assert not closed.history.filter(name="Eski Talepçi").exists()
    assert still_open.name == "Açık Talep"


@pytest.mark.clock("2027-03-02T10:00")
def test_the_nightly_command_removes_only_what_is_due(settings, time_machine):
    import io

    from django.core.management import call_command

    settings.KALEM_APPOINTMENT_REQUEST_RETENTION_DAYS = 1
    record = register_request(name="Eski Talepçi")
    appointment_requests.decline(record, reason="Uygun değil", user=None)
    time_machine.move_to(dt.datetime(2027, 3, 4, 10, tzinfo=at(2027, 1, 1).tzinfo))
    out = io.StringIO()
    call_command("remove_expired_request_data", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 ")
    record.refresh_from_db()
    assert record.name == "Eski Talepçi"
    call_command("remove_expired_request_data", stdout=io.StringIO())
    record.refresh_from_db()
    assert record.name == REMOVED


@pytest.mark.clock("2027-03-02T10:00")
def test_the_requester_gets_each_step_by_sms_in_turkish_naming_only_their_own_appointment(
    client, user_with_role, django_capture_on_commit_callbacks
):
    from cms import sms
    from tests.factories.events import AppointmentFactory

    AppointmentFactory(visitor="Vali Bey", subject="Güvenlik toplantısı", start=at(2027, 3, 9, 11))
    with django_capture_on_commit_callbacks(execute=True):
        record = register_request(phone="0 (555) 111 22 33", email="")
    client.force_login(user_with_role(CLERK))
    decide(
        client,
        record,
        decision="kabul",
        date="09.03.2027",
        start_time="14:30",
        end_time="15:00",
        place="Başkanlık Makamı",
    )
    assert [number for number, _text in sms.outbox] == ["+905551112233", "+905551112233"]
    received, accepted = (text for _number, text in sms.outbox)
    assert received == (
        f"Başkanımızdan randevu talebiniz alındı. Başvuru numarası: {record.reference} "
        "Özel Kalem Müdürlüğü"
    )
    assert accepted == (
        f"{record.reference} numaralı randevu talebiniz kabul edildi: 9 Mart 2027 14:30. "
        "Özel Kalem Müdürlüğü"
    )
    assert "Vali" not in accepted and "11:00" not in accepted
    assert mail.outbox == []


@pytest.mark.clock("2027-03-02T10:00")
def test_a_landline_gets_no_sms(django_capture_on_commit_callbacks):
    from cms import sms

    with django_capture_on_commit_callbacks(execute=True):
        register_request(phone="0232 111 22 33")
    assert sms.outbox == []
    assert len(mail.outbox) == 1
