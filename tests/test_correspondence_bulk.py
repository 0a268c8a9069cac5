"""A bayram greeting to a distribution group: one numbered record per recipient in one
approval, each letter's PDF built in the background."""

import datetime as dt
import io

import pytest
import time_machine
from pypdf import PdfReader
from wagtail.models import Site

from archive.correspondence import bulk
from archive.correspondence.letters import TEMPLATES_BY_SLUG
from archive.correspondence.models import DistributionGroup, DistributionGroupMember
from cms.models import MunicipalitySettings
from cms.roles import HEAD
from tests.factories.correspondence import sdp

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 3, 18, 9, tzinfo=dt.UTC))
def test_one_approval_numbers_every_greeting_and_builds_its_pdf(
    user_with_role, django_capture_on_commit_callbacks
):
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.detsis_number = "19248251"
    settings.save()
    group = DistributionGroup.objects.create(name="İlçe belediye başkanları")
    for name in ("Ali Yıldız", "Ayşe Kara", "Can Er"):
        DistributionGroupMember.objects.create(group=group, name=name, title="Belediye Başkanı")
    head = user_with_role(HEAD, "mudur")
    batch, records = bulk.create_batch(
        TEMPLATES_BY_SLUG["bayram-tebrik"],
        group,
        {"bayram": "Ramazan Bayramı"},
        sdp_code=sdp("010.03"),
        user=head,
    )
    assert [r.number for r in records] == ["", "", ""]
    with django_capture_on_commit_callbacks(execute=True):
        assert bulk.approve_batch(batch, head) == 3
    numbers = [r.number for r in bulk.batch_records(batch)]
    assert numbers == [f"E-19248251-010.03-{n}" for n in (1, 2, 3)]
    assert bulk.progress(batch) == {"total": 3, "built": 3, "numbered": 3, "failed": 0}
    first = bulk.batch_records(batch).first()
    letter = first.attachments.get(label=bulk.LETTER_LABEL)
    text = PdfReader(io.BytesIO(letter.file.read())).pages[0].extract_text()
    assert "E-19248251-010.03-1" in text
    assert "Ali Yıldız" in text
    assert "Ramazan Bayramı münasebetiyle" in text
