"""Public forms (cms.forms_builder) as a citizen meets them: a survey answered and
thanked, every bad answer refused with a Turkish message naming its field and nothing
kept, closed and not-yet-open forms, the KVKK notice and consent, uploads to private
storage, the trap field, the per-address limit and one answer per person."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.forms_builder.models import FormAnswer, FormPageSubmission, FormUpload
from tests.factories.forms import PARK, SATISFACTION, clean_names, field, survey_page

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def survey(home):
    return survey_page(home)


def post(client, page, *values, **extra):
    data = dict(zip(clean_names(page), values, strict=True))
    data.update(extra)
    return client.post(page.url, data)


def saved():
    return (
        FormPageSubmission.objects.count(),
        FormAnswer.objects.count(),
        FormUpload.objects.count(),
    )


def test_a_citizen_answers_the_survey_and_is_thanked(client, survey):
    form = client.get(survey.url)
    assert form.status_code == 200
    html = form.content.decode()
    assert PARK in html and 'value="5"' in html
    # An anonymous survey asks for no consent and shows no KVKK notice.
    assert "kvkk_consent" not in html

    response = post(client, survey, "Haftada birkaç kez", "4")

    assert response.status_code == 200
    assert "Yanıtınız alındı." in response.content.decode()
    assert "Katılımınız için teşekkürler." in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    submission = FormPageSubmission.objects.get()
    park, satisfaction = clean_names(survey)
    assert submission.form_data == {park: "Haftada birkaç kez", satisfaction: 4}
    assert sorted(FormAnswer.objects.values_list("field", "value")) == sorted(
        [(park, "Haftada birkaç kez"), (satisfaction, "4")]
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (("Ayda bir", "4"), f"{PARK}: sunulan yanıtlardan birini seçin."),
        (("Her gün", "6"), f"{SATISFACTION}: sunulan yanıtlardan birini seçin."),
        (("Her gün", ""), f"{SATISFACTION}: lütfen doldurun."),
    ],
)
def test_an_answer_outside_the_offered_ones_is_refused_naming_the_question(
    client, survey, values, message
):
    response = post(client, survey, *values)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert saved() == (0, 0, 0)


@pytest.mark.clock("2026-11-24T10:00")
def test_a_closed_survey_takes_no_answer(client, home):
    from tests.conftest import instant

    page = survey_page(home, closes_at=instant("2026-11-20T17:00"))

    shown = client.get(page.url)
    sent = post(client, page, "Her gün", "5")

    assert shown.status_code == 200
    assert "Bu form kapandı" in shown.content.decode()
    assert 'name="' + clean_names(page)[0] not in shown.content.decode()
    assert sent.status_code == 403
    assert "Bu form kapandı" in sent.content.decode()
    assert saved() == (0, 0, 0)


@pytest.mark.clock("2026-11-24T10:00")
def test_a_survey_not_yet_open_says_when_it_opens(client, home):
    from tests.conftest import instant

    page = survey_page(home, opens_at=instant("2026-12-01T09:00"))

    shown = client.get(page.url)
    sent = post(client, page, "Her gün", "5")

    assert "1 Aralık 2026 09:00" in shown.content.decode()
    assert sent.status_code == 403
    assert saved() == (0, 0, 0)


@pytest.fixture
def application(home):
    return survey_page(
        home,
        slug="basvuru",
        title="Gençlik Kampı Başvurusu",
        kind="application",
        kvkk_notice="<p>Verileriniz yalnızca kamp başvurusu için işlenir.</p>",
        fields=[
            field("Adınız soyadınız", "singleline", personal_data=True),
            field("Doğum tarihi", "date", personal_data=True),
            field("Öğrenci belgesi", "file"),
        ],
    )


def application_data(page, **extra):
    name, birth, document = clean_names(page)
    data = {
        name: "Zeynep Kaya",
        birth: "2008-05-17",
        document: SimpleUploadedFile("ogrenci-belgesi.pdf", PDF, "application/pdf"),
        "kvkk_consent": "on",
    }
    data.update(extra)
    return data


def test_personal_data_needs_the_kvkk_notice_and_explicit_consent(client, application):
    page = client.get(application.url).content.decode()
    assert "Verileriniz yalnızca kamp başvurusu için işlenir." in page
    assert 'name="kvkk_consent"' in page
    # The box is never ticked for the citizen.
    assert "checked" not in page.split('name="kvkk_consent"')[1].split(">")[0]

    data = application_data(application)
    del data["kvkk_consent"]
    response = client.post(application.url, data)

    assert "Onay: lütfen KVKK aydınlatma metnini okuyup kutuyu işaretleyin." in (
        response.content.decode()
    )
    assert saved() == (0, 0, 0)


def test_an_uploaded_file_goes_to_private_storage(client, application, settings):
    response = client.post(application.url, application_data(application))

    assert "Yanıtınız alındı." in response.content.decode()
    upload = FormUpload.objects.get()
    assert upload.file.read() == PDF
    assert upload.size == len(PDF)
    assert upload.original_name == "ogrenci-belgesi.pdf"
    assert str(settings.PRIVATE_MEDIA_ROOT) in upload.file.path
    assert "/admin/dosya/" in upload.file.url
    submission = FormPageSubmission.objects.get()
    assert submission.form_data[clean_names(application)[1]] == "2008-05-17"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("belge.pdf", b"<html><script>alert(1)</script>", "yalnızca PDF, JPEG veya PNG"),
        ("belge.exe", PDF, "yalnızca PDF, JPEG veya PNG"),
        ("belge.pdf", PDF + b"0" * (1024 * 1024), "dosya 1 MB'tan büyük"),
    ],
)
def test_hostile_or_oversize_files_are_refused_naming_the_field(
    client, application, settings, name, content, message
):
    settings.KALEM_FORM_UPLOAD_MAX_MB = 1
    data = application_data(
        application, **{clean_names(application)[2]: SimpleUploadedFile(name, content)}
    )

    response = client.post(application.url, data)

    assert f"Öğrenci belgesi: {message}" in html.unescape(response.content.decode())
    assert saved() == (0, 0, 0)
    assert not (settings.PRIVATE_MEDIA_ROOT / "forms").exists()


def test_a_filled_trap_field_is_thanked_and_nothing_is_kept(client, survey):
    response = post(client, survey, "Her gün", "5", website="http://spam.example")

    assert "Yanıtınız alındı." in response.content.decode()
    assert saved() == (0, 0, 0)


def test_one_address_sending_too_many_answers_is_stopped(client, survey, settings):
    settings.KALEM_FORM_SUBMISSIONS_PER_HOUR = 2
    post(client, survey, "Her gün", "5")
    post(client, survey, "Hiç", "1")

    third = post(client, survey, "Her gün", "3")

    assert third.status_code == 429
    assert "Bağlantınızdan çok fazla yanıt geldi" in third.content.decode()
    assert FormPageSubmission.objects.count() == 2


def test_one_answer_per_person_stops_the_same_browser_and_limits_an_address(client, home, settings):
    from django.test import Client

    settings.KALEM_FORM_ANSWERS_PER_ADDRESS_PER_DAY = 2
    page = survey_page(home, one_answer_per_person=True)

    first = post(client, page, "Her gün", "5")
    again = post(client, page, "Hiç", "1")
    shown = client.get(page.url)

    assert first.status_code == 200
    assert again.status_code == 403
    assert "Bu formu zaten yanıtladınız." in shown.content.decode()
    assert FormPageSubmission.objects.count() == 1
    # A forged mark is ignored: the cookie is signed.
    forged = Client()
    forged.cookies[f"kalem_form_{page.pk}"] = str(page.pk)
    assert post(forged, page, "Hiç", "2").status_code == 200
    # Another browser on the same address (a household, an office): a few answers a day.
    third = post(Client(), page, "Hiç", "3")
    assert third.status_code == 429
    assert "her kişiden bir yanıt" in third.content.decode()
    assert FormPageSubmission.objects.count() == 2
