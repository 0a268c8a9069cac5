"""Weekly reports: each directorate's reporter submits the week's report; on Friday the
Müdür sees who has not reported and downloads the mayor's weekly report, a PDF with each
directorate's section and the missing ones named."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from archive.weekly.models import CompiledReport, WeeklyReport
from cms.roles import DIRECTORATE_REPORTER, HEAD
from tests.factories.weekly import DirectorateFactory, WeeklyReportFactory

pytestmark = pytest.mark.django_db

SUBMIT = "/admin/archive/weekly/"
FRIDAY = "2027-03-05T15:00"  # the week of Monday 1 March 2027, ISO week 9


@pytest.fixture
def reporter(user_with_role):
    user = user_with_role(DIRECTORATE_REPORTER, username="fen")
    DirectorateFactory(name="Fen İşleri Müdürlüğü").reporters.add(user)
    return user


def report(**fields):
    data = {
        "directorate": "",
        "week": "03.03.2027",
        "done": "Cumhuriyet Caddesi asfaltlandı.",
        "planned": "Kaldırım çalışması.",
        "issues": "",
    }
    data.update(fields)
    return data


@pytest.fixture(autouse=True)
def commits(monkeypatch, django_capture_on_commit_callbacks):
    """Run what a request queues on commit (the compilation task), as its end would."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def compile_week(client, query=""):
    """Ask for the week's compilation (the task runs when the request commits)."""
    return client.post(reverse("archive_weekly_pdf") + query)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.clock(FRIDAY)
def test_a_reporter_submits_and_corrects_the_weeks_report_with_history(client, reporter):
    directorate = reporter.reporting_directorates.get()
    client.force_login(reporter)
    assert client.get(SUBMIT).status_code == 200
    response = client.post(SUBMIT, report(directorate=directorate.pk))
    assert response.status_code == 302
    saved = WeeklyReport.objects.get()
    assert saved.week == dt.date(2027, 3, 1) and saved.submitted_by == reporter
    client.post(SUBMIT, report(directorate=directorate.pk, done="Düzeltilmiş metin."))
    saved = WeeklyReport.objects.get()
    assert saved.done == "Düzeltilmiş metin."
    texts = list(saved.history.order_by("history_date").values_list("done", flat=True))
    assert texts == ["Cumhuriyet Caddesi asfaltlandı.", "Düzeltilmiş metin."]


@pytest.mark.clock(FRIDAY)
def test_a_reporter_cannot_report_for_another_directorate(client, reporter):
    other = DirectorateFactory(name="Zabıta Müdürlüğü")
    client.force_login(reporter)
    response = client.post(SUBMIT, report(directorate=other.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["directorate"] == [
        "Müdürlük: bu müdürlük adına rapor veremezsiniz."
    ]
    assert WeeklyReport.objects.count() == 0


@pytest.mark.clock(FRIDAY)
@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"done": "", "planned": "", "issues": ""},
            "done",
            "Bu hafta yapılanlar: raporu yazın veya dosyasını ekleyin.",
        ),
        ({"done": "ş" * 5001}, "done", "Bu hafta yapılanlar: en çok 5000 karakter."),
        ({"week": "31.12.9999"}, "week", "1900 ile 2200 yılları arasında bir tarih girin."),
        (
            {"file": SimpleUploadedFile("rapor.pdf", b"MZ\x90\x00")},
            "file",
            "Dosya: yalnızca PDF, JPEG veya PNG dosyaları kabul edilir.",
        ),
    ],
)
def test_bad_reports_are_refused_in_turkish_and_nothing_saved(
    client, reporter, fields, field, message
):
    client.force_login(reporter)
    directorate = reporter.reporting_directorates.get()
    response = client.post(SUBMIT, report(directorate=directorate.pk, **fields))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert WeeklyReport.objects.count() == 0


@pytest.mark.clock(FRIDAY)
def test_reporters_see_only_their_directorates_reports(client, reporter):
    WeeklyReportFactory(directorate=reporter.reporting_directorates.get())
    WeeklyReportFactory(directorate=DirectorateFactory(name="Zabıta Müdürlüğü"))
    client.force_login(reporter)
    recent = client.get(SUBMIT).context["recent"]
    assert [r.directorate.name for r in recent] == ["Fen İşleri Müdürlüğü"]


@pytest.mark.clock(FRIDAY)
def test_on_friday_the_mudur_downloads_the_compiled_report_with_the_missing_named(
    client, user_with_role
):
    WeeklyReportFactory(
        directorate=DirectorateFactory(name="Fen İşleri Müdürlüğü"),
        done="Cumhuriyet Caddesi asfaltlandı.",
        issues="Ödenek yetersiz.",
    )
    WeeklyReportFactory(
        directorate=DirectorateFactory(name="Çevre Koruma Müdürlüğü"), done="Ağaç dikildi."
    )
    DirectorateFactory(name="Zabıta Müdürlüğü")
    DirectorateFactory(name="İklim Değişikliği Müdürlüğü")
    DirectorateFactory(name="Kapalı Müdürlük", active=False)
    # Last week's report does not count for this week.
    WeeklyReportFactory(
        directorate=DirectorateFactory(name="Zabıta Müdürlüğü"), week=dt.date(2027, 2, 22)
    )
    client.force_login(user_with_role(HEAD))
    page = client.get(reverse("archive_weekly_overview"))
    assert page.status_code == 200
    assert [d.name for d in page.context["missing"]] == [
        "İklim Değişikliği Müdürlüğü",
        "Zabıta Müdürlüğü",
    ]
    response = compile_week(client)
    assert response.status_code == 302
    compiled = CompiledReport.objects.get()
    assert (compiled.status, compiled.progress, compiled.missing) == ("ready", 100, 2)
    listing = client.get(reverse("archive_weekly_pdf")).content.decode()
    assert "İndir (sürüm 1)" in listing
    response = client.get(reverse("archive_weekly_compiled", args=[compiled.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "baskanlik-haftalik-rapor-2027-09.pdf" in response["Content-Disposition"]
    text = pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "Başkanlık Haftalık Raporu" in text
    assert "2027 yılı 9. hafta: 1 Mart 2027 – 7 Mart 2027" in text
    missing_at = text.index("Rapor vermeyen müdürlükler")
    sections = [text.index(name) for name in ("Çevre Koruma Müdürlüğü", "Fen İşleri Müdürlüğü")]
    assert missing_at < sections[0] < sections[1]  # Turkish order: Ç after C, before F
    named = text[missing_at : sections[0]]
    assert "İklim Değişikliği Müdürlüğü" in named and "Zabıta Müdürlüğü" in named
    assert "Cumhuriyet Caddesi asfaltlandı." in text and "Ödenek yetersiz." in text
    assert "Kapalı Müdürlük" not in text


@pytest.mark.clock(FRIDAY)
def test_the_compiled_report_carries_the_programme_and_the_press_coverage_of_the_week(
    client, user_with_role
):
    from press.models.clippings import Tone
    from tests.factories.events import CeremonyFactory, at
    from tests.factories.press import MediaOutletFactory, PressClippingFactory

    DirectorateFactory(name="Fen İşleri Müdürlüğü")
    CeremonyFactory(title="Kütüphane Açılışı", kind="acilis", start=at(2027, 3, 3, 11))
    CeremonyFactory(title="Geçen Haftanın Töreni", start=at(2027, 2, 24, 11))
    gazette = MediaOutletFactory(name="Ege Gazetesi")
    radio = MediaOutletFactory(name="Körfez Radyo")
    for day, outlet, tone in [
        (dt.date(2027, 3, 1), gazette, Tone.POSITIVE),
        (dt.date(2027, 3, 2), gazette, Tone.POSITIVE),
        (dt.date(2027, 3, 7), radio, Tone.NEGATIVE),
        (dt.date(2027, 2, 28), radio, Tone.NEGATIVE),  # Sunday of the week before
    ]:
        PressClippingFactory(date=day, outlet=outlet, tone=tone)
    PressClippingFactory(
        date=dt.date(2027, 3, 4), outlet=radio, headline="Yanlış rakam", needs_correction=True
    )
    client.force_login(user_with_role(HEAD))
    compile_week(client)
    compiled = CompiledReport.objects.get()
    with compiled.version.file.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    programme = text[text.index("Başkanın bu haftaki programı") : text.index("Bu hafta basında")]
    assert "Kütüphane Açılışı" in programme and "Geçen Haftanın Töreni" not in programme
    press = text[text.index("Bu hafta basında") :]
    assert "Kupürler 4" in press
    assert "olumlu 2" in press and "olumsuz 1" in press
    assert "Ege Gazetesi: 2 kupür" in press and "Körfez Radyo: 2 kupür" in press
    assert "Düzeltme gerekiyor: 4 Mart 2027 Körfez Radyo, “Yanlış rakam”" in press


@pytest.mark.clock(FRIDAY)
def test_compiling_again_keeps_each_pdf_as_a_version_of_one_archived_document(
    client, user_with_role
):
    DirectorateFactory(name="Fen İşleri Müdürlüğü")
    client.force_login(user_with_role(HEAD))
    compile_week(client)
    first = CompiledReport.objects.get()
    first_hash = first.version.sha256
    WeeklyReportFactory(
        directorate=DirectorateFactory(name="Zabıta Müdürlüğü"), done="Denetim yapıldı."
    )
    compile_week(client)
    second = CompiledReport.objects.exclude(pk=first.pk).get()
    assert second.document_id == first.document_id
    assert [v.number for v in first.document.versions.order_by("number")] == [1, 2]
    first.version.refresh_from_db()
    assert first.version.sha256 == first_hash
    with first.version.file.open("rb") as handle:
        assert "Denetim yapıldı." not in pdf_text(handle.read())
    with second.version.file.open("rb") as handle:
        assert "Denetim yapıldı." in pdf_text(handle.read())
    assert first.document.title == "Başkanlık haftalık raporu 2027/09"
    assert first.document.sdp_code.code == "040.01"


@pytest.mark.clock(FRIDAY)
def test_a_compilation_running_is_joined_not_started_twice(client, user_with_role):
    from archive.weekly import compile

    head = user_with_role(HEAD)
    running, new = compile.request_compilation(dt.date(2027, 3, 1), head)
    assert new is True
    again, new_again = compile.request_compilation(dt.date(2027, 3, 1), head)
    assert (again.pk, new_again) == (running.pk, False)
    client.force_login(head)
    page = client.get(reverse("archive_weekly_pdf"))
    assert "Rapor derleniyor" in page.content.decode()
    assert 'http-equiv="refresh"' in page.content.decode()


@pytest.mark.clock("2028-12-31T23:30")
def test_the_year_end_week_is_the_istanbul_week(client, user_with_role):
    WeeklyReportFactory(
        directorate=DirectorateFactory(name="Fen İşleri Müdürlüğü"), week=dt.date(2028, 12, 25)
    )
    client.force_login(user_with_role(HEAD))
    page = client.get(reverse("archive_weekly_overview"))
    assert (page.context["year"], page.context["week"]) == (2028, 52)
    assert [r.directorate.name for r in page.context["submitted"]] == ["Fen İşleri Müdürlüğü"]


@pytest.mark.parametrize(
    "query", ["?yil=2027&hafta=53", "?yil=2027&hafta=x", "?yil=99999999999&hafta=1"]
)
def test_a_week_that_does_not_exist_is_404(client, user_with_role, query):
    client.force_login(user_with_role(HEAD))
    assert client.get(reverse("archive_weekly_overview") + query).status_code == 404
    assert client.get(reverse("archive_weekly_pdf") + query).status_code == 404


@pytest.mark.clock("2027-03-04T09:00")  # a Thursday
def test_thursday_reminder_goes_only_to_directorates_still_missing(user_with_role):
    from django.core import mail
    from django.core.management import call_command

    late = user_with_role(DIRECTORATE_REPORTER, username="zabita")
    late.email = "zabita@ornekkoy.bel.tr"
    late.save()
    DirectorateFactory(name="Zabıta Müdürlüğü").reporters.add(late)
    done = DirectorateFactory(name="Fen İşleri Müdürlüğü")
    done.reporters.add(user_with_role(DIRECTORATE_REPORTER, username="fen"))
    WeeklyReportFactory(directorate=done, week=dt.date(2027, 3, 1))
    out = io.StringIO()
    call_command("weekly_report_reminders", "--dry-run", stdout=out)
    assert "Zabıta Müdürlüğü" in out.getvalue() and mail.outbox == []
    call_command("weekly_report_reminders", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["zabita@ornekkoy.bel.tr"]]
    assert mail.outbox[0].subject == "Haftalık rapor hatırlatması: Zabıta Müdürlüğü"
    assert "1 Mart 2027" in mail.outbox[0].body


@pytest.mark.clock("2027-03-04T09:00")  # Thursday: missing reports are on the dashboard
def test_the_mudurs_dashboard_names_the_directorates_still_missing(client, user_with_role):
    WeeklyReportFactory(
        directorate=DirectorateFactory(name="Fen İşleri Müdürlüğü"), week=dt.date(2027, 3, 1)
    )
    DirectorateFactory(name="Zabıta Müdürlüğü")
    client.force_login(user_with_role(HEAD))
    body = client.get("/admin/").content.decode()
    assert "Henüz gönderilmemiş haftalık raporlar" in body
    assert "<li>Zabıta Müdürlüğü</li>" in body and "<li>Fen İşleri Müdürlüğü</li>" not in body


@pytest.mark.clock("2027-03-02T09:00")  # Tuesday: not late yet
def test_early_in_the_week_the_dashboard_says_nothing_of_reports(client, user_with_role):
    DirectorateFactory(name="Zabıta Müdürlüğü")
    client.force_login(user_with_role(HEAD))
    assert "Henüz gönderilmemiş haftalık raporlar" not in client.get("/admin/").content.decode()
