"""A realistic letter and its PDF, for tests and the benchmark (never used by the site)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from cryptography.x509.oid import NameOID

from cms.dates import ISTANBUL

from .letter import (
    Dagitim,
    DagitimTuru,
    Ek,
    EkTuru,
    GercekKisi,
    GuvenlikKodu,
    Ilgi,
    Imza,
    Ivedilik,
    Kurum,
    Letter,
    Sdp,
)


def sample_letter(attachments=2, guvenlik_kodu=GuvenlikKodu.YOK) -> Letter:
    """An approved outgoing letter of Konak Belediyesi with `attachments` PDF files, a link
    and a physical enclosure, two recipients (gereği, bilgi) and an İlgi."""
    files = [
        Ek(
            ad=f"Ek {number}: Etkinlik programı",
            dosya_adi=f"Program {number} – Şubat.pdf",
            mime_turu="application/pdf",
        )
        for number in range(1, attachments + 1)
    ]
    return Letter(
        konu="29 Ekim Cumhuriyet Bayramı kutlama programı hk.",
        sayi="E-12345678-010.03-1842",
        tarih=datetime(2026, 10, 20, 14, 30, tzinfo=ISTANBUL),
        guvenlik_kodu=guvenlik_kodu,
        olusturan=Kurum("12345678", "Konak Belediyesi", kep_adresi="konakbelediyesi@hs01.kep.tr"),
        dagitim=[
            Dagitim(
                Kurum(
                    "87654321",
                    "İzmir Valiliği",
                    kep_adresi="izmirvaliligi@hs01.kep.tr",
                    birim_detsis="87654322",
                ),
                tur=DagitimTuru.GRG,
                ivedilik=Ivedilik.GNL,
                miat=timedelta(days=5),
            ),
            Dagitim(
                GercekKisi("Mehmet", "Öztürk", eposta="mehmet@example.org"), tur=DagitimTuru.BLG
            ),
        ],
        sdp=[Sdp("010.03", "Yazışmalar"), Sdp("841.01", "Tören ve kutlamalar", "Bayram törenleri")],
        ekler=[
            *files,
            Ek(ad="Tören alanı krokisi", tur=EkTuru.HRF, referans="https://www.konak.bel.tr/kroki"),
            Ek(ad="Davetiye örneği (posta ile)", tur=EkTuru.FZK),
        ],
        ilgiler=[
            Ilgi(
                etiket="a",
                belge_no="E-87654321-841.01-977",
                tarih=datetime(2026, 10, 1, 9, 0, tzinfo=ISTANBUL),
                ad="Valilik yazısı",
            )
        ],
        imzalar=[Imza(GercekKisi("Ayşe", "Yılmaz", unvan="Av."), makam="Belediye Başkanı")],
        dogrulama_adresi="https://www.konak.bel.tr/belge-dogrula/",
        dosya_adi="Cumhuriyet Bayramı üst yazı.pdf",
    )


def letter_pdf(letter: Letter, pages=1) -> bytes:
    """The letter as a real PDF of `pages` pages, made with WeasyPrint."""
    from django.utils.html import escape
    from weasyprint import HTML

    paragraph = (
        "<p>Belediyemizce düzenlenecek Cumhuriyet Bayramı etkinliklerine ilişkin program ve "
        "güzergâh bilgileri ekte sunulmuştur. Bilgilerinizi ve gereğini arz ederim.</p>"
    )
    body = "".join(
        f"<section style='page-break-after: always'><h1>{escape(letter.konu)}</h1>"
        f"<p>Sayı: {escape(letter.sayi)} — Sayfa {page}</p>{paragraph * 12}</section>"
        for page in range(1, pages + 1)
    )
    return HTML(string=f"<html lang='tr'><body>{body}</body></html>").write_pdf()


@dataclass
class Pki:
    """A small certificate hierarchy like Kamu SM's (root → issuing CA → a person's signing
    certificate with the TC kimlik no in serialNumber), made on the spot for tests."""

    root: x509.Certificate
    issuing: x509.Certificate
    signer: x509.Certificate
    signer_key: object
    now: datetime

    def signer_for(self, **options):
        options.setdefault("signing_time", self.now)
        return CmsSigner(self.signer, self.signer_key, [self.issuing], **options)


def _name(common_name, serial_number=None):
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "TR"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if serial_number:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    return x509.Name(attributes)


def _certificate(subject, issuer, key, issuer_key, *, ca, not_before, not_after):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        usage = {"key_cert_sign": True, "crl_sign": True}
    else:
        usage = {"content_commitment": True, "digital_signature": True}
    flags = dict.fromkeys(
        [
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ],
        False,
    )
    builder = builder.add_extension(x509.KeyUsage(**{**flags, **usage}), True)
    return builder.sign(issuer_key, hashes.SHA256())


def make_pki(now, *, signer_days=(-30, 365), key="rsa", root_name="Test Kamu SM Kök") -> Pki:
    """Root and issuing CA valid for years around `now`; the signer's certificate valid
    from now + signer_days[0] to now + signer_days[1] days. key: "rsa" or "ec"."""
    root_key = ec.generate_private_key(ec.SECP384R1())
    issuing_key = ec.generate_private_key(ec.SECP256R1())
    signer_key = (
        rsa.generate_private_key(65537, 2048)
        if key == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    years = timedelta(days=3650)
    root = _certificate(
        _name(root_name),
        None,
        root_key,
        root_key,
        ca=True,
        not_before=now - years,
        not_after=now + years,
    )
    issuing = _certificate(
        _name("Test Kamu SM Nitelikli Sertifika Hizmet Sağlayıcısı"),
        root,
        issuing_key,
        root_key,
        ca=True,
        not_before=now - years,
        not_after=now + years,
    )
    signer = _certificate(
        _name("Ayşe Yılmaz", "12345678950"),
        issuing,
        signer_key,
        issuing_key,
        ca=False,
        not_before=now + timedelta(days=signer_days[0]),
        not_after=now + timedelta(days=signer_days[1]),
    )
    return Pki(root, issuing, signer, signer_key, now)


class CmsSigner:
    """A Signer making a CMS signature with a certificate and key in hand (tests only:
    Kalem signs nothing itself). Detached by default; `enveloped` puts the content in."""

    configured = True

    def __init__(
        self, certificate, key, chain=(), *, enveloped=False, pss=False, signing_time=None
    ):
        self.certificate, self.key, self.chain = certificate, key, list(chain)
        self.enveloped, self.pss, self.signing_time = enveloped, pss, signing_time

    def sign(self, data: bytes) -> bytes:
        options = [pkcs7.PKCS7Options.Binary]
        if not self.enveloped:
            options.append(pkcs7.PKCS7Options.DetachedSignature)
        rsa_padding = None
        if self.pss:
            rsa_padding = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
        builder = builder.add_signer(
            self.certificate, self.key, hashes.SHA256(), rsa_padding=rsa_padding
        )
        for certificate in self.chain:
            builder = builder.add_certificate(certificate)
        signature = builder.sign(Encoding.DER, options)
        if self.signing_time is None:
            return signature
        # The builder stamps the machine's clock, which no test clock reaches: sign again
        # with the time the test chose, so the certificates' validity is checked then.
        return resign(signature, self.key, signing_time=self.signing_time)


def resign(signature, key, *, signing_time=None, extra_attributes=()):
    """A CMS signature with its signed attributes changed (the signing time replaced,
    attributes added) and signed again with `key`, as a signer would have made it."""
    info = cms.ContentInfo.load(signature)
    signer_info = info["content"]["signer_infos"][0]
    attributes = [
        attribute
        for attribute in signer_info["signed_attrs"]
        if signing_time is None or attribute["type"].native != "signing_time"
    ]
    if signing_time is not None:
        time = cms.Time({"utc_time": signing_time.astimezone(UTC)})
        attributes.append(cms.CMSAttribute({"type": "signing_time", "values": [time]}))
    signer_info["signed_attrs"] = cms.CMSAttributes([*attributes, *extra_attributes])
    data = b"\x31" + signer_info["signed_attrs"].dump(force=True)[1:]
    algorithm = signer_info["signature_algorithm"]
    if isinstance(key, rsa.RSAPrivateKey):
        scheme = padding.PKCS1v15()
        if algorithm["algorithm"].native == "rsassa_pss":
            salt = algorithm["parameters"]["salt_length"].native
            scheme = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt)
        signer_info["signature"] = key.sign(data, scheme, hashes.SHA256())
    else:
        signer_info["signature"] = key.sign(data, ec.ECDSA(hashes.SHA256()))
    return info.dump(force=True)
