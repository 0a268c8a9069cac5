"""Tekzip letters numbered before they became outgoing register records (their own
yearly sequence, issue 13) get their register records from
`manage.py register_earlier_tekzip_letters`: the original Sayı and date are kept, no
number is drawn, every PDF becomes a version of the record's letter file, running it
again changes nothing, a Sayı the register already gave is refused, and it reports
what it did."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import Site

from archive.correspondence.models import Correspondence, Direction, NumberCounter
from cms.models import MunicipalitySettings
from press.models import DenialNoticeLetter
from press.tekzip.letters import generate_letter
from tests.factories.correspondence import OutgoingFactory, sdp
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00")]

OLD_NUMBER = "E-12345678-045.01-17"


@pytest.fixture(autouse=True)
def municipality(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.detsis_number = "12345678"
    settings.save()


def earlier_letter(notice, version, number, sent, pdf):
    """A letter as the tekzip module kept it before the one register."""
    letter = DenialNoticeLetter(
        notice=notice, version=version, number=number, sha256=hashlib.sha256(pdf).hexdigest()
    )
    letter.size = len(pdf)
    letter.file.save(f"tekzip-{notice.pk}-v{version}.pdf", ContentFile(pdf), save=False)
    letter.save()
    # created_at is set on insert: put back the day the letter was made.
    DenialNoticeLetter.objects.filter(pk=letter.pk).update(created_at=sent)
    return letter


def run(*args):
    out = io.StringIO()
    try:
        call_command("register_earlier_tekzip_letters", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def old_notice():
    notice = DenialNoticeFactory(title="Park satışı haberi", letter_year=2026, letter_sequence=17)
    # Sent on 30 December 2026, 23:30 Istanbul (20:30 UTC): the date is Istanbul's.
    sent = dt.datetime(2026, 12, 30, 20, 30, tzinfo=dt.UTC)
    earlier_letter(notice, 1, OLD_NUMBER, sent, b"%PDF-1.4 first version")
    earlier_letter(notice, 2, OLD_NUMBER, sent + dt.timedelta(days=1), b"%PDF-1.4 second")
    return notice


def test_an_earlier_letter_gets_its_record_with_its_own_number_and_date(old_notice):
    counters = list(NumberCounter.objects.values_list("key", "last"))
    code, out = run()
    assert code == 0
    record = Correspondence.objects.get(source=f"press.denialnotice:{old_notice.pk}")
    assert (record.direction, record.number, record.number_date, record.number_year) == (
        Direction.OUTGOING,
        OLD_NUMBER,
        dt.date(2026, 12, 30),
        2026,
    )
    assert record.subject == "Cevap ve düzeltme (tekzip): Park satışı haberi"
    assert record.sdp_code.code == "045.01"
    assert record.party_name == old_notice.outlet.name
    # Both PDFs, in order, byte for byte.
    kept = list(record.attachments.order_by("version").values_list("version", "sha256"))
    assert kept == [
        (1, hashlib.sha256(b"%PDF-1.4 first version").hexdigest()),
        (2, hashlib.sha256(b"%PDF-1.4 second").hexdigest()),
    ]
    with record.attachments.get(version=2).file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 second"
    assert list(NumberCounter.objects.values_list("key", "last")) == counters  # nothing drawn
    assert f"registered as record #{record.pk}: notice #{old_notice.pk} {OLD_NUMBER}" in out
    assert "of 30.12.2026 (2 PDF)" in out
    assert out.strip().endswith("1 registered, 0 already in the register, 0 refused.")

    # Again: nothing new, and it says so.
    code, out = run()
    assert code == 0
    assert Correspondence.objects.filter(source__startswith="press.denialnotice:").count() == 1
    assert record.attachments.count() == 2
    assert out.strip() == "0 registered, 1 already in the register, 0 refused."


def test_a_number_the_register_already_gave_is_refused_and_nothing_is_written(old_notice):
    taken = OutgoingFactory(sdp_code=sdp("010.03"))
    Correspondence.objects.filter(pk=taken.pk).update(number=OLD_NUMBER, number_year=2026)
    code, out = run()
    assert code == 1
    assert f"REFUSED notice #{old_notice.pk} {OLD_NUMBER}" in out
    assert f"kayıt #{taken.pk}" in out  # names the record holding the number
    assert not Correspondence.objects.filter(source=f"press.denialnotice:{old_notice.pk}").exists()
    assert out.strip().endswith("0 registered, 0 already in the register, 1 refused.")


def test_a_dry_run_reports_and_writes_nothing(old_notice):
    code, out = run("--dry-run")
    assert code == 0
    assert f"would register notice #{old_notice.pk} {OLD_NUMBER} of 30.12.2026" in out
    assert out.strip().endswith("dry run: 1 registered, 0 already in the register, 0 refused.")
    assert not Correspondence.objects.filter(source__startswith="press.denialnotice:").exists()


def test_a_notice_registered_since_then_prints_new_versions_under_the_old_number(old_notice):
    run()
    generate_letter(old_notice)
    newest = old_notice.letters.order_by("-version").first()
    assert (newest.version, newest.number) == (3, OLD_NUMBER)
