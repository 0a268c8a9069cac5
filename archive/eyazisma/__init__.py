"""e-Yazışma packages (.eyp): the standard of the Presidency's Digital Transformation
Office for exchanging official letters, written and read without Django models.

    from archive.eyazisma import Letter, write_package, read_package

See letter.py for the fields, package.py for the package layout, errors.py for why a
package is refused, signing.py for where an e-signature plugs in and verification.py for
the codes printed on letters.
"""

from .errors import (
    DigestMismatch,
    EyazismaError,
    InvalidXml,
    LetterIncomplete,
    MissingPart,
    NotAPackage,
    PackageTooLarge,
    UndigestedPart,
    UnsafePartName,
    UnsafeXml,
    UnsupportedVersion,
)
from .letter import (
    GUVENLIK_KODU_BY_LEVEL,
    Dagitim,
    DagitimTuru,
    Ek,
    EkTuru,
    GercekKisi,
    GuvenlikKodu,
    Ilgi,
    Imza,
    Ivedilik,
    Kurum,
    Letter,
    Sdp,
    TuzelKisi,
)
from .opc import Limits
from .package import (
    PartFile,
    ReadPackage,
    WrittenPackage,
    package_filename,
    read_package,
    write_package,
)
from .signatures import SignatureCheck, Status, load_trust_roots, verify_cms
from .signing import (
    UNSIGNED_NOTICE,
    Signer,
    SignerNotConfigured,
    UnconfiguredSigner,
    configured_signer,
)

__all__ = [
    "GUVENLIK_KODU_BY_LEVEL",
    "UNSIGNED_NOTICE",
    "Dagitim",
    "DagitimTuru",
    "DigestMismatch",
    "Ek",
    "EkTuru",
    "EyazismaError",
    "GercekKisi",
    "GuvenlikKodu",
    "Ilgi",
    "Imza",
    "InvalidXml",
    "Ivedilik",
    "Kurum",
    "Letter",
    "LetterIncomplete",
    "Limits",
    "MissingPart",
    "NotAPackage",
    "PackageTooLarge",
    "PartFile",
    "ReadPackage",
    "Sdp",
    "Signer",
    "SignerNotConfigured",
    "TuzelKisi",
    "UndigestedPart",
    "UnsafePartName",
    "UnsafeXml",
    "UnconfiguredSigner",
    "UnsupportedVersion",
    "WrittenPackage",
    "configured_signer",
    "package_filename",
    "read_package",
    "SignatureCheck",
    "Status",
    "load_trust_roots",
    "verify_cms",
    "write_package",
]
