"""Issue 13: a Bilgi Edinme application told of a copying cost shows its pay-by date on
the card and the lists, is highlighted once the date has passed, and can then be closed
as "ücret ödenmedi" with history.

Pay-by dates were counted by hand: 15 working days after the day of the notice (the
notice day itself does not count), on the 2026/27 calendar (Ramazan Bayramı arife 19 Mar
half, 20–22 Mar; 23 Apr; 1 May; 19 May; Kurban Bayramı arife 26 May half, 27–30 May;
15 Jul; 30 Aug (a Sunday); 28 Oct half; 29 Oct; 1 Jan 2027)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from archive.correspondence import routing, rules
from archive.correspondence.models import Correspondence, Status
from cms.roles import CLERK
from tests.factories.correspondence import CorrespondenceFactory

D = dt.date

# (notice sent on, last day to pay, why)
FEE_PAYMENTS = [
    (D(2026, 2, 5), D(2026, 2, 26), "three plain weeks from a Thursday"),
    (D(2026, 3, 6), D(2026, 3, 30), "arife 19 Mar counts, Ramazan Bayramı 20 Mar does not"),
    (D(2026, 3, 7), D(2026, 3, 30), "a Saturday notice counts from Monday, as from Friday"),
    (D(2026, 3, 20), D(2026, 4, 10), "notice on the bayram itself"),
    (D(2026, 4, 10), D(2026, 5, 5), "23 April and 1 May fall inside"),
    (D(2026, 5, 13), D(2026, 6, 9), "19 May, arife 26 May half, Kurban 27–29 May inside"),
    (D(2026, 7, 13), D(2026, 8, 4), "15 July inside"),
    (D(2026, 8, 20), D(2026, 9, 10), "30 August is a Sunday: nothing moves"),
    (D(2026, 10, 21), D(2026, 11, 12), "the 28 October half day counts, 29 October not"),
    (D(2026, 12, 17), D(2027, 1, 8), "across the year end and 1 January 2027"),
]


@pytest.mark.parametrize(("notice", "expected", "why"), FEE_PAYMENTS)
def test_the_copying_cost_is_due_15_working_days_after_the_notice(notice, expected, why):
    assert rules.fee_payment_due(notice) == expected, why


def test_half_days_off_push_the_pay_by_date_when_so_configured():
    assert rules.fee_payment_due(D(2026, 10, 21), half_day_is_working=False) == D(2026, 11, 13)


@pytest.fixture
def clerk(user_with_role):
    return user_with_role(CLERK, "evrak")


@pytest.fixture
def colleague(user_with_role):
    return user_with_role(CLERK, "meslektas")


def application(**fields):
    # Received Monday 2 February 2026, told of the copying cost on Thursday 5 February:
    # the applicant may pay until Thursday 26 February 2026.
    values = {
        "kind": "bilgi_edinme",
        "subject": "İhale dosyasının örneği",
        "party_kind": "kisi",
        "party_name": "Ayşe Demir",
        "fee_notice_on": D(2026, 2, 5),
    }
    values.update(fields)
    return CorrespondenceFactory(**values)


def status_url(record):
    return reverse("archive_correspondence_status", args=[record.pk])


@pytest.mark.django_db
@pytest.mark.clock("2026-03-02T10:00")
def test_an_overdue_fee_shows_its_pay_by_date_highlighted_on_the_card_and_lists(
    client, clerk, colleague
):
    record = application()
    routing.route(record, by=clerk, to_users=[colleague], note="Ücreti takip ediniz.")
    application(subject="Ücreti ödenmiş başvuru", fee_paid_on=D(2026, 2, 16))
    client.force_login(clerk)

    card = client.get(reverse("archive_correspondence_detail", args=[record.pk])).content
    card = card.decode()
    assert "Ücret son ödeme günü" in card
    assert "26 Şubat 2026" in card
    # Friday 27 February and Monday 2 March have passed since.
    assert "register-due--overdue" in card
    assert "2 iş günü gecikti" in card

    listing = client.get(reverse("wagtailsnippets_archive_correspondence:list")).content.decode()
    row = listing.split("İhale dosyasının örneği")[1].split("</tr>")[0]
    assert "Ücret son ödeme günü" in row
    assert "26 Şubat 2026" in row
    assert "register-due--overdue" in row
    # Paid on 16 February: the clock ran on, the answer date (4 March) is shown instead.
    paid_row = listing.split("Ücreti ödenmiş başvuru")[1].split("</tr>")[0]
    assert "4 Mart 2026" in paid_row
    assert "Ücret son ödeme günü" not in paid_row

    tracking = client.get(reverse("archive_correspondence_tracking"), {"kisi": colleague.pk})
    held = tracking.content.decode().split("register-held")[1]
    assert "26 Şubat 2026" in held
    assert "register-due--overdue" in held


@pytest.mark.django_db
@pytest.mark.clock("2026-02-20T10:00")
def test_a_fee_still_payable_is_not_highlighted_and_cannot_be_closed_as_unpaid(client, clerk):
    record = application()
    client.force_login(clerk)
    card = client.get(reverse("archive_correspondence_detail", args=[record.pk])).content
    assert "register-due--ok" in card.decode()

    response = client.post(status_url(record), {"status": "ucret", "cancel_reason": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors["status"]
    assert errors == [
        "Durum: ücret 26 Şubat 2026 tarihine kadar ödenebilir; başvuru ancak bu günden "
        "sonra “ücret ödenmedi” olarak kapatılabilir."
    ]
    record.refresh_from_db()
    assert record.status == Status.REGISTERED
    assert record.history.count() == 1


@pytest.mark.django_db
@pytest.mark.clock("2026-02-27T10:00")
def test_the_day_after_the_pay_by_date_the_request_is_closed_as_unpaid_with_history(
    client, clerk, colleague
):
    record = application()
    routing.route(record, by=clerk, to_users=[colleague])
    client.force_login(clerk)

    response = client.post(status_url(record), {"status": "ucret", "cancel_reason": ""})

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.FEE_UNPAID
    latest = record.history.latest()
    assert (latest.status, latest.history_user) == (Status.FEE_UNPAID, clerk)
    assert latest.prev_record.status == Status.ROUTED
    card = client.get(reverse("archive_correspondence_detail", args=[record.pk])).content
    card = card.decode()
    assert "Ücret ödenmedi" in card
    # Closed: no pay-by date any more, and it leaves the open records.
    assert "Ücret son ödeme günü" not in card
    assert record not in Correspondence.objects.open()
    assert routing.held_by(colleague).filter(correspondence=record).exists() is False
    # Like a filed record, a request closed as unpaid moves nowhere (cancelling included).
    assert record.allowed_moves() == set()


@pytest.mark.django_db
@pytest.mark.clock("2026-03-02T10:00")
def test_only_an_unpaid_fee_closes_a_request_as_unpaid(client, clerk):
    paid = application(fee_paid_on=D(2026, 2, 16))
    no_notice = application(fee_notice_on=None)
    petition = application(kind="dilekce")
    client.force_login(clerk)
    for record in (paid, no_notice, petition):
        response = client.post(status_url(record), {"status": "ucret", "cancel_reason": ""})
        assert response.status_code == 200
        assert "status" in response.context["form"].errors
        record.refresh_from_db()
        assert record.status == Status.REGISTERED
    # The model refuses too, whichever way it is asked, with the field named.
    with pytest.raises(ValidationError) as refused:
        paid.move_to(Status.FEE_UNPAID, user=clerk)
    assert "yalnızca ücreti bildirilip ödenmemiş" in refused.value.message_dict["status"][0]
