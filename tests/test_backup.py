"""`manage.py backup` and `manage.py restore`: a backup restored into a new database and
empty storages has every row, every history row and every file, byte for byte."""

import hashlib
import io
import json
import uuid
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from cms.backup import database_connection
from tests.factories.archive import ArchivePhotoFactory
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.press import MediaOutletFactory, PressClippingFactory

# Data written here must be committed for pg_dump to see it; the serialized rollback
# puts the migrations' home page back for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sha256(field_file):
    with field_file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@contextmanager
def fresh_database(tmp_path):
    """A DATABASE_URL of a new, empty database of the same engine as the tests'."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        user = settings_dict["USER"] or "postgres"
        yield f"postgres://{user}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{name}"
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count(conn, table):
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        return cursor.fetchone()[0]


@pytest.fixture
def office_records(home):
    page = publish_child(home, StandardPageFactory(title="Deprem duyurusu"))
    page.title = "Deprem duyurusu (güncellendi)"
    page.save_revision().publish()
    photo = ArchivePhotoFactory(title="Afet koordinasyon toplantısı")
    rendition = photo.get_rendition("fill-80x60")
    outlet = MediaOutletFactory(name="Ege Postası")
    outlet.phone = "0 232 111 11 11"
    outlet.save()
    scan = ContentFile(b"%PDF-1.4 gazete kupuru", name="kupur.pdf")
    clipping = PressClippingFactory(outlet=outlet, scan=scan)
    return {"page": page, "photo": photo, "rendition": rendition, "clipping": clipping}


def test_backup_restores_into_a_new_database_with_every_row_and_file(
    office_records, tmp_path, settings
):
    page, photo, rendition = (office_records[k] for k in ("page", "photo", "rendition"))
    expected_files = {
        ("private", photo.file.name): sha256(photo.file),
        ("default", rendition.file.name): sha256(rendition.file),
    }
    clipping_scan = office_records["clipping"].scan
    expected_files[("private", clipping_scan.name)] = sha256(clipping_scan)
    history_tables = ["wagtailcore_revision", "press_historicalmediaoutlet"]
    source_counts = {table: count(connection, table) for table in history_tables}
    assert source_counts["wagtailcore_revision"] >= 2
    assert source_counts["press_historicalmediaoutlet"] == 2

    backup = tmp_path / "yedek"
    call_command("backup", str(backup), stdout=io.StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    for (alias, name), digest in expected_files.items():
        assert manifest["files"][alias][name] == digest

    # The restore goes to empty storages, as on a new machine.
    settings.MEDIA_ROOT = tmp_path / "new-machine" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "new-machine" / "private"
    with fresh_database(tmp_path) as url:
        call_command("restore", str(backup), database_url=url, verify=True, stdout=io.StringIO())
        with database_connection(url) as restored:
            for table, rows in source_counts.items():
                assert count(restored, table) == rows
            with restored.cursor() as cursor:
                cursor.execute("SELECT title FROM wagtailcore_page WHERE id = %s", [page.pk])
                assert cursor.fetchone()[0] == "Deprem duyurusu (güncellendi)"

    for (alias, name), digest in expected_files.items():
        root = settings.MEDIA_ROOT if alias == "default" else settings.PRIVATE_MEDIA_ROOT
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest


def test_restore_refuses_a_database_that_is_not_empty(office_records, tmp_path, settings):
    backup = tmp_path / "yedek"
    call_command("backup", str(backup), stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "empty-private"
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup))
    assert not settings.MEDIA_ROOT.exists()


def test_restore_refuses_a_backup_whose_file_was_damaged(office_records, tmp_path, settings):
    backup = tmp_path / "yedek"
    call_command("backup", str(backup), stdout=io.StringIO())
    original = backup / "storage" / "private" / office_records["photo"].file.name
    original.write_bytes(original.read_bytes()[:-10])
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "empty-private"
    with fresh_database(tmp_path) as url, pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(backup), database_url=url)


def test_backup_never_writes_over_another_backup(office_records, tmp_path):
    backup = tmp_path / "yedek"
    backup.mkdir()
    (backup / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(backup))
    assert (backup / "manifest.json").read_text() == "{}"
