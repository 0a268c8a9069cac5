"""OPC (Open Packaging Conventions, ECMA-376 part 2) on top of the standard zipfile, with
the checks an upload from outside needs: part names that cannot escape the package, sizes
counted while decompressing (never taken from the zip headers), XML parsed with entities,
DTDs and the network off.
"""

import posixpath
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import quote, unquote

from django.utils.translation import gettext_lazy as _
from lxml import etree

from .errors import InvalidXml, NotAPackage, PackageTooLarge, UnsafePartName, UnsafeXml

CONTENT_TYPES_ITEM = "[Content_Types].xml"
ROOT_RELS_ITEM = "_rels/.rels"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELS_CONTENT_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How much an incoming package may hold once unpacked.

    Letters with scanned attachments run to tens of megabytes; a package beyond these
    limits is far more likely a zip bomb than a letter. The ratio is checked only past
    `ratio_after` bytes, since small XML parts compress very well; deflate tops out near
    1000:1, which bombs use, while a blank scanned page stored uncompressed stays well under
    250:1.
    """

    max_parts: int = 500
    max_part_size: int = 200 * 1024 * 1024
    max_total_size: int = 1024 * 1024 * 1024
    max_xml_size: int = 10 * 1024 * 1024
    max_ratio: int = 250
    ratio_after: int = 1024 * 1024


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # a part name, resolved and checked; empty for external targets
    external: bool = False


_XML_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


def parse_xml(data: bytes, part: str):
    """Parse a part's XML, refusing any DOCTYPE (external entities, entity expansion)."""
    parser = etree.XMLParser(**_XML_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise UnsafeXml(part=part) from error
        raise InvalidXml(part=part, reason=_("it is not well-formed XML")) from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXml(part=part)
    return root


# A segment may not be empty, "." or "..", nor hold a backslash, a colon (drive letters,
# URL schemes) or control characters: any of those lets a name point outside the package.
_UNSAFE_SEGMENT = re.compile(r"[\\:\x00-\x1f\x7f]")


def part_name_from_item(item_name: str) -> str:
    """The OPC part name (/Ekler/a.pdf) of a zip item, or UnsafePartName."""
    decoded = unquote(item_name)
    segments = decoded.split("/")
    if (
        item_name.startswith("/")
        or not decoded
        or any(s in {"", ".", ".."} or _UNSAFE_SEGMENT.search(s) for s in segments)
    ):
        raise UnsafePartName(part=item_name[:200])
    return "/" + decoded


def item_name_from_part(part_name: str) -> str:
    return quote(part_name.lstrip("/"), safe="/")


def rels_part_for(part_name: str) -> str:
    """Where a part's relationships live: /PaketOzeti/PaketOzeti.xml →
    /PaketOzeti/_rels/PaketOzeti.xml.rels; the package's own are /_rels/.rels."""
    if part_name in {"", "/"}:
        return "/_rels/.rels"
    folder, name = posixpath.split(part_name)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target as an absolute part name, refusing anything that leaves the
    package."""
    decoded = unquote(target.split("#", 1)[0])
    if not decoded or "\\" in decoded or _UNSAFE_SEGMENT.search(decoded):
        raise UnsafePartName(part=target[:200])
    if decoded.startswith("/"):
        joined = decoded
    else:
        base = posixpath.dirname(source_part) if source_part not in {"", "/"} else "/"
        joined = posixpath.join(base, decoded)
    # normpath would quietly turn "/../x" into "/x": check for escapes before normalising.
    depth = 0
    for segment in joined.split("/"):
        if segment == "..":
            depth -= 1
            if depth < 0:
                raise UnsafePartName(part=target[:200])
        elif segment not in {"", "."}:
            depth += 1
    return posixpath.normpath(joined)


class PackageReader:
    """Reads an OPC package from a path or a binary file, with Limits enforced on every
    byte actually decompressed."""

    def __init__(self, file, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.total_read = 0
        try:
            self.zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
            raise NotAPackage() from error
        infos = self.zip.infolist()
        if len(infos) > self.limits.max_parts:
            raise PackageTooLarge(part=_("%(count)s parts") % {"count": len(infos)})
        self.items = {}  # part name -> ZipInfo
        seen = set()
        for info in infos:
            if info.is_dir():
                continue
            name = part_name_from_item(info.filename)
            folded = name.casefold()  # OPC part names are equal regardless of case
            if folded in seen:
                raise UnsafePartName(part=name)
            seen.add(folded)
            self.items[name] = info
        if "/" + CONTENT_TYPES_ITEM not in self.items or "/" + ROOT_RELS_ITEM not in self.items:
            raise NotAPackage()
        self.content_types = self._read_content_types()

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def part_names(self):
        """Every part but the package's own bookkeeping ([Content_Types].xml, .rels)."""
        return [
            name
            for name in self.items
            if name != "/" + CONTENT_TYPES_ITEM
            and "/_rels/" not in name
            and not name.endswith(".rels")
        ]

    def has(self, part_name):
        return part_name in self.items

    def chunks(self, part_name):
        """The part's bytes in chunks, counted against the limits as they come out."""
        info = self.items[part_name]
        read = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    self.total_read += len(chunk)
                    ratio = read / max(info.compress_size, 1)
                    if (
                        read > self.limits.max_part_size
                        or self.total_read > self.limits.max_total_size
                        or (read > self.limits.ratio_after and ratio > self.limits.max_ratio)
                    ):
                        raise PackageTooLarge(part=part_name)
                    yield chunk
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            # A CRC error, a damaged stream, an unknown compression or an encrypted item.
            raise NotAPackage() from error

    def read(self, part_name, max_size=None):
        """A small part (XML, relationships) whole, at most max_size bytes."""
        max_size = max_size or self.limits.max_xml_size
        data = bytearray()
        for chunk in self.chunks(part_name):
            data += chunk
            if len(data) > max_size:
                raise PackageTooLarge(part=part_name)
        return bytes(data)

    def xml(self, part_name):
        return parse_xml(self.read(part_name), part_name)

    def _read_content_types(self):
        root = self.xml("/" + CONTENT_TYPES_ITEM)
        if root.tag != f"{{{NS_CONTENT_TYPES}}}Types":
            raise NotAPackage()
        defaults, overrides = {}, {}
        for element in root:
            if element.tag == f"{{{NS_CONTENT_TYPES}}}Default":
                defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
            elif element.tag == f"{{{NS_CONTENT_TYPES}}}Override":
                overrides[unquote(element.get("PartName", "")).casefold()] = element.get(
                    "ContentType", ""
                )
        return defaults, overrides

    def content_type(self, part_name):
        defaults, overrides = self.content_types
        if part_name.casefold() in overrides:
            return overrides[part_name.casefold()]
        extension = posixpath.splitext(part_name)[1].lstrip(".").lower()
        return defaults.get(extension, "")

    def relationships(self, source_part=""):
        """Relationships of the package ("") or of a part, targets resolved and checked."""
        rels_part = rels_part_for(source_part)
        if rels_part not in self.items:
            return []
        root = self.xml(rels_part)
        result = []
        for element in root.iter(f"{{{NS_RELATIONSHIPS}}}Relationship"):
            external = element.get("TargetMode") == "External"
            target = element.get("Target", "")
            result.append(
                Relationship(
                    id=element.get("Id", ""),
                    type=element.get("Type", ""),
                    target="" if external else resolve_target(source_part, target),
                    external=external,
                )
            )
        return result


class PackageWriter:
    """Writes an OPC package part by part, streaming each part's content into the zip."""

    def __init__(self, out, date_time=None):
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.date_time = date_time or time.localtime()[:6]
        self.overrides = {}
        self.relationships = {}  # source part ("" for the package) -> [(id, type, target)]

    def add(self, part_name, content_type, source, hashers=(), compress=True):
        """Write a part from bytes or a binary file, feeding every chunk to `hashers`.

        `compress=False` stores the part as is: deflating a PDF or a scan costs a second per
        10 MB and saves almost nothing.
        """
        self.overrides[part_name] = content_type
        info = zipfile.ZipInfo(item_name_from_part(part_name), date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        with self.zip.open(info, "w", force_zip64=True) as stream:
            if isinstance(source, bytes | bytearray):
                source = memoryview(source)
                for start in range(0, len(source), CHUNK):
                    self._write(stream, source[start : start + CHUNK], hashers)
            else:
                while chunk := source.read(CHUNK):
                    self._write(stream, chunk, hashers)

    @staticmethod
    def _write(stream, chunk, hashers):
        stream.write(chunk)
        for hasher in hashers:
            hasher.update(chunk)

    def relate(self, source_part, rel_type, target_part, rel_id):
        self.relationships.setdefault(source_part, []).append((rel_id, rel_type, target_part))

    def close(self):
        for source, rels in self.relationships.items():
            root = etree.Element(
                f"{{{NS_RELATIONSHIPS}}}Relationships", nsmap={None: NS_RELATIONSHIPS}
            )
            for rel_id, rel_type, target in rels:
                etree.SubElement(
                    root,
                    f"{{{NS_RELATIONSHIPS}}}Relationship",
                    Id=rel_id,
                    Type=rel_type,
                    Target=quote(target, safe="/"),
                )
            self.zip.writestr(item_name_from_part(rels_part_for(source)), serialize(root))
        types = etree.Element(f"{{{NS_CONTENT_TYPES}}}Types", nsmap={None: NS_CONTENT_TYPES})
        etree.SubElement(
            types, f"{{{NS_CONTENT_TYPES}}}Default", Extension="rels", ContentType=RELS_CONTENT_TYPE
        )
        etree.SubElement(
            types, f"{{{NS_CONTENT_TYPES}}}Default", Extension="xml", ContentType="application/xml"
        )
        for part_name, content_type in self.overrides.items():
            etree.SubElement(
                types,
                f"{{{NS_CONTENT_TYPES}}}Override",
                PartName=quote(part_name, safe="/"),
                ContentType=content_type,
            )
        self.zip.writestr(CONTENT_TYPES_ITEM, serialize(types))
        self.zip.close()


def serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
