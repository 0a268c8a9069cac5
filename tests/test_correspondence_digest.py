"""The daily digest: each holder gets the records they hold that are overdue or due
within 3 working days, and nothing about records they cannot see."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from archive.correspondence import routing
from cms.roles import CLERK
from tests.factories.correspondence import CorrespondenceFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 2, 19, 6, tzinfo=dt.UTC))
def test_digest_lists_overdue_and_due_soon_records_of_each_holder(user_with_role, mailoutbox):
    clerk = user_with_role(CLERK, "evrak")
    clerk.email = "evrak@example.com"
    clerk.save()
    # Received 2 Feb: due 23 Feb, 2 working days after Thursday 19 Feb.
    soon = CorrespondenceFactory(kind="bilgi_edinme", subject="Otopark ücretleri")
    # Received 2 Jan: due 23 Jan (15 working days), overdue.
    late = CorrespondenceFactory(
        kind="bilgi_edinme", subject="Araç sayısı", received_on=dt.date(2026, 1, 2)
    )
    # Received 16 Feb: due 9 Mar, not yet.
    later = CorrespondenceFactory(
        kind="bilgi_edinme", subject="Park bakımı", received_on=dt.date(2026, 2, 16)
    )
    for record in (soon, late, later):
        routing.route(record, by=clerk, to_users=[clerk])
    mailoutbox.clear()
    call_command("correspondence_digest")
    [message] = mailoutbox
    assert message.to == ["evrak@example.com"]
    assert "Otopark ücretleri: 23 Şubat 2026" in message.body
    assert "Araç sayısı: 23 Ocak 2026 (süresi geçmiş)" in message.body
    assert "Park bakımı" not in message.body
