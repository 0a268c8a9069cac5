"""Outgoing letters as e-Yazışma packages: the OPC layout, the parts and namespaces the
rehber names, digests a receiver can recompute, and a package Kalem reads back whole."""

import base64
import hashlib
import io
import random
import zipfile
from datetime import datetime

import pytest
from lxml import etree
from pypdf import PdfReader

from archive.eyazisma import (
    GuvenlikKodu,
    Ivedilik,
    LetterIncomplete,
    read_package,
    write_package,
)
from archive.eyazisma.testing import ISTANBUL, letter_pdf, sample_letter

T = "{urn:dpt:eyazisma:schema:xsd:Tipler-2}"
REL = "http://eyazisma.dpt/iliskiler/"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@pytest.fixture(scope="module")
def pdf():
    return letter_pdf(sample_letter(), pages=2)


def attachment_bytes(number):
    return f"%PDF-1.4 ek {number} ".encode() + bytes(range(256)) * 40


@pytest.fixture
def written(pdf):
    letter = sample_letter()
    files = {ek.id: attachment_bytes(n) for n, ek in enumerate(letter.ekler[:2], start=1)}
    out = io.BytesIO()
    result = write_package(letter, pdf, files, out)
    return letter, files, out.getvalue(), result


def xml(package, item):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(package)).read(item))


def test_package_is_named_for_its_belge_id(written):
    letter, _files, _package, result = written
    assert result.filename == f"{letter.belge_id}.eyp"
    assert result.signed is False


def test_package_holds_the_parts_the_rehber_names_with_their_relationships(written):
    letter, _files, package, _result = written
    names = set(zipfile.ZipFile(io.BytesIO(package)).namelist())
    assert {
        "[Content_Types].xml",
        "_rels/.rels",
        "UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf",
        "Ustveri/Ustveri.xml",
        "Ekler/Program_1_Subat.pdf",
        "Ekler/Program_2_Subat.pdf",
        "PaketOzeti/PaketOzeti.xml",
        "NihaiUstveri/NihaiUstveri.xml",
        "NihaiOzet/NihaiOzet.xml",
        "docProps/core.xml",
    } == names
    rels = {(r.get("Type"), r.get("Target")) for r in xml(package, "_rels/.rels")}
    assert (REL + "ustyazi", "/UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf") in rels
    assert (REL + "ustveri", "/Ustveri/Ustveri.xml") in rels
    assert (REL + "paketozeti", "/PaketOzeti/PaketOzeti.xml") in rels
    assert (REL + "nihaiustveri", "/NihaiUstveri/NihaiUstveri.xml") in rels
    assert (REL + "nihaiozet", "/NihaiOzet/NihaiOzet.xml") in rels
    assert (REL + "ek", "/Ekler/Program_1_Subat.pdf") in rels
    core = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    assert (core, "/docProps/core.xml") in rels
    ek_ids = {r.get("Id") for r in xml(package, "_rels/.rels") if r.get("Type") == REL + "ek"}
    assert ek_ids == {f"IdEk_{ek.id}" for ek in letter.ekler[:2]}


def test_content_types_name_every_part(written):
    _letter, _files, package, _result = written
    types = xml(package, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(TYPES_NS + "Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(TYPES_NS + "Default")}
    assert defaults["rels"] == "application/vnd.openxmlformats-package.relationships+xml"
    assert overrides["/UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf"] == "application/pdf"
    assert overrides["/Ekler/Program_2_Subat.pdf"] == "application/pdf"
    assert (
        overrides["/docProps/core.xml"]
        == "application/vnd.openxmlformats-package.core-properties+xml"
    )
    assert overrides["/Ustveri/Ustveri.xml"] == "application/xml"


def test_core_properties_mark_an_official_letter(written):
    letter, _files, package, _result = written
    core = xml(package, "docProps/core.xml")
    cp = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.findtext(cp + "category") == "RESMIYAZISMA"
    assert core.findtext(cp + "contentType") == "application/eyazisma"
    assert core.findtext(dc + "identifier") == letter.belge_id
    assert core.findtext(dc + "subject") == letter.konu
    assert core.findtext(cp + "version") == "2.0"


def test_ustveri_follows_the_schema_namespace_and_order(written):
    letter, _files, package, _result = written
    root = xml(package, "Ustveri/Ustveri.xml")
    assert root.tag == "{urn:dpt:eyazisma:schema:xsd:Ustveri-2}UstVeri"
    # CT_Ustveri's sequence in EY-Ustveri-2.xsd, less the optional elements we leave out.
    assert [etree.QName(child).localname for child in root] == [
        "BelgeId",
        "Konu",
        "GuvenlikKodu",
        "MimeTuru",
        "DagitimListesi",
        "Ekler",
        "Ilgiler",
        "Dil",
        "Olusturan",
        "DosyaAdi",
        "SdpBilgisi",
        "DogrulamaBilgisi",
    ]
    assert {etree.QName(e).namespace for e in root.iter()} - {etree.QName(root).namespace} == {
        "urn:dpt:eyazisma:schema:xsd:Tipler-2"
    }
    assert root.findtext(T + "BelgeId") == letter.belge_id
    assert root.findtext(T + "GuvenlikKodu") == "YOK"
    first, second = root.findall(f"{T}DagitimListesi/{T}Dagitim")
    assert [etree.QName(c).localname for c in first] == [
        "KurumKurulus",
        "Ivedilik",
        "DagitimTuru",
        "Miat",
    ]
    assert first.findtext(f"{T}KurumKurulus/{T}KKK") == "87654321"
    assert (
        first.findtext(f"{T}KurumKurulus/{T}IletisimBilgisi/{T}KepAdresi")
        == "izmirvaliligi@hs01.kep.tr"
    )
    assert first.findtext(f"{T}KurumKurulus/{T}BirimKKK") == "87654322"
    assert (first.findtext(T + "Ivedilik"), first.findtext(T + "DagitimTuru")) == ("GNL", "GRG")
    assert first.findtext(T + "Miat") == "P5D"
    assert second.findtext(f"{T}GercekSahis/{T}Kisi/{T}Soyadi") == "Öztürk"
    assert second.findtext(T + "DagitimTuru") == "BLG"
    assert second.find(T + "Miat") is None
    ekler = root.findall(f"{T}Ekler/{T}Ek")
    assert [e.findtext(T + "Tur") for e in ekler] == ["DED", "DED", "HRF", "FZK"]
    assert [e.findtext(T + "SiraNo") for e in ekler] == ["1", "2", "3", "4"]
    assert ekler[0].findtext(T + "DosyaAdi") == "Program 1 – Şubat.pdf"
    assert ekler[2].findtext(T + "Referans") == "https://www.konak.bel.tr/kroki"
    assert root.findtext(f"{T}Ilgiler/{T}Ilgi/{T}Etiket") == "a"
    assert root.findtext(f"{T}SdpBilgisi/{T}AnaSdp/{T}Kod") == "010.03"
    assert root.findtext(f"{T}SdpBilgisi/{T}DigerSdpler/{T}SdpListesi/{T}Kod") == "841.01"
    assert (
        root.findtext(f"{T}DogrulamaBilgisi/{T}DogrulamaAdresi")
        == "https://www.konak.bel.tr/belge-dogrula/"
    )


def test_nihai_ustveri_holds_the_number_and_date_given_at_approval(written):
    _letter, _files, package, _result = written
    root = xml(package, "NihaiUstveri/NihaiUstveri.xml")
    assert root.tag == "{urn:dpt:eyazisma:schema:xsd:NihaiUstveri-2}NihaiUstVeri"
    assert [etree.QName(child).localname for child in root] == ["Tarih", "BelgeNo", "BelgeImzalar"]
    assert root.findtext(T + "BelgeNo") == "E-12345678-010.03-1842"
    assert root.findtext(T + "Tarih") == "2026-10-20T14:30:00+03:00"
    assert root.findtext(f"{T}BelgeImzalar/{T}Imza/{T}Imzalayan/{T}Kisi/{T}IlkAdi") == "Ayşe"
    assert root.findtext(f"{T}BelgeImzalar/{T}Imza/{T}Makam") == "Belediye Başkanı"


def digests_in(summary, namespace):
    ns = "{" + namespace + "}"
    result = {}
    for reference in summary.iter(ns + "Reference"):
        items = reference.findall(ns + "DigestItem")
        result[reference.get("URI")] = {
            item.find(ns + "DigestMethod").get("Algorithm"): base64.b64decode(
                item.findtext(ns + "DigestValue")
            )
            for item in items
        }
    return result


def test_paket_ozeti_digests_match_the_parts_when_recomputed(written):
    _letter, _files, package, _result = written
    archive = zipfile.ZipFile(io.BytesIO(package))
    summary = xml(package, "PaketOzeti/PaketOzeti.xml")
    digests = digests_in(summary, "urn:dpt:eyazisma:schema:xsd:PaketOzeti-2")
    assert set(digests) == {
        "/UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf",
        "/Ustveri/Ustveri.xml",
        "/Ekler/Program_1_Subat.pdf",
        "/Ekler/Program_2_Subat.pdf",
    }
    for part, values in digests.items():
        content = archive.read(part.lstrip("/"))
        assert values == {
            "http://www.w3.org/2001/04/xmlenc#sha256": hashlib.sha256(content).digest(),
            "http://www.w3.org/2001/04/xmlenc#sha512": hashlib.sha512(content).digest(),
        }


def test_nihai_ozet_covers_every_part_including_number_and_summary(written):
    _letter, _files, package, _result = written
    archive = zipfile.ZipFile(io.BytesIO(package))
    root = xml(package, "NihaiOzet/NihaiOzet.xml")
    assert root.tag == "{urn:dpt:eyazisma:schema:xsd:NihaiOzet-2}NihaiOzet"
    # EY-NihaiOzet-2.xsd reuses PaketOzeti's Reference element, namespace included.
    digests = digests_in(root, "urn:dpt:eyazisma:schema:xsd:PaketOzeti-2")
    parts = {
        "/" + n
        for n in archive.namelist()
        if not n.endswith(".rels") and n != "[Content_Types].xml"
    }
    assert set(digests) == parts - {"/NihaiOzet/NihaiOzet.xml"}
    for part, values in digests.items():
        assert (
            values["http://www.w3.org/2001/04/xmlenc#sha256"]
            == hashlib.sha256(archive.read(part[1:])).digest()
        )


def test_letter_pdf_travels_unchanged(written, pdf):
    letter, _files, package, _result = written
    inside = zipfile.ZipFile(io.BytesIO(package)).read("UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf")
    assert inside == pdf
    assert letter.sayi in PdfReader(io.BytesIO(inside)).pages[0].extract_text()


def test_markup_in_values_is_escaped_not_interpreted(pdf):
    letter = sample_letter(attachments=0)
    letter.konu = (
        "Bütçe </tipler:Konu><tipler:GuvenlikKodu>YOK</tipler:GuvenlikKodu>"
        ' & "ödenek" <![CDATA[x]]>'
    )
    out = io.BytesIO()
    write_package(letter, pdf, {}, out)
    root = xml(out.getvalue(), "Ustveri/Ustveri.xml")
    assert root.findtext(T + "Konu") == letter.konu
    assert len(root.findall(T + "GuvenlikKodu")) == 1


def test_round_trip_reads_back_the_same_letter_and_files(written, pdf):
    letter, files, package, _result = written
    with read_package(io.BytesIO(package)) as read:
        assert read.letter == letter
        assert read.version == "2.0"
        assert read.signed is False
        assert read.pdf.read() == pdf
        assert read.pdf.sha256 == hashlib.sha256(pdf).hexdigest()
        assert {key: part.read() for key, part in read.attachments.items()} == files
        assert read.letter.miat.days == 5
        assert read.letter.tarih == datetime(2026, 10, 20, 14, 30, tzinfo=ISTANBUL)


def test_round_trip_keeps_confidentiality_urgency_and_a_person_as_sender(pdf, tmp_path):
    from archive.eyazisma import GercekKisi

    letter = sample_letter(attachments=0, guvenlik_kodu=GuvenlikKodu.GZL)
    letter.olusturan = GercekKisi("Ali", "Kaya", tckn="12345678902", gorev="Müdür")
    path = tmp_path / "letter.eyp"
    write_package(letter, pdf, {}, path)
    with read_package(path) as read:
        assert read.letter.guvenlik_kodu is GuvenlikKodu.GZL
        assert read.letter.dagitim[0].ivedilik is Ivedilik.GNL
        assert read.letter.olusturan == letter.olusturan


class RecordingSigner:
    def __init__(self):
        self.signed = []

    def sign(self, data):
        self.signed.append(data)
        return b"0\x82CAdES-" + hashlib.sha256(data).digest()


def test_a_plugged_in_signer_signs_the_package_summary(pdf):
    letter = sample_letter(attachments=1)
    signer = RecordingSigner()
    out = io.BytesIO()
    result = write_package(letter, pdf, {letter.ekler[0].id: b"ek"}, out, signer=signer)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    assert result.signed is True
    assert signer.signed == [archive.read("PaketOzeti/PaketOzeti.xml")]
    assert (
        archive.read("Imzalar/ImzaCades.imz")
        == b"0\x82CAdES-" + hashlib.sha256(signer.signed[0]).digest()
    )
    rels = etree.fromstring(archive.read("PaketOzeti/_rels/PaketOzeti.xml.rels"))
    assert [(r.get("Type"), r.get("Target")) for r in rels] == [
        (REL + "imzacades", "/Imzalar/ImzaCades.imz")
    ]
    with read_package(io.BytesIO(out.getvalue())) as read:
        assert read.signed is True
        assert read.sealed is False


def test_an_unsigned_package_says_so(written):
    _letter, _files, package, _result = written
    with read_package(io.BytesIO(package)) as read:
        assert read.signed is False
    assert "Imzalar/ImzaCades.imz" not in zipfile.ZipFile(io.BytesIO(package)).namelist()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda letter: setattr(letter, "sayi", ""), "sayı"),
        (lambda letter: setattr(letter, "tarih", None), "onay tarihi"),
        (lambda letter: setattr(letter, "konu", "  "), "konu"),
        (lambda letter: setattr(letter, "imzalar", []), "imzalayan"),
        (lambda letter: setattr(letter, "dagitim", []), "dağıtım"),
    ],
)
def test_an_incomplete_letter_is_not_packaged_and_nothing_is_written(pdf, tmp_path, change, field):
    from django.utils import translation

    letter = sample_letter(attachments=0)
    change(letter)
    path = tmp_path / "letter.eyp"
    with pytest.raises(LetterIncomplete) as error, translation.override("tr"):
        write_package(letter, pdf, {}, path)
    with translation.override("tr"):
        assert field in str(error.value).casefold()
    assert not path.exists()


def test_a_gunludur_recipient_needs_a_deadline(pdf):
    from dataclasses import replace

    from django.utils import translation

    letter = sample_letter(attachments=0)
    letter.dagitim[0] = replace(letter.dagitim[0], miat=None)
    with pytest.raises(LetterIncomplete) as error:
        write_package(letter, pdf, {}, io.BytesIO())
    with translation.override("tr"):
        assert "Miat" in str(error.value)


def test_every_attached_file_must_be_given(pdf):
    letter = sample_letter(attachments=2)
    with pytest.raises(LetterIncomplete):
        write_package(letter, pdf, {letter.ekler[0].id: b"only one"}, io.BytesIO())


def old_generation_package(tamper=False):
    """A 1.x package as older EBYS write it: Tarih and BelgeNo in the Ustveri, the -1
    namespaces, one SHA-1 digest per reference, relative relationship targets."""
    t1 = "urn:dpt:eyazisma:schema:xsd:Tipler-1"
    belge_id = "1CC59C81-513D-46CF-B145-407ED4758EDA"
    ek_id = "29DED672-15FB-4E78-92C1-5970D8E34FFC"
    root = etree.Element("{urn:dpt:eyazisma:schema:xsd:Ustveri-1}Ustveri", nsmap={None: t1})

    def add(parent, name, text=None):
        element = etree.SubElement(parent, f"{{{t1}}}{name}")
        element.text = text
        return element

    add(root, "BelgeId", belge_id)
    add(root, "Konu", "Kış kampı hk.")
    add(root, "Tarih", "2024-01-07T00:00:00.000+03:00")
    add(root, "BelgeNo", "E-25609554-841.01-4")
    add(root, "GuvenlikKodu", "TSD")
    add(root, "MimeTuru", "application/pdf")
    dagitim = add(add(root, "DagitimListesi"), "Dagitim")
    kurum = add(dagitim, "KurumKurulus")
    add(kurum, "KKK", "25609554")
    add(kurum, "Adi", "Eskişehir Valiliği")
    add(dagitim, "Ivedilik", "IVD")
    add(dagitim, "DagitimTuru", "GRG")
    ek = add(add(root, "Ekler"), "Ek")
    add(ek, "Id").set("Value", ek_id)
    add(ek, "Tur", "DED")
    add(ek, "DosyaAdi", "liste.pdf")
    add(ek, "Ad", "Katılımcı listesi")
    add(ek, "SiraNo", "1")
    add(root, "Dil", "tur")
    kisi = add(add(add(root, "Olusturan"), "GercekSahis"), "Kisi")
    add(kisi, "IlkAdi", "Ayşe")
    add(kisi, "Soyadi", "Yılmaz")
    add(root, "DosyaAdi", "yazi.pdf")
    ilgi = add(add(root, "Ilgiler"), "Ilgi")
    add(ilgi, "BelgeNo", "65410891-020-480")
    add(ilgi, "Tarih", "2009-11-05T00:00:00")  # no offset, as CBDDO's own sample writes it
    add(ilgi, "Etiket", "a")
    ustveri = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    letter, attachment = b"%PDF-1.4 eski yazi", b"%PDF-1.4 liste"

    def reference(uri, content):
        digest = base64.b64encode(hashlib.sha1(content).digest()).decode()  # noqa: S324
        return (
            f'<Reference URI="{uri}" Type="http://eyazisma.dpt/bilesen#dahili">'
            '<DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>'
            f"<DigestValue>{digest}</DigestValue></Reference>"
        )

    summary = (
        '<?xml version="1.0"?><PaketOzeti xmlns="urn:dpt:eyazisma:schema:xsd:PaketOzeti-1">'
        + reference("/UstYazi/yazi.pdf", letter)
        + reference("/Ustveri/Ustveri.xml", ustveri)
        + reference("/Ekler/liste.pdf", attachment)
        + "</PaketOzeti>"
    ).encode()
    rels = (
        f'<Relationships xmlns="{RELS_NS[1:-1]}">'
        f'<Relationship Id="IdUstYazi" Type="{REL}ustyazi" Target="UstYazi/yazi.pdf"/>'
        f'<Relationship Id="IdUstveri" Type="{REL}ustveri" Target="Ustveri/Ustveri.xml"/>'
        f'<Relationship Id="IdPaketOzeti" Type="{REL}paketozeti" '
        'Target="PaketOzeti/PaketOzeti.xml"/>'
        f'<Relationship Id="IdEk_{ek_id}" Type="{REL}ek" Target="Ekler/liste.pdf"/>'
        "</Relationships>"
    )
    types = (
        f'<Types xmlns="{TYPES_NS[1:-1]}"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="pdf" ContentType="application/pdf"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("UstYazi/yazi.pdf", letter + (b" changed" if tamper else b""))
        archive.writestr("Ustveri/Ustveri.xml", ustveri)
        archive.writestr("PaketOzeti/PaketOzeti.xml", summary)
        archive.writestr("Ekler/liste.pdf", attachment)
    return out.getvalue(), ek_id


def test_an_old_generation_package_is_read_with_its_codes_translated():
    package, ek_id = old_generation_package()
    with read_package(io.BytesIO(package)) as read:
        assert read.version == "1.x"
        assert read.letter.sayi == "E-25609554-841.01-4"
        assert read.letter.tarih == datetime(2024, 1, 7, tzinfo=ISTANBUL)
        assert read.letter.guvenlik_kodu is GuvenlikKodu.YOK
        assert read.letter.dagitim[0].ivedilik is Ivedilik.ACL
        assert read.letter.dagitim[0].taraf.adi == "Eskişehir Valiliği"
        assert read.letter.olusturan.full_name == "Ayşe Yılmaz"
        assert read.pdf.read() == b"%PDF-1.4 eski yazi"
        assert read.pdf.content_type == "application/pdf"
        assert read.attachments[ek_id].read() == b"%PDF-1.4 liste"
        assert read.letter.ilgiler[0].tarih == datetime(2009, 11, 5, tzinfo=ISTANBUL)


def test_an_old_generation_package_with_a_changed_part_is_refused():
    from archive.eyazisma import DigestMismatch

    package, _ek_id = old_generation_package(tamper=True)
    with pytest.raises(DigestMismatch) as error:
        read_package(io.BytesIO(package))
    assert error.value.part == "/UstYazi/yazi.pdf"


def test_large_attachments_are_read_to_disk_not_memory(pdf):
    letter = sample_letter(attachments=1)
    big = random.Random(14).randbytes(2 * 1024 * 1024)  # scans are compressed already
    out = io.BytesIO()
    write_package(letter, pdf, {letter.ekler[0].id: io.BytesIO(big)}, out)
    with read_package(io.BytesIO(out.getvalue())) as read:
        part = read.attachments[letter.ekler[0].id]
        assert part.size == len(big)
        assert part.sha256 == hashlib.sha256(big).hexdigest()
        assert part.file._rolled is True  # spilled to a temporary file past 1 MB
        assert part.read() == big


def test_pdfs_are_stored_as_they_are_and_xml_is_compressed(written):
    _letter, _files, package, _result = written
    items = {
        info.filename: info.compress_type
        for info in zipfile.ZipFile(io.BytesIO(package)).infolist()
    }
    assert items["UstYazi/Cumhuriyet_Bayrami_ust_yazi.pdf"] == zipfile.ZIP_STORED
    assert items["Ekler/Program_1_Subat.pdf"] == zipfile.ZIP_STORED
    assert items["Ustveri/Ustveri.xml"] == zipfile.ZIP_DEFLATED


def test_a_failure_while_writing_leaves_no_package_behind(pdf, tmp_path):
    letter = sample_letter(attachments=1)
    path = tmp_path / f"{letter.belge_id}.eyp"
    with pytest.raises(FileNotFoundError):
        write_package(letter, pdf, {letter.ekler[0].id: tmp_path / "missing.pdf"}, path)
    assert list(tmp_path.iterdir()) == []
    write_package(letter, pdf, {letter.ekler[0].id: b"ek"}, path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
