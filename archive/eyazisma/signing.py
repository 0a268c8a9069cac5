"""Where an e-signature plugs in. Kalem has no signer yet: packages go out unsigned and the
admin says so (UNSIGNED_NOTICE). A CAdES signer (a card-reader agent on the clerk's
machine, an e-seal service of the institution) implements Signer and is handed to
write_package; nothing else changes.
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .errors import EyazismaError

UNSIGNED_NOTICE = _(
    "This e-Yazışma package carries no electronic signature or seal: Kalem cannot sign "
    "yet. The receiving institution can check that its parts are intact, but not who "
    "approved it; send the signed paper letter or sign the package in your EBYS."
)


class Signer(Protocol):
    """Makes an enveloping CAdES signature (DER bytes) over the given bytes.

    The rehber asks for CAdES P4 (CAdES-X Long) for the signature over PaketOzeti and
    CAdES-A for the institution's seal over NihaiOzet; which profile a signer produces is
    its own business.
    """

    def sign(self, data: bytes) -> bytes: ...


class SignerNotConfigured(EyazismaError):
    message = _(
        "No e-signature is configured for e-Yazışma packages "
        "(setting KALEM_EYAZISMA_SIGNER); the package can only go out unsigned."
    )


class UnconfiguredSigner:
    """The default: Kalem signs nothing. Asked to sign, it says so plainly."""

    configured = False

    def sign(self, data: bytes) -> bytes:
        raise SignerNotConfigured


def configured_signer():
    """The Signer named by the KALEM_EYAZISMA_SIGNER setting (a dotted path to a class
    taking no arguments), or None while it names UnconfiguredSigner: packages then go out
    unsigned and the admin shows UNSIGNED_NOTICE."""
    signer = import_string(settings.KALEM_EYAZISMA_SIGNER)()
    return signer if getattr(signer, "configured", True) else None
