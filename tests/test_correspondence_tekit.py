"""Tekit (reminder) letters: an approved outgoing request whose answer date passed without
an answer gets a reminder drafted from the tekit template, with the request as its İlgi,
approved and numbered like any letter."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from archive.correspondence import rules
from archive.correspondence.models import Correspondence, Direction, Urgency
from cms.confidentiality import Level
from cms.models import Clearance
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from tests.factories.cms import set_detsis
from tests.factories.correspondence import CorrespondenceFactory, OutgoingFactory, sdp

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-03-02T10:00")]


@pytest.mark.parametrize(
    ("asked_by", "today", "answered", "due"),
    [
        (None, dt.date(2027, 3, 2), False, False),  # no answer date asked: nothing to remind
        (dt.date(2027, 3, 2), dt.date(2027, 3, 2), False, False),  # the day itself: still time
        (dt.date(2027, 3, 1), dt.date(2027, 3, 2), False, True),  # the day after: remind
        (dt.date(2026, 12, 31), dt.date(2027, 1, 1), False, True),  # across the year end
        (dt.date(2027, 2, 1), dt.date(2027, 3, 2), True, False),  # answered: never
    ],
)
def test_when_a_request_may_be_reminded(asked_by, today, answered, due):
    assert rules.reminder_due(asked_by, today, answered=answered) is due


@pytest.fixture
def head(user_with_role):
    return user_with_role(HEAD, "mudur")


@pytest.fixture
def request_letter(head):
    """A request to the Valilik, approved on 2 February 2027, answer asked by 20 February."""
    set_detsis("19248251")
    record = OutgoingFactory(
        subject="Mahalle muhtarlıkları hakkında bilgi talebi",
        party_name="İzmir Valiliği",
        party_kep="izmirvaliligi@hs01.kep.tr",
        sdp_code=sdp("010.03"),
        due_on=dt.date(2027, 2, 20),
    )
    record.save_revision(user=head).publish(user=head)
    record.refresh_from_db()
    return record


def tekit_url(record):
    return reverse("archive_correspondence_tekit", args=[record.pk])


def test_a_clerk_drafts_the_reminder_and_the_mudur_numbers_it(
    client, user_with_role, head, request_letter
):
    clerk = user_with_role(CLERK, "evrak")
    client.force_login(clerk)
    card = client.get(reverse("archive_correspondence_detail", args=[request_letter.pk]))
    assert tekit_url(request_letter) in card.content.decode()
    form = client.get(tekit_url(request_letter))
    assert form.status_code == 200
    assert "20 Şubat 2027 tarihine kadar bilgi verilmesi istenmiş" in form.content.decode()

    body = form.context["form"].initial["body"]
    response = client.post(tekit_url(request_letter), {"body": body})

    draft = Correspondence.objects.exclude(pk=request_letter.pk).get()
    assert response["Location"] == reverse(
        "wagtailsnippets_archive_correspondence:edit", args=[draft.pk]
    )
    assert draft.direction == Direction.OUTGOING
    assert (draft.live, draft.number) == (False, "")
    assert draft.urgency == Urgency.URGENT
    assert draft.party_kep == "izmirvaliligi@hs01.kep.tr"
    assert draft.subject == request_letter.subject
    assert list(draft.references.all()) == [request_letter]
    assert draft.owner == clerk

    draft.save_revision(user=head).publish(user=head)
    client.force_login(head)
    pdf = client.get(reverse("archive_correspondence_letter", args=[draft.pk]))
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "E-19248251-010.03-2" in text
    assert "İlgi 1: E-19248251-010.03-1" in text
    assert "cevap alınamamıştır" in text


def test_the_clerk_may_change_the_text_before_drafting(client, user_with_role, request_letter):
    client.force_login(user_with_role(CLERK))
    client.post(tekit_url(request_letter), {"body": "Kısa bir hatırlatma."})
    assert Correspondence.objects.exclude(pk=request_letter.pk).get().body == "Kısa bir hatırlatma."


def test_an_empty_text_is_refused_with_the_field_named(client, user_with_role, request_letter):
    client.force_login(user_with_role(CLERK))
    response = client.post(tekit_url(request_letter), {"body": ""})
    assert response.status_code == 200
    assert "Bu alan zorunludur." in response.content.decode()
    assert Correspondence.objects.count() == 1


@pytest.mark.clock("2027-02-20T10:00")
def test_no_reminder_before_the_answer_date_has_passed(client, user_with_role, request_letter):
    client.force_login(user_with_role(CLERK))
    card = client.get(reverse("archive_correspondence_detail", args=[request_letter.pk]))
    assert tekit_url(request_letter) not in card.content.decode()
    client.post(tekit_url(request_letter), {"body": "Hatırlatma"})
    assert Correspondence.objects.count() == 1


def test_no_reminder_once_the_answer_came(client, user_with_role, request_letter):
    CorrespondenceFactory(answer_to=request_letter, received_on=dt.date(2027, 2, 25))
    client.force_login(user_with_role(CLERK))
    response = client.post(tekit_url(request_letter), {"body": "Hatırlatma"}, follow=True)
    assert "cevapsız geçmiş" in response.content.decode()
    assert Correspondence.objects.count() == 2


def test_no_reminder_for_an_unapproved_draft(client, user_with_role):
    draft = OutgoingFactory(sdp_code=sdp("010.03"), due_on=dt.date(2027, 2, 20))
    client.force_login(user_with_role(CLERK))
    client.post(tekit_url(draft), {"body": "Hatırlatma"})
    assert Correspondence.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "level", "status", "drafted"),
    [
        (PRESS, Level.UNCLASSIFIED, 404, False),
        (PHOTO_ARCHIVE, Level.UNCLASSIFIED, 404, False),
        (CLERK, Level.UNCLASSIFIED, 302, True),
        (CLERK, Level.SECRET, 404, False),  # above the clerk's clearance: not found
        (HEAD, Level.SECRET, 302, True),
    ],
)
def test_each_role_against_the_tekit_url(
    client, user_with_role, request_letter, role, level, status, drafted
):
    Correspondence.objects.filter(pk=request_letter.pk).update(confidentiality=level)
    user = user_with_role(role, "kisi")
    Clearance.objects.filter(user=user).delete()
    client.force_login(user)
    assert client.get(tekit_url(request_letter)).status_code == (200 if drafted else status)
    response = client.post(tekit_url(request_letter), {"body": "Hatırlatma"})
    assert response.status_code == status
    assert Correspondence.objects.filter(references=request_letter).exists() is drafted
