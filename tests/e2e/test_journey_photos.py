"""Journey 3, in the browser and by keyboard: a photo editor uploads a folder of photos,
watches the status screen until they are ready, settles a near-duplicate warning, the photos
go into an album, and a photo marked "do not use" disappears from the public album."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.images import ImageFile

from archive.models import Photo
from archive.photos.testing import make_test_photo
from cms.roles import PHOTO_ARCHIVE
from tests.e2e.browser import Journey, axe_violations, follow, log_in, tab_to
from tests.e2e.site import NOW
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def folder(tmp_path):
    """Three camera files; the third is the archive's existing photo again, re-encoded."""
    paths = []
    for number, (seed, size) in enumerate([(11, (1200, 800)), (12, (800, 1200)), (7, (1200, 800))]):
        path = tmp_path / f"tören-{number + 1}.jpg"
        taken_at = dt.datetime(2026, 10, 29, 10, number)
        jpeg = make_test_photo(io.BytesIO(), size=size, seed=seed, taken_at=taken_at, quality=60)
        path.write_bytes(jpeg)
        paths.append(path)
    return paths


def test_bulk_upload_status_near_duplicate_album_and_do_not_use(
    page, home, user_with_role, folder, site_url
):
    journey = Journey(page, "journey 3 photo editor")
    with time_machine.travel(NOW, tick=True):
        original = make_test_photo(io.BytesIO(), size=(1200, 800), seed=7, quality=95)
        existing = ArchivePhotoFactory(
            title="Eski tören", file=ImageFile(io.BytesIO(original), name="eski-toren.jpg")
        )
        user_with_role(PHOTO_ARCHIVE, username="fotograf")
        log_in(page, site_url(), "fotograf")

        page.goto(site_url("/admin/images/multiple/add/"))
        journey.step("bulk upload screen")
        assert axe_violations(page) == []
        # The browser opens its file dialog on Enter; Playwright hands the files to the
        # input the keyboard reached instead.
        tab_to(page, page.locator("#fileupload")).set_input_files([str(p) for p in folder])
        page.locator("#upload-list li.upload-success").nth(2).wait_for(timeout=60_000)
        journey.step("folder uploaded")
        uploaded = Photo.objects.exclude(pk=existing.pk)
        assert uploaded.count() == 3  # one record per file

        page.goto(site_url("/admin/archive/uploads/"))
        for _ in range(20):
            if (
                "Son 3 yüklemenizden 3 tanesi hazır."
                in page.locator("#upload-progress").inner_text()
            ):
                break
            follow(page, page.get_by_role("link", name="Yenile"))
        journey.step("status screen ready")
        assert axe_violations(page) == []
        assert uploaded.filter(processing_status=Photo.READY).count() == 3
        duplicate = page.locator("tr.upload", has=page.locator(".near-duplicate"))
        assert duplicate.count() == 1
        assert "Eski tören" in duplicate.inner_text()
        follow(page, duplicate.get_by_role("button", name="İkisini de tut"))
        journey.step("near-duplicate kept")
        assert page.locator(".near-duplicate").count() == 0
        assert uploaded.filter(near_duplicate_kept=True).count() == 1

        # The album page is made as an editor would publish it (page editing is journey 2).
        index = archive_index(home)
        photos = list(uploaded.order_by("pk"))
        album = album_with(index, photos, title="Cumhuriyet Bayramı töreni")
        page.goto(site_url(album.url))
        assert page.locator(".album__item").count() == 3
        journey.step("public album")

        withdrawn = photos[0]
        page.goto(site_url(f"/admin/images/{withdrawn.pk}/"))
        tab_to(page, page.locator("#id_do_not_use")).press("Space")
        assert page.locator("#id_do_not_use").is_checked()
        journey.step("marked do not use")
        follow(page, page.locator("form button[type=submit]").filter(has_text="Kaydet").first)
        withdrawn.refresh_from_db()
        assert withdrawn.do_not_use

        page.goto(site_url(album.url))
        assert page.locator(".album__item").count() == 2
        assert page.locator(f"#foto-{withdrawn.pk}").count() == 0
        journey.step("gone from the public album")
        assert (
            page.context.request.get(
                site_url(album.url + album.reverse_subpage("photo", args=[withdrawn.pk]))
            ).status
            == 404
        )
