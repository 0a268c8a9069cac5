"""Gifts received above the declaration threshold (3628 md. 3): flagged in the gift list
with the last day to hand them over to the institution (within a month), listed by a
filter and on the office's dashboard until the day they were handed over is recorded."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cms.roles import CLERK, HEAD, PRESS
from events import rules
from events.models import Gift
from tests.factories.events import GiftFactory

pytestmark = pytest.mark.django_db

LIST = reverse("wagtailsnippets_events_gift:list")
ADD = reverse("wagtailsnippets_events_gift:add")


@pytest.mark.parametrize(
    "received, due",
    [
        (dt.date(2027, 3, 2), dt.date(2027, 4, 2)),
        (dt.date(2027, 1, 31), dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2027, 12, 15), dt.date(2028, 1, 15)),
        (dt.date(2027, 3, 31), dt.date(2027, 4, 30)),
    ],
)
def test_a_gift_is_handed_over_within_a_month(received, due):
    assert rules.gift_declaration_due(received) == due


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.KALEM_GIFT_DECLARATION_THRESHOLD_TRY = Decimal("1000.00")


def gift(**fields):
    data = {
        "direction": "alinan",
        "kind": "hediye",
        "description": "Gümüş tepsi",
        "counterpart": "Batum Belediye Başkanı",
        "date": "2027-03-02",
        "visit": "",
        "occasion": "Kardeş şehir ziyareti",
        "value": "1000.01",
        "cost": "",
        "handed_over_on": "",
    }
    data.update(fields)
    return data


@pytest.mark.clock("2027-03-20T10:00")
def test_a_received_gift_above_the_threshold_waits_for_its_hand_over(client, user_with_role):
    clerk = user_with_role(CLERK)
    client.force_login(clerk)
    assert client.post(ADD, gift()).status_code == 302
    assert client.post(ADD, gift(description="Kitap", value="1000.00")).status_code == 302
    assert client.post(ADD, gift(description="Plaket", direction="verilen")).status_code == 302
    tray = Gift.objects.get(description="Gümüş tepsi")

    listing = client.get(LIST).content.decode()
    assert "Son teslim günü: 2 Nisan 2027" in listing
    assert listing.count("Son teslim günü") == 1
    awaiting = client.get(LIST + "?awaiting_hand_over=true").context["object_list"]
    assert [g.description for g in awaiting] == ["Gümüş tepsi"]
    others = client.get(LIST + "?awaiting_hand_over=false").context["object_list"]
    assert sorted(g.description for g in others) == ["Kitap", "Plaket"]

    client.force_login(user_with_role(HEAD))
    dashboard = client.get("/admin/").content.decode()
    assert "Kuruma teslim edilecek hediyeler" in dashboard
    assert "Gümüş tepsi" in dashboard and "Son teslim günü: 2 Nisan 2027" in dashboard
    client.force_login(user_with_role(PRESS))
    assert "Gümüş tepsi" not in client.get("/admin/").content.decode()

    client.force_login(clerk)
    edit = reverse("wagtailsnippets_events_gift:edit", args=[tray.pk])
    assert client.post(edit, gift(handed_over_on="2027-03-19")).status_code == 302
    tray.refresh_from_db()
    assert tray.handed_over_on == dt.date(2027, 3, 19)
    assert "19 Mart 2027 tarihinde kuruma teslim edildi" in client.get(LIST).content.decode()
    assert [g.handed_over_on for g in tray.history.order_by("history_date")] == [
        None,
        dt.date(2027, 3, 19),
    ]
    client.force_login(user_with_role(HEAD, username="mudur2"))
    assert "Kuruma teslim edilecek hediyeler" not in client.get("/admin/").content.decode()


@pytest.mark.clock("2027-04-03T10:00")
def test_a_gift_not_handed_over_in_a_month_is_overdue(client, user_with_role):
    GiftFactory(direction="alinan", value=Decimal("5000.00"), description="Halı")
    client.force_login(user_with_role(HEAD))
    assert "Gecikti: son teslim günü 2 Nisan 2027 idi" in client.get(LIST).content.decode()
    assert "Gecikti: son teslim günü 2 Nisan 2027 idi" in client.get("/admin/").content.decode()


@pytest.mark.clock("2027-03-20T10:00")
@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"direction": "verilen", "handed_over_on": "2027-03-05"},
            "Kuruma teslim tarihi: yalnızca alınan bir hediye kuruma teslim edilir.",
        ),
        (
            {"handed_over_on": "2027-03-01"},
            "Kuruma teslim tarihi: hediyenin tarihinden önce olamaz.",
        ),
    ],
)
def test_a_wrong_hand_over_day_is_refused_naming_the_field(client, user_with_role, fields, message):
    client.force_login(user_with_role(CLERK))
    response = client.post(ADD, gift(**fields))
    assert response.status_code == 200
    assert response.context["form"].errors["handed_over_on"] == [message]
    assert Gift.objects.count() == 0
