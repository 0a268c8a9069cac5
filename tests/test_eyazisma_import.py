""" "e-Yazışma paketi yükle": a clerk uploads an incoming .eyp, checks the record Kalem reads
from it and confirms; the record is created with the package (and its SHA-256), the letter
and its files. Hostile or malformed packages are refused with a Turkish message and leave
nothing behind; only roles that register incoming mail may import."""

import datetime as dt
import hashlib
import io
import os
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from archive.correspondence import files, incoming
from archive.correspondence.incoming import STAGING_FOLDER
from archive.correspondence.models import Attachment, Correspondence
from archive.eyazisma import GuvenlikKodu, write_package
from archive.eyazisma.testing import sample_letter
from cms.confidentiality import Level
from cms.models import Clearance, MunicipalitySettings
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.correspondence import OutgoingFactory, sdp

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-21T10:00")]

URL = reverse("archive_correspondence_eyp_upload")
PDF = b"%PDF-1.4\n% the letter\n" + b"0123456789" * 100


@pytest.fixture(autouse=True)
def municipality(db):
    # We are İzmir Valiliği here: the sample letter goes to it for action, GÜNLÜDÜR.
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "İzmir Valiliği"
    settings.detsis_number = "87654321"
    settings.save()
    return settings


def package(guvenlik_kodu=GuvenlikKodu.YOK, files=(b"%PDF-1.4 ek 1", b"%PDF-1.4 ek 2")):
    """A package as Konak Belediyesi would send it, built with the library's writer."""
    letter = sample_letter(attachments=len(files), guvenlik_kodu=guvenlik_kodu)
    enclosed = [ek for ek in letter.ekler if ek.tur == "DED"]
    out = io.BytesIO()
    write_package(letter, PDF, {ek.id: data for ek, data in zip(enclosed, files)}, out)
    return letter, out.getvalue()


def rebuild(data, replace=None, add=None):
    """The package with items replaced or added, as an attacker would."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def upload(client, data):
    return client.post(
        URL,
        {"package": SimpleUploadedFile("gelen.eyp", data, "application/octet-stream")},
        HTTP_ACCEPT_LANGUAGE="tr",
    )


def as_post(form):
    """What the clerk's browser sends back when they confirm the form as it was filled."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data


def staged():
    storage = storages["private"]
    if not storage.exists(STAGING_FOLDER):
        return []
    return storage.listdir(STAGING_FOLDER)[1]


@pytest.fixture
def clerk(client, user_with_role):
    client.force_login(user_with_role(CLERK, "evrak"))
    return client


def test_a_package_fills_a_new_incoming_record_which_the_clerk_confirms(clerk):
    earlier = OutgoingFactory(
        number="E-87654321-841.01-977", number_date=dt.date(2026, 10, 1), number_year=2026
    )
    letter, data = package()
    response = upload(clerk, data)
    assert response.status_code == 200
    form = response.context["confirm"]
    initial = form.initial
    assert initial["subject"] == "29 Ekim Cumhuriyet Bayramı kutlama programı hk."
    assert (initial["party_name"], initial["party_detsis"]) == ("Konak Belediyesi", "12345678")
    assert initial["party_kep"] == "konakbelediyesi@hs01.kep.tr"
    assert (initial["sender_number"], initial["sender_date"]) == (
        "E-12345678-010.03-1842",
        dt.date(2026, 10, 20),
    )
    assert initial["received_on"] == dt.date(2026, 10, 21)
    assert initial["sdp_code"] == sdp("010.03")
    assert initial["confidentiality"] == Level.UNCLASSIFIED
    # Our copy is GÜNLÜDÜR with a Miat of 5 days from the letter's date.
    assert (initial["urgency"], initial["urgency_date"]) == ("GNL", dt.date(2026, 10, 25))
    assert initial["references"] == [earlier]
    page = response.content.decode()
    assert "841.01 Tören ve kutlamalar" in page  # a code the register lacks, shown to the clerk
    assert Correspondence.objects.filter(direction="gelen").count() == 0

    confirmed = clerk.post(URL, as_post(form), HTTP_ACCEPT_LANGUAGE="tr")
    record = Correspondence.objects.get(direction="gelen")
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("archive_correspondence_detail", args=[record.pk])
    assert (record.channel, record.subject) == ("eyazisma", letter.konu)
    assert (record.sender_number, record.urgency, record.answer_due) == (
        "E-12345678-010.03-1842",
        "GNL",
        dt.date(2026, 10, 25),
    )
    assert str(record.belge_id).upper() == letter.belge_id
    assert list(record.references.all()) == [earlier]
    assert record.register_number.startswith("G-2026-")
    assert record.history.count() == 1
    rows = {a.label: a for a in record.attachments.all()}
    assert sorted(rows) == ["EK-1", "EK-2", "EK-3", "EK-4", "EYP", "YAZI"]
    assert rows["EYP"].sha256 == hashlib.sha256(data).hexdigest()
    with rows["EYP"].file.open("rb") as handle:
        assert handle.read() == data  # the package kept unchanged
    assert rows["YAZI"].sha256 == hashlib.sha256(PDF).hexdigest()
    with rows["EK-2"].file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 ek 2"
    assert (rows["EK-1"].original_name, rows["EK-1"].content_type) == (
        "Program 1 – Şubat.pdf",
        "application/pdf",
    )
    assert (rows["EK-3"].kind, rows["EK-3"].url) == ("HRF", "https://www.konak.bel.tr/kroki")
    assert (rows["EK-4"].kind, rows["EK-4"].description) == ("FZK", "Davetiye örneği (posta ile)")
    assert staged() == []


def test_the_clerk_corrects_what_was_read_before_confirming(clerk):
    _letter, data = package()
    form = upload(clerk, data).context["confirm"]
    answer = {**as_post(form), "subject": "Bayram programı (düzeltildi)", "urgency_date": ""}
    response = clerk.post(URL, answer, HTTP_ACCEPT_LANGUAGE="tr")
    # GÜNLÜDÜR without its date: the model's own Turkish message, nothing created.
    assert response.status_code == 200
    assert "GÜNLÜDÜR tarihi" in response.content.decode()
    assert Correspondence.objects.count() == 0
    answer["urgency_date"] = "2026-10-24"
    clerk.post(URL, answer, HTTP_ACCEPT_LANGUAGE="tr")
    record = Correspondence.objects.get()
    assert (record.subject, record.urgency_date) == (
        "Bayram programı (düzeltildi)",
        dt.date(2026, 10, 24),
    )


def hostile_packages():
    _letter, good = package()
    names = zipfile.ZipFile(io.BytesIO(good)).namelist()
    [first_file] = [n for n in names if n.startswith("Ekler/")][:1]
    _letter, with_program = package(files=[b"MZ\x90\x00 a windows program"])
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<UstVeri>&e;</UstVeri>"
    )
    return {
        "not a zip": (b"%PDF-1.4 not a package", "OPC zip paketi değil"),
        "a part changed": (rebuild(good, replace={first_file: b"%PDF-1.4 forged"}), "özet"),
        "a name leaving the package": (rebuild(good, add={"../../evil.txt": b"x"}), "güvenli"),
        "external entities": (rebuild(good, replace={"Ustveri/Ustveri.xml": xxe}), "DTD"),
        "a program inside": (with_program, "eki kabul edilmedi"),
    }


@pytest.mark.parametrize("case", list(hostile_packages()))
def test_hostile_or_malformed_packages_are_refused_and_leave_nothing(clerk, case):
    data, message = hostile_packages()[case]
    response = upload(clerk, data)
    assert response.status_code == 200
    assert response.context["confirm"] is None
    errors = response.context["upload"].errors["package"]
    assert len(errors) == 1
    assert message in errors[0]
    assert Correspondence.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert staged() == []


def test_an_upload_without_a_file_names_the_field(clerk):
    response = clerk.post(URL, {}, HTTP_ACCEPT_LANGUAGE="tr")
    assert response.context["upload"].errors["package"] == [
        "e-Yazışma paketi: .eyp dosyasını seçin."
    ]


def test_a_package_larger_than_the_limit_is_refused(clerk, settings):
    settings.KALEM_EYAZISMA_MAX_PACKAGE_MB = 0
    response = upload(clerk, package()[1])
    assert "0 MB" in response.context["upload"].errors["package"][0]
    assert staged() == []


def test_the_same_package_is_not_registered_twice(clerk):
    _letter, data = package()
    clerk.post(URL, as_post(upload(clerk, data).context["confirm"]))
    record = Correspondence.objects.get()
    again = upload(clerk, data)
    [error] = again.context["upload"].errors["package"]
    assert "zaten kayıtlı" in error
    assert record.register_number in error
    assert Correspondence.objects.count() == 1


def test_two_clerks_confirming_the_same_package_at_once_make_one_record(clerk, monkeypatch):
    _letter, data = package()
    first = as_post(upload(clerk, data).context["confirm"])
    second = as_post(upload(clerk, data).context["confirm"])
    clerk.post(URL, first)
    # The second confirmation passed its check before the first was saved (a race the
    # check alone cannot close): the database's unique BelgeId refuses it.
    monkeypatch.setattr(incoming, "_check", lambda package, user: real_checks(package))
    answer = clerk.post(URL, second, follow=True)
    assert answer.status_code == 200
    assert "az önce kaydedildi" in answer.content.decode()
    assert Correspondence.objects.count() == 1


def stored_attachment_files():
    storage = storages["private"]
    found, folders = [], [""]
    while folders:
        folder = folders.pop()
        subfolders, names = storage.listdir(folder) if storage.exists(folder or ".") else ([], [])
        folders += [os.path.join(folder, sub) for sub in subfolders]
        found += [os.path.join(folder, name) for name in names]
    return [name for name in found if not name.startswith(STAGING_FOLDER)]


def test_a_storage_failure_half_way_leaves_no_record_and_no_file(clerk, monkeypatch):
    _letter, data = package()
    confirm = as_post(upload(clerk, data).context["confirm"])
    real_enclosures = incoming._enclosures

    def disk_full_after_the_enclosures(record, package, checked, user):
        real_enclosures(record, package, checked, user)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(incoming, "_enclosures", disk_full_after_the_enclosures)
    answer = clerk.post(URL, confirm, follow=True)
    assert answer.status_code == 200
    assert "dosyalar saklanamadı" in answer.content.decode()
    assert Correspondence.objects.count() == 0
    assert Attachment.objects.count() == 0
    # The package, the letter and both enclosures had been stored; none is left.
    assert stored_attachment_files() == []

    monkeypatch.setattr(incoming, "_enclosures", real_enclosures)
    again = as_post(upload(clerk, data).context["confirm"])
    clerk.post(URL, again)
    record = Correspondence.objects.get()
    # The package, the letter and the two enclosures, each stored once.
    assert record.attachments.exclude(file="").count() == 4
    assert len(stored_attachment_files()) == 4


def real_checks(package):
    checked = {}
    for name, part, _ek in [(package.pdf.name, package.pdf, None), *incoming._files(package)]:
        checked[part.name] = files.check_upload(File(part.open(), name=name))
    return checked


def test_a_package_above_the_clerks_clearance_is_refused_but_the_mudur_registers_it(
    client, clerk, user_with_role
):
    _letter, data = package(guvenlik_kodu=GuvenlikKodu.GZL)
    [error] = upload(clerk, data).context["upload"].errors["package"]
    assert "yetkinizin üzerinde" in error
    client.force_login(user_with_role(HEAD, "mudur"))
    form = upload(client, data).context["confirm"]
    assert form.initial["confidentiality"] == Level.SECRET
    client.post(URL, as_post(form))
    assert Correspondence.objects.get().confidentiality == Level.SECRET


def test_a_forged_or_foreign_token_registers_nothing(clerk, client, user_with_role):
    _letter, data = package()
    form = upload(clerk, data).context["confirm"]
    answer = as_post(form)
    response = clerk.post(URL, {**answer, "token": "forged"}, HTTP_ACCEPT_LANGUAGE="tr")
    assert response.status_code == 302
    assert Correspondence.objects.count() == 0
    other = user_with_role(CLERK, "evrak-2")
    client.force_login(other)
    client.post(URL, answer)
    assert Correspondence.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "expected"), [(PRESS, 302), (PHOTO_ARCHIVE, 302), (CLERK, 200), (HEAD, 200)]
)
def test_only_roles_that_register_mail_may_import(client, user_with_role, role, expected):
    client.force_login(user_with_role(role))
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 302:  # Wagtail's answer to PermissionDenied
        assert response["Location"] == reverse("wagtailadmin_home")
        assert upload(client, package()[1]).status_code == 302
        assert staged() == []
    else:
        listing = client.get(reverse("wagtailsnippets_archive_correspondence:list"))
        assert URL in listing.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_package_kalem_writes_kalem_reads_back_to_the_same_fields(clerk):
    """Round trip: an approved letter's .eyp, uploaded as if it had arrived."""
    Clearance.objects.create(user=User.objects.get(username="evrak"), level=Level.RESTRICTED)
    letter = OutgoingFactory(
        sdp_code=sdp("010.03"),
        subject="Kent Konseyi toplantısı",
        party_detsis="11223344",
        urgency="GNL",
        urgency_date=dt.date(2026, 10, 28),
        confidentiality=Level.RESTRICTED,
    )
    letter.other_sdp_codes.add(sdp("050.01"))
    letter.save()
    letter.save_revision().publish()
    letter.refresh_from_db()
    data = b"".join(
        clerk.get(reverse("archive_correspondence_eyp", args=[letter.pk])).streaming_content
    )
    response = upload(clerk, data)
    form = response.context["confirm"]
    read = {name: form[name].value() for name in form.fields}
    assert read["subject"] == letter.subject
    assert (read["sender_number"], read["sender_date"]) == (letter.number, letter.number_date)
    assert (read["party_name"], read["party_detsis"]) == ("İzmir Valiliği", "87654321")
    assert (read["sdp_code"], read["other_sdp_codes"]) == (sdp("010.03").pk, [sdp("050.01").pk])
    assert read["confidentiality"] == Level.RESTRICTED
    assert (read["urgency"], read["urgency_date"]) == ("GNL", dt.date(2026, 10, 28))


def test_packages_never_confirmed_are_cleaned_up_after_a_day(clerk):
    upload(clerk, package()[1])
    [name] = staged()
    path = storages["private"].path(f"{STAGING_FOLDER}/{name}")

    def uploaded_hours_ago(hours):
        moment = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
        os.utime(path, (moment, moment))

    out = io.StringIO()
    uploaded_hours_ago(23)
    call_command("clean_eyp_staging", stdout=out)
    assert staged() == [name]  # still within its day
    uploaded_hours_ago(25)
    call_command("clean_eyp_staging", "--dry-run", stdout=out)
    assert staged() == [name]
    call_command("clean_eyp_staging", stdout=out)
    assert staged() == []
    assert "1 dosya silindi" in out.getvalue()


def test_the_sender_is_matched_by_detsis_number_in_the_registers_spelling(clerk):
    """Konak Belediyesi (DETSİS 12345678) is already in a distribution group under the
    register's own spelling and KEP address: the package's spelling gives way. A sender
    the register has never seen is taken as the package names it."""
    from archive.correspondence.models import DistributionGroup, DistributionGroupMember

    _letter, data = package()
    first = upload(clerk, data).context["confirm"].initial
    assert (first["party_name"], first["party_detsis"], first["party_kep"]) == (
        "Konak Belediyesi",
        "12345678",
        "konakbelediyesi@hs01.kep.tr",
    )
    group = DistributionGroup.objects.create(name="İlçe belediyeleri")
    DistributionGroupMember.objects.create(
        group=group,
        name="T.C. Konak Belediye Başkanlığı",
        detsis="12345678",
        kep="konak@hs03.kep.tr",
    )
    again = upload(clerk, data).context["confirm"]
    assert (again.initial["party_name"], again.initial["party_kep"]) == (
        "T.C. Konak Belediye Başkanlığı",
        "konak@hs03.kep.tr",
    )
    clerk.post(URL, as_post(again), HTTP_ACCEPT_LANGUAGE="tr")
    record = Correspondence.objects.get()
    assert (record.party_kind, record.party_name, record.party_detsis) == (
        "kurum",
        "T.C. Konak Belediye Başkanlığı",
        "12345678",
    )
