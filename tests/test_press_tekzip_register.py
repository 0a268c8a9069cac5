"""Every tekzip letter is an outgoing record of the one correspondence register: issuing
it in the tekzip admin gives it the register's next official number (shared with the
mayor's letters), and each PDF is kept on the register's record too."""

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence.models import Correspondence, Direction
from cms.models import MunicipalitySettings
from cms.roles import HEAD, PRESS
from press.tekzip.rules import Status
from tests.factories.correspondence import OutgoingFactory, sdp
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00")]


@pytest.fixture(autouse=True)
def municipality(db):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Örnekköy Belediyesi"
    settings.detsis_number = "12345678"
    settings.save()
    return settings


def pdf_text(data):
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def issue(client, notice):
    return client.post(reverse("press_tekzip_letter", args=[notice.pk]))


def test_issuing_a_tekzip_letter_registers_it_with_the_next_official_number(client, user_with_role):
    head = user_with_role(HEAD, "mudur")
    earlier = OutgoingFactory(sdp_code=sdp("010.03"))
    earlier.save_revision(user=head).publish(user=head)
    notice = DenialNoticeFactory(status=Status.APPROVED)
    press = user_with_role(PRESS, "basin")
    client.force_login(press)

    assert issue(client, notice).status_code == 302

    record = Correspondence.objects.get(source=f"press.denialnotice:{notice.pk}")
    assert record.direction == Direction.OUTGOING
    assert record.live
    # One outgoing sequence: the mayor's letter took 1, the tekzip letter takes 2.
    assert record.number == "E-12345678-045.01-2"
    assert record.sdp_code.code == "045.01"
    assert record.party_name == notice.outlet.name
    assert record.subject.startswith("Cevap ve düzeltme (tekzip): ")
    assert record.owner == press
    letter = notice.letters.get()
    assert letter.number == record.number
    kept = record.attachments.get(label="YAZI")
    assert kept.sha256 == letter.sha256
    with kept.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == letter.sha256


def test_the_tekzip_screen_and_letter_show_the_register_number(client, user_with_role):
    notice = DenialNoticeFactory(status=Status.APPROVED)
    client.force_login(user_with_role(PRESS))
    issue(client, notice)
    detail = client.get(reverse("press_tekzip_detail", args=[notice.pk]))
    assert "E-12345678-045.01-1" in detail.content.decode()
    download = client.get(reverse("press_tekzip_letter_download", args=[notice.pk, 1]))
    text = pdf_text(b"".join(download.streaming_content))
    assert "Sayı: E-12345678-045.01-1" in text
    assert "2 Mart 2027" in text


def test_printing_again_keeps_the_record_and_number_and_adds_a_file_version(client, user_with_role):
    notice = DenialNoticeFactory(status=Status.APPROVED)
    client.force_login(user_with_role(PRESS))
    issue(client, notice)
    issue(client, notice)
    record = Correspondence.objects.get(source=f"press.denialnotice:{notice.pk}")
    assert [letter.number for letter in notice.letters.all()] == [record.number] * 2
    assert list(record.attachments.values_list("label", "version")) == [("YAZI", 2), ("YAZI", 1)]
    assert Correspondence.objects.filter(direction=Direction.OUTGOING).count() == 1


def test_two_notices_get_consecutive_numbers(client, user_with_role):
    first, second = (
        DenialNoticeFactory(status=Status.APPROVED),
        DenialNoticeFactory(status=Status.APPROVED),
    )
    client.force_login(user_with_role(PRESS))
    issue(client, second)
    issue(client, first)
    assert second.letter_number == "E-12345678-045.01-1"
    assert first.letter_number == "E-12345678-045.01-2"


def test_a_draft_notice_makes_no_register_record(client, user_with_role):
    notice = DenialNoticeFactory()
    client.force_login(user_with_role(PRESS))
    issue(client, notice)
    assert not Correspondence.objects.exists()


def test_without_a_detsis_number_nothing_is_issued(client, user_with_role, municipality):
    municipality.detsis_number = ""
    municipality.save()
    notice = DenialNoticeFactory(status=Status.APPROVED)
    client.force_login(user_with_role(PRESS))
    response = client.post(reverse("press_tekzip_letter", args=[notice.pk]), follow=True)
    assert "DETSİS" in response.content.decode()
    assert not notice.letters.exists()
    assert not Correspondence.objects.exists()
