"""Verification codes printed on outgoing letters, their QR codes, and the hook through
which the public page finds the letter behind a code.

The code is an HMAC of the BelgeId (a random GUID) under a key derived from SECRET_KEY:
knowing a letter's Sayı, or even its BelgeId, does not give its code. Store the code on the
record when the letter is approved: a code printed on paper must keep working even if the
key is rotated later.
"""

import base64
import hmac
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

import segno
from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.utils.crypto import salted_hmac

from .letter import GuvenlikKodu

VERIFICATION_PATH = "/belge-dogrula/"
CODE_LENGTH = 16  # 80 bits in base32: far beyond guessing at a rate-limited page
_KEY_SALT = "kalem.archive.eyazisma.verification"
_NON_CODE = re.compile(r"[^A-Z2-7]")
# Characters people misread for base32 letters when typing a printed code.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def verification_code(belge_id: str) -> str:
    """The verification code of a letter, grouped for reading: ABCD-EFGH-IJKL-MNOP."""
    secret = getattr(settings, "EYAZISMA_VERIFICATION_KEY", None) or settings.SECRET_KEY
    digest = salted_hmac(
        _KEY_SALT, belge_id.strip().upper(), secret=secret, algorithm="sha256"
    ).digest()
    code = base64.b32encode(digest[:10]).decode("ascii")
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(value: str) -> str:
    """A code as typed (lower case, spaces, 0 for O) in its canonical grouped form, or ""
    when it cannot be a code."""
    letters = _NON_CODE.sub("", str(value).upper().translate(_LOOKALIKES))
    if len(letters) != CODE_LENGTH:
        return ""
    return "-".join(letters[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def codes_match(a: str, b: str) -> bool:
    return hmac.compare_digest(normalize_code(a).encode(), normalize_code(b).encode())


def verification_url(code: str, base_url: str) -> str:
    """The address a QR code on the letter points at: <site>/belge-dogrula/?kod=<code>."""
    return f"{base_url.rstrip('/')}{VERIFICATION_PATH}?kod={normalize_code(code)}"


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, for the letter template (WeasyPrint draws SVG)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2)


def qr_png(url: str, scale: int = 4) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@dataclass(frozen=True)
class VerifiedLetter:
    """What the public page may know about a letter found by its code."""

    sayi: str
    tarih: datetime
    konu: str
    guvenlik_kodu: GuvenlikKodu
    pdf_sha256: str = ""
    muhatap: str = ""  # the addressee institution, when the page may name it
    restricted: bool = False  # Kişiye Özel, or withheld for another reason: date only
    # The PDF as issued (a stored file), offered for comparison when the page may show
    # it; None otherwise.
    pdf_file: FieldFile | None = field(default=None, compare=False, repr=False)

    @property
    def is_confidential(self):
        return self.guvenlik_kodu.is_confidential or self.restricted


_lookups = []


def register_lookup(lookup):
    """Register a callable(code) -> VerifiedLetter | None; the register calls this once,
    from its AppConfig.ready(). Usable as a decorator."""
    if lookup not in _lookups:
        _lookups.append(lookup)
    return lookup


def unregister_lookup(lookup):
    if lookup in _lookups:
        _lookups.remove(lookup)


def find_letter(code: str):
    """The letter behind a code, asking each registered lookup; None if none knows it."""
    code = normalize_code(code)
    if not code:
        return None
    for lookup in _lookups:
        if (found := lookup(code)) is not None:
            return found
    return None
