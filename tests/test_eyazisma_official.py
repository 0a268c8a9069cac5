"""Kalem's packages against the rehber's own XSDs and CBDDO's sample packages.

Neither is kept in the repository: the copies we know of (soyalp/E-Yazisma-Api, a .NET
port of CBDDO's API) carry no licence. Point EYAZISMA_XSD_DIR at a folder holding the
twelve EY-*-2.xsd files and their Reference/ folder, and EYAZISMA_SAMPLES_DIR at a folder
of sample .eyp/.eyps/.eypg packages, to run these checks.
"""

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from archive.eyazisma import GercekKisi, UnsupportedVersion, read_package, write_package
from archive.eyazisma.testing import sample_letter

XSD_DIR = os.environ.get("EYAZISMA_XSD_DIR", "")
SAMPLES_DIR = os.environ.get("EYAZISMA_SAMPLES_DIR", "")


@pytest.fixture
def schemas(tmp_path):
    """The official XSDs, with the two defects that stop libxml2 loading them worked around:
    Tipler imports reference/ (the folder is Reference/), and CT_Guncelleme's choice with
    xsd:any is not deterministic."""
    folder = tmp_path / "xsd"
    shutil.copytree(XSD_DIR, folder)
    if not (folder / "reference").exists():
        (folder / "reference").symlink_to(folder / "Reference")
    tipler = folder / "EY-Tipler-2.xsd"
    tipler.write_text(
        tipler.read_text(encoding="utf-8-sig").replace("<xsd:any />", "", 1), encoding="utf-8"
    )
    return folder


def schema_errors(schema, xml):
    """Validation errors, less the pattern facets: the XSDs write patterns as ^…$, which XSD
    regular expressions take literally, so no value (CBDDO's own sample included) matches."""
    schema.validate(etree.fromstring(xml))
    return [str(error) for error in schema.error_log if "PATTERN" not in error.type_name]


@pytest.mark.skipif(not XSD_DIR, reason="EYAZISMA_XSD_DIR not set")
@pytest.mark.parametrize("sender_is_person", [False, True])
def test_written_parts_validate_against_the_rehber_xsds(schemas, sender_is_person):
    letter = sample_letter(attachments=2)
    if sender_is_person:
        letter.olusturan = GercekKisi("Ali", "Kaya", tckn="12345678902", gorev="Müdür")
    out = io.BytesIO()
    write_package(letter, b"%PDF-1.4", {ek.id: b"ek" for ek in letter.ekler[:2]}, out)
    archive = zipfile.ZipFile(out)
    for xsd, part in [
        ("EY-Ustveri-2.xsd", "Ustveri/Ustveri.xml"),
        ("EY-NihaiUstveri-2.xsd", "NihaiUstveri/NihaiUstveri.xml"),
        ("EY-PaketOzeti-2.xsd", "PaketOzeti/PaketOzeti.xml"),
        ("EY-NihaiOzet-2.xsd", "NihaiOzet/NihaiOzet.xml"),
    ]:
        schema = etree.XMLSchema(etree.parse(str(schemas / xsd)))
        assert schema_errors(schema, archive.read(part)) == [], part


@pytest.mark.skipif(not SAMPLES_DIR, reason="EYAZISMA_SAMPLES_DIR not set")
def test_cbddo_sample_packages_are_read_or_refused_as_unsupported():
    samples = sorted(Path(SAMPLES_DIR).glob("*.eyp*"))
    assert samples
    for sample in samples:
        if sample.suffix == ".eyp":
            with read_package(sample) as read:
                assert read.letter.sayi
                assert read.digests
        else:
            with pytest.raises(UnsupportedVersion):
                read_package(sample)
