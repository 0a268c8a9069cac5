"""Devir teslim: a departing user's open items in every app (register records and
routings, archived documents, retrieval loans, denial notices) are listed, moved to the
successor in one action with a history entry naming the handover on each, refused whole
when the successor is not cleared for one; the report is signed off by both and the
Müdür in order and read back as a PDF. Every role is tried on every URL."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from archive.correspondence.models import Correspondence, Routing
from archive.correspondence.routing import route
from archive.documents import retrieval
from archive.documents.models import ArchivedDocument, GivenAs, RetrievalRequest
from cms.confidentiality import Level
from cms.models import Clearance, Handover, HandoverSignOff
from cms.roles import ARCHIVIST, CLERK, HEAD, PRESS, ROLES
from press.models import DenialNotice
from tests.factories.correspondence import CorrespondenceFactory
from tests.factories.documents import ArchivedDocumentFactory
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00")]


@pytest.fixture
def people(user_with_role):
    leaving = user_with_role(CLERK, "ayse")
    leaving.first_name, leaving.last_name = "Ayşe", "Yılmaz"
    leaving.save()
    # Ayşe keeps register records and a denial notice: her successor must be able to do
    # both kinds of work (a clerk who is press staff too).
    successor = user_with_role(CLERK, "mehmet")
    successor.first_name, successor.last_name = "Mehmet", "Demir"
    successor.save()
    successor.groups.add(Group.objects.get(name=PRESS))
    head = user_with_role(HEAD, "mudur")
    head.first_name, head.last_name = "Hasan", "Çelik"
    head.save()
    archivist = user_with_role(ARCHIVIST, "arsiv")
    return {"leaving": leaving, "successor": successor, "head": head, "archivist": archivist}


@pytest.fixture
def open_items(people):
    leaving, head = people["leaving"], people["head"]
    owned = CorrespondenceFactory(subject="Valilik yazısı", owner=leaving)
    routed = CorrespondenceFactory(subject="Muhtarlık dilekçesi", owner=head)
    route(routed, by=head, to_users=[leaving])
    closed = CorrespondenceFactory(subject="Kapanmış kayıt", owner=leaving, status="dosyalandi")
    document = ArchivedDocumentFactory(title="Faaliyet raporu", created_by=leaving)
    loan = retrieval.request(document, requester=leaving, purpose="Bilgi", user=leaving)
    retrieval.give(loan, given_as=GivenAs.ORIGINAL, user=people["archivist"])
    notice = DenialNoticeFactory(title="Park haberi", owner=leaving)
    return {
        "owned": owned,
        "routed": routed,
        "closed": closed,
        "document": document,
        "loan": loan,
        "notice": notice,
    }


def test_everything_open_moves_in_one_action_with_history_and_a_signed_report(
    client, people, open_items
):
    leaving, successor, head = people["leaving"], people["successor"], people["head"]
    client.force_login(head)
    preview = client.get(
        reverse("kalem_handover_new"),
        {"from_user": leaving.pk, "to_user": successor.pk, "reason": "ayrilis"},
    ).content.decode()
    for title in ("Valilik yazısı", "Muhtarlık dilekçesi", "Faaliyet raporu", "Park haberi"):
        assert title in preview, title
    assert "Kapanmış kayıt" not in preview
    assert not Handover.objects.exists()  # showing moves nothing

    response = client.post(
        reverse("kalem_handover_new"),
        {"from_user": leaving.pk, "to_user": successor.pk, "reason": "ayrilis", "note": ""},
    )
    handover = Handover.objects.get()
    assert response["Location"] == reverse("kalem_handover_detail", args=[handover.pk])
    assert len(handover.items) == 5  # record, routing, document, loan, notice; not the closed one
    assert Correspondence.objects.get(pk=open_items["owned"].pk).owner == successor
    assert Correspondence.objects.get(pk=open_items["closed"].pk).owner == leaving
    assert Routing.objects.get(correspondence=open_items["routed"]).to_user == successor
    assert ArchivedDocument.objects.get(pk=open_items["document"].pk).created_by == successor
    assert RetrievalRequest.objects.get(pk=open_items["loan"].pk).requester == successor
    assert DenialNotice.objects.get(pk=open_items["notice"].pk).owner == successor
    # Each moved item has a history entry naming the handover, made by the Müdür.
    reason = f"Mehmet Demir kullanıcısına devredildi (Devir teslim {handover.pk})"
    for record in (
        open_items["owned"],
        open_items["routed"],
        open_items["document"],
        open_items["loan"],
        open_items["notice"],
    ):
        latest = record.history.order_by("-history_id").first()
        assert latest.history_change_reason.startswith(reason), record
        assert latest.history_user == head

    # Sign-offs: the outgoing user, the successor, then the Müdür; nobody out of turn.
    sign = reverse("kalem_handover_sign", args=[handover.pk])
    client.post(sign)  # the Müdür first: refused
    assert not HandoverSignOff.objects.exists()
    for user in (leaving, successor, head):
        client.force_login(user)
        assert client.post(sign).status_code == 302
    steps = list(HandoverSignOff.objects.values_list("step", "user__username"))
    assert steps == [("devreden", "ayse"), ("devralan", "mehmet"), ("mudur", "mudur")]
    handover.refresh_from_db()
    assert handover.completed_at is not None
    assert handover.report.name.endswith(".pdf")

    response = client.get(reverse("kalem_handover_pdf", args=[handover.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "DEVİR TESLİM TUTANAĞI",
        "Ayşe Yılmaz",
        "Mehmet Demir",
        "Hasan Çelik",
        "Valilik yazısı",
        "Park haberi",
        "Faaliyet raporu",
        "24 Kasım 2026",
    ):
        assert expected in text, expected


def test_a_successor_not_cleared_for_an_item_stops_the_whole_handover(client, people, open_items):
    leaving, successor = people["leaving"], people["successor"]
    Clearance.objects.create(user=leaving, level=Level.SECRET)
    secret = CorrespondenceFactory(
        subject="Gizli soruşturma", owner=leaving, confidentiality=Level.SECRET
    )
    client.force_login(people["head"])
    response = client.post(
        reverse("kalem_handover_new"),
        {"from_user": leaving.pk, "to_user": successor.pk, "reason": "gorev"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Devralan: Gizli: Evrak kaydı #{secret.pk} için gizlilik yetkisi yok." in html
    assert "Gizli soruşturma" not in html.split("handover-items")[0]
    assert not Handover.objects.exists()
    assert Correspondence.objects.get(pk=open_items["owned"].pk).owner == leaving


def test_a_successor_whose_role_may_not_do_the_work_is_refused_whole(
    client, people, open_items, user_with_role
):
    """A press officer cannot take over register records, archived documents or loans
    (not a clerk); an archivist cannot take over a denial notice. Every item the role
    does not cover is named, and nothing moves."""
    leaving = people["leaving"]
    press_officer = user_with_role(PRESS, "basin")
    client.force_login(people["head"])
    response = client.post(
        reverse("kalem_handover_new"),
        {"from_user": leaving.pk, "to_user": press_officer.pk, "reason": "gorev"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    for title in ("Valilik yazısı", "Muhtarlık dilekçesi", "Faaliyet raporu"):
        # Named as the lists name them: a register record with its number first.
        refused = rf"Devralan: [^<]*{title} üzerinde çalışma yetkisi yok \(rolü uygun değil\)\."
        assert re.search(refused, html), title
    assert "Park haberi üzerinde" not in html  # press staff may keep the notice
    assert not Handover.objects.exists()
    assert Correspondence.objects.get(pk=open_items["owned"].pk).owner == leaving
    assert Routing.objects.get(correspondence=open_items["routed"]).to_user == leaving
    assert DenialNotice.objects.get(pk=open_items["notice"].pk).owner == leaving

    response = client.post(
        reverse("kalem_handover_new"),
        {"from_user": leaving.pk, "to_user": people["archivist"].pk, "reason": "gorev"},
    )
    html = response.content.decode()
    refused = r"Devralan: [^<]*Park haberi üzerinde çalışma yetkisi yok \(rolü uygun değil\)\."
    assert re.search(refused, html)
    assert not Handover.objects.exists()


def test_bad_input_is_refused_in_turkish(client, people):
    client.force_login(people["head"])
    url = reverse("kalem_handover_new")
    html = client.post(url, {"from_user": people["leaving"].pk, "reason": "ayrilis"}).content
    assert "Devralan: işi devralacak kişiyi seçin." in html.decode()
    same = people["leaving"].pk
    html = client.post(url, {"from_user": same, "to_user": same, "reason": "ayrilis"}).content
    assert "Devralan: devredenden başka birini seçin." in html.decode()
    assert not Handover.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, user_with_role, people, role):
    handover = Handover.objects.create(
        from_user=people["leaving"], to_user=people["successor"], reason="ayrilis"
    )
    user = people["head"] if role == HEAD else user_with_role(role, "kisi")
    client.force_login(user)
    refused = (302, "/admin/")

    def answer(url):
        response = client.get(url)
        return response.status_code, response.get("Location")

    allowed = role == HEAD
    for url in (reverse("kalem_handovers"), reverse("kalem_handover_new")):
        assert answer(url) == ((200, None) if allowed else refused), (url, role)
    for url in (
        reverse("kalem_handover_detail", args=[handover.pk]),
        reverse("kalem_handover_pdf", args=[handover.pk]),
    ):
        assert client.get(url).status_code == (200 if allowed else 404), (url, role)
    client.post(reverse("kalem_handover_sign", args=[handover.pk]))
    client.post(
        reverse("kalem_handover_new"),
        {"from_user": people["leaving"].pk, "to_user": user.pk, "reason": "ayrilis"},
    )
    assert HandoverSignOff.objects.count() == 0  # the outgoing user signs first
    assert Handover.objects.count() == (2 if allowed else 1), role


def test_the_parties_see_their_own_handover_only(client, people, user_with_role):
    mine = Handover.objects.create(
        from_user=people["leaving"], to_user=people["successor"], reason="ayrilis"
    )
    other = Handover.objects.create(
        from_user=people["archivist"], to_user=people["head"], reason="gorev"
    )
    client.force_login(people["successor"])
    assert client.get(reverse("kalem_handover_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("kalem_handover_detail", args=[other.pk])).status_code == 404
    html = client.get(reverse("kalem_handovers")).content.decode()
    assert f"Devir teslim {mine.pk}" in html
    assert f"Devir teslim {other.pk}" not in html
