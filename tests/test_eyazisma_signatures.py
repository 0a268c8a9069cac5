"""The e-signature over an incoming package's PaketOzeti (and the e-seal over NihaiOzet) is
checked: intact and traced to an installed root certificate is "valid"; intact but not
traced (no roots installed, another provider's root, a certificate not valid when signed)
is "not trusted" and shown to the clerk; altered, forged or unreadable is refused with a
Turkish message and nothing is kept."""

import datetime as dt
import hashlib
import io

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Site

from archive.correspondence.incoming import STAGING_FOLDER
from archive.correspondence.models import PACKAGE_LABEL, Correspondence
from archive.eyazisma import Status, read_package, verify_cms, write_package
from archive.eyazisma.testing import make_pki, resign, sample_letter
from cms.models import MunicipalitySettings
from cms.roles import CLERK
from tests.test_eyazisma_import import as_post

NOW = dt.datetime(2026, 10, 21, 7, 0, tzinfo=dt.UTC)
SUMMARY = b'<?xml version="1.0"?><PaketOzeti Id="x">digests</PaketOzeti>'
PDF = b"%PDF-1.4\n% the letter\n" + b"0123456789" * 100


@pytest.fixture(scope="module")
def pki():
    return make_pki(NOW)


def check(signature, content=SUMMARY, roots=(), now=NOW):
    return verify_cms(signature, content, list(roots), now=now)


# --- The checks, case by case (the library) ------------------------------------------------


def test_a_signature_traced_to_an_installed_root_is_valid_and_names_the_signer(pki):
    result = check(pki.signer_for().sign(SUMMARY), roots=[pki.root])
    assert result.status is Status.VALID
    assert (result.signer, result.serial_number) == ("Ayşe Yılmaz", "12345678950")
    assert result.issuer == "Test Kamu SM Nitelikli Sertifika Hizmet Sağlayıcısı"
    assert result.signed_at == NOW


@pytest.mark.parametrize(
    "options", [{"enveloped": True}, {"pss": True}], ids=["enveloped", "rsa-pss"]
)
def test_enveloped_and_pss_signatures_are_checked_too(pki, options):
    assert check(pki.signer_for(**options).sign(SUMMARY), roots=[pki.root]).status is Status.VALID


def test_an_elliptic_curve_signer_is_checked_too():
    pki = make_pki(NOW, key="ec")
    assert check(pki.signer_for().sign(SUMMARY), roots=[pki.root]).status is Status.VALID


def test_without_installed_roots_an_intact_signature_is_not_trusted(pki):
    result = check(pki.signer_for().sign(SUMMARY), roots=[])
    assert result.status is Status.UNTRUSTED
    assert result.intact
    assert "KALEM_EYAZISMA_TRUST_ROOTS" in result.reason
    assert result.signer == "Ayşe Yılmaz"


def test_a_signature_from_another_providers_hierarchy_is_not_trusted(pki):
    other = make_pki(NOW, root_name="Başka Kök")
    result = check(pki.signer_for().sign(SUMMARY), roots=[other.root])
    assert result.status is Status.UNTRUSTED


def test_a_certificate_expired_before_the_signature_is_not_trusted():
    expired = make_pki(NOW, signer_days=(-400, -10))  # ended ten days before signing
    result = check(expired.signer_for().sign(SUMMARY), roots=[expired.root])
    assert result.status is Status.UNTRUSTED
    assert result.intact


def test_a_signature_over_another_summary_is_refused(pki):
    signature = pki.signer_for().sign(SUMMARY.replace(b"digests", b"other digests"))
    result = check(signature, roots=[pki.root])
    assert result.status is Status.INVALID
    assert result.reason == "imza bu paketin özetini kapsamıyor."


def test_an_enveloped_signature_of_other_content_is_refused(pki):
    signature = pki.signer_for(enveloped=True).sign(b"<PaketOzeti>another</PaketOzeti>")
    assert check(signature, roots=[pki.root]).status is Status.INVALID


def test_a_changed_signature_value_is_refused(pki):
    info = cms.ContentInfo.load(pki.signer_for().sign(SUMMARY))
    signer_info = info["content"]["signer_infos"][0]
    value = bytearray(signer_info["signature"].native)
    value[10] ^= 0xFF
    signer_info["signature"] = bytes(value)
    result = check(info.dump(force=True), roots=[pki.root])
    assert result.status is Status.INVALID
    assert result.reason == "imza, imzacının sertifikasıyla uyuşmuyor."


@pytest.mark.parametrize(
    "garbage", [b"", b"not a signature", b"\x30\x03\x02\x01\x01", b"\x01\x02\x03"]
)
def test_unreadable_signatures_are_unchecked_not_taken_for_altered(garbage):
    # b"\x01\x02\x03" is what CBDDO's own sample package carries as its signatures.
    result = check(garbage, roots=[])
    assert result.status is Status.UNCHECKED
    assert result.intact
    assert result.summary() == "denetlenemedi: imza okunamıyor."


def test_a_digest_algorithm_kalem_does_not_support_is_unchecked(pki):
    # SHA-1, as signers of 1.x packages used.
    info = cms.ContentInfo.load(pki.signer_for().sign(SUMMARY))
    info["content"]["signer_infos"][0]["digest_algorithm"] = {"algorithm": "sha1"}
    result = check(info.dump(force=True), roots=[pki.root])
    assert result.status is Status.UNCHECKED
    assert "sha1" in result.reason


def test_two_signers_are_unchecked(pki):
    info = cms.ContentInfo.load(pki.signer_for().sign(SUMMARY))
    signed = info["content"]
    signed["signer_infos"] = [signed["signer_infos"][0], signed["signer_infos"][0]]
    result = check(info.dump(force=True), roots=[pki.root])
    assert result.status is Status.UNCHECKED


def _with_signing_certificate(signature, key, certificate_der):
    """Add a CAdES signingCertificateV2 naming `certificate_der`, as a CAdES signer does
    (PKCS7SignatureBuilder writes none)."""
    named = cms.CMSAttribute(
        {
            "type": "signing_certificate_v2",
            "values": [
                {
                    "certs": [
                        {
                            "hash_algorithm": {"algorithm": "sha256"},
                            "cert_hash": hashlib.sha256(certificate_der).digest(),
                        }
                    ]
                }
            ],
        }
    )
    return resign(signature, key, extra_attributes=[named])


def test_the_cades_signing_certificate_must_be_the_one_carried(pki):
    plain = pki.signer_for().sign(SUMMARY)
    own = pki.signer.public_bytes(Encoding.DER)
    other = pki.issuing.public_bytes(Encoding.DER)
    named_own = _with_signing_certificate(plain, pki.signer_key, own)
    named_other = _with_signing_certificate(plain, pki.signer_key, other)
    assert check(named_own, roots=[pki.root]).status is Status.VALID
    result = check(named_other, roots=[pki.root])
    assert result.status is Status.INVALID
    assert result.reason == "imza, taşıdığı sertifikadan başka bir sertifikayı gösteriyor."


# --- In the package reader ---------------------------------------------------------------


def _package(signer=None, sealer=None):
    letter = sample_letter(attachments=1)
    enclosed = [ek for ek in letter.ekler if ek.tur == "DED"]
    out = io.BytesIO()
    write_package(letter, PDF, {enclosed[0].id: b"%PDF-1.4 ek"}, out, signer=signer, sealer=sealer)
    return out.getvalue()


def test_the_reader_checks_the_signature_and_the_seal(pki):
    data = _package(signer=pki.signer_for(), sealer=pki.signer_for())
    with read_package(io.BytesIO(data), trust_roots=[pki.root], now=NOW) as package:
        assert package.signed and package.sealed
        assert package.signature.status is Status.VALID
        assert package.seal.status is Status.VALID
    with read_package(io.BytesIO(_package())) as package:
        assert (package.signature, package.seal) == (None, None)


class ForeignSigner:
    """Signs other bytes than it is given: a signature copied from another package."""

    configured = True

    def __init__(self, pki):
        self.inner = pki.signer_for()

    def sign(self, data):
        return self.inner.sign(data + b"<!-- another package -->")


# --- The clerk's upload ------------------------------------------------------------------

URL = reverse("archive_correspondence_eyp_upload")


@pytest.fixture
def clerk(client, user_with_role):
    client.force_login(user_with_role(CLERK, "evrak"))
    return client


@pytest.fixture
def roots_file(tmp_path, settings, pki):
    path = tmp_path / "kokler.pem"
    path.write_bytes(pki.root.public_bytes(Encoding.PEM))
    settings.KALEM_EYAZISMA_TRUST_ROOTS = str(path)
    return path


@pytest.fixture
def municipality(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "İzmir Valiliği"
    settings.detsis_number = "87654321"
    settings.save()


def upload(client, data):
    return client.post(
        URL, {"package": SimpleUploadedFile("gelen.eyp", data)}, HTTP_ACCEPT_LANGUAGE="tr"
    )


def staged():
    storage = storages["private"]
    return storage.listdir(STAGING_FOLDER)[1] if storage.exists(STAGING_FOLDER) else []


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_the_clerk_sees_who_signed_and_the_record_keeps_it(clerk, municipality, roots_file, pki):
    page = upload(clerk, _package(signer=pki.signer_for()))
    assert page.status_code == 200
    text = page.content.decode()
    assert "e-imza: geçerli (Ayşe Yılmaz, Test Kamu SM Nitelikli" in text
    assert "e-mühür: yok" in text
    response = clerk.post(URL, as_post(page.context["confirm"]))
    assert response.status_code == 302
    record = Correspondence.objects.get()
    kept = record.attachments.get(label=PACKAGE_LABEL)
    assert "e-imza: geçerli (Ayşe Yılmaz" in kept.description
    assert "e-mühür: yok" in kept.description


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_without_roots_the_clerk_is_told_the_signature_is_not_trusted(
    clerk, municipality, settings, pki
):
    settings.KALEM_EYAZISMA_TRUST_ROOTS = ""
    page = upload(clerk, _package(signer=pki.signer_for()))
    assert "e-imza: güvenilmiyor (Ayşe Yılmaz" in page.content.decode()
    assert page.context["confirm"] is not None


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_an_altered_package_signature_is_refused_and_nothing_is_kept(
    clerk, municipality, roots_file, pki
):
    before = set(staged())
    page = upload(clerk, _package(signer=ForeignSigner(pki)))
    assert page.status_code == 200
    errors = page.context["upload"].errors["package"]
    assert errors == [
        "e-Yazışma paketi: e-imzası geçerli değil (imza bu paketin özetini kapsamıyor.) "
        "Paket değiştirilmiş olabilir; gönderenden yeniden isteyin."
    ]
    assert set(staged()) == before
    assert not Correspondence.objects.exists()


# --- "İmza doğrulanmadı": what the clerk is told when Kalem cannot say who sent it -------

UNSIGNED_WARNING = "İmza doğrulanmadı: paket e-imza da e-mühür de taşımıyor"
UNTRUSTED_WARNING = "İmza doğrulanmadı: paketin taşıdığı e-imza ya da e-mühür"


def confirm_and_open_card(clerk, page):
    """Confirm the form as read; the card of the record created, as the clerk sees it."""
    response = clerk.post(URL, as_post(page.context["confirm"]), HTTP_ACCEPT_LANGUAGE="tr")
    assert response.status_code == 302
    record = Correspondence.objects.get()
    card = clerk.get(response["Location"], HTTP_ACCEPT_LANGUAGE="tr")
    assert card.status_code == 200
    return record, card.content.decode()


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_an_unsigned_package_is_marked_not_verified_before_and_after_registering(
    clerk, municipality, roots_file
):
    page = upload(clerk, _package())
    assert page.status_code == 200
    assert UNSIGNED_WARNING in page.content.decode()
    record, card = confirm_and_open_card(clerk, page)
    assert UNSIGNED_WARNING in card
    assert record.attachments.get(label=PACKAGE_LABEL).package_signature == "unsigned"


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_a_signature_not_traced_to_a_root_is_marked_not_verified(
    clerk, municipality, settings, pki
):
    # As on a server without the Kamu SM roots installed.
    settings.KALEM_EYAZISMA_TRUST_ROOTS = ""
    page = upload(clerk, _package(signer=pki.signer_for(), sealer=pki.signer_for()))
    assert UNTRUSTED_WARNING in page.content.decode()
    record, card = confirm_and_open_card(clerk, page)
    assert UNTRUSTED_WARNING in card
    assert record.attachments.get(label=PACKAGE_LABEL).package_signature == "untrusted"


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_a_verified_seal_is_not_marked(clerk, municipality, roots_file, pki):
    page = upload(clerk, _package(sealer=pki.signer_for()))
    assert "e-mühür: geçerli" in page.content.decode()
    assert "İmza doğrulanmadı" not in page.content.decode()
    record, card = confirm_and_open_card(clerk, page)
    assert "İmza doğrulanmadı" not in card
    assert record.attachments.get(label=PACKAGE_LABEL).package_signature == "verified"


@pytest.mark.django_db
def test_packages_imported_before_the_mark_get_it_from_what_was_read_then():
    """Migration 0023 reads the signature lines kept in the package's description."""
    import importlib

    from django.apps import apps

    from archive.correspondence.models import Attachment
    from tests.factories.correspondence import CorrespondenceFactory

    migration = importlib.import_module("archive.migrations.0024_eyp_package_signature")
    descriptions = {
        "e-Yazışma paketi (alındığı gibi); e-imza: geçerli (Ayşe Yılmaz, Kamu SM); e-mühür: yok": (
            "verified"
        ),
        "e-Yazışma paketi (alındığı gibi); e-imza: yok; e-mühür: geçerli (Konak Belediyesi)": (
            "verified"
        ),
        "e-Yazışma paketi (alındığı gibi); e-imza: güvenilmiyor (Ayşe Yılmaz): kök yok; "
        "e-mühür: yok": "untrusted",
        "e-Yazışma paketi (alındığı gibi); e-imza: yok; e-mühür: yok": "unsigned",
    }
    rows = {}
    for description, expected in descriptions.items():
        record = CorrespondenceFactory()
        rows[
            Attachment.objects.create(
                correspondence=record, label=PACKAGE_LABEL, description=description
            ).pk
        ] = expected
    enclosure = Attachment.objects.create(
        correspondence=record, label="EK-1", description="e-imza: yok"
    )
    migration.from_descriptions(apps, None)
    found = dict(Attachment.objects.filter(pk__in=rows).values_list("pk", "package_signature"))
    assert found == rows
    enclosure.refresh_from_db()
    assert enclosure.package_signature == ""


class PlaceholderSigner:
    """Writes what CBDDO's sample package carries in place of its signatures."""

    def sign(self, data):
        return b"\x01\x02\x03"


@pytest.mark.django_db
@pytest.mark.clock("2026-10-21T10:00")
def test_a_signature_kalem_cannot_check_is_registered_marked_not_verified(
    clerk, municipality, roots_file
):
    page = upload(clerk, _package(signer=PlaceholderSigner(), sealer=PlaceholderSigner()))
    assert page.status_code == 200
    text = page.content.decode()
    assert "e-imza: denetlenemedi: imza okunamıyor." in text
    assert UNTRUSTED_WARNING in text
    record, card = confirm_and_open_card(clerk, page)
    assert UNTRUSTED_WARNING in card
    assert record.attachments.get(label=PACKAGE_LABEL).package_signature == "untrusted"
