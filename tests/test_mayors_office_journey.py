"""The issue's "Done when", tried as a new user would, through the site and the admin with
the test client and the real roles, over one week (Monday 1 March 2027, ISO week 9):

* on Tuesday a citizen asks the mayor for an appointment on the site's form and is told
  by e-mail, in Turkish; the office accepts it, and it is a private appointment on the
  mayor's programme that no public output shows (the programme's own privacy list,
  tests/test_events_programme.py), and the requester's e-mails name no other appointment;
* on Wednesday a visiting delegation is recorded with the gift given and its cost;
* the Müdür sets up the directorates, two of three report, Thursday's reminder goes to
  the third, and on Friday the Müdür downloads the mayor's weekly report PDF compiled from
  the directorates' reports, the missing one named (its text read back)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from archive.weekly.models import Directorate, WeeklyReport
from cms.roles import CLERK, DIRECTORATE_REPORTER, HEAD
from events.models import Appointment, AppointmentRequest, Expense, Gift, Visit
from events.models.requests import ACCEPTED
from tests.conftest import instant
from tests.factories.events import AppointmentFactory, at, calendar_page, request_page
from tests.test_events_programme import public_outputs

pytestmark = pytest.mark.django_db

TUESDAY = "2027-03-02T10:00"
WEDNESDAY = "2027-03-03T16:00"
THURSDAY = "2027-03-04T10:00"
FRIDAY = "2027-03-05T15:00"
APPOINTMENT_DAY = dt.date(2027, 3, 4)

REQUESTER = "Nermin Karaağaç"
SUBJECT = "Kentsel dönüşüm başvurumuz hakkında görüşmek istiyorum."
PLACE = "Makam Odası 3"
# Another appointment of the mayor the requester must never hear of.
OTHER_VISITOR = "Vali Yardımcısı Kemal Erdem"


@pytest.fixture(autouse=True)
def commits(monkeypatch, django_capture_on_commit_callbacks):
    """Run what each request queues on commit (e-mails, the weekly report's compilation),
    as the end of its transaction would outside the test's own."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def pdf_text(content):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def citizen_asks(client):
    page = client.get("/randevu-talebi/")
    assert page.status_code == 200
    assert "Kişisel verileriniz yalnızca bu talep için işlenir." in page.content.decode()
    response = client.post(
        "/randevu-talebi/",
        {
            "name": REQUESTER,
            "email": "nermin@example.com",
            "phone": "",
            "tc_kimlik_no": "10000000146",
            "institution": "",
            "subject": SUBJECT,
            "preferred_date": "04.03.2027",
            "alternative_date": "05.03.2027",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 200
    record = AppointmentRequest.objects.get()
    assert record.reference in response.content.decode()
    return record


def office_accepts(client, record):
    listing = client.get(reverse("wagtailsnippets_events_appointmentrequest:list"))
    assert record.reference in listing.content.decode()
    decide = reverse("events_request_decide", args=[record.pk])
    page = client.get(decide)
    assert page.status_code == 200 and SUBJECT in page.content.decode()
    response = client.post(
        decide,
        {
            "decision": "kabul",
            "date": "04.03.2027",
            "start_time": "14:30",
            "end_time": "15:00",
            "place": PLACE,
            "directorate": "",
            "note": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Karar kaydedildi ve talep sahibine bildirildi." in response.content.decode()


def record_the_delegation(client):
    response = client.post(
        reverse("wagtailsnippets_events_visit:add"),
        {
            "kind": "ziyaret",
            "country": "Gürcistan",
            "title": "Batum Belediyesi heyeti",
            "start": "2027-03-03",
            "end": "2027-03-03",
            "institution": "Batum Belediyesi",
            "delegation_head": "Batum Belediye Başkan Yardımcısı",
            "members": "Birinci Üye\nİkinci Üye",
            "protocol_order": "",
            "interpreter": "Tercüman Ayşe Demir",
            "purpose": "Kardeş şehir protokolü",
            "hosts": "Belediye Başkanı",
            "programme": "10.00 Makam ziyareti\n12.30 Öğle yemeği",
            "programme_url": "",
            "album_url": "",
            "destination": "",
            "participants": "",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    response = client.post(
        reverse("wagtailsnippets_events_gift:add"),
        {
            "direction": "verilen",
            "kind": "plaket",
            "description": "Şehir plaketi",
            "counterpart": "Batum Belediye Başkan Yardımcısı",
            "date": "2027-03-03",
            "visit": visit.pk,
            "occasion": "Kardeş şehir ziyareti",
            "value": "",
            "cost": "2450.50",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("wagtailsnippets_events_expense:add"),
        {
            "date": "2027-03-03",
            "budget_line": "agirlama",
            "supplier": "Liman Lokantası",
            "description": "Heyet öğle yemeği",
            "net_amount": "12345.67",
            "vat_rate": "10",
            "visit": visit.pk,
            "paid": "",
        },
    )
    assert response.status_code == 302
    return visit


def add_directorate(client, name, reporter):
    response = client.post(
        reverse("wagtailsnippets_archive_directorate:add"),
        {"name": name, "active": "on", "reporters": [reporter.pk]},
    )
    assert response.status_code == 302, response.context["form"].errors
    return Directorate.objects.get(name=name)


def submit_report(client, reporter, directorate, done, issues=""):
    client.force_login(reporter)
    response = client.post(
        reverse("archive_weekly_submit"),
        {
            "directorate": directorate.pk,
            "week": "03.03.2027",
            "done": done,
            "planned": "Gelecek hafta da sürecek.",
            "issues": issues,
        },
    )
    assert response.status_code == 302


@pytest.mark.clock(TUESDAY)
@pytest.mark.indexed
def test_the_mayors_office_week_as_its_users_live_it(client, home, user_with_role):
    calendar_page(home)
    request_page(home)
    AppointmentFactory(
        visitor=OTHER_VISITOR,
        subject="Protokol görüşmesi",
        start=at(2027, 3, 4, 10),
        end=at(2027, 3, 4, 11),
    )
    clerk = user_with_role(CLERK, username="evrak")
    head = user_with_role(HEAD, username="mudur")

    # Tuesday: the citizen asks on the site and is told by e-mail, in Turkish.
    record = citizen_asks(client)
    assert [message.to for message in mail.outbox] == [["nermin@example.com"]]
    receipt = mail.outbox[0]
    assert receipt.subject == f"Randevu talebiniz alındı ({record.reference})"
    assert receipt.body.startswith(f"Sayın {REQUESTER},")
    assert record.reference in receipt.body

    # The office accepts it onto the mayor's programme; the requester is told when.
    client.force_login(clerk)
    office_accepts(client, record)
    record.refresh_from_db()
    assert record.status == ACCEPTED
    appointment = record.appointment
    assert (appointment.start, appointment.end) == (at(2027, 3, 4, 14, 30), at(2027, 3, 4, 15))
    assert appointment.is_public is False and appointment.place == PLACE
    accepted = mail.outbox[-1]
    assert accepted.subject == f"Randevu talebiniz kabul edildi ({record.reference})"
    assert "4 Mart 2027 14:30" in accepted.body
    for message in mail.outbox:
        assert OTHER_VISITOR not in message.body and "10:00" not in message.body

    # It is on the mayor's programme, with the requester, for the office.
    listing = client.get(reverse("wagtailsnippets_events_appointment:list"))
    assert REQUESTER in listing.content.decode()
    day = client.get(reverse("events_daily_programme_day", args=[2027, 3, 4])).content.decode()
    assert REQUESTER in day and PLACE in day and record.reference in day
    assert day.index(OTHER_VISITOR) < day.index(REQUESTER)  # 10:00 before 14:30

    # …and on no public output.
    client.logout()
    for url in [*public_outputs(APPOINTMENT_DAY, ["Karaağaç", "dönüşüm"]), "/randevu-talebi/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        # (The search page repeats the words searched for, so the secrets are whole phrases.)
        for secret in [REQUESTER, "Kentsel dönüşüm başvurumuz", PLACE, record.reference]:
            assert secret not in body, (url, secret)

    # Wednesday: the delegation from Batumi, the plaque given and the lunch it cost.
    with time_machine.travel(instant(WEDNESDAY)):
        client.force_login(clerk)
        visit = record_the_delegation(client)
        assert Gift.objects.get().visit == visit
        assert Gift.objects.get().cost == Decimal("2450.50")
        expense = Expense.objects.get()
        assert (expense.visit, expense.vat, expense.gross_amount) == (
            visit,
            Decimal("1234.57"),
            Decimal("13580.24"),
        )
        assert visit.total_cost == Decimal("13580.24")
        visits = client.get(reverse("wagtailsnippets_events_visit:list")).content.decode()
        assert "Batum Belediyesi heyeti" in visits and "13580,24" in visits
        gifts = client.get(reverse("wagtailsnippets_events_gift:list")).content.decode()
        assert "Şehir plaketi" in gifts

        # The Müdür sets up the directorates and who reports for each.
        fen = user_with_role(DIRECTORATE_REPORTER, username="fen")
        kultur = user_with_role(DIRECTORATE_REPORTER, username="kultur")
        zabita = user_with_role(DIRECTORATE_REPORTER, username="zabita")
        zabita.email = "zabita@ornekkoy.bel.tr"
        zabita.save()
        client.force_login(head)
        works = add_directorate(client, "Fen İşleri Müdürlüğü", fen)
        culture = add_directorate(client, "Kültür ve Sosyal İşler Müdürlüğü", kultur)
        add_directorate(client, "Zabıta Müdürlüğü", zabita)
        submit_report(
            client,
            fen,
            works,
            "Cumhuriyet Caddesi asfaltlandı.",
            issues="Asfalt ödeneği yetersiz.",
        )

    # Thursday: one more report; the reminder goes only to the directorate still missing.
    with time_machine.travel(instant(THURSDAY)):
        submit_report(client, kultur, culture, "Kardeş şehir sergisi açıldı.")
        mail.outbox.clear()
        call_command("weekly_report_reminders", stdout=io.StringIO())
        assert [message.to for message in mail.outbox] == [["zabita@ornekkoy.bel.tr"]]
    assert WeeklyReport.objects.count() == 2

    # Friday: the Müdür sees who is missing and downloads the mayor's weekly report.
    with time_machine.travel(instant(FRIDAY)):
        client.force_login(head)
        dashboard = client.get("/admin/").content.decode()
        assert "<li>Zabıta Müdürlüğü</li>" in dashboard
        overview = client.get(reverse("archive_weekly_overview"))
        assert [d.name for d in overview.context["missing"]] == ["Zabıta Müdürlüğü"]
        assert client.post(reverse("archive_weekly_pdf")).status_code == 302
        listing = client.get(reverse("archive_weekly_pdf"))
        [compiled] = listing.context["compilations"]
        assert (compiled.status, compiled.missing) == ("ready", 1)
        download = reverse("archive_weekly_compiled", args=[compiled.pk])
        assert download in listing.content.decode()
        response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "baskanlik-haftalik-rapor-2027-09.pdf" in response["Content-Disposition"]
    text = pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "Başkanlık Haftalık Raporu" in text
    assert "2027 yılı 9. hafta: 1 Mart 2027 – 7 Mart 2027" in text
    missing = text[text.index("Rapor vermeyen müdürlükler") : text.index("Başkanın bu haftaki")]
    assert "Zabıta Müdürlüğü" in missing
    assert "Fen İşleri" not in missing and "Kültür ve Sosyal" not in missing
    programme = text[text.index("Başkanın bu haftaki programı") :]
    assert "Batum Belediyesi heyeti" in programme
    assert "Randevular 2" in programme
    works_at = text.index("Fen İşleri Müdürlüğü", text.index("Başkanın bu haftaki"))
    culture_at = text.index("Kültür ve Sosyal İşler Müdürlüğü", works_at)
    assert "Cumhuriyet Caddesi asfaltlandı." in text[works_at:culture_at]
    assert "Asfalt ödeneği yetersiz." in text[works_at:culture_at]
    assert "Kardeş şehir sergisi açıldı." in text[culture_at:]
    # The report is read beyond Özel Kalem: the requester's name stays out of it.
    assert REQUESTER not in text and OTHER_VISITOR not in text
    # Kept as the week's archived document, version 1.
    assert compiled.document.title == "Başkanlık haftalık raporu 2027/09"
    assert Appointment.objects.filter(is_public=False).count() == 2
