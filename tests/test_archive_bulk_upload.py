"""Bulk upload through Wagtail's multiple upload: files are checked in the request and
described in the background (metadata, pHash, renditions); the editor follows progress
and per-file errors on the upload status page, and decides about near-duplicates."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from archive.models import Photo
from archive.photos import facet_counts, metadata
from archive.photos.rules import UPLOAD_RENDITIONS
from archive.photos.tasks import process_photo
from archive.photos.testing import make_test_photo
from cms.roles import CLERK, PHOTO_ARCHIVE
from tests.factories.archive import photo_bytes
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

STATUS_URL = reverse("archive_upload_status")


@pytest.fixture
def editor(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    return client


def post_files(client, *files):
    """Upload files one request each, as Wagtail's uploader does; returns the JSON replies."""
    replies = []
    for name, data in files:
        response = client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile(name, data, "image/jpeg")},
        )
        replies.append(response.json())
    return replies


def rows(client):
    soup = BeautifulSoup(client.get(STATUS_URL).content, "html.parser")
    return {row.select_one("td a").text.strip(): row for row in soup.select("#uploads tr.upload")}


def test_the_upload_request_only_checks_and_the_task_describes_the_photo(editor):
    data = photo_bytes(seed=1, headline="Cumhuriyet Bayramı", keywords=["tören"])
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        (reply,) = post_files(editor, ("toren.jpg", data))
    assert reply["success"] is True
    photo = Photo.objects.get()
    # Stored and fingerprinted, but not yet described.
    assert photo.processing_status == Photo.PENDING
    assert photo.sha256 == metadata.sha256_of(data)
    assert len(photo.phash) == 16
    assert photo.headline == ""
    assert not photo.renditions.exists()
    assert "Bekliyor" in rows(editor)["toren.jpg"].text

    for callback in callbacks:
        callback()  # the committed upload enqueues the task (run at once in tests)
    photo.refresh_from_db()
    assert photo.processing_status == Photo.READY
    assert photo.headline == "Cumhuriyet Bayramı"
    assert "tören" in photo.tags.names()
    assert set(photo.renditions.values_list("filter_spec", flat=True)) == set(UPLOAD_RENDITIONS)
    assert "Hazır" in rows(editor)["Cumhuriyet Bayramı"].text


def test_the_headline_replaces_a_title_that_is_only_the_file_name(editor):
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_files(
            editor,
            ("DSC_0412.JPG", photo_bytes(seed=3, headline="Park açılışı")),
            ("DSC_0413.JPG", photo_bytes(seed=4)),
        )
    titles = set(Photo.objects.values_list("title", flat=True))
    assert titles == {"Park açılışı", "DSC_0413.JPG"}

    # A title the editor wrote is theirs: the headline never overwrites it.
    photo = Photo.objects.get(title="Park açılışı")
    photo.title = "Başkan parkı açıyor"
    photo.save()
    photo.describe()
    photo.refresh_from_db()
    assert photo.title == "Başkan parkı açıyor"


@pytest.mark.indexed
def test_saving_the_uploaders_inline_form_keeps_what_the_task_read(editor):
    with TestCase.captureOnCommitCallbacks(execute=True):
        (reply,) = post_files(editor, ("toren.jpg", photo_bytes(seed=2, caption="Çelenk")))
    photo = Photo.objects.get()
    form = BeautifulSoup(reply["form"], "html.parser")
    assert not form.select("[name$='caption']") and not form.select("[name$='tags']")
    response = editor.post(
        reverse("wagtailimages:edit_multiple", args=[photo.pk]),
        {f"image-{photo.pk}-title": "Yeni başlık", f"image-{photo.pk}-collection": 1},
    )
    assert response.json()["success"] is True, response.json()
    photo.refresh_from_db()
    assert (photo.title, photo.caption) == ("Yeni başlık", "Çelenk")


@pytest.mark.indexed
def test_bulk_upload_records_per_file_errors(editor, monkeypatch):
    good = photo_bytes(seed=3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        replies = post_files(
            editor,
            ("iyi.jpg", good),
            ("metin.jpg", "Bu bir fotoğraf değil.".encode()),
            ("yarim.jpg", photo_bytes(seed=4, size=(400, 300))[:1500]),
            ("ayni.jpg", good),
        )
    # Refused in the request, each with its own reason; nothing stored for them.
    assert [reply["success"] for reply in replies] == [True, False, False, False]
    assert "resim" in replies[1]["error_message"]  # Django's own image check
    assert "bozuk ya da eksik" in replies[2]["error_message"]
    assert "arşivde zaten var" in replies[3]["error_message"]
    assert Photo.objects.count() == 1

    # Failures in the background are recorded on the photo and shown to the editor.
    with TestCase.captureOnCommitCallbacks(execute=False):
        post_files(editor, ("kayip.jpg", photo_bytes(seed=5)), ("garip.jpg", photo_bytes(seed=6)))
    lost, odd = Photo.objects.filter(processing_status=Photo.PENDING).order_by("pk")
    Path(lost.file.path).unlink()
    process_photo.call(lost.pk)

    def refuse(source, **kwargs):
        raise metadata.ImageRejected("Görüntü dosyası bozuk ya da eksik.")

    monkeypatch.setattr(metadata, "extract_metadata", refuse)
    process_photo.call(odd.pk)
    states = dict(Photo.objects.values_list("pk", "processing_status"))
    assert states[lost.pk] == states[odd.pk] == Photo.FAILED
    assert Photo.objects.get(pk=lost.pk).processing_error == "Özgün dosya bulunamadı."
    table = rows(editor)
    assert "Özgün dosya bulunamadı." in table["kayip.jpg"].text
    assert "bozuk ya da eksik" in table["garip.jpg"].text
    assert "2 başarısız" in editor.get(STATUS_URL).content.decode()
    edit_page = editor.get(reverse("wagtailimages:edit", args=[odd.pk]))
    assert "bozuk ya da eksik" in edit_page.content.decode()


def test_upload_status_shows_only_ones_own_uploads_and_needs_upload_rights(client, user_with_role):
    other = user_with_role(PHOTO_ARCHIVE, "baska")
    client.force_login(other)
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_files(client, ("baskasinin.jpg", photo_bytes(seed=7)))
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    assert rows(client) == {}
    client.force_login(user_with_role(CLERK))
    assert_sent_to_dashboard(client.get(STATUS_URL))


@pytest.mark.indexed
def test_near_duplicate_is_warned_and_can_be_kept(editor):
    original = make_test_photo(io.BytesIO(), size=(400, 300), seed=8, quality=95)
    reencoded = make_test_photo(io.BytesIO(), size=(400, 300), seed=8, quality=60)
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_files(editor, ("asil.jpg", original), ("kopya.jpg", reencoded))
    first, second = Photo.objects.order_by("pk")
    assert second.near_duplicate_of == first

    row = rows(editor)["kopya.jpg"]
    assert reverse("wagtailimages:edit", args=[first.pk]) in str(row)
    assert reverse("wagtailimages:delete", args=[second.pk]) in str(row)
    edit_html = editor.get(reverse("wagtailimages:edit", args=[second.pk])).content.decode()
    assert "benziyor" in edit_html
    keep_url = reverse("archive_keep_near_duplicate", args=[second.pk])
    assert keep_url in edit_html

    assert editor.get(keep_url).status_code == 200  # confirmation page
    response = editor.post(keep_url, {"next": STATUS_URL})
    assert response.status_code == 302 and response["Location"] == STATUS_URL
    second.refresh_from_db()
    assert second.near_duplicate_kept
    latest = second.history.latest("history_date")
    assert latest.near_duplicate_kept
    assert latest.history_user == Photo.objects.get(pk=second.pk).uploaded_by_user
    assert keep_url not in str(rows(editor)["kopya.jpg"])
    assert (
        keep_url not in editor.get(reverse("wagtailimages:edit", args=[second.pk])).content.decode()
    )


def test_keeping_a_near_duplicate_needs_edit_rights(client, user_with_role, editor):
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_files(editor, ("asil.jpg", photo_bytes(seed=9)))
    photo = Photo.objects.get()
    client.force_login(user_with_role(CLERK))
    url = reverse("archive_keep_near_duplicate", args=[photo.pk])
    assert_sent_to_dashboard(client.post(url))
    photo.refresh_from_db()
    assert not photo.near_duplicate_kept


def test_the_status_page_header_names_the_screen(editor):
    soup = BeautifulSoup(editor.get(STATUS_URL).content, "html.parser")
    header = soup.select_one("header")
    assert "Yükleme durumu" in header.get_text(" ", strip=True)


def test_with_nothing_uploaded_the_status_page_says_so_and_leads_to_the_upload(editor):
    soup = BeautifulSoup(editor.get(STATUS_URL).content, "html.parser")

    main = soup.select_one("main")
    # Not "Son 0 yüklemenizden 0 tanesi hazır." above an empty table.
    assert main.select("#upload-progress, #uploads") == []
    empty = main.select_one("#no-uploads")
    assert empty.get_text(" ", strip=True) == "Henüz fotoğraf yüklemediniz. Fotoğraf yükle"
    assert empty.select_one("a")["href"] == reverse("wagtailimages:add_multiple")


def test_the_byline_fills_in_the_photographer(editor):
    from archive.models import Photographer

    known = Photographer.objects.create(name="Ayşe Yılmaz")
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_files(
            editor,
            ("a.jpg", photo_bytes(seed=5, creator="AYSE YILMAZ")),
            ("b.jpg", photo_bytes(seed=6, creator="Mehmet  Öztürk")),
            ("c.jpg", photo_bytes(seed=7)),
        )
    by_file = {p.title: p.photographer for p in Photo.objects.select_related("photographer")}
    assert by_file["a.jpg"] == known
    newcomer = by_file["b.jpg"]
    assert newcomer.name == "Mehmet Öztürk" and not newcomer.is_staff_photographer
    assert by_file["c.jpg"] is None
    assert Photographer.objects.count() == 2


def test_a_script_saving_photos_queues_no_background_work(db):
    from django.core.files.images import ImageFile
    from wagtail.models import Collection

    with TestCase.captureOnCommitCallbacks() as queued:
        photo = Photo(
            title="Betikten",
            file=ImageFile(io.BytesIO(photo_bytes(seed=40)), name="betik.jpg"),
            collection=Collection.get_first_root_node(),
        )
        photo.save()
        photo.caption = "Düzeltildi"
        photo.save()
    # No processing, no renditions; only the archive's counts are worked again, once.
    assert queued == [facet_counts.queue_recount]
    assert Photo.objects.get().processing_status == Photo.PENDING  # checked, not described


@pytest.mark.indexed
def test_an_upload_from_the_page_editors_chooser_is_described(editor):
    from wagtail.models import Collection

    with TestCase.captureOnCommitCallbacks(execute=True) as queued:
        response = editor.post(
            reverse("wagtailimages_chooser:create"),
            {
                "image-chooser-upload-title": "Seçiciden",
                "image-chooser-upload-file": SimpleUploadedFile(
                    "secici.jpg", photo_bytes(seed=41, headline="Kurdele"), "image/jpeg"
                ),
                "image-chooser-upload-collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 200 and response.json()["step"] == "chosen"
    # The upload's processing, queued once (beside the archive's counts, worked again).
    assert len(queued) - queued.count(facet_counts.queue_recount) == 1
    photo = Photo.objects.get()
    assert (photo.processing_status, photo.headline) == (Photo.READY, "Kurdele")
    # The standard renditions, beside the chooser's own thumbnail.
    assert set(UPLOAD_RENDITIONS) <= set(photo.renditions.values_list("filter_spec", flat=True))
