"""manage.py import_photos: progress, resumable by SHA-256, per-file failures, dry run."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Photo
from archive.photos.testing import make_test_photo
from tests.factories.archive import album_with, archive_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    tmp_path = tmp_path / "fotolar"  # beside, not inside, the test's MEDIA_ROOT
    tmp_path.mkdir()
    for seed in range(3):
        make_test_photo(tmp_path / f"foto-{seed}.jpg", seed=seed, headline=f"Tören {seed}")
    (tmp_path / "bozuk.jpg").write_bytes(b"bu bir resim degil")
    (tmp_path / "notlar.txt").write_text("yok sayılır")
    return tmp_path


def run(*args):
    out = StringIO()
    call_command("import_photos", *args, stdout=out)
    return out.getvalue()


def test_import_reads_metadata_adds_to_album_and_reports(folder, home):
    album = album_with(archive_index(home), [], slug="toren")
    output = run(str(folder), "--album", "toren")
    assert "[4/4]" in output
    assert "İçe aktarılan: 3, atlanan: 0, başarısız: 1" in output
    assert "bozuk.jpg: başarısız" in output
    assert "bozuk.jpg" in output
    assert sorted(Photo.objects.values_list("title", flat=True)) == [
        "Tören 0",
        "Tören 1",
        "Tören 2",
    ]
    assert album.album_photos.count() == 3


def test_import_is_resumable(folder):
    run(str(folder))
    output = run(str(folder))
    assert Photo.objects.count() == 3
    assert output.count(": atlandı arşivde zaten var") == 3
    assert "İçe aktarılan: 0, atlanan: 3, başarısız: 1" in output


def test_dry_run_writes_nothing(folder):
    run(str(folder), "--dry-run")
    assert Photo.objects.count() == 0


def test_unknown_album_is_an_error(folder):
    with pytest.raises(CommandError):
        run(str(folder), "--album", "yok")
