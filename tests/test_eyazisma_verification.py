"""Verification codes on letters, their QR codes, and the public page where a citizen
checks that a letter is genuine."""

import io
from dataclasses import replace
from datetime import datetime

import pytest
import zxingcpp
from django.core.files.base import ContentFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from PIL import Image

from archive.eyazisma import GuvenlikKodu
from archive.eyazisma.testing import ISTANBUL
from archive.eyazisma.verification import (
    VerifiedLetter,
    codes_match,
    normalize_code,
    qr_png,
    register_lookup,
    unregister_lookup,
    verification_code,
    verification_url,
)
from archive.eyazisma.views import LOOKUPS_PER_WINDOW
from cms.storage import private_storage

BELGE_ID = "8A60CC56-A5F9-4B91-91D8-048707D820B4"
PDF_SHA256 = "d663640088750cf16276d623c2588d7233f2b84b45f4b2e20832f47b16aa5618"


def test_code_is_sixteen_base32_characters_in_groups_of_four():
    code = verification_code(BELGE_ID)
    groups = code.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert verification_code(BELGE_ID.lower()) == code


def test_code_is_keyed_by_the_secret_not_derivable_from_the_document(settings):
    code = verification_code(BELGE_ID)
    settings.SECRET_KEY = "another-installation-secret"
    assert verification_code(BELGE_ID) != code
    settings.EYAZISMA_VERIFICATION_KEY = "kept-across-secret-key-rotation"
    kept = verification_code(BELGE_ID)
    settings.SECRET_KEY = "rotated-again"
    assert verification_code(BELGE_ID) == kept


def test_letters_differ_in_code_even_with_neighbouring_ids():
    other = BELGE_ID[:-1] + "5"
    first, second = verification_code(BELGE_ID), verification_code(other)
    assert sum(a != b for a, b in zip(first, second, strict=True)) > 8


def test_a_code_typed_loosely_is_recognised():
    code = verification_code(BELGE_ID)
    typed = " " + code.replace("-", " ").lower().replace("o", "0").replace("i", "1") + " "
    assert normalize_code(typed) == code
    assert codes_match(typed, code)
    assert normalize_code("ABCD") == ""
    assert normalize_code("E-12345678-010.03-1842") == ""


def test_qr_code_decodes_to_the_verification_page():
    code = verification_code(BELGE_ID)
    url = verification_url(code, "https://www.konak.bel.tr/")
    assert url == f"https://www.konak.bel.tr/belge-dogrula/?kod={code}"
    image = Image.open(io.BytesIO(qr_png(url)))
    results = zxingcpp.read_barcodes(image)
    assert [(r.format, r.text) for r in results] == [(zxingcpp.BarcodeFormat.QRCode, url)]


# The public page --------------------------------------------------------------------------

CODES = {
    "open": verification_code(BELGE_ID),
    "secret": verification_code("11111111-2222-3333-4444-555555555555"),
}
LETTERS = {
    CODES["open"]: VerifiedLetter(
        sayi="E-12345678-010.03-1842",
        tarih=datetime(2026, 10, 20, 23, 30, tzinfo=ISTANBUL),
        konu="29 Ekim Cumhuriyet Bayramı kutlama programı hk.",
        guvenlik_kodu=GuvenlikKodu.YOK,
        pdf_sha256=PDF_SHA256,
    ),
    CODES["secret"]: VerifiedLetter(
        sayi="E-12345678-300.01-77",
        tarih=datetime(2026, 11, 2, 10, 0, tzinfo=ISTANBUL),
        konu="Personel soruşturması",
        guvenlik_kodu=GuvenlikKodu.GZL,
        pdf_sha256="ab" * 32,
    ),
}


@pytest.fixture
def lookups(db):
    """A stand-in for the correspondence register, counting what it was asked."""
    asked = []
    # The open letter's PDF as the register keeps it: a file of private storage.
    name = private_storage().save("yazilar/asil.pdf", ContentFile(b"%PDF-1.7 asil yazi"))
    issued = FieldFile(None, FileField(storage=private_storage), name)
    letters = {**LETTERS, CODES["open"]: replace(LETTERS[CODES["open"]], pdf_file=issued)}

    def lookup(code):
        asked.append(code)
        return letters.get(code)

    register_lookup(lookup)
    yield asked
    unregister_lookup(lookup)


def page(client, code=None, language=""):
    prefix = f"/{language}" if language else ""
    return client.get(f"{prefix}/belge-dogrula/", {"kod": code} if code is not None else {})


def test_an_unclassified_letter_shows_its_number_date_subject_and_digest(client, lookups):
    response = page(client, CODES["open"].lower().replace("-", " "))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bu yazı belediyemizce düzenlenmiştir." in html
    assert "E-12345678-010.03-1842" in html
    assert "20 Ekim 2026" in html
    assert "29 Ekim Cumhuriyet Bayramı kutlama programı hk." in html
    assert PDF_SHA256 in html
    assert f'href="/belge-dogrula/pdf/?kod={CODES["open"]}"' in html
    assert lookups == [CODES["open"]]


def test_the_pdf_of_an_unclassified_letter_downloads_for_its_code(client, lookups):
    response = client.get("/belge-dogrula/pdf/", {"kod": CODES["open"]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="E-12345678-010.03-1842.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 asil yazi"
    for code in (CODES["secret"], verification_code("no-such-letter"), ""):
        assert client.get("/belge-dogrula/pdf/", {"kod": code}).status_code == 404


def test_a_confidential_letter_shows_only_that_it_exists_and_when(client, lookups):
    html = page(client, CODES["secret"]).content.decode()
    assert "Bu kodla bir yazı vardır ve 2 Kasım 2026 tarihinde düzenlenmiştir." in html
    assert "E-12345678-300.01-77" not in html
    assert "Personel soruşturması" not in html
    assert "ab" * 32 not in html


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD", "E-12345678-010.03-1842", "x" * 500])
def test_a_wrong_code_gets_a_plain_not_found(client, lookups, code):
    response = page(client, code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bulunamadı." in html
    assert "belediyemizce düzenlenmiştir" not in html
    assert "E-12345678" not in html.replace(code[:64], "")


def test_the_page_is_in_english_too(client, lookups):
    html = page(client, CODES["open"], language="en").content.decode()
    assert "This letter was issued by our municipality." in html
    assert "20 October 2026" in html
    assert "Not found." in page(client, "AAAA-BBBB-CCCC-DDDD", language="en").content.decode()


def test_the_empty_form_asks_nothing_and_works_without_javascript(client, lookups):
    response = page(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="verify-form" method="get"' in html
    assert 'name="kod"' in html
    assert "<script" not in html
    assert "Bulunamadı." not in html
    assert lookups == []


def test_answers_are_never_cached(client, lookups):
    response = page(client, CODES["open"])
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_lookups_are_rate_limited_per_address(client, lookups):
    for _ in range(LOOKUPS_PER_WINDOW):
        assert page(client, "AAAA-BBBB-CCCC-DDDD").status_code == 200
    response = page(client, CODES["open"])
    assert response.status_code == 429
    assert "çok fazla doğrulama denemesi" in response.content.decode()
    assert "E-12345678-010.03-1842" not in response.content.decode()
    assert len(lookups) == LOOKUPS_PER_WINDOW
    # The PDF is no way around the limit.
    pdf = client.get("/belge-dogrula/pdf/", {"kod": CODES["open"]})
    assert pdf.status_code == 429
    assert len(lookups) == LOOKUPS_PER_WINDOW
    other = client.get("/belge-dogrula/", {"kod": CODES["open"]}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
