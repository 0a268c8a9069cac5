"""Disposal of archived documents: documents past retention and without a hold are
proposed; the commission takes items off and signs; with enough signatures the files are
destroyed (really gone from storage), the document stays as a tombstone with its hashes,
and the disposal report PDF reads back. Nothing else deletes a stored file."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from archive.documents import disposal, files
from archive.documents.models import (
    ArchivedDocument,
    DispositionList,
    Hold,
    ListStatus,
    Status,
)
from cms.roles import ARCHIVIST, DISPOSAL_COMMISSION
from tests.factories.documents import ArchivedDocumentFactory, RetentionRuleFactory, sdp

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2032-03-02T10:00")]


@pytest.fixture
def archivist(user_with_role):
    return user_with_role(ARCHIVIST, "arsiv")


@pytest.fixture
def commission(user_with_role):
    return [user_with_role(DISPOSAL_COMMISSION, f"komisyon-{n}") for n in range(3)]


def with_file(document, content=b"%PDF-1.4 belge"):
    import hashlib

    return files.add_version(
        document,
        content,
        name="belge.pdf",
        content_type="application/pdf",
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.fixture
def archive():
    """Weekly reports (2 + 5 years, then disposal) closed in 2024 (past retention on
    2 March 2032), one closed in 2025 (retention ends 2032), and one 2024 report whose
    code is transferred to the State Archives instead."""
    RetentionRuleFactory(sdp_code=sdp("040.01"), unit_years=2, institution_years=5)
    RetentionRuleFactory(sdp_code=sdp("041.01"), unit_years=2, institution_years=5, outcome="devir")
    documents = {
        "past": ArchivedDocumentFactory(title="Rapor 2024", document_date=dt.date(2024, 5, 10)),
        "secret": ArchivedDocumentFactory(
            title="Gizli rapor 2024", document_date=dt.date(2024, 6, 1), confidentiality=2
        ),
        "current": ArchivedDocumentFactory(title="Rapor 2025", document_date=dt.date(2025, 1, 3)),
        "state": ArchivedDocumentFactory(
            title="Brifing 2024", sdp_code=sdp("041.01"), document_date=dt.date(2024, 5, 10)
        ),
        # closed late: the closing date counts, not the document date
        "closed_late": ArchivedDocumentFactory(
            title="Rapor 2024 geç kapanan",
            document_date=dt.date(2024, 5, 10),
            closed_on=dt.date(2025, 2, 1),
        ),
    }
    for document in documents.values():
        with_file(document, f"%PDF-1.4 {document.title}".encode())
    return documents


def test_the_proposal_holds_exactly_the_documents_past_retention(archive):
    proposed = set(disposal.proposal().values_list("title", flat=True))
    assert proposed == {"Rapor 2024", "Gizli rapor 2024"}


def test_a_held_document_is_not_proposed_and_stops_the_signatures(archive, archivist, commission):
    Hold.objects.create(document=archive["secret"], reason="dava", note="2031/145 E.")
    assert set(disposal.proposal().values_list("title", flat=True)) == {"Rapor 2024"}
    with pytest.raises(
        ValidationError, match=r"Gizli rapor 2024 saklama kaydı altında \(dava: 2031/145 E.\)"
    ):
        disposal.propose("imha", [archive["secret"]], user=archivist)
    listing = disposal.propose("imha", [archive["past"]], user=archivist)
    Hold.objects.create(document=archive["past"], reason="denetim")
    with pytest.raises(
        ValidationError, match="Rapor 2024 saklama kaydı altında .denetim.; önce listeden çıkarın"
    ):
        disposal.sign(listing, user=commission[0])
    assert not listing.signatures.exists()


def test_commission_approves_and_files_are_destroyed_leaving_a_tombstone(
    client, archive, archivist, commission, django_capture_on_commit_callbacks, settings
):
    client.force_login(archivist)
    response = client.post(reverse("archive_documents_propose", args=["imha"]))
    listing = DispositionList.objects.get()
    assert response.status_code == 302
    assert set(listing.items.values_list("document__title", flat=True)) == {
        "Rapor 2024",
        "Gizli rapor 2024",
    }
    past, secret = archive["past"], archive["secret"]
    past.refresh_from_db()
    assert past.status == Status.ON_DISPOSAL_LIST

    # The first member takes the secret report off, with a reason.
    client.force_login(commission[0])
    item = listing.items.get(document=secret)
    url = reverse("archive_documents_take_off", args=[listing.pk, item.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Bu alan zorunludur" in response.content.decode()
    secret.refresh_from_db()
    assert secret.status == Status.ON_DISPOSAL_LIST
    client.post(url, {"reason": "Soruşturma dosyasında kullanılıyor"})
    secret.refresh_from_db()
    assert secret.status == Status.ACTIVE

    paths = [settings.PRIVATE_MEDIA_ROOT / v.file.name for v in past.versions.all()]
    assert paths
    assert all(path.exists() for path in paths)
    for member in commission:
        client.force_login(member)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("archive_documents_sign", args=[listing.pk]))
        assert response.status_code == 302
        if member != commission[-1]:
            assert all(path.exists() for path in paths)  # not before the last signature

    listing.refresh_from_db()
    assert listing.status == ListStatus.DONE
    assert listing.kept_until == dt.date(2042, 12, 31)
    assert not any(path.exists() for path in paths)
    past.refresh_from_db()
    assert past.status == Status.DESTROYED
    version = past.versions.get()
    assert version.destroyed_at is not None and not version.file and len(version.sha256) == 64
    # the tombstone keeps its history: proposed, then destroyed
    assert [h.status for h in past.history.order_by("history_id")][-2:] == [
        Status.ON_DISPOSAL_LIST,
        Status.DESTROYED,
    ]
    # restoring the first version of the record brings back its fields, not the document
    from cms.history import restore_version

    restore_version(past, past.history.order_by("history_id").first(), user=archivist)
    past.refresh_from_db()
    assert past.status == Status.DESTROYED
    # the stable URL answers "not found", the card still shows the record
    assert client.get(reverse("archive_documents_file", args=[past.pk])).status_code == 404
    client.force_login(archivist)
    card = client.get(reverse("archive_documents_detail", args=[past.pk])).content.decode()
    assert version.sha256[:17] in card
    # the secret report, taken off, keeps its file
    assert secret.versions.get().file

    # The report (tutanak) reads back: the list, the document, its hash, the signers.
    response = client.get(reverse("archive_documents_list_pdf", args=[listing.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "İMHA TUTANAĞI" in text
    assert listing.number in text
    assert "Rapor 2024" in text
    assert version.sha256[:20] in text.replace("\n", "")
    assert "komisyon-2" in text
    assert "Gizli rapor" not in text

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("archive_documents_list_xlsx", args=[listing.pk])).content)
    ).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Rapor 2024"]


def test_two_signatures_do_not_destroy_anything(archive, archivist, commission):
    listing = disposal.propose("imha", disposal.proposal(), user=archivist)
    for member in commission[:2]:
        disposal.sign(listing, user=member)
    listing.refresh_from_db()
    assert listing.status == ListStatus.REVIEW
    with pytest.raises(ValidationError, match="yalnızca onaylanmış bir imha listesi"):
        disposal.destroy_files(listing)
    assert all(v.file for v in archive["past"].versions.all())


def test_a_member_signs_once_and_an_archivist_cannot_sign(client, archive, archivist, commission):
    listing = disposal.propose("imha", disposal.proposal(), user=archivist)
    disposal.sign(listing, user=commission[0])
    with pytest.raises(ValidationError, match="Bu listeyi zaten imzaladınız"):
        disposal.sign(listing, user=commission[0])
    client.force_login(archivist)
    response = client.post(reverse("archive_documents_sign", args=[listing.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert listing.signatures.count() == 1


def test_transfer_list_moves_documents_to_the_institution_archive(client, archive, archivist):
    client.force_login(archivist)
    client.post(reverse("archive_documents_propose", args=["devir"]))
    listing = DispositionList.objects.get(kind="devir")
    # unit years over (end 2026, 2027) for every document; none destroyed
    assert listing.items.count() == 5
    client.post(reverse("archive_documents_complete_transfer", args=[listing.pk]))
    assert set(ArchivedDocument.objects.values_list("status", flat=True)) == {Status.TRANSFERRED}
    assert all(v.file for d in archive.values() for v in d.versions.all())


def test_only_the_disposal_path_deletes_a_stored_file(
    client, archive, archivist, commission, django_capture_on_commit_callbacks
):
    """Edits, new versions, restores, the history's restore, deleting through the admin:
    no storage delete. Then the approved list: exactly its document's files."""
    deleted = []
    real_delete = FileSystemStorage.delete

    def spy(storage, name):
        deleted.append(name)
        return real_delete(storage, name)

    document = archive["current"]
    with mock.patch.object(FileSystemStorage, "delete", spy):
        client.force_login(archivist)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("archive_documents_upload", args=[document.pk]),
                {"file": io.BytesIO(b"%PDF-1.4 yeni")},
            )
            client.post(reverse("archive_documents_restore", args=[document.pk, 1]))
        client.post(reverse("wagtailsnippets_archive_archiveddocument:delete", args=[document.pk]))
        document.title = "Yeni başlık"
        document.save()
        with pytest.raises(ValidationError):
            document.delete()
        assert document.versions.count() == 3
        assert deleted == []

        name = archive["past"].versions.get().file.name
        listing = disposal.propose("imha", [archive["past"]], user=archivist)
        with django_capture_on_commit_callbacks(execute=True):
            for member in commission:
                disposal.sign(listing, user=member)
    assert deleted == [name]


@pytest.mark.parametrize(
    ("role", "sees", "proposes"),
    [
        (ARCHIVIST, True, True),
        (DISPOSAL_COMMISSION, True, False),
        ("Müdür", False, False),
        ("Evrak", False, False),
        ("Basın ve Sosyal Medya", False, False),
    ],
)
def test_disposal_screens_by_role(client, user_with_role, archive, archivist, role, sees, proposes):
    listing = disposal.propose("imha", disposal.proposal(), user=archivist)
    item = listing.items.first()
    user = archivist if role == ARCHIVIST else user_with_role(role)
    client.force_login(user)
    refused = (302, "/admin/")
    for url in [
        reverse("archive_documents_lists"),
        reverse("archive_documents_list", args=[listing.pk]),
        reverse("archive_documents_list_pdf", args=[listing.pk]),
        reverse("archive_documents_list_xlsx", args=[listing.pk]),
        reverse("archive_documents_take_off", args=[listing.pk, item.pk]),
    ]:
        response = client.get(url)
        got = (response.status_code, response.get("Location"))
        assert got == ((200, None) if sees else refused), (url, role)
    response = client.post(reverse("archive_documents_propose", args=["devir"]))
    assert response.status_code == 302
    assert DispositionList.objects.filter(kind="devir").exists() == proposes
    if not sees:
        response = client.post(reverse("archive_documents_sign", args=[listing.pk]))
        assert (response.status_code, response["Location"]) == refused
        response = client.post(reverse("archive_documents_complete_transfer", args=[listing.pk]))
        assert (response.status_code, response["Location"]) == refused
    assert not listing.signatures.exists()


@pytest.mark.clock("2026-11-30T10:00")
def test_demo_has_documents_in_every_state_and_a_list_waiting_for_the_commission(roles):
    from wagtail.models import Site

    from archive.documents import demo
    from cms.demo import DemoContext

    site = Site.objects.get(is_default_site=True)
    demo.load(DemoContext(site=site, home=site.root_page.specific, write=lambda text: None))
    listing = DispositionList.objects.get()
    assert listing.status == ListStatus.REVIEW
    assert listing.signatures.count() == 1
    assert set(listing.items.values_list("document__title", flat=True)) == {
        "2015 yılı 12. hafta faaliyet raporu",
        "Kent Konseyi çalışma grubu bilgi notu",
    }
    assert ArchivedDocument.objects.held().get().title == "Sayıştay denetimi bilgi notu"
    assert set(ArchivedDocument.objects.values_list("confidentiality", flat=True)) == {0, 1, 2}
    corrected = ArchivedDocument.objects.get(title="2024 yılı 18. hafta faaliyet raporu")
    assert corrected.versions.count() == 2
    assert "kanalizasyon" in corrected.text


def test_a_commission_of_two_cannot_sign_and_one_signature_setting_is_not_enough(
    client, archive, archivist, user_with_role, settings
):
    """DAHY md. 19: at least three members. With two, signing is refused in Turkish and
    nothing is recorded; a setting asking for one signature still needs three."""
    settings.KALEM_DISPOSAL_SIGNATURES = 1
    members = [user_with_role(DISPOSAL_COMMISSION, f"uye-{n}") for n in range(2)]
    listing = disposal.propose("imha", disposal.proposal(), user=archivist)
    client.force_login(members[0])
    response = client.post(reverse("archive_documents_sign", args=[listing.pk]), follow=True)
    assert (
        "İmha komisyonunun 2 üyesi var; bir liste imzalanmadan önce en az 3 üyesi "
        "olmalıdır (DAHY md. 19)." in response.content.decode()
    )
    assert listing.signatures.count() == 0
    # A third member joins: two signatures still leave the list under review.
    members.append(user_with_role(DISPOSAL_COMMISSION, "uye-2"))
    for member in members[:2]:
        disposal.sign(listing, user=member)
    listing.refresh_from_db()
    assert (listing.status, listing.signatures.count()) == (ListStatus.REVIEW, 2)
    disposal.sign(listing, user=members[2])
    listing.refresh_from_db()
    assert listing.status == ListStatus.APPROVED
