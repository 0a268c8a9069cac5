"""Turkish text: slugs, case-folding and dates, in one place.

Python's str.lower() maps "I" to "i" and leaves "İ" as "i̇" (i + combining dot), which is
wrong for Turkish ("ISPARTA" → "ısparta"). These helpers apply Turkish casing first.
"""

import re
import unicodedata

from django.utils import formats
from django.utils.translation import override

_TURKISH_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TURKISH_UPPER = str.maketrans({"i": "İ", "ı": "I"})
# Letters that NFKD does not decompose into ASCII + mark.
_ASCII_FALLBACK = str.maketrans(
    {"ı": "i", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l"}
)
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def turkish_lower(value: str) -> str:
    return value.translate(_TURKISH_LOWER).lower()


def turkish_upper(value: str) -> str:
    return value.translate(_TURKISH_UPPER).upper()


def turkish_casefold(value: str) -> str:
    """A key for case-insensitive search and sort that keeps ı and i apart."""
    return unicodedata.normalize("NFC", turkish_lower(value)).casefold()


def to_ascii(value: str) -> str:
    """Transliterate to ASCII the way Turkish readers expect (ç→c, ğ→g, ı→i, ş→s)."""
    lowered = turkish_lower(value).translate(_ASCII_FALLBACK)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(value: str, max_length: int = 80) -> str:
    """Turkish-aware slug: "Basın Açıklaması: İzmir'de Çığ" → "basin-aciklamasi-izmirde-cig"."""
    text = _APOSTROPHES.sub("", to_ascii(str(value or "")))
    slug = _NON_SLUG.sub("-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def format_date(value, language="tr") -> str:
    """A date as Turkish people write it: 23 Kasım 2026."""
    with override(language):
        return formats.date_format(value, "DATE_FORMAT")
