"""The mayor's letters and the registration stamp as PDFs on letterhead, read back with
pypdf; the plain-text version; the two older PDF call sites on cms.pdf."""

import datetime as dt
import io

import pytest
import time_machine
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence.letters import TEMPLATES_BY_SLUG, letter_pdf, letter_text, stamp_pdf
from cms.models import MunicipalitySettings
from cms.roles import CLERK
from tests.factories.correspondence import CorrespondenceFactory, OutgoingFactory, sdp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Örnekköy Belediyesi"
    settings.detsis_number = "19248251"
    settings.save()
    return settings


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_congratulation_from_its_template():
    template = TEMPLATES_BY_SLUG["bayram-tebrik"]
    subject, body = template.fill({"ad": "Ayşe Demir", "unvan": "Vali", "bayram": "Kurban Bayramı"})
    assert subject == "Kurban Bayramı tebriki"
    assert body.startswith("Sayın Vali Ayşe Demir,")
    assert "Kurban Bayramı münasebetiyle" in body
    with pytest.raises(KeyError):
        template.fill({"ad": "Ayşe Demir"})


@time_machine.travel(dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC))
def test_the_approved_letter_prints_its_sayi_konu_and_text_on_letterhead():
    _, body = TEMPLATES_BY_SLUG["bayram-tebrik"].fill(
        {"ad": "Ayşe Demir", "unvan": "Vali", "bayram": "Kurban Bayramı"}
    )
    record = OutgoingFactory(
        kind="tebrik", subject="Kurban Bayramı tebriki", body=body, sdp_code=sdp("010.03")
    )
    draft_text = pdf_text(letter_pdf(record))
    assert "Sayı onayda verilir" in draft_text
    record.save_revision().publish()
    record.refresh_from_db()
    text = pdf_text(letter_pdf(record))
    assert "ÖRNEKKÖY BELEDİYESİ" in text
    assert "E-19248251-010.03-1" in text
    assert "20 Mayıs 2026" in text
    assert "Konu: Kurban Bayramı tebriki" in text
    assert "münasebetiyle" in text
    plain = letter_text(record)
    assert "Sayı: E-19248251-010.03-1" in plain
    assert "Sayın Vali Ayşe Demir," in plain


@time_machine.travel(dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC))
def test_a_letter_approved_again_after_an_edit_is_printed_anew_under_its_number(
    client, user_with_role
):
    client.force_login(user_with_role(CLERK, "evrak"))
    record = OutgoingFactory(body="Tören saat 10.00'da başlayacaktır.", sdp_code=sdp("010.03"))
    record.save_revision().publish()
    record.refresh_from_db()
    url = reverse("archive_correspondence_letter", args=[record.pk])
    first = client.get(url).content
    assert "saat 10.00'da" in pdf_text(first)
    assert client.get(url).content == first  # the same bytes each time

    record.body = "Tören saat 11.00'de başlayacaktır."
    record.save_revision().publish()
    record.refresh_from_db()
    second = client.get(url).content
    text = pdf_text(second)
    assert "saat 11.00'de" in text
    assert "saat 10.00'da" not in text
    assert "E-19248251-010.03-1" in text  # the number stays
    # Both letters are kept, as sent: the first is version 1, unchanged.
    first_kept, second_kept = record.attachments.filter(label="YAZI").order_by("version")
    with first_kept.file.open("rb") as handle:
        assert handle.read() == first
    assert (first_kept.version, second_kept.version) == (1, 2)


@time_machine.travel(dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC))
def test_the_registration_stamp_carries_the_number_date_and_a_readable_qr(client, user_with_role):
    record = CorrespondenceFactory()
    client.force_login(user_with_role(CLERK, "evrak"))
    response = client.get(reverse("archive_correspondence_stamp", args=[record.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "G-2026-000001" in text
    assert "2 Şubat 2026" in text
    # The QR image in the PDF decodes to the register number and the card's address.
    [picture] = PdfReader(io.BytesIO(response.content)).pages[0].images
    decoded = [result.text for result in zxingcpp.read_barcodes(picture.image)]
    assert len(decoded) == 1
    assert decoded[0].startswith("G-2026-000001 http://testserver/admin/evrak/")
    assert stamp_pdf(record).startswith(b"%PDF")
