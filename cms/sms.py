"""SMS through a pluggable backend, for any app (press contacts, appointment requesters).

`KALEM_SMS_BACKEND` names a class with `send(number, text)`. Every Turkish SMS gateway
(İleti Merkezi, Netgsm…) needs its own contract and İYS (İleti Yönetim Sistemi)
registration first, so Kalem ships none: the default writes each message to the log, and
tests use the in-memory backend (`outbox`), so nothing ever reaches a network from here.
An office with a gateway contract adds a small class of its own and names it in the
setting."""

import logging
import re

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("kalem.sms")

DEFAULT_BACKEND = "cms.sms.LoggingSMSBackend"

# What the in-memory backend has "sent", like django.core.mail.outbox (tests empty it).
outbox = []


class LoggingSMSBackend:
    """Writes each message to the log (the console in development) instead of sending it."""

    def __init__(self):
        self.sent = []

    def send(self, number, text):
        logger.info("SMS to %s: %s", number, text)
        self.sent.append((number, text))
        return True


class LocmemSMSBackend:
    """Keeps each message in `cms.sms.outbox`, for tests."""

    def send(self, number, text):
        outbox.append((number, text))
        return True


def get_sms_backend():
    return import_string(getattr(settings, "KALEM_SMS_BACKEND", DEFAULT_BACKEND))()


def mobile_number(phone):
    """A Turkish mobile number as the gateways take it (+905XXXXXXXXX), or "" when `phone`
    is not one (a landline cannot receive an SMS)."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("90"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if len(digits) == 10 and digits.startswith("5"):
        return f"+90{digits}"
    return ""


def send_sms(phone, text):
    """Send `text` to `phone` when it is a mobile number; False when it is not."""
    number = mobile_number(phone)
    if not number:
        return False
    return bool(get_sms_backend().send(number, text))
