"""The one outgoing register, as an interface.

Every official letter the office sends is an outgoing record of the correspondence
register with the next official number (Sayı), whichever app prints it. The register
lives in `archive`; `press` (the tekzip letters) may not import archive's insides. So the
archive app registers an implementation here at start-up (`register_outgoing_register`)
and other apps call `outgoing_register()`:

    issued = outgoing_register().issue(OutgoingLetter(source="press.denialnotice:7", ...))
    pdf = render(..., number=issued.number, day=issued.day)
    outgoing_register().attach_pdf(issued, pdf, filename="tekzip.pdf")

`issue()` is idempotent on `source`: a letter printed again keeps its record and number,
and each new PDF is kept as a new version of the record's letter file (never overwritten).

`record_earlier()` registers a letter numbered before the one register existed (the
tekzip letters' own sequence): the record keeps the letter's Sayı and date, and no number
is drawn. Also idempotent on `source`.

Letters other apps *receive* go the other way through the same register: an appointment
request or an invitation that reaches the mayor by post is an incoming record with the
register's next incoming number (`incoming_register().receive(IncomingLetter(...))`),
idempotent on `source` too. Such a letter, once decided, may be routed on (havale)
through the register where it landed: `incoming_register().route(record_id, ...)`, so
the directorate finds it among what it holds, with the note, and the register keeps who
routed it to whom.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class OutgoingLetter:
    """What the register needs to know of a letter another app sends."""

    # A stable key of where the letter comes from ("press.denialnotice:42"), one record each.
    source: str
    subject: str
    addressee: str
    # The Standard File Plan code the letter is filed under, and its title (the register
    # adds the code to its list when the office has not loaded it yet).
    file_plan_code: str
    file_plan_title: str
    kep: str = ""
    email: str = ""
    address: str = ""
    summary: str = ""
    signatory_name: str = ""
    signatory_title: str = ""


@dataclass(frozen=True)
class IssuedLetter:
    record_id: int
    number: str
    day: dt.date
    # The code the public verification page (/belge-dogrula/) knows the letter by, and
    # the page's address with it: every official letter prints both (verification_context).
    verification_code: str = ""
    verification_url: str = ""


def verification_context(issued: IssuedLetter) -> dict:
    """What includes/official_letter.html prints at the foot of a letter so that whoever
    holds it can check it was issued: the code, the page and a QR code of the address."""
    if not issued.verification_code:
        return {}
    from .pdf import qr_data_uri

    return {
        "verification_code": issued.verification_code,
        "verification_url": issued.verification_url,
        "verification_page": issued.verification_url.split("?", 1)[0],
        "verification_qr": qr_data_uri(issued.verification_url),
    }


class OutgoingRegister:
    """What an implementation provides (archive.correspondence.outgoing)."""

    def issue(self, letter: OutgoingLetter, *, user=None) -> IssuedLetter:
        """The record of `letter.source`, created and numbered on first call."""
        raise NotImplementedError

    def record_earlier(
        self, letter: OutgoingLetter, *, number: str, day: dt.date, user=None
    ) -> tuple[IssuedLetter, bool]:
        """The record of `letter.source` with the Sayı `number` of `day` it was sent
        under, created if missing (True) or found (False). A Sayı the register already
        gave another record is refused (ValidationError): numbers never repeat."""
        raise NotImplementedError

    def attach_pdf(self, issued: IssuedLetter, pdf: bytes, *, filename: str, user=None) -> int:
        """Keep `pdf` as the next version of the record's letter file; returns the version."""
        raise NotImplementedError


@dataclass(frozen=True)
class IncomingLetter:
    """What the register needs to know of a letter another app received."""

    source: str
    subject: str
    sender: str
    # "invitation" or "petition" (the register's own kinds; anything else is "other").
    kind: str = "petition"
    sender_is_person: bool = True
    sender_number: str = ""
    sender_date: dt.date | None = None
    received_on: dt.date | None = None
    email: str = ""
    address: str = ""
    summary: str = ""


@dataclass(frozen=True)
class RegisteredLetter:
    record_id: int
    number: str


class IncomingRegister:
    """What an implementation provides (archive.correspondence.received)."""

    def receive(self, letter: IncomingLetter, *, user=None) -> RegisteredLetter:
        """The incoming record of `letter.source`, created and numbered on first call."""
        raise NotImplementedError

    def route(self, record_id: int, *, to_users, note: str = "", user=None) -> int:
        """Route (havale) the incoming record `record_id` to `to_users` for action, with
        `note`; returns how many routings were made. A refused recipient (inactive, no
        clearance) or a closed record raises ValidationError with the field `to_users`,
        and nothing is saved."""
        raise NotImplementedError


_registered: OutgoingRegister | None = None
_incoming: IncomingRegister | None = None


def register_outgoing_register(implementation: OutgoingRegister):
    global _registered
    _registered = implementation


def outgoing_register() -> OutgoingRegister:
    if _registered is None:
        raise ImproperlyConfigured("No outgoing register: is the archive app installed?")
    return _registered


def register_incoming_register(implementation: IncomingRegister):
    global _incoming
    _incoming = implementation


def incoming_register() -> IncomingRegister:
    if _incoming is None:
        raise ImproperlyConfigured("No incoming register: is the archive app installed?")
    return _incoming
