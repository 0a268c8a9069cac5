"""Archived documents as an archivist uses them: upload a scan, upload a corrected scan
as version 2, find it by a word inside the PDF, restore an old version as a new one; the
stable URL serves the latest version and every version keeps its own. Files on disk are
never overwritten; bad files get a Turkish message and leave nothing behind."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from archive.correspondence.models import Attachment
from archive.documents.models import ArchivedDocument, DocumentFileVersion, Extraction
from cms.roles import ARCHIVIST
from tests.factories.correspondence import CorrespondenceFactory
from tests.factories.correspondence import sdp as register_sdp
from tests.factories.documents import (
    ArchivedDocumentFactory,
    RetentionRuleFactory,
    pdf_with_text,
    sdp,
)

pytestmark = pytest.mark.django_db

SNIPPET = "wagtailsnippets_archive_archiveddocument"


@pytest.fixture
def archivist(user_with_role):
    return user_with_role(ARCHIVIST, "arsiv")


@pytest.fixture
def logged_in(client, archivist):
    client.force_login(archivist)
    return client


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def create(client, django_capture_on_commit_callbacks, file, **fields):
    data = {
        "title": "Kent Konseyi toplantı tutanağı",
        "sdp_code": sdp("050.01").pk,
        "document_date": "2024-05-10",
        "confidentiality": "0",
        "keywords": "kent konseyi, tutanak",
        "file": file,
        "change_note": "İlk tarama",
        **fields,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse(f"{SNIPPET}:add"), data)


def new_version(client, django_capture_on_commit_callbacks, document, file, note=""):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("archive_documents_upload", args=[document.pk]), {"file": file, "note": note}
        )


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def test_upload_correct_restore_and_download_every_version(
    logged_in, django_capture_on_commit_callbacks, settings
):
    first, corrected = pdf_with_text("ilk tarama"), pdf_with_text("düzeltilmiş tarama")
    response = create(logged_in, django_capture_on_commit_callbacks, upload("Tutanak.pdf", first))
    assert response.status_code == 302
    document = ArchivedDocument.objects.get()
    assert document.created_by.username == "arsiv"

    response = new_version(
        logged_in, django_capture_on_commit_callbacks, document, upload("Tutanak.pdf", corrected)
    )
    assert response.status_code == 302
    v1, v2 = document.versions.order_by("number")
    assert (v1.number, v2.number) == (1, 2)
    assert v1.file.name != v2.file.name
    # Both files are on disk, each with its own content: nothing was overwritten.
    root = settings.PRIVATE_MEDIA_ROOT
    assert (root / v1.file.name).read_bytes() == first
    assert (root / v2.file.name).read_bytes() == corrected

    stable = reverse("archive_documents_file", args=[document.pk])
    assert download(logged_in, stable) == corrected
    assert download(logged_in, reverse("archive_documents_version", args=[document.pk, 1])) == first

    # Restore version 1: version 3 with version 1's content and hash; v1 and v2 stay.
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(reverse("archive_documents_restore", args=[document.pk, 1]))
    assert response.status_code == 302
    v3 = document.versions.get(number=3)
    assert v3.sha256 == v1.sha256 and v3.restored_from == 1
    assert v3.file.name not in (v1.file.name, v2.file.name)
    assert download(logged_in, stable) == first
    assert download(logged_in, reverse("archive_documents_version", args=[document.pk, 2])) == (
        corrected
    )
    assert (root / v2.file.name).read_bytes() == corrected


def test_a_word_inside_the_pdf_finds_the_document(logged_in, django_capture_on_commit_callbacks):
    create(
        logged_in,
        django_capture_on_commit_callbacks,
        upload("rapor.pdf", pdf_with_text("Kanalizasyon projesi hakkında")),
        title="Altyapı raporu",
        keywords="",
    )
    ArchivedDocumentFactory(title="Başka bir belge")
    version = DocumentFileVersion.objects.get()
    assert version.extraction == Extraction.DONE
    assert "Kanalizasyon" in version.text

    response = logged_in.get(reverse(f"{SNIPPET}:list"), {"q": "kanalizasyon"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Altyapı raporu" in content
    assert "Başka bir belge" not in content


def test_the_card_says_when_retention_ends(logged_in):
    RetentionRuleFactory(sdp_code=sdp("040.01"), unit_years=2, institution_years=5)
    document = ArchivedDocumentFactory(document_date=dt.date(2024, 5, 10))
    response = logged_in.get(reverse("archive_documents_detail", args=[document.pk]))
    assert response.status_code == 200
    assert "Saklama süresi 2031 yılında bitiyor" in response.content.decode()


def test_compare_two_versions_texts(logged_in, django_capture_on_commit_callbacks):
    create(
        logged_in,
        django_capture_on_commit_callbacks,
        upload("a.txt", "Birinci satır\nEski ifade\n".encode(), "text/plain"),
    )
    document = ArchivedDocument.objects.get()
    new_version(
        logged_in,
        django_capture_on_commit_callbacks,
        document,
        upload("a.txt", "Birinci satır\nYeni ifade\n".encode(), "text/plain"),
    )
    response = logged_in.get(reverse("archive_documents_compare", args=[document.pk, 1, 2]))
    content = response.content.decode()
    assert "-Eski ifade" in content
    assert "+Yeni ifade" in content
    assert "-Birinci satır" not in content


def encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("parola")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data", [encrypted_pdf(), b"%PDF-1.4\n this is not really a PDF"], ids=["encrypted", "corrupt"]
)
def test_an_unreadable_pdf_is_stored_and_its_extraction_marked_failed(
    logged_in, django_capture_on_commit_callbacks, data
):
    response = create(logged_in, django_capture_on_commit_callbacks, upload("x.pdf", data))
    assert response.status_code == 302
    version = DocumentFileVersion.objects.get()
    assert version.extraction == Extraction.FAILED
    document = ArchivedDocument.objects.get()
    card = logged_in.get(reverse("archive_documents_detail", args=[document.pk]))
    assert card.status_code == 200
    assert download(logged_in, reverse("archive_documents_file", args=[document.pk])) == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bos.pdf", b"", "Gönderilen dosya boş."),
        ("tarama.pdf", b"MZ\x90\x00 a program", "Dosya: program ve betik dosyaları kabul edilmez."),
        ("tarama.pdf", b"\x00\x01\x02 unknown binary", "Dosya: yalnızca PDF, resim"),
    ],
    ids=["empty", "executable-named-pdf", "unknown-type"],
)
def test_bad_files_are_refused_with_a_turkish_message_and_leave_nothing(
    logged_in, django_capture_on_commit_callbacks, settings, name, data, message
):
    response = create(logged_in, django_capture_on_commit_callbacks, upload(name, data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArchivedDocument.objects.exists()
    assert not DocumentFileVersion.objects.exists()
    assert not (settings.PRIVATE_MEDIA_ROOT / "documents").exists()


def test_a_file_over_the_size_limit_is_refused(
    logged_in, django_capture_on_commit_callbacks, settings
):
    settings.KALEM_ARCHIVE_MAX_DOCUMENT_MB = 1
    data = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
    response = create(logged_in, django_capture_on_commit_callbacks, upload("buyuk.pdf", data))
    assert response.status_code == 200
    assert "Dosya: 1 MB&#x27;tan büyük." in response.content.decode()
    assert not DocumentFileVersion.objects.exists()


def test_duplicate_content_is_stored_with_a_warning_linking_the_other_document(
    logged_in, django_capture_on_commit_callbacks
):
    data = pdf_with_text("aynı içerik")
    create(logged_in, django_capture_on_commit_callbacks, upload("a.pdf", data), title="İlk belge")
    first = ArchivedDocument.objects.get()
    response = create(
        logged_in, django_capture_on_commit_callbacks, upload("b.pdf", data), title="İkinci belge"
    )
    assert response.status_code == 302
    page = logged_in.get(response["Location"]).content.decode()
    assert reverse("archive_documents_detail", args=[first.pk]) in page
    assert ArchivedDocument.objects.count() == 2


def test_a_register_record_is_filed_in_one_action(
    logged_in, django_capture_on_commit_callbacks, settings
):
    from django.core.files.base import ContentFile

    record = CorrespondenceFactory(subject="Sayıştay denetim yazısı", sdp_code=register_sdp())
    for version, content in ((1, b"%PDF-1.4 ilk"), (2, b"%PDF-1.4 ikinci")):
        Attachment(
            correspondence=record,
            label="EK-1",
            version=version,
            original_name="ek.pdf",
            content_type="application/pdf",
            sha256=f"{version}" * 64,
            file=ContentFile(content, name="ek.pdf"),
        ).save()
    url = reverse("archive_documents_file_record", args=[record.pk])
    assert logged_in.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url)
    assert response.status_code == 302
    document = ArchivedDocument.objects.get()
    assert (document.title, document.origin, document.sdp_code) == (
        "Sayıştay denetim yazısı",
        record,
        register_sdp(),
    )
    version = document.versions.get()
    with version.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 ikinci"


def test_nobody_edits_or_deletes_a_stored_version(logged_in, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    create(logged_in, django_capture_on_commit_callbacks, upload("a.txt", b"metin", "text/plain"))
    version = DocumentFileVersion.objects.get()
    version.note = "değişti"
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    with pytest.raises(ValidationError):
        version.document.delete()
    response = logged_in.post(reverse(f"{SNIPPET}:delete", args=[version.document.pk]))
    assert response.status_code == 302
    assert ArchivedDocument.objects.filter(pk=version.document.pk).exists()
