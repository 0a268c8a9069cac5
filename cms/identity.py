"""Turkish identity numbers (TC kimlik no): the checksum every form that takes one asks,
and the masked form lists and exports show."""

import re


def tc_kimlik_valid(value):
    """The checksum of a Turkish identity number (11 digits, not starting with 0; the
    10th digit from the odd and even positions, the 11th from the first ten)."""
    if not re.fullmatch(r"[1-9]\d{10}", value or ""):
        return False
    digits = [int(c) for c in value]
    odd = sum(digits[0:9:2])
    even = sum(digits[1:8:2])
    if (odd * 7 - even) % 10 != digits[9]:
        return False
    return sum(digits[:10]) % 10 == digits[10]


def mask_tc_kimlik(value):
    """What lists and exports show: the first three and last two digits ("123******46")."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 5) + value[-2:]
