"""Press clippings and the monitoring report: counts by tone and outlet, the SVG chart,
the negative clippings, and the clipping list's filters. The PDF: test_press_monitoring_pdf."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.roles import HEAD, PRESS
from press.models import PressClipping, Tone
from press.monitoring import Period, build_report, chart_svg
from tests.factories.press import MediaOutletFactory, PressClippingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clippings(db):
    ege = MediaOutletFactory(name="Ege Postası")
    korfez = MediaOutletFactory(name="Körfez Haber", kind="internet")
    october = dt.date(2026, 10, 1)
    for day, outlet, tone in [
        (1, ege, Tone.POSITIVE),
        (2, ege, Tone.POSITIVE),
        (3, ege, Tone.NEGATIVE),
        (5, korfez, Tone.NEGATIVE),
        (9, korfez, Tone.NEUTRAL),
        (30, korfez, Tone.POSITIVE),
    ]:
        PressClippingFactory(
            outlet=outlet,
            date=october + dt.timedelta(days=day - 1),
            tone=tone,
            headline=f"{outlet.name} {day} Ekim",
            needs_correction=(day == 5),
        )
    PressClippingFactory(outlet=ege, date=dt.date(2026, 11, 1), tone=Tone.NEGATIVE)
    PressClippingFactory(outlet=ege, date=dt.date(2026, 9, 30), tone=Tone.NEGATIVE)
    return ege, korfez


def test_month_report_counts_match_the_data(clippings):
    report = build_report(Period.month_of(dt.date(2026, 10, 17)))
    assert report.period == Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert report.total == 6
    assert report.tone_rows() == [("olumlu", 3), ("nötr", 1), ("olumsuz", 2)]
    assert [
        (row["outlet__name"], row["total"], row["positive"], row["neutral"], row["negative"])
        for row in report.by_outlet
    ] == [
        ("Ege Postası", 3, 2, 0, 1),
        ("Körfez Haber", 3, 1, 1, 1),
    ]
    assert [clipping.headline for clipping in report.negatives] == [
        "Ege Postası 3 Ekim",
        "Körfez Haber 5 Ekim",
    ]
    assert report.needs_correction == 1


def test_week_and_custom_periods(clippings):
    week = Period.week_of(dt.date(2026, 10, 1))  # a Thursday
    assert week == Period(dt.date(2026, 9, 28), dt.date(2026, 10, 4))
    assert build_report(week).total == 4  # 30 September and 1-3 October
    custom = build_report(Period(dt.date(2026, 10, 5), dt.date(2026, 10, 9)))
    assert custom.total == 2


def test_report_costs_a_fixed_number_of_queries(clippings, django_assert_num_queries):
    with django_assert_num_queries(4):
        build_report(Period.month_of(dt.date(2026, 10, 1)))


def test_chart_is_server_side_svg_with_every_outlet(clippings):
    svg = chart_svg(build_report(Period.month_of(dt.date(2026, 10, 1))))
    tree = BeautifulSoup(svg, "html.parser")
    assert tree.svg is not None
    assert not tree.select("script[src]")
    assert "Ege Postası" in svg and "Körfez Haber" in svg


def test_report_page(client, user_with_role, clippings):
    client.force_login(user_with_role(HEAD))
    params = {"period": "month", "day": "2026-10-12"}
    response = client.get(reverse("press_monitoring"), params)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one(".monitoring-report svg") is not None
    tones = {
        row.select("td")[0].text: row.select("td")[1].text
        for row in html.select(".report-tones tbody tr")
    }
    assert tones == {"Olumlu": "3", "Nötr": "1", "Olumsuz": "2"}
    assert len(html.select(".report-negatives tbody tr")) == 2

    # The PDF is asked for with the period shown (tests/test_press_monitoring_pdf.py).
    request = html.select_one("form.monitoring-pdf-request")
    fields = {field["name"]: field["value"] for field in request.select("input[type=hidden]")}
    assert fields["start"] == "2026-10-01" and fields["end"] == "2026-10-31"


def test_bad_custom_period_is_explained(client, user_with_role):
    client.force_login(user_with_role(PRESS))
    response = client.get(
        reverse("press_monitoring"),
        {"period": "custom", "start": "2026-10-10", "end": "2026-10-01"},
    )
    assert response.status_code == 200
    assert "Son gün ilk günden önce olamaz." in response.content.decode()


def test_press_staff_log_a_clipping_with_a_scan(client, user_with_role, clippings):
    ege, _korfez = clippings
    client.force_login(user_with_role(PRESS))
    url = reverse("press_pressclipping_modeladmin_create")
    scan = SimpleUploadedFile("kupur.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        url,
        {
            "outlet": ege.pk,
            "date": "2026-10-20",
            "headline": "Başkan yeni parkı açtı",
            "url": "",
            "scan": scan,
            "page_number": "3",
            "topic": "Park",
            "tone": "positive",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    clipping = PressClipping.objects.get(headline="Başkan yeni parkı açtı")
    assert clipping.scan.name.endswith(".pdf")
    assert clipping.history.count() == 1

    response = client.post(
        url, {"outlet": ege.pk, "date": "2026-10-20", "headline": "Kaynaksız", "tone": "neutral"}
    )
    assert response.status_code == 200
    assert "Web adresini girin ya da taranmış kopyayı yükleyin." in response.content.decode()


def test_clipping_list_filters_by_outlet_tone_and_month(client, user_with_role, clippings):
    ege, _korfez = clippings
    client.force_login(user_with_role(PRESS))
    url = reverse("press_pressclipping_modeladmin_index")
    response = client.get(url, {"tone": "negative", "ay": "2026-10"})
    assert response.status_code == 200
    headlines = {clipping.headline for clipping in response.context["object_list"]}
    assert headlines == {"Ege Postası 3 Ekim", "Körfez Haber 5 Ekim"}
    response = client.get(url, {"kurulus": ege.pk, "ay": "2026-10"})
    assert len(response.context["object_list"]) == 3
