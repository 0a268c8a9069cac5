"""Issue 14's "done when", as the people concerned do it, through the real views:

1. a clerk drafts an outgoing letter with an enclosure, the Müdür approves it (Sayı);
2. the approved letter downloads as a `.eyp` that opens as an OPC package with the parts
   the rehber names, checked here with zipfile and lxml, not with Kalem's own reader;
3. a citizen types the code printed on the letter into /belge-dogrula/ and sees that it
   is genuine;
4. the receiving institution's clerk uploads the same `.eyp` and gets a new register
   entry filled in (sender, Sayı, date, Konu, SDP, confidentiality, urgency and deadline,
   attachments), marked "İmza doğrulanmadı", to confirm.
"""

import base64
import datetime as dt
import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence.models import Correspondence
from cms.confidentiality import Level
from cms.models import MunicipalitySettings
from cms.roles import CLERK, HEAD
from tests.factories.correspondence import sdp
from tests.test_correspondence_register import approve, submit_outgoing
from tests.test_eyazisma_import import as_post

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00")]

OURS = "19248251"  # Örnekköy Belediyesi
THEIRS = "87654321"  # Ege Üniversitesi Rektörlüğü
ENCLOSURE = b"%PDF-1.4\n% Program\n" + b"program " * 200
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CORE = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
USTVERI = "{urn:dpt:eyazisma:schema:xsd:Ustveri-2}"
TIPLER = "{urn:dpt:eyazisma:schema:xsd:Tipler-2}"  # the elements inside it


def municipality(name, detsis):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = name
    settings.detsis_number = detsis
    settings.save()


def part_name(name):
    return name.lstrip("/")


def test_a_letter_goes_out_as_a_package_is_verified_by_a_citizen_and_read_in_by_the_receiver(
    client, user_with_role
):
    municipality("Örnekköy Belediyesi", OURS)
    clerk, head = user_with_role(CLERK, "evrak"), user_with_role(HEAD, "mudur")

    # 1. Drafted with an enclosure, approved by the Müdür.
    client.force_login(clerk)
    response = submit_outgoing(
        client,
        subject="Bahar şenliği programı hk.",
        sdp_code=str(sdp("010.03").pk),
        party_detsis=THEIRS,
        party_kep="ege@hs01.kep.tr",
        urgency="GNL",
        urgency_date="2027-03-09",
    )
    assert response.status_code == 302
    record = Correspondence.objects.get()
    attached = client.post(
        reverse("archive_correspondence_attach", args=[record.pk]),
        {
            "label": "EK-1",
            "kind": "DED",
            "description": "Program",
            "file": SimpleUploadedFile("program.pdf", ENCLOSURE, "application/pdf"),
        },
    )
    assert attached.status_code == 302
    client.force_login(head)
    assert approve(client, record).status_code == 302
    record.refresh_from_db()
    assert record.number.startswith(f"E-{OURS}-010.03-")

    # 2. The letter as printed, and the package.
    client.force_login(clerk)
    pdf = client.get(reverse("archive_correspondence_letter", args=[record.pk])).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    [printed_code] = re.findall(r"Doğrulama kodu: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})", text)
    download = client.get(reverse("archive_correspondence_eyp", args=[record.pk]))
    assert download.status_code == 200
    package = b"".join(download.streaming_content)
    belge_id = str(record.belge_id).upper()
    assert f'filename="{belge_id}.eyp"' in download["Content-Disposition"]

    archive = zipfile.ZipFile(io.BytesIO(package))
    assert archive.testzip() is None
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert defaults["rels"] == "application/vnd.openxmlformats-package.relationships+xml"
    root_rels = {
        rel.get("Type").rsplit("/", 1)[-1]: rel.get("Target")
        for rel in etree.fromstring(archive.read("_rels/.rels")).iter(f"{RELS}Relationship")
    }
    assert {"ustyazi", "ustveri", "ek", "paketozeti", "nihaiustveri", "core-properties"} <= set(
        root_rels
    )
    # Every part a relationship names is in the package and has its content type.
    for target in root_rels.values():
        name = part_name(target)
        assert name in archive.namelist()
        extension = name.rsplit(".", 1)[-1]
        assert ("/" + name) in overrides or extension in defaults, name
    assert archive.read(part_name(root_rels["ustyazi"])) == pdf  # the letter as issued
    assert archive.read(part_name(root_rels["ek"])) == ENCLOSURE
    core = etree.fromstring(archive.read(part_name(root_rels["core-properties"])))
    assert core.findtext(f"{CORE}category") == "RESMIYAZISMA"
    assert core.findtext(f"{CORE}contentType") == "application/eyazisma"
    ustveri = etree.fromstring(archive.read(part_name(root_rels["ustveri"])))
    assert ustveri.tag == f"{USTVERI}UstVeri"
    assert ustveri.findtext(f"{TIPLER}BelgeId") == belge_id
    assert ustveri.findtext(f"{TIPLER}Konu") == "Bahar şenliği programı hk."
    # PaketOzeti's SHA-256 of each part, recomputed from the bytes in the zip.
    summary = etree.fromstring(archive.read(part_name(root_rels["paketozeti"])))
    checked = 0
    for reference in summary.iter("{*}Reference"):
        data = archive.read(part_name(reference.get("URI")))
        for item in reference.iter("{*}DigestItem"):
            if item.find("{*}DigestMethod").get("Algorithm").endswith("#sha256"):
                expected = base64.b64decode(item.findtext("{*}DigestValue"))
                assert hashlib.sha256(data).digest() == expected, reference.get("URI")
                checked += 1
    assert checked >= 3  # the letter, Ustveri and the enclosure

    # 3. A citizen types the printed code (as people type it) and sees it is genuine.
    client.logout()
    typed = printed_code.lower().replace("-", " ")
    page = client.get("/belge-dogrula/", {"kod": typed}, HTTP_ACCEPT_LANGUAGE="tr")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Bu yazı belediyemizce düzenlenmiştir." in html
    assert record.number in html
    assert "Bahar şenliği programı hk." in html
    assert "2 Mart 2027" in html
    assert hashlib.sha256(pdf).hexdigest() in html
    one_off = printed_code[:-1] + ("A" if printed_code[-1] != "A" else "B")
    wrong = client.get("/belge-dogrula/", {"kod": one_off}, HTTP_ACCEPT_LANGUAGE="tr")
    assert "Bulunamadı." in wrong.content.decode()
    assert record.number not in wrong.content.decode()

    # 4. The receiving institution (Kalem too) reads the package into its register.
    municipality("Ege Üniversitesi Rektörlüğü", THEIRS)
    receiver = user_with_role(CLERK, "ege-evrak")
    client.force_login(receiver)
    url = reverse("archive_correspondence_eyp_upload")
    read = client.post(
        url,
        {"package": SimpleUploadedFile(f"{belge_id}.eyp", package)},
        HTTP_ACCEPT_LANGUAGE="tr",
    )
    assert read.status_code == 200
    assert "İmza doğrulanmadı" in read.content.decode()
    form = read.context["confirm"]
    initial = form.initial
    assert (initial["party_name"], initial["party_detsis"]) == ("Örnekköy Belediyesi", OURS)
    assert (initial["sender_number"], initial["sender_date"]) == (
        record.number,
        dt.date(2027, 3, 2),
    )
    assert initial["subject"] == "Bahar şenliği programı hk."
    assert initial["sdp_code"] == sdp("010.03")
    assert initial["confidentiality"] == Level.UNCLASSIFIED
    assert (initial["urgency"], initial["urgency_date"]) == ("GNL", dt.date(2027, 3, 9))
    assert "Program" in read.content.decode()  # the enclosure listed for the clerk
    assert Correspondence.objects.filter(direction="gelen").count() == 0  # not yet

    confirmed = client.post(url, as_post(form), HTTP_ACCEPT_LANGUAGE="tr")
    assert confirmed.status_code == 302
    entry = Correspondence.objects.get(direction="gelen")
    assert (entry.channel, entry.sender_number, entry.answer_due) == (
        "eyazisma",
        record.number,
        dt.date(2027, 3, 9),
    )
    files = {a.label: a for a in entry.attachments.all()}
    assert sorted(files) == ["EK-1", "EYP", "YAZI"]
    assert files["EYP"].sha256 == hashlib.sha256(package).hexdigest()
    assert files["YAZI"].sha256 == hashlib.sha256(pdf).hexdigest()
    assert files["EK-1"].sha256 == hashlib.sha256(ENCLOSURE).hexdigest()
    card = client.get(confirmed["Location"], HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "İmza doğrulanmadı" in card
