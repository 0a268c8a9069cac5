"""Checking the e-signature and e-seal of an incoming package.

An e-Yazışma package carries a CMS (CAdES) signature over its PaketOzeti part, and often
the sending institution's seal over NihaiOzet; those summaries hold the digest of every
signed part, which `package.read_package` has already compared. What is left to know is
whether the summary was signed, and by whom:

1. the signature must be a CMS SignedData whose signed attributes carry the summary's
   digest (`messageDigest`), and whose signature over those attributes checks with the
   signer's certificate (RSA, RSA-PSS or ECDSA; SHA-256/384/512);
2. if the signer names its certificate in the CAdES `signingCertificateV2` attribute, the
   certificate in the package must be that one (no certificate substitution);
3. the certificate must lead to one of the root certificates the operator installed
   (`KALEM_EYAZISMA_TRUST_ROOTS`: Kamu SM's and the other certificate providers' roots,
   docs/operations.md), valid at the time the signer claims to have signed.

What is not checked, and why (docs/decisions.md): revocation (CRL/OCSP needs the network,
which Kalem never uses at run time) and signature time-stamps (CAdES-T and later); the
result says so. A signature that fails 1 or 2 means the package was altered or forged, and
the register refuses it; one that fails 3 is shown to the clerk as not trusted. One that
Kalem cannot check at all (unreadable, an algorithm it does not support such as the SHA-1
of 1.x packages, several signers, no signed attributes) proves nothing either way: it is
"unchecked", and the clerk is told the signature was not verified, as for no signature.
"""

import enum
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import cms, tsp  # noqa: F401 (tsp teaches cms the signingCertificateV2 attribute)
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import verification
from cryptography.x509.oid import NameOID
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.dates import ISTANBUL
from cms.text import format_date

HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


class Status(enum.StrEnum):
    VALID = "valid"  # intact and traced to an installed root
    UNTRUSTED = "untrusted"  # intact, but not traced to an installed root
    UNCHECKED = "unchecked"  # in a form Kalem cannot check: neither valid nor altered
    INVALID = "invalid"  # altered or forged


@dataclass(frozen=True)
class SignatureCheck:
    status: Status
    reason: str = ""
    signer: str = ""  # the certificate's common name
    serial_number: str = ""  # the subject's serialNumber (a TC kimlik no on Turkish certs)
    issuer: str = ""
    signed_at: datetime | None = None  # as the signer claims (signingTime)

    @property
    def intact(self):
        return self.status is not Status.INVALID

    def summary(self):
        """One Turkish line for the clerk and the record: status, signer, issuer, time."""
        label = {
            Status.VALID: _("valid"),
            Status.UNTRUSTED: _("not trusted"),
            Status.UNCHECKED: _("could not be checked"),
            Status.INVALID: _("not valid"),
        }[self.status]
        who = ", ".join(part for part in (self.signer, self.issuer) if part)
        text = f"{label}" + (f" ({who})" if who else "")
        return f"{text}: {self.reason}" if self.reason else text


def load_trust_roots(path) -> list[x509.Certificate]:
    """The root certificates in a PEM file (several, one after another); none for ""."""
    if not path:
        return []
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def verify_cms(signature: bytes, content: bytes, roots, *, now: datetime) -> SignatureCheck:
    """Check a CMS/CAdES signature (DER) over `content` (detached or enveloped)."""
    try:
        info = cms.ContentInfo.load(signature)
        if info["content_type"].native != "signed_data":
            return _unchecked(_("it is not a CMS signature (SignedData)."))
        signed = info["content"]
        signer_infos = list(signed["signer_infos"])
        certificates = [
            x509.load_der_x509_certificate(choice.chosen.dump())
            for choice in signed["certificates"] or []
            if choice.name == "certificate"
        ]
        enveloped = signed["encap_content_info"]["content"].native
    except (ValueError, TypeError, KeyError):
        return _unchecked(_("the signature cannot be read."))
    if enveloped is not None and enveloped != content:
        return _invalid(_("the signature was made over other content than this package's."))
    if len(signer_infos) != 1:
        return _unchecked(
            _("the signature has %(count)d signers; one is expected.")
            % {"count": len(signer_infos)}
        )
    return _check_signer(signer_infos[0], certificates, content, roots, now)


def _check_signer(signer_info, certificates, content, roots, now):
    try:
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        attributes = {attr["type"].native: attr["values"] for attr in signer_info["signed_attrs"]}
    except (ValueError, TypeError, KeyError):
        return _unchecked(_("the signature cannot be read."))
    if digest_name not in HASHES:
        return _unchecked(
            _("the digest algorithm %(name)s is not accepted.") % {"name": digest_name}
        )
    certificate = _signer_certificate(signer_info["sid"], certificates)
    if certificate is None:
        return _unchecked(_("the signer's certificate is not in the signature."))
    facts = _facts(certificate, attributes)
    if "message_digest" not in attributes or "content_type" not in attributes:
        return _unchecked(_("the signature has no signed attributes."), **facts)
    if attributes["message_digest"][0].native != hashlib.new(digest_name, content).digest():
        return _invalid(_("the signature does not cover this package's summary."), **facts)
    if "signing_certificate_v2" in attributes and not _names_certificate(
        attributes["signing_certificate_v2"][0], certificate
    ):
        return _invalid(
            _("the signature names another certificate than the one it carries."), **facts
        )
    # The signature is over the DER of the signed attributes as a SET (RFC 5652, 5.4): the
    # stored [0] IMPLICIT tag is replaced by the universal SET tag.
    signed_bytes = b"\x31" + signer_info["signed_attrs"].dump()[1:]
    checks = _signature_checks(signer_info, certificate, signed_bytes, digest_name)
    if checks is None:
        return _unchecked(_("the signature's algorithm is not supported."), **facts)
    if not checks:
        return _invalid(_("the signature does not match the signer's certificate."), **facts)
    return _trust(certificate, certificates, roots, facts, now)


def _signer_certificate(sid, certificates):
    for certificate in certificates:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if certificate.serial_number == wanted["serial_number"].native and (
                certificate.issuer.public_bytes() == wanted["issuer"].dump()
            ):
                return certificate
        else:
            try:
                key_id = certificate.extensions.get_extension_for_class(
                    x509.SubjectKeyIdentifier
                ).value.digest
            except x509.ExtensionNotFound:
                continue
            if key_id == sid.chosen.native:
                return certificate
    return None


def _names_certificate(signing_certificate, certificate):
    """ESS signingCertificateV2: the first entry's hash (SHA-256 unless named) of the cert."""
    first = signing_certificate["certs"][0]
    algorithm = first["hash_algorithm"]["algorithm"].native or "sha256"
    if algorithm not in HASHES:
        return False
    der = certificate.public_bytes(Encoding.DER)
    return first["cert_hash"].native == hashlib.new(algorithm, der).digest()


def _signature_checks(signer_info, certificate, data, digest_name):
    """True if the signature checks, False if it does not, None if its key or padding is
    of a kind Kalem cannot check."""
    key = certificate.public_key()
    algorithm = signer_info["signature_algorithm"]
    signature = signer_info["signature"].native
    chosen = HASHES[digest_name]()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if algorithm["algorithm"].native == "rsassa_pss":
                params = algorithm["parameters"]
                pss_hash = HASHES.get(params["hash_algorithm"]["algorithm"].native)
                if pss_hash is None:
                    return None
                scheme = padding.PSS(
                    mgf=padding.MGF1(pss_hash()), salt_length=params["salt_length"].native
                )
                key.verify(signature, data, scheme, pss_hash())
            else:
                key.verify(signature, data, padding.PKCS1v15(), chosen)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(chosen))
        else:
            return None
    except (InvalidSignature, ValueError, TypeError, KeyError):
        return False
    return True


def _trust(certificate, certificates, roots, facts, now):
    if not roots:
        return SignatureCheck(
            Status.UNTRUSTED,
            _("no root certificates are installed (KALEM_EYAZISMA_TRUST_ROOTS)."),
            **facts,
        )
    at = facts["signed_at"] or now
    verifier = (
        verification.PolicyBuilder()
        .store(verification.Store(roots))
        .time(at)
        .extension_policies(
            ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
            # Signing certificates carry no TLS names or usages; any end-entity extension.
            ee_policy=verification.ExtensionPolicy.permit_all(),
        )
        .build_client_verifier()
    )
    intermediates = [other for other in certificates if other != certificate]
    try:
        verifier.verify(certificate, intermediates)
    except verification.VerificationError:
        reason = _(
            "the signer's certificate does not lead to an installed root certificate, or was "
            "not valid on %(date)s."
        ) % {"date": format_date(at.astimezone(ISTANBUL).date(), get_language() or "tr")}
        return SignatureCheck(Status.UNTRUSTED, reason, **facts)
    return SignatureCheck(
        Status.VALID, _("revocation and time-stamp not checked (offline)."), **facts
    )


def _facts(certificate, attributes):
    signed_at = None
    if "signing_time" in attributes:
        signed_at = attributes["signing_time"][0].native
        if signed_at.tzinfo is None:
            signed_at = signed_at.replace(tzinfo=UTC)
    return {
        "signer": _name(certificate.subject, NameOID.COMMON_NAME),
        "serial_number": _name(certificate.subject, NameOID.SERIAL_NUMBER),
        "issuer": _name(certificate.issuer, NameOID.COMMON_NAME),
        "signed_at": signed_at,
    }


def _name(name, oid):
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _invalid(reason, **facts):
    return SignatureCheck(Status.INVALID, reason, **facts)


def _unchecked(reason, **facts):
    return SignatureCheck(Status.UNCHECKED, reason, **facts)
