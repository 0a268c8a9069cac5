"""Retrieval requests for archived documents: who asked for which document and why, when
it was given (a copy or the original), when the original came back, and overdue originals
highlighted. A requester never receives a document above their clearance, a user never
sees a request for a document above theirs, and every role is tried on every URL."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from archive.documents import retrieval, rules
from archive.documents.models import GivenAs, RetrievalRequest
from cms.confidentiality import Level
from cms.models import Clearance
from cms.roles import ARCHIVIST, CLERK, HEAD, ROLES
from tests.factories.documents import ArchivedDocumentFactory

pytestmark = pytest.mark.django_db

ISTANBUL = ZoneInfo("Europe/Istanbul")


# -- the pure rules: cases worked by hand (15 days: the default of docs/legal.md)


@pytest.mark.parametrize(
    ("given_on", "days", "original", "due"),
    [
        (dt.date(2026, 11, 24), 15, True, dt.date(2026, 12, 9)),
        (dt.date(2026, 12, 20), 15, True, dt.date(2027, 1, 4)),  # across the new year
        (dt.date(2028, 2, 20), 15, True, dt.date(2028, 3, 6)),  # 2028 has 29 February
        (dt.date(2027, 2, 20), 15, True, dt.date(2027, 3, 7)),
        (dt.date(2026, 11, 24), 1, True, dt.date(2026, 11, 25)),
        (dt.date(2026, 11, 24), 15, False, None),  # a copy is not returned
    ],
)
def test_loan_due_day(given_on, days, original, due):
    assert rules.loan_due(given_on, days, original=original) == due


def test_a_loan_of_no_days_is_refused():
    with pytest.raises(ValueError):
        rules.loan_due(dt.date(2026, 11, 24), 0)


@pytest.mark.parametrize(
    ("today", "due_on", "returned_on", "overdue"),
    [
        (dt.date(2026, 12, 9), dt.date(2026, 12, 9), None, False),  # the due day is in time
        (dt.date(2026, 12, 10), dt.date(2026, 12, 9), None, True),
        (dt.date(2027, 3, 1), dt.date(2026, 12, 9), dt.date(2026, 12, 20), False),  # back late
        (dt.date(2027, 3, 1), None, None, False),  # a copy
    ],
)
def test_loan_overdue(today, due_on, returned_on, overdue):
    assert rules.loan_overdue(today, due_on, returned_on) is overdue


# -- through the admin


@pytest.fixture
def archivist(user_with_role):
    user = user_with_role(ARCHIVIST, "arsiv")
    Clearance.objects.create(user=user, level=Level.SECRET)
    return user


@pytest.fixture
def clerk(user_with_role):
    user = user_with_role(CLERK, "evrak")
    user.first_name, user.last_name = "Ayşe", "Yılmaz"
    user.save()
    return user


def page(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.clock("2026-11-24T10:00")
def test_request_give_original_overdue_and_return(client, archivist, clerk, settings):
    settings.KALEM_RETRIEVAL_LOAN_DAYS = 15
    document = ArchivedDocumentFactory(title="Kent Konseyi bilgi notu")
    client.force_login(clerk)
    response = client.post(
        reverse("archive_documents_request", args=[document.pk]),
        {"requester": clerk.pk, "purpose": "Meclis sorusuna cevap"},
    )
    assert response.status_code == 302
    request = RetrievalRequest.objects.get()
    assert (request.document, request.requester, request.purpose, request.recorded_by) == (
        document,
        clerk,
        "Meclis sorusuna cevap",
        clerk,
    )
    # The clerk asks but does not hand documents out.
    give = reverse("archive_documents_give", args=[request.pk])
    assert client.post(give, {"given_as": GivenAs.ORIGINAL}).status_code == 302
    request.refresh_from_db()
    assert request.given_at is None

    client.force_login(archivist)
    assert client.post(give, {"given_as": GivenAs.ORIGINAL}).status_code == 302
    request.refresh_from_db()
    assert (request.given_as, request.given_by, request.due_on) == (
        GivenAs.ORIGINAL,
        archivist,
        dt.date(2026, 12, 9),
    )
    html = page(client.get(reverse("archive_documents_retrievals")))
    assert "Ayşe Yılmaz" in html
    assert "9 Aralık 2026" in html
    assert "retrieval-overdue" not in html
    card = page(client.get(reverse("archive_documents_detail", args=[document.pk])))
    assert "Meclis sorusuna cevap" in card

    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 0, tzinfo=ISTANBUL), tick=False):
        client.force_login(archivist)  # the session of 24 November has expired
        html = page(client.get(reverse("archive_documents_retrievals")))
        assert "retrieval-overdue" in html
        assert "1 asıl belgenin iadesi gecikti." in html
        client.post(reverse("archive_documents_return", args=[request.pk]))
    request.refresh_from_db()
    assert request.received_by == archivist
    assert timezone_date(request.returned_at) == dt.date(2026, 12, 10)
    with time_machine.travel(dt.datetime(2026, 12, 11, 9, 0, tzinfo=ISTANBUL), tick=False):
        client.force_login(archivist)
        assert "retrieval-overdue" not in page(client.get(reverse("archive_documents_retrievals")))
    # Each step is in the history, with who took it.
    steps = list(request.history.order_by("history_id").values_list("history_user__username"))
    assert steps == [("evrak",), ("arsiv",), ("arsiv",)]
    html = page(
        client.get(
            reverse("record_history:index", args=["archive", "retrievalrequest", request.pk])
        )
    )
    # The field-by-field history names the changes: given as the original, returned by.
    assert "asıl" in html


def timezone_date(value):
    return value.astimezone(ISTANBUL).date()


@pytest.mark.clock("2026-11-24T10:00")
def test_a_copy_has_no_return_and_cannot_be_returned(client, archivist, clerk):
    document = ArchivedDocumentFactory()
    request = retrieval.request(document, requester=clerk, purpose="Bilgi", user=clerk)
    client.force_login(archivist)
    client.post(reverse("archive_documents_give", args=[request.pk]), {"given_as": "suret"})
    request.refresh_from_db()
    assert (request.given_as, request.due_on) == (GivenAs.COPY, None)
    client.post(reverse("archive_documents_return", args=[request.pk]))
    request.refresh_from_db()
    assert request.returned_at is None
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, 0, tzinfo=ISTANBUL), tick=False):
        client.force_login(archivist)
        assert "retrieval-overdue" not in page(client.get(reverse("archive_documents_retrievals")))


def test_bad_input_is_refused_in_turkish_without_a_record(client, archivist, clerk):
    document = ArchivedDocumentFactory()
    client.force_login(archivist)
    url = reverse("archive_documents_request", args=[document.pk])
    html = page(client.post(url, {"requester": clerk.pk, "purpose": ""}))
    assert "Amaç: belgenin neden istendiğini yazın." in html
    html = page(client.post(url, {"requester": "", "purpose": "Bilgi"}))
    assert "Talep eden: belgeyi kimin istediğini seçin." in html
    request = retrieval.request(document, requester=clerk, purpose="Bilgi", user=archivist)
    html = page(client.post(reverse("archive_documents_give", args=[request.pk]), {}))
    assert "Veriliş şekli: suret ya da asıl seçin." in html
    assert RetrievalRequest.objects.count() == 1
    assert RetrievalRequest.objects.get().given_at is None


def test_a_requester_never_receives_a_document_above_their_clearance(client, archivist, clerk):
    secret = ArchivedDocumentFactory(title="Sayıştay denetim notu", confidentiality=Level.SECRET)
    client.force_login(archivist)
    html = page(
        client.post(
            reverse("archive_documents_request", args=[secret.pk]),
            {"requester": clerk.pk, "purpose": "Denetim"},
        )
    )
    assert "Talep eden: bu kullanıcının gizlilik yetkisi bu belgeye yetmiyor." in html
    assert not RetrievalRequest.objects.exists()
    # Cleared when asking, lowered before the document is given: giving is refused too.
    Clearance.objects.create(user=clerk, level=Level.SECRET)
    request = retrieval.request(secret, requester=clerk, purpose="Denetim", user=archivist)
    Clearance.objects.filter(user=clerk).update(level=Level.RESTRICTED)
    clerk = type(clerk).objects.get(pk=clerk.pk)  # a fresh user: no cached groups
    html = page(
        client.post(reverse("archive_documents_give", args=[request.pk]), {"given_as": "asil"})
    )
    assert "bu kullanıcının gizlilik yetkisi bu belgeye yetmiyor" in html
    request.refresh_from_db()
    assert request.given_at is None


@pytest.mark.parametrize("clearance", list(Level)[:3])
def test_requests_for_documents_above_the_users_clearance_are_hidden(
    client, user_with_role, clearance
):
    head = user_with_role(HEAD, "mudur")
    archivist = user_with_role(ARCHIVIST, "arsiv-x")
    Clearance.objects.create(user=archivist, level=clearance)
    requests = {}
    for level in Level:
        document = ArchivedDocumentFactory(title=f"Belge-{level.name}", confidentiality=level)
        requests[level] = retrieval.request(
            document, requester=head, purpose=f"Amaç-{level.name}", user=head
        )
    client.force_login(archivist)
    html = page(client.get(reverse("archive_documents_retrievals")))
    for level, request in requests.items():
        visible = level <= clearance
        assert (f"Amaç-{level.name}" in html) is visible, level
        expected = 200 if visible else 404
        for url in (
            reverse("archive_documents_request", args=[request.document_id]),
            reverse("archive_documents_give", args=[request.pk]),
            reverse("record_history:index", args=["archive", "retrievalrequest", request.pk]),
        ):
            assert client.get(url).status_code == expected, (url, level)
        response = client.post(reverse("archive_documents_return", args=[request.pk]))
        assert response.status_code == (302 if visible else 404)


# -- every role against every URL of the feature

ASKERS = {ARCHIVIST, CLERK, HEAD}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, user_with_role, archivist, role):
    user = archivist if role == ARCHIVIST else user_with_role(role, "kisi")
    document = ArchivedDocumentFactory()
    waiting = retrieval.request(document, requester=archivist, purpose="Bilgi", user=archivist)
    out = retrieval.request(document, requester=archivist, purpose="Asıl", user=archivist)
    retrieval.give(out, given_as=GivenAs.ORIGINAL, user=archivist)
    client.force_login(user)
    refused = (302, "/admin/")

    def answer(response):
        return (
            response.status_code,
            response.get("Location") if response.status_code == 302 else None,
        )

    response = client.get(reverse("archive_documents_retrievals"))
    assert answer(response) == ((200, None) if role in ASKERS else refused), role
    # Asking needs the document's card: roles without documents do not find it.
    response = client.get(reverse("archive_documents_request", args=[document.pk]))
    assert response.status_code == (200 if role in ASKERS else 404), role
    client.post(
        reverse("archive_documents_request", args=[document.pk]),
        {"requester": user.pk, "purpose": "Yeni"},
    )
    assert RetrievalRequest.objects.filter(purpose="Yeni").exists() is (role in ASKERS), role
    # Giving and taking back: the archivist only.
    response = client.post(
        reverse("archive_documents_give", args=[waiting.pk]), {"given_as": "suret"}
    )
    waiting.refresh_from_db()
    assert (waiting.given_at is not None) is (role == ARCHIVIST), role
    if role != ARCHIVIST:
        assert answer(response) == refused, role
    response = client.post(reverse("archive_documents_return", args=[out.pk]))
    out.refresh_from_db()
    assert (out.returned_at is not None) is (role == ARCHIVIST), role
    if role != ARCHIVIST:
        assert answer(response) == refused, role
