"""The register's approved letters as e-Yazışma: the verification code given at approval
and printed with a QR code on the PDF/A letter, the `.eyp` download (opened again with the
library's reader) for exactly the users who may see the record, the public verification
page for letters of each level, and the signer setting."""

import hashlib
import io
import zipfile

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence.models import (
    AccessLog,
    Attachment,
    Correspondence,
    Recipient,
    Status,
)
from archive.eyazisma import (
    GuvenlikKodu,
    Ivedilik,
    Kurum,
    SignerNotConfigured,
    UnconfiguredSigner,
    configured_signer,
    read_package,
)
from archive.eyazisma.verification import normalize_code, verification_code
from cms.confidentiality import Level
from cms.models import Clearance, MunicipalitySettings
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.correspondence import CorrespondenceFactory, OutgoingFactory, sdp

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00")]


@pytest.fixture(autouse=True)
def municipality(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Örnekköy Belediyesi"
    settings.detsis_number = "19248251"
    settings.kep_address = "ornekkoy@hs01.kep.tr"
    settings.save()
    return settings


def approved(**fields):
    """An outgoing letter to Ege Üniversitesi, approved by the Müdür (numbered)."""
    fields = {"party_detsis": "87654321", "party_kep": "ege@hs01.kep.tr", **fields}
    record = OutgoingFactory(sdp_code=sdp("010.03"), **fields)
    record.save_revision().publish()
    record.refresh_from_db()
    return record


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_approval_stores_a_verification_code_kept_through_edits_and_history():
    draft = OutgoingFactory(sdp_code=sdp("010.03"))
    assert draft.verification_code == ""
    first, second = approved(), approved()
    for record in (first, second):
        assert normalize_code(record.verification_code) == record.verification_code
        # Made from the random BelgeId, not from the Sayı: a number cannot be guessed
        # into a code.
        assert record.verification_code == verification_code(str(record.belge_id))
        assert str(record.belge_id) != record.number
    assert first.verification_code != second.verification_code
    assert first.history.filter(verification_code=first.verification_code).exists()
    # An edit (or a restore of an older version) goes through save(): the code stays.
    code = first.verification_code
    first.verification_code = ""
    first.subject = "Düzeltilmiş konu"
    first.save()
    first.refresh_from_db()
    assert (first.subject, first.verification_code) == ("Düzeltilmiş konu", code)


def test_the_letter_is_pdf_a_3b_with_its_code_and_a_qr_to_the_verification_page(
    client, user_with_role
):
    record = approved()
    client.force_login(user_with_role(CLERK, "evrak"))
    response = client.get(reverse("archive_correspondence_letter", args=[record.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "B")
    assert f"Doğrulama kodu: {record.verification_code}" in pdf_text(response.content)
    root = Site.objects.get(is_default_site=True).root_url
    [picture] = reader.pages[-1].images
    decoded = [result.text for result in zxingcpp.read_barcodes(picture.image)]
    assert decoded == [f"{root}/belge-dogrula/?kod={record.verification_code}"]
    # The letter as issued is kept once: asking again gives the same bytes.
    again = client.get(reverse("archive_correspondence_letter", args=[record.pk]))
    assert again.content == response.content
    [kept] = record.attachments.filter(label="YAZI")
    assert kept.sha256 == hashlib.sha256(response.content).hexdigest()


def test_the_package_download_opens_with_the_reader_with_the_letters_fields(client, user_with_role):
    source = CorrespondenceFactory(sender_number="E-87654321-841.01-977")
    record = approved(urgency="GNL", urgency_date="2027-03-09", subject="Bayram programı hk.")
    record.references.add(source)
    record.other_sdp_codes.add(sdp("050.01"))
    record.save()
    Recipient.objects.create(
        correspondence=record, name="İzmir Valiliği", detsis="11223344", purpose="BLG"
    )
    Recipient.objects.create(
        correspondence=record, name="Ege Üniversitesi", detsis="87654321", purpose="GRG"
    )
    Attachment(
        correspondence=record,
        label="EK-1",
        description="Program",
        original_name="program.pdf",
        content_type="application/pdf",
        sha256=hashlib.sha256(b"%PDF-1.4 program").hexdigest(),
        file=ContentFile(b"%PDF-1.4 program", name="program.pdf"),
    ).save()
    client.force_login(user_with_role(CLERK, "evrak"))
    response = client.get(reverse("archive_correspondence_eyp", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/eyazisma"
    assert f'filename="{str(record.belge_id).upper()}.eyp"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)

    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {
        "[Content_Types].xml",
        "_rels/.rels",
        "Ustveri/Ustveri.xml",
        "PaketOzeti/PaketOzeti.xml",
        "NihaiUstveri/NihaiUstveri.xml",
        "docProps/core.xml",
        f"UstYazi/{record.number}.pdf",
        "Ekler/program.pdf",
    } <= names
    with read_package(io.BytesIO(data)) as package:
        letter = package.letter
        assert (letter.sayi, letter.konu) == (record.number, "Bayram programı hk.")
        assert letter.belge_id == str(record.belge_id).upper()
        assert letter.tarih.date().isoformat() == "2027-03-02"
        assert letter.guvenlik_kodu is GuvenlikKodu.YOK
        assert letter.olusturan == Kurum(
            "19248251", "Örnekköy Belediyesi", kep_adresi="ornekkoy@hs01.kep.tr"
        )
        assert [(d.taraf.detsis, d.tur.value, d.ivedilik) for d in letter.dagitim] == [
            ("11223344", "BLG", Ivedilik.GNL),
            ("87654321", "GRG", Ivedilik.GNL),
        ]
        assert [d.miat.days if d.miat else None for d in letter.dagitim] == [7, 7]
        assert [s.kod for s in letter.sdp] == ["010.03", "050.01"]
        assert [(i.etiket, i.belge_no) for i in letter.ilgiler] == [("a", source.sender_number)]
        assert [(s.imzalayan.full_name, s.makam) for s in letter.imzalar] == [
            ("Hasan Çelik", "Belediye Başkanı")
        ]
        assert letter.dogrulama_adresi.endswith("/belge-dogrula/")
        # The PDF in the package is the letter as issued, byte for byte.
        assert package.pdf.sha256 == record.attachments.get(label="YAZI").sha256
        [enclosed] = package.attachments.values()
        assert enclosed.read() == b"%PDF-1.4 program"
        assert package.signed is False


def test_a_letter_the_package_cannot_carry_gets_a_turkish_message_not_a_500(client, user_with_role):
    record = approved(signatory_name="")
    client.force_login(user_with_role(HEAD, "mudur"))
    response = client.get(
        reverse("archive_correspondence_eyp", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="tr"
    )
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "paketine dönüştürülemedi: imzalayan eksik" in page


@pytest.fixture
def users(user_with_role):
    people = {
        "press": user_with_role(PRESS, "basin"),
        "photos": user_with_role(PHOTO_ARCHIVE, "foto"),
        "clerk": user_with_role(CLERK, "evrak"),
        "clerk cleared for Gizli": user_with_role(CLERK, "evrak-gizli"),
        "head": user_with_role(HEAD, "mudur"),
    }
    Clearance.objects.create(user=people["clerk cleared for Gizli"], level=Level.SECRET)
    return people


# (user, level of the letter) -> status of the .eyp download
DOWNLOAD = {
    ("press", Level.UNCLASSIFIED): 404,
    ("photos", Level.UNCLASSIFIED): 404,
    ("clerk", Level.UNCLASSIFIED): 200,
    ("clerk", Level.SECRET): 404,
    ("clerk cleared for Gizli", Level.SECRET): 200,
    ("clerk cleared for Gizli", Level.TOP_SECRET): 404,
    ("head", Level.TOP_SECRET): 200,
}


def test_the_package_downloads_only_for_those_who_may_see_the_record(client, users):
    letters = {level: approved(confidentiality=level) for level in Level}
    for (name, level), expected in DOWNLOAD.items():
        client.force_login(users[name])
        response = client.get(reverse("archive_correspondence_eyp", args=[letters[level].pk]))
        assert response.status_code == expected, (name, level.name)
    # Downloads of Gizli and Çok Gizli letters are in the Müdür's access log.
    logged = AccessLog.objects.filter(what="e-Yazışma package")
    assert sorted(logged.values_list("user__username", "correspondence__confidentiality")) == [
        ("evrak-gizli", Level.SECRET),
        ("mudur", Level.TOP_SECRET),
    ]
    client.logout()
    response = client.get(reverse("archive_correspondence_eyp", args=[letters[0].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_drafts_and_incoming_records_have_no_package(client, users):
    client.force_login(users["head"])
    draft = OutgoingFactory(sdp_code=sdp("010.03"))
    incoming = CorrespondenceFactory()
    for record in (draft, incoming):
        response = client.get(reverse("archive_correspondence_eyp", args=[record.pk]))
        assert response.status_code == 404
    card = client.get(reverse("archive_correspondence_detail", args=[draft.pk])).content.decode()
    assert reverse("archive_correspondence_eyp", args=[draft.pk]) not in card
    letter = approved()
    card = client.get(reverse("archive_correspondence_detail", args=[letter.pk]))
    html = card.content.decode()
    assert reverse("archive_correspondence_eyp", args=[letter.pk]) in html
    assert letter.verification_code in html
    assert 'class="help-block help-warning register-unsigned"' in html


# The public verification page ---------------------------------------------------------------


def verify(client, code):
    return client.get("/belge-dogrula/", {"kod": code}, HTTP_ACCEPT_LANGUAGE="tr")


def test_an_unclassified_letter_is_confirmed_with_its_number_subject_and_pdf_digest(
    client, user_with_role
):
    record = approved(subject="Bayram programı hk.")
    client.force_login(user_with_role(CLERK, "evrak"))
    pdf = client.get(reverse("archive_correspondence_letter", args=[record.pk])).content
    client.logout()
    page = verify(client, record.verification_code.lower().replace("-", " "))
    html = page.content.decode()
    assert page.status_code == 200
    assert record.number in html
    assert "Bayram programı hk." in html
    assert "Ege Üniversitesi Rektörlüğü" in html
    assert "2 Mart 2027" in html
    assert hashlib.sha256(pdf).hexdigest() in html
    # The PDF as issued is offered for comparison: the same bytes the office printed.
    link = BeautifulSoup(html, "html.parser").find("a", string="Asıl PDF dosyasını indir")
    download = client.get(link["href"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{record.number}.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == pdf


def test_a_letter_to_a_person_does_not_name_them_nor_offer_the_pdf(client):
    record = approved(party_kind="kisi", party_name="Ayşe Yılmaz", party_detsis="")
    html = verify(client, record.verification_code).content.decode()
    assert record.number in html
    assert "Ayşe Yılmaz" not in html
    assert "Asıl PDF dosyasını indir" not in html
    download = client.get("/belge-dogrula/pdf/", {"kod": record.verification_code})
    assert download.status_code == 404


@pytest.mark.parametrize("level", [Level.RESTRICTED, Level.SECRET])
def test_a_confidential_letters_pdf_is_not_served_for_its_code(client, level):
    record = approved(confidentiality=level)
    download = client.get("/belge-dogrula/pdf/", {"kod": record.verification_code})
    assert download.status_code == 404


@pytest.mark.parametrize("level", [Level.RESTRICTED, Level.SECRET, Level.TOP_SECRET])
def test_a_confidential_letter_is_only_confirmed_with_its_date(client, level):
    record = approved(confidentiality=level, subject="Gizli konu")
    html = verify(client, record.verification_code).content.decode()
    assert "2 Mart 2027" in html
    assert record.number not in html
    assert "Gizli konu" not in html
    assert "Ege Üniversitesi" not in html


def test_a_personal_letter_is_only_confirmed_with_its_date(client, users):
    record = approved(personal=True, personal_to=users["head"], subject="Kişisel konu")
    html = verify(client, record.verification_code).content.decode()
    assert "2 Mart 2027" in html
    assert record.number not in html
    assert "Kişisel konu" not in html


def test_wrong_cancelled_and_draft_codes_are_plainly_not_found(client):
    cancelled = approved(subject="İptal edilen yazı")
    cancelled.move_to(Status.CANCELLED, reason="Yanlış muhatap")
    wrong = verification_code("00000000-0000-0000-0000-000000000000")
    for code in (wrong, cancelled.verification_code, "ABCD", "E-19248251-010.03-1"):
        page = verify(client, code)
        html = page.content.decode()
        assert page.status_code == 200
        assert "Bulunamadı." in html
        assert "İptal edilen yazı" not in html
    assert Correspondence.objects.filter(verification_code=wrong).count() == 0


# Signing -------------------------------------------------------------------------------------


class FixedSigner:
    """A stand-in CAdES signer: returns fixed bytes."""

    def sign(self, data):
        return b"0\x80signature"


def test_signing_is_an_interface_unconfigured_by_default(client, settings, user_with_role):
    assert configured_signer() is None
    with pytest.raises(SignerNotConfigured) as error:
        UnconfiguredSigner().sign(b"data")
    assert "KALEM_EYAZISMA_SIGNER" in str(error.value)
    settings.KALEM_EYAZISMA_SIGNER = "tests.test_eyazisma_register.FixedSigner"
    record = approved()
    client.force_login(user_with_role(CLERK, "evrak"))
    response = client.get(reverse("archive_correspondence_eyp", args=[record.pk]))
    with read_package(io.BytesIO(b"".join(response.streaming_content))) as package:
        assert package.signed is True
    card = client.get(reverse("archive_correspondence_detail", args=[record.pk])).content.decode()
    assert "register-unsigned" not in card
