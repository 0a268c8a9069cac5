"""Why a package was refused: one exception per problem, each with a message for the clerk.

Messages are English msgids translated in locale/tr; `str(error)` gives the message in the
active language, `error.part` the part concerned, if any.
"""

from django.utils.translation import gettext_lazy as _


class EyazismaError(Exception):
    """Base of everything this package refuses."""

    message = _("The e-Yazışma package could not be processed.")

    def __init__(self, message=None, *, part="", **params):
        self.part = part
        self.params = {"part": part, **params}
        if message is not None:
            self.message = message
        super().__init__(self.message)

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


class NotAPackage(EyazismaError):
    message = _("The file is not an e-Yazışma package (it is not an OPC zip package).")


class MissingPart(EyazismaError):
    message = _("The e-Yazışma package is missing its part %(part)s.")


class DigestMismatch(EyazismaError):
    message = _(
        "The part %(part)s of the e-Yazışma package does not match its digest in the "
        "package summary: the package was changed after it was made."
    )


class PackageTooLarge(EyazismaError):
    message = _(
        "The e-Yazışma package is too large once unpacked (part %(part)s); it was refused "
        "as a possible zip bomb."
    )


class UnsafePartName(EyazismaError):
    message = _("The e-Yazışma package contains a part with an unsafe name: %(part)s.")


class UnsafeXml(EyazismaError):
    message = _(
        "The part %(part)s of the e-Yazışma package declares a DTD or entities, which are "
        "not allowed."
    )


class InvalidXml(EyazismaError):
    message = _("The part %(part)s of the e-Yazışma package is not valid: %(reason)s.")


class UnsupportedVersion(EyazismaError):
    message = _(
        "This kind of e-Yazışma package is not supported (%(version)s); only 1.x and 2.x "
        "packages are read."
    )


class LetterIncomplete(EyazismaError):
    """Raised when writing: the letter lacks something the standard requires."""

    message = _("The letter cannot be packaged: %(field)s is missing or invalid.")


class UndigestedPart(DigestMismatch):
    message = _(
        "The part %(part)s of the e-Yazışma package is not listed in the package summary, "
        "so it cannot be checked."
    )
