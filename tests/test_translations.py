"""The Turkish catalogue is complete: a missing translation would show English to citizens."""

import subprocess
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "tr" / "LC_MESSAGES" / "django.po"


def test_every_turkish_message_is_translated():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C"},
    )
    statistics = result.stderr.strip()
    assert "translated message" in statistics
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


def test_kalem_corrects_wrong_translations_of_other_packages(settings):
    from django.utils import translation

    from archive.models import Photo

    with translation.override("tr"):
        assert str(Photo._meta.get_field("title").verbose_name) == "başlık"
