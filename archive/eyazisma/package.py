"""Writing and reading e-Yazışma packages (.eyp), rehber 2.x; 1.x is read too.

Writing order follows the rehber: the parts, then PaketOzeti (digests of the letter, its
Ustveri and signed attachments; what a signer signs), then NihaiUstveri (the Sayı and date
given at approval), then NihaiOzet over all of those, which an e-seal would seal. Kalem
writes NihaiOzet even when unsigned, so that NihaiUstveri and the core properties are
covered by a digest too.
"""

import hashlib
import os
import posixpath
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import parts
from .errors import (
    DigestMismatch,
    EyazismaError,
    InvalidXml,
    LetterIncomplete,
    MissingPart,
    UndigestedPart,
    UnsupportedVersion,
)
from .letter import EkTuru, GuvenlikKodu, Ivedilik, Letter
from .opc import Limits, PackageReader, PackageWriter, serialize
from .signatures import SignatureCheck, verify_cms

REL = "http://eyazisma.dpt/iliskiler/"
REL_USTYAZI = REL + "ustyazi"
REL_USTVERI = REL + "ustveri"
REL_EK = REL + "ek"
REL_IMZASIZ_EK = REL + "imzasizEk"
REL_PAKETOZETI = REL + "paketozeti"
REL_NIHAIUSTVERI = REL + "nihaiustveri"
REL_NIHAIOZET = REL + "nihaiozet"
REL_IMZA = REL + "imzacades"
REL_MUHUR = REL + "muhurcades"
REL_SIFRELI = REL + "sifreliicerik"
REL_ORIJINAL_PAKET = REL + "orijinalpaket"
REL_BELGEHEDEF = REL + "belgehedef"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

PART_USTVERI = "/Ustveri/Ustveri.xml"
PART_PAKETOZETI = "/PaketOzeti/PaketOzeti.xml"
PART_NIHAIUSTVERI = "/NihaiUstveri/NihaiUstveri.xml"
PART_NIHAIOZET = "/NihaiOzet/NihaiOzet.xml"
PART_IMZA = "/Imzalar/ImzaCades.imz"
PART_MUHUR = "/Muhur/MuhurCades.imz"
PART_CORE = "/docProps/core.xml"
CORE_PROPERTIES_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
SIGNATURE_TYPE = "application/octet-stream"
XML_TYPE = "application/xml"
FILE_EXTENSION = ".eyp"
GUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
# Formats that compress their content themselves: stored in the zip as they are.
ALREADY_COMPRESSED = ("application/pdf", "image/", "video/", "audio/", "application/zip")
# Attachments are spooled to disk past this size, so a package of large scans is read
# without holding it in memory.
SPOOL_IN_MEMORY = 1024 * 1024


@dataclass
class PartFile:
    """A part read from a package: its bytes in a (spooled) temporary file."""

    name: str
    content_type: str
    size: int
    sha256: str
    file: object = field(repr=False)

    def open(self):
        self.file.seek(0)
        return self.file

    def read(self):
        return self.open().read()


@dataclass
class ReadPackage:
    """What read_package found. Close it (or use `with`) to drop the temporary files."""

    letter: Letter
    version: str
    pdf: PartFile
    attachments: dict  # Ek.id -> PartFile
    signed: bool
    sealed: bool
    digests: dict  # part name -> SHA-256 hex of every part read
    # The e-signature over PaketOzeti and the e-seal over NihaiOzet, checked
    # (signatures.verify_cms); None where the package carries none.
    signature: SignatureCheck | None = None
    seal: SignatureCheck | None = None

    def close(self):
        for part in [self.pdf, *self.attachments.values()]:
            part.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@dataclass
class WrittenPackage:
    filename: str
    digests: dict  # part name -> SHA-256 hex
    signed: bool
    sealed: bool


def package_filename(letter: Letter) -> str:
    """[BelgeId].eyp, as the rehber names a package."""
    return f"{letter.belge_id}{FILE_EXTENSION}"


def _ascii(value):
    folded = unicodedata.normalize("NFKD", value.translate(_TURKISH_DOTLESS))
    return folded.encode("ascii", "ignore").decode("ascii")


_TURKISH_DOTLESS = str.maketrans({"ı": "i", "İ": "I"})


def safe_file_name(name, default):
    """An ASCII part-name segment for a file the sender named freely ("Gündem ş.pdf" →
    "Gundem_s.pdf"); the original name stays in Ustveri's DosyaAdi."""
    stem, extension = posixpath.splitext(posixpath.basename(str(name).replace("\\", "/")))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", _ascii(stem)).strip("._")[:80]
    extension = re.sub(r"[^A-Za-z0-9]+", "", _ascii(extension))[:10]
    stem = stem or default
    return f"{stem}.{extension}" if extension else stem


def _check(letter: Letter, attachments):
    def missing(label):
        return LetterIncomplete(field=label)

    if not GUID.match(letter.belge_id or ""):
        raise missing(_("document id (BelgeId)"))
    if not letter.konu.strip():
        raise missing(_("subject (Konu)"))
    if not letter.sayi.strip():
        raise missing(_("number (Sayı)"))
    if letter.tarih is None or timezone.is_naive(letter.tarih):
        raise missing(_("approval date"))
    if letter.olusturan is None:
        raise missing(_("sender (Oluşturan)"))
    if not letter.dagitim:
        raise missing(_("recipients (Dağıtım)"))
    if any(d.ivedilik is Ivedilik.GNL and not d.miat for d in letter.dagitim):
        raise missing(_("deadline (Miat) of a “Günlüdür” recipient"))
    if not letter.imzalar:
        raise missing(_("signer (İmzalayan)"))
    if letter.guvenlik_kodu is GuvenlikKodu.OZL:
        raise missing(_("confidentiality (Özel is no longer a level)"))
    if not letter.dogrulama_adresi:
        raise missing(_("verification address"))
    files = {ek.id for ek in letter.ekler if ek.tur is EkTuru.DED}
    if set(attachments) != files:
        raise missing(_("attachment files (Ekler)"))


def _hashers():
    return {name: hashlib.new(name) for name in parts.WRITTEN_DIGESTS}


def _open_source(source):
    if isinstance(source, str | Path):
        return open(source, "rb")  # noqa: SIM115 - closed by the caller
    return source


def write_package(letter: Letter, pdf, attachments, out, *, signer=None, sealer=None, now=None):
    """Write `letter` as an e-Yazışma package to `out` (a path or a binary file).

    `pdf` and each value of `attachments` (keyed by Ek.id, one for every DED attachment)
    are bytes, a path or a binary file; files are streamed, never read whole.
    `signer`/`sealer` are Signer implementations; without them the package is unsigned.
    """
    attachments = dict(attachments or {})
    _check(letter, attachments)
    if isinstance(out, str | Path):
        # Into a neighbour first: a failure halfway leaves no half-written package behind.
        path = Path(out)
        partial = path.with_name(path.name + ".part")
        try:
            with open(partial, "wb") as stream:
                result = write_package(
                    letter, pdf, attachments, stream, signer=signer, sealer=sealer, now=now
                )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, path)
        return result
    now = now or timezone.now()
    writer = PackageWriter(out)
    digests = {}
    pdf_name = "/UstYazi/" + safe_file_name(
        letter.dosya_adi or f"{letter.belge_id}.pdf", letter.belge_id
    )

    def add(part_name, content_type, source):
        hashers = _hashers()
        stream = _open_source(source)
        try:
            compress = not content_type.startswith(ALREADY_COMPRESSED)
            writer.add(part_name, content_type, stream, hashers.values(), compress=compress)
        finally:
            if stream is not source:
                stream.close()
        digests[part_name] = {name: hasher.digest() for name, hasher in hashers.items()}

    try:
        add(pdf_name, letter.mime_turu, pdf)
        writer.relate("", REL_USTYAZI, pdf_name, "IdUstYazi")
        dosya_adi = letter.dosya_adi or posixpath.basename(pdf_name)
        add(PART_USTVERI, XML_TYPE, serialize(parts.build_ustveri(letter, dosya_adi)))
        writer.relate("", REL_USTVERI, PART_USTVERI, "IdUstveri")
        signed_parts = [pdf_name, PART_USTVERI]
        used = set()
        for number, ek in enumerate(letter.ekler, start=1):
            if ek.tur is not EkTuru.DED:
                continue
            name = safe_file_name(ek.dosya_adi or ek.ad, f"ek{number}")
            folder = "/Ekler/" if ek.imzali else "/ImzasizEkler/"
            part_name = folder + (name if name.casefold() not in used else f"{number:02}_{name}")
            used.add(posixpath.basename(part_name).casefold())
            add(part_name, ek.mime_turu or "application/octet-stream", attachments[ek.id])
            writer.relate(
                "",
                REL_EK if ek.imzali else REL_IMZASIZ_EK,
                part_name,
                f"IdEk_{ek.id}" if ek.imzali else f"IdImzasizEk_{ek.id}",
            )
            if ek.imzali:
                signed_parts.append(part_name)
        add(PART_CORE, CORE_PROPERTIES_TYPE, serialize(parts.build_core(letter, now)))
        writer.relate("", REL_CORE, PART_CORE, "IdCore")

        paket_ozeti = serialize(
            parts.build_digest_summary(
                "PaketOzeti", parts.NS["paketozeti2"], {p: digests[p] for p in signed_parts}
            )
        )
        add(PART_PAKETOZETI, XML_TYPE, paket_ozeti)
        writer.relate("", REL_PAKETOZETI, PART_PAKETOZETI, "IdPaketOzeti")
        if signer is not None:
            add(PART_IMZA, SIGNATURE_TYPE, signer.sign(paket_ozeti))
            writer.relate(PART_PAKETOZETI, REL_IMZA, PART_IMZA, "IdImzaCades")
        add(PART_NIHAIUSTVERI, XML_TYPE, serialize(parts.build_nihai_ustveri(letter)))
        writer.relate("", REL_NIHAIUSTVERI, PART_NIHAIUSTVERI, "IdNihaiUstveri")

        nihai_ozet = serialize(
            parts.build_digest_summary("NihaiOzet", parts.NS["nihaiozet2"], digests)
        )
        add(PART_NIHAIOZET, XML_TYPE, nihai_ozet)
        writer.relate("", REL_NIHAIOZET, PART_NIHAIOZET, "IdNihaiOzet")
        if sealer is not None:
            add(PART_MUHUR, SIGNATURE_TYPE, sealer.sign(nihai_ozet))
            writer.relate(PART_NIHAIOZET, REL_MUHUR, PART_MUHUR, "IdMuhurCades")
    finally:
        writer.close()
    return WrittenPackage(
        filename=package_filename(letter),
        digests={name: values["sha256"].hex() for name, values in digests.items()},
        signed=signer is not None,
        sealed=sealer is not None,
    )


# Reading ---------------------------------------------------------------------------------


def _target(reader, rel_type, source=""):
    for rel in reader.relationships(source):
        if rel.type == rel_type and not rel.external:
            return rel.target
    return None


def _required(reader, rel_type, default_name):
    name = _target(reader, rel_type)
    if name is None or not reader.has(name):
        raise MissingPart(part=name or default_name)
    return name


def read_package(file, *, limits: Limits | None = None, trust_roots=(), now=None) -> ReadPackage:
    """Read an incoming package (a path or a binary file): its letter, PDF and attachments.

    Every digest in PaketOzeti (and NihaiOzet, when present) is recomputed and compared;
    the letter and every signed attachment must be covered. The signature over PaketOzeti
    and the seal over NihaiOzet are checked against `trust_roots` (certificates) at the
    time they claim, `now` where they claim none (signatures.py says what is not checked);
    an altered or forged one is reported in `signature`/`seal`, not raised: the caller
    decides. Raises an EyazismaError subclass naming the problem; nothing is kept on error.
    """
    with PackageReader(file, limits) as reader:
        package = _read(reader)
        now = now or timezone.now()
        summaries = [(REL_PAKETOZETI, REL_IMZA), (REL_NIHAIOZET, REL_MUHUR)]
        package.signature, package.seal = (
            _signature(reader, _target(reader, summary), signature, trust_roots, now)
            for summary, signature in summaries
        )
        return package


def _signature(reader, summary_name, rel_type, roots, now):
    """The check of the CMS signature a summary part relates to, or None without one."""
    if summary_name is None:
        return None
    signature_name = _target(reader, rel_type, summary_name)
    if signature_name is None:
        return None
    if not reader.has(signature_name):
        raise MissingPart(part=signature_name)
    return verify_cms(reader.read(signature_name), reader.read(summary_name), roots, now=now)


def _read(reader):
    root_types = {rel.type for rel in reader.relationships()}
    if REL_SIFRELI in root_types:
        raise UnsupportedVersion(version=_("encrypted package (.eyps)"))
    if REL_ORIJINAL_PAKET in root_types:
        raise UnsupportedVersion(version=_("update package (.eypg)"))
    version = ""
    core_name = _target(reader, REL_CORE)
    if core_name and reader.has(core_name):
        category, version = parts.parse_core(reader.xml(core_name))
        if category and category != parts.CORE_CATEGORY:
            raise UnsupportedVersion(part=core_name, version=category)
        if version and version.split(".")[0] not in {"1", "2"}:
            raise UnsupportedVersion(part=core_name, version=version)

    ustveri_name = _required(reader, REL_USTVERI, PART_USTVERI)
    ustveri_root = reader.xml(ustveri_name)
    generation = parts.ustveri_generation(ustveri_root, ustveri_name)
    letter = parts.parse_ustveri(ustveri_root, generation, ustveri_name)
    pdf_name = _required(reader, REL_USTYAZI, "/UstYazi/")
    ozet_name = _required(reader, REL_PAKETOZETI, PART_PAKETOZETI)
    paket_ozeti = parts.parse_digest_summary(reader.xml(ozet_name), ozet_name)
    nihai_ozet = {}
    nihai_ozet_name = _target(reader, REL_NIHAIOZET)
    if nihai_ozet_name is not None:
        if not reader.has(nihai_ozet_name):
            raise MissingPart(part=nihai_ozet_name)
        nihai_ozet = parts.parse_digest_summary(reader.xml(nihai_ozet_name), nihai_ozet_name)
    if generation == 2:
        nihai_name = _required(reader, REL_NIHAIUSTVERI, PART_NIHAIUSTVERI)
        parts.parse_nihai_ustveri(reader.xml(nihai_name), letter, nihai_name)
    if not letter.sayi:
        raise InvalidXml(part=ustveri_name, reason=_("the number (Sayı) is missing"))

    ek_parts = {}  # part name -> (Ek.id or "", signed)
    for rel in reader.relationships():
        if rel.type in {REL_EK, REL_IMZASIZ_EK}:
            if not reader.has(rel.target):
                raise MissingPart(part=rel.target)
            ek_id = rel.id.split("_", 1)[1].upper() if "_" in rel.id else ""
            ek_parts[rel.target] = (ek_id, rel.type == REL_EK)
    for name in [pdf_name, ustveri_name] + [n for n, (_id, signed) in ek_parts.items() if signed]:
        if name not in paket_ozeti:
            raise UndigestedPart(part=name)

    wanted = {**paket_ozeti, **nihai_ozet}
    for name in wanted:
        if not reader.has(name):
            raise MissingPart(part=name)
    keep = {pdf_name, *ek_parts}
    files, sha256 = {}, {}
    try:
        # Every part, and anything a relationship or summary names even where a part should
        # not be (a _rels folder): what is kept or compared must have been read here.
        for name in dict.fromkeys([*reader.part_names, *keep, *wanted]):
            algorithms = set(paket_ozeti.get(name, {})) | set(nihai_ozet.get(name, {})) | {"sha256"}
            hashers = {a: hashlib.new(a) for a in algorithms}
            spool = None
            if name in keep:
                spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
            if spool is not None:
                files[name] = spool
            size = 0
            for chunk in reader.chunks(name):
                size += len(chunk)
                for hasher in hashers.values():
                    hasher.update(chunk)
                if spool is not None:
                    spool.write(chunk)
            for summary in (paket_ozeti, nihai_ozet):
                for algorithm, expected in summary.get(name, {}).items():
                    if hashers[algorithm].digest() != expected:
                        raise DigestMismatch(part=name)
            sha256[name] = (hashers["sha256"].hexdigest(), size)
    except EyazismaError:
        for spool in files.values():
            spool.close()
        raise

    def part_file(name):
        digest, size = sha256[name]
        return PartFile(
            name=name,
            content_type=reader.content_type(name),
            size=size,
            sha256=digest,
            file=files[name],
        )

    attachments = {}
    by_name = {ek.dosya_adi.casefold(): ek for ek in letter.ekler if ek.dosya_adi}
    files_ek = [ek for ek in letter.ekler if ek.tur is EkTuru.DED]
    for index, (name, (ek_id, _signed)) in enumerate(ek_parts.items()):
        ek = next((e for e in letter.ekler if e.id.upper() == ek_id), None) if ek_id else None
        ek = ek or by_name.get(posixpath.basename(name).casefold())
        if ek is None and index < len(files_ek):
            ek = files_ek[index]
        key = ek.id if ek is not None else ek_id or name
        attachments[key] = part_file(name)
    return ReadPackage(
        letter=letter,
        version=version or f"{generation}.x",
        pdf=part_file(pdf_name),
        attachments=attachments,
        signed=_target(reader, REL_IMZA, ozet_name) is not None,
        sealed=nihai_ozet_name is not None
        and _target(reader, REL_MUHUR, nihai_ozet_name) is not None,
        digests={name: digest for name, (digest, _size) in sha256.items()},
    )
