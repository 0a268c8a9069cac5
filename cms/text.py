"""Turkish text: slugs, case-folding and dates, in one place.

Python's str.lower() maps "I" to "i" and leaves "İ" as "i̇" (i + combining dot), which is
wrong for Turkish ("ISPARTA" → "ısparta"). These helpers apply Turkish casing first.
"""

import datetime as dt
import re
import unicodedata

from django.utils import formats, timezone
from django.utils.translation import override

from .dates import ISTANBUL

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


# The Turkish alphabet, with q, w and x (in foreign names) where Turkish dictionaries put them.
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
_LETTER_WEIGHT = {letter: 100 + position for position, letter in enumerate(TURKISH_ALPHABET)}


_NUMBER_OR_CHAR = re.compile(r"[0-9]+|.", re.DOTALL)


def _sort_weight(char: str) -> int:
    if char in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[char]
    if char.isspace():
        return 1
    # â, î, û (and é, ñ...) sort with their base letter; "î" is "i", never "ı".
    base = unicodedata.normalize("NFKD", char)[:1]
    if base in _LETTER_WEIGHT and base != char:
        return _LETTER_WEIGHT[base]
    if not char.isalnum():
        return 2  # punctuation before digits and letters
    return 1000 + ord(char)


def turkish_sort_key(value) -> tuple:
    """A sort key in Turkish alphabetical order, whatever the case: Çam after Cem, Işık
    before İnci, Şule after Sema, Zeytin last. Python's own order (and turkish_casefold
    as a key) puts every Ç, Ğ, İ, Ö, Ş, Ü and ı after z. Numbers come before letters,
    by value."""
    folded = turkish_casefold(str(value or ""))
    weights = []
    for part in _NUMBER_OR_CHAR.findall(folded):
        if part.isdecimal():
            # A number sorts by its value: "2. Kat" before "10. Kat".
            digits = part.lstrip("0") or "0"
            weights += [10, len(digits), *(int(digit) for digit in digits)]
        else:
            weights.append(_sort_weight(part))
    # Ties (same letters, different case or accents) fall back to the text itself, so the
    # order never depends on the order things arrived in.
    return tuple(weights), folded, str(value or "")


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


def format_datetime(value, language="tr") -> str:
    """A moment as Turkish people write it, Istanbul time: 23 Kasım 2026 14:30."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, ISTANBUL)
    with override(language):
        return formats.date_format(value, "DATETIME_FORMAT")


# The numeric form official documents and forms use (Resmî Yazışma Yönetmeliği writes a
# letter's date as 23.11.2026), and the one the CSV importers read back.
NUMERIC_DATE = "%d.%m.%Y"


def format_numeric_date(value) -> str:
    """23.11.2026: for letters, exports and forms, where the official numeric form is due."""
    return value.strftime(NUMERIC_DATE)
