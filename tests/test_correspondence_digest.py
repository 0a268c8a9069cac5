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


@time_machine.travel(dt.datetime(2026, 2, 19, 6, tzinfo=dt.UTC))
def test_digest_and_dashboard_list_copying_costs_to_be_paid_and_unpaid_in_time(
    user_with_role, mailoutbox, client
):
    """While a copying cost is unpaid the request has no answer date (4982 md. 11): its
    pay-by date, 15 working days after the notice, is what the holder must watch."""
    clerk = user_with_role(CLERK, "evrak")
    clerk.email = "evrak@example.com"
    clerk.save()

    def request(subject, notice, paid=None, received=dt.date(2026, 1, 12)):
        record = CorrespondenceFactory(
            kind="bilgi_edinme",
            subject=subject,
            received_on=received,
            fee_notice_on=notice,
            fee_paid_on=paid,
        )
        routing.route(record, by=clerk, to_users=[clerk])

    # Notice Monday 2 Feb: pay by Monday 23 Feb, 2 working days after Thursday 19 Feb.
    request("Harita örnekleri", dt.date(2026, 2, 2), received=dt.date(2026, 2, 2))
    # Notice Friday 16 Jan: pay by Friday 6 Feb, passed unpaid.
    request("İhale dosyası suretleri", dt.date(2026, 1, 16))
    # Notice Tuesday 10 Feb: pay by Tuesday 3 Mar, not yet.
    request("Meclis kararları", dt.date(2026, 2, 10), received=dt.date(2026, 2, 9))
    # Paid: the answer clock runs again and is not due within 3 working days.
    request(
        "Bütçe tabloları",
        dt.date(2026, 2, 2),
        paid=dt.date(2026, 2, 10),
        received=dt.date(2026, 2, 2),
    )
    mailoutbox.clear()

    call_command("correspondence_digest")

    [message] = mailoutbox
    body = message.body
    assert (
        "İhale dosyası suretleri: ücretin son ödeme günü 6 Şubat 2026 (süresinde ödenmedi: "
        "başvuru “ücret ödenmedi” olarak kapatılabilir)" in body
    )
    assert "Harita örnekleri: ücretin son ödeme günü 23 Şubat 2026\n" in body
    assert body.index("İhale dosyası") < body.index("Harita örnekleri")  # soonest first
    assert "Meclis kararları" not in body
    assert "Bütçe tabloları" not in body

    client.force_login(clerk)
    panel = client.get("/admin/").content.decode()
    panel = panel[panel.index('id="register-deadlines-heading"') :]
    assert "Harita örnekleri" in panel and "İhale dosyası suretleri" in panel
    assert panel.count("Ücret son ödeme günü") == 2
    assert "Meclis kararları" not in panel
