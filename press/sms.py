"""SMS is pluggable: `KALEM_SMS_BACKEND` names a class with `send(number, text)`. The
default only logs, because every Turkish SMS gateway (İleti Merkezi, Netgsm…) needs its
own contract and IYS (İleti Yönetim Sistemi) registration first."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("kalem.press.sms")

DEFAULT_BACKEND = "press.sms.LoggingSMSBackend"


class LoggingSMSBackend:
    """Writes each message to the log instead of sending it."""

    def __init__(self):
        self.sent = []

    def send(self, number, text):
        logger.info("SMS to %s: %s", number, text)
        self.sent.append((number, text))
        return True


def get_sms_backend():
    return import_string(getattr(settings, "KALEM_SMS_BACKEND", DEFAULT_BACKEND))()
