"""Routings (havale steps) keep a history of their own: a routing read by its holder and
then moved by a handover still shows whom it went to first, when it was read and by
which handover it moved, on the register record's history screen. Whoever may not see
the record sees none of it."""

import pytest
from django.urls import reverse

from archive.correspondence.models import Routing
from archive.correspondence.routing import route
from cms.confidentiality import Level
from cms.history import history_url
from cms.models import Clearance, Handover
from cms.roles import CLERK, HEAD, PRESS
from tests.factories.correspondence import CorrespondenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00", tick=False)]


@pytest.fixture
def people(user_with_role):
    def named(role, username, first, last):
        user = user_with_role(role, username)
        user.first_name, user.last_name = first, last
        user.save()
        return user

    return {
        "head": named(HEAD, "mudur", "Hasan", "Çelik"),
        "leaving": named(CLERK, "ayse", "Ayşe", "Yılmaz"),
        "successor": named(CLERK, "mehmet", "Mehmet", "Demir"),
        "press": named(PRESS, "basin", "Can", "Kaya"),
    }


def test_a_routing_read_then_handed_over_keeps_every_state_on_the_records_history(
    client, people, time_machine
):
    head, leaving, successor = people["head"], people["leaving"], people["successor"]
    record = CorrespondenceFactory(subject="Muhtarlık dilekçesi", owner=head)
    (routing,) = route(record, by=head, to_users=[leaving], note="Cevap hazırlansın")

    time_machine.move_to("2026-11-24T11:30+03:00")
    client.force_login(leaving)
    assert client.get(reverse("archive_correspondence_detail", args=[record.pk])).status_code == 200

    time_machine.move_to("2026-11-25T09:15+03:00")
    client.force_login(head)
    client.post(
        reverse("kalem_handover_new"),
        {"from_user": leaving.pk, "to_user": successor.pk, "reason": "ayrilis", "note": ""},
    )
    handover = Handover.objects.get()
    routing.refresh_from_db()
    assert routing.to_user == successor

    states = list(
        routing.history.order_by("history_date", "history_id").values_list(
            "history_type", "to_user__username", "read_at", "history_user__username"
        )
    )
    assert [(kind, holder, read is not None, by) for kind, holder, read, by in states] == [
        ("+", "ayse", False, "mudur"),  # routed by the Müdür to Ayşe
        ("~", "ayse", True, "ayse"),  # read by Ayşe when she opened the card
        ("~", "mehmet", True, "mudur"),  # moved to Mehmet by the handover
    ]
    assert routing.history.earliest("history_date").history_date.isoformat() == (
        "2026-11-24T07:00:00+00:00"
    )

    page = client.get(history_url(record))
    assert page.status_code == 200
    html = page.content.decode()
    part = html.split("history-parts", 1)[1]
    assert "Havaleler" in html
    assert f"Havale #{routing.pk}" in part
    assert "<del>ayse</del> → <ins>mehmet</ins>" in part  # the holder, before and after
    assert f"Devir teslim {handover.pk}" in part
    assert "<del>—</del> → <ins>24 Kasım 2026 11:30</ins>" in part  # read at, Istanbul time


def test_routing_history_is_hidden_with_its_record(client, people, user_with_role):
    head, leaving = people["head"], people["leaving"]
    Clearance.objects.create(user=leaving, level=Level.SECRET)
    secret = CorrespondenceFactory(subject="Gizli soruşturma", confidentiality=Level.SECRET)
    (routing,) = route(secret, by=head, to_users=[leaving])
    low_clerk = user_with_role(CLERK, "dusuk")
    for user, status in ((low_clerk, 404), (people["press"], 404), (leaving, 200)):
        client.force_login(user)
        assert client.get(history_url(secret)).status_code == status, user.username
        # A routing's own history address shows nothing the record would hide.
        assert client.get(history_url(routing)).status_code == status, user.username
    assert Routing.history.filter(id=routing.pk).count() == 1
