"""The tekzip letter: a PDF on the letterhead with the Sayı, the reply text and the
addressee, kept as numbered versions that are never overwritten."""

import hashlib
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Site

from cms.models import MunicipalitySettings
from cms.roles import PRESS
from press.tekzip.letters import generate_letter
from press.tekzip.rules import Status
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def letterhead():
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Örnekköy Belediyesi"
    settings.unit_name = "Özel Kalem Müdürlüğü"
    settings.detsis_number = "12345678"
    settings.address = "Cumhuriyet Meydanı No: 1"
    settings.kep_address = "ornekkoy@hs01.kep.tr"
    settings.save()
    return settings


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_letter_has_the_sayi_the_reply_and_the_addressee(letterhead):
    notice = DenialNoticeFactory(status=Status.APPROVED, enclosures="İhale ilanı\nSözleşme")
    letter = generate_letter(notice)
    with letter.file.open("rb") as handle:
        data = handle.read()
    text = " ".join(pdf_text(data).split())
    assert "T.C." in text and "ÖRNEKKÖY BELEDİYESİ" in text
    assert "Sayı: E-12345678-045.01-1" in text
    assert "Konu: Cevap ve düzeltme (tekzip)" in text
    assert "hiçbir parkı satmamıştır" in text
    assert "Ali Vural" in text and "Hasan Çelik" in text
    assert "1- İhale ilanı" in text and "2- Sözleşme" in text
    assert timezone.localdate().strftime("%Y") in text
    assert letter.sha256 == hashlib.sha256(data).hexdigest() and letter.size == len(data)
    # An official letter, archived and exchanged like the register's: PDF/A-3b.
    xmp = PdfReader(io.BytesIO(data)).xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B")


def test_each_generation_is_a_new_version_with_the_same_number(letterhead):
    first_notice = DenialNoticeFactory(status=Status.APPROVED)
    notice = DenialNoticeFactory(status=Status.APPROVED)
    generate_letter(first_notice)
    one = generate_letter(notice)
    two = generate_letter(notice)
    assert (one.version, two.version) == (1, 2)
    assert one.number == two.number == "E-12345678-045.01-2"
    assert one.file.name != two.file.name
    one.refresh_from_db()
    with one.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == one.sha256


def test_press_staff_generate_and_download_the_letter_in_the_admin(
    client, user_with_role, letterhead
):
    notice = DenialNoticeFactory(status=Status.APPROVED)
    user = user_with_role(PRESS)
    client.force_login(user)
    response = client.post(reverse("press_tekzip_letter", args=[notice.pk]))
    assert response.status_code == 302
    letter = notice.letters.get()
    assert letter.created_by == user
    response = client.get(reverse("press_tekzip_letter_download", args=[notice.pk, 1]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "E-12345678-045.01-1" in pdf_text(b"".join(response.streaming_content))


def test_no_letter_before_the_mudur_approved(client, user_with_role, letterhead):
    notice = DenialNoticeFactory()
    client.force_login(user_with_role(PRESS))
    client.post(reverse("press_tekzip_letter", args=[notice.pk]))
    assert not notice.letters.exists()


def test_the_letter_carries_the_registers_verification_code_and_qr_which_a_reader_checks(
    client, user_with_role, letterhead
):
    """The newspaper that receives a tekzip letter checks it at /belge-dogrula/ as any
    letter of the register: the code and the QR code are printed at its foot."""
    import re

    import zxingcpp

    notice = DenialNoticeFactory(status=Status.APPROVED)
    client.force_login(user_with_role(PRESS))
    assert client.post(reverse("press_tekzip_letter", args=[notice.pk])).status_code == 302
    letter = notice.letters.get()
    with letter.file.open("rb") as handle:
        data = handle.read()
    [code] = re.findall(r"Doğrulama kodu: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})", pdf_text(data))
    root = Site.objects.get(is_default_site=True).root_url
    [picture] = PdfReader(io.BytesIO(data)).pages[-1].images
    decoded = [result.text for result in zxingcpp.read_barcodes(picture.image)]
    assert decoded == [f"{root}/belge-dogrula/?kod={code}"]

    client.logout()
    page = client.get("/belge-dogrula/", {"kod": code}, HTTP_ACCEPT_LANGUAGE="tr")
    html = page.content.decode()
    assert "Bu yazı belediyemizce düzenlenmiştir." in html
    assert letter.number in html
    assert "Cevap ve düzeltme (tekzip)" in html
    assert hashlib.sha256(data).hexdigest() in html  # the PDF the newspaper holds
