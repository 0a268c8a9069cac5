"""The demo register shows real work: every direction, kind and level, routings, threads
and numbered outgoing letters."""

import pytest
from django.core.management import call_command

from archive.correspondence.models import Correspondence, Direction, Routing
from cms.confidentiality import Level

pytestmark = pytest.mark.django_db


def test_demo_register_covers_every_direction_kind_and_level():
    call_command("load_demo")
    records = Correspondence.objects.all()
    assert records.count() >= 30
    assert set(records.values_list("direction", flat=True)) == set(Direction.values)
    assert set(records.values_list("confidentiality", flat=True)) == set(Level.values)
    kinds = set(records.values_list("kind", flat=True))
    assert len(kinds) == 12
    assert Routing.objects.count() >= 10
    assert records.filter(direction=Direction.OUTGOING).exclude(number="").count() >= 5
    assert records.exclude(answer_to=None).exists()
    assert records.filter(personal=True).exists()
    # Every numbered letter carries a verification code; one has its PDF as issued.
    numbered = records.filter(direction=Direction.OUTGOING).exclude(number="")
    assert not numbered.filter(verification_code="").exists()
    assert numbered.filter(attachments__label="YAZI").count() == 1
    call_command("load_demo")
    assert Correspondence.objects.count() == records.count()
