"""Every admin URL of the mayor's office (appointment requests, protocol and ceremonies,
weekly reports) for every staff role: the roles the design gives a feature get the
screen, every other role is refused, and a refused POST changes nothing. The URLs are
read from the resolver, so a view added later fails
`test_every_office_url_is_in_the_matrix` until it is given its feature here
(tests/test_permission_matrix.py leaves these URLs to this module)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from cms.roles import CLERK, DIRECTORATE_REPORTER, HEAD, ROLES
from tests import test_permission_matrix as matrix
from tests.factories.events import (
    ExpenseFactory,
    GiftFactory,
    InvitationFactory,
    ProtocolOfficeFactory,
    VisitFactory,
    register_request,
)
from tests.factories.weekly import DirectorateFactory, WeeklyReportFactory

pytestmark = pytest.mark.django_db

OFFICE = matrix.OFFICE
OFFICE_STAFF = {CLERK, HEAD}
REPORTER = DIRECTORATE_REPORTER
FEATURES = {
    "events.appointmentrequest": {
        "view": OFFICE_STAFF,
        "add": OFFICE_STAFF,
        "change": OFFICE_STAFF,
        "delete": set(),  # personal data is removed after the retention period instead
    },
    "events.visit": {
        "view": OFFICE_STAFF,
        "add": OFFICE_STAFF,
        "change": OFFICE_STAFF,
        "delete": {HEAD},
    },
    "events.gift": {
        "view": OFFICE_STAFF,
        "add": OFFICE_STAFF,
        "change": OFFICE_STAFF,
        "delete": {HEAD},
    },
    "events.expense": {
        "view": OFFICE_STAFF,
        "add": OFFICE_STAFF,
        "change": OFFICE_STAFF,
        "delete": set(),
        "approve": {HEAD},
    },
    # The yearly budget per line: the office reads it, the Müdür sets it, nobody deletes it.
    "events.budgetallocation": {
        "view": OFFICE_STAFF,
        "add": {HEAD},
        "change": {HEAD},
        "delete": set(),
    },
    # The protocol list: an office that no longer exists is removed by the Müdür.
    "events.protocoloffice": {
        "view": OFFICE_STAFF,
        "add": OFFICE_STAFF,
        "change": OFFICE_STAFF,
        "delete": {HEAD},
    },
    "events.ceremony": {
        "view": OFFICE_STAFF,
        "add": OFFICE_STAFF,
        "change": OFFICE_STAFF,
        "delete": {HEAD},
    },
    "archive.directorate": {"view": {HEAD}, "add": {HEAD}, "change": {HEAD}, "delete": set()},
    # The report's own directorate's reporter, and the Müdür who compiles.
    "archive.weeklyreport": {
        "view": {REPORTER, HEAD},
        "add": {REPORTER},
        "change": {REPORTER},
        "compile": {HEAD},
    },
}
HISTORY_MODELS = list(FEATURES)
PDF = b"%PDF-1.4 belge"


@pytest.fixture
def records():
    from decimal import Decimal

    from events.models import BudgetAllocation

    visit = VisitFactory(
        kind="gezi",
        destination="Köln",
        participants="Belediye Başkanı",
        trip_report=ContentFile(PDF, name="gezi-raporu.pdf"),
    )
    office = ProtocolOfficeFactory(office="Vali", holder="Ahmet Yıldırım")
    directorate = DirectorateFactory(name="Fen İşleri Müdürlüğü")
    return {
        "events.appointmentrequest": register_request(),
        "events.visit": visit,
        "events.gift": GiftFactory(visit=visit),
        "events.expense": ExpenseFactory(visit=visit, invoice=ContentFile(PDF, name="f.pdf")),
        "events.budgetallocation": BudgetAllocation.objects.create(
            year=2027, budget_line="temsil", amount=Decimal("1000.00")
        ),
        "events.protocoloffice": office,
        "events.ceremony": InvitationFactory(office=office).ceremony,
        "archive.directorate": directorate,
        "archive.weeklyreport": _with_compilation(
            WeeklyReportFactory(directorate=directorate, file=ContentFile(PDF, name="rapor.pdf"))
        ),
    }


def _with_compilation(report):
    """The week's report compiled once (archive_weekly_compiled downloads it)."""
    from archive.weekly import compile

    compiled, _new = compile.request_compilation(report.week)
    compile.build(compiled.pk)
    return report


def _compiled(records):
    from archive.weekly.models import CompiledReport

    return [CompiledReport.objects.get().pk]


def office_url_names():
    return matrix.admin_url_names(OFFICE)


def _pk(label):
    return lambda records: [records[label].pk]


def _link(label, field):
    def token(records):
        return [storages["private"].url(getattr(records[label], field).name).split("/")[-2]]

    return token


OWN_VIEWS = {
    "events_request_decide": (
        "events.appointmentrequest",
        "change",
        _pk("events.appointmentrequest"),
        "",
    ),
    "events_expense_summary": ("events.expense", "view", lambda r: [], ""),
    "events_expense_month": ("events.expense", "view", lambda r: [], ""),
    "events_expense_approve": ("events.expense", "approve", _pk("events.expense"), ""),
    "events_ceremony_order": ("events.ceremony", "view", _pk("events.ceremony"), ""),
    "events_ceremony_replies": ("events.ceremony", "view", _pk("events.ceremony"), ""),
    "events_ceremony_send_invitations": ("events.ceremony", "change", _pk("events.ceremony"), ""),
    "archive_weekly_submit": ("archive.weeklyreport", "add", lambda r: [], ""),
    "archive_weekly_overview": ("archive.weeklyreport", "compile", lambda r: [], ""),
    "archive_weekly_pdf": ("archive.weeklyreport", "compile", lambda r: [], ""),
    "archive_weekly_compiled": ("archive.weeklyreport", "compile", _compiled, ""),
}
EXTRA = [
    # The yearly summary as a spreadsheet, and the private papers' signed links.
    ("events_expense_summary", "events.expense", "view", lambda r: [], "?export=csv"),
    ("events_expense_month", "events.expense", "view", lambda r: [], "?export=xlsx"),
    ("kalem_private_file", "events.expense", "view", _link("events.expense", "invoice"), ""),
    ("kalem_private_file", "events.visit", "view", _link("events.visit", "trip_report"), ""),
    (
        "kalem_private_file",
        "archive.weeklyreport",
        "view",
        _link("archive.weeklyreport", "file"),
        "",
    ),
]


def requests_for(name, pattern, records):
    short = name.split(":")[-1]
    label = matrix._model_of(name)
    if name.startswith("wagtailsnippets_"):
        if short in matrix.NEEDS_A_WORKFLOW:
            return []
        kwargs = {"pk": records[label].pk} if "<int:pk>" in pattern or "(?P<pk>" in pattern else {}
        method = matrix.POST_ONLY if short in {"lock", "unlock"} else matrix.BOTH_METHODS
        return [(reverse(name, kwargs=kwargs), label, matrix.SNIPPET_ACTIONS[short], method)]
    if name.startswith("wagtailsnippetchoosers_"):
        record = records[label]
        url = reverse(name, kwargs={"pk": record.pk} if "<str:pk>" in pattern else {})
        if short == "chosen_multiple":
            url += f"?id={record.pk}"
        return [(url, label, matrix.CHOOSER_ACTIONS[short], matrix.BOTH_METHODS)]
    label, action, args, query = OWN_VIEWS[name]
    return [(reverse(name, args=args(records)) + query, label, action, matrix.BOTH_METHODS)]


def all_requests(records):
    for name, pattern in office_url_names():
        for url, label, action, method in requests_for(name, pattern, records):
            yield name, url, label, action, method
    for name, label, action, args, query in EXTRA:
        yield name, reverse(name, args=args(records)) + query, label, action, matrix.GET_ONLY
    for label in HISTORY_MODELS:
        record = records[label]
        args = [*label.split("."), record.pk]
        yield (
            "record_history:index",
            reverse("record_history:index", args=args),
            label,
            "view",
            matrix.BOTH_METHODS,
        )
        version = record.history.last().history_id
        yield (
            "record_history:restore",
            reverse("record_history:restore", args=[*args, version]),
            label,
            "change",
            matrix.POST_ONLY,
        )


def test_every_office_url_is_in_the_matrix():
    names = [name for name, _pattern in office_url_names()]
    unknown = [
        name
        for name in names
        if not (
            (name.startswith("wagtailsnippets_") and name.split(":")[-1] in matrix.SNIPPET_ACTIONS)
            or (
                name.startswith("wagtailsnippetchoosers_")
                and name.split(":")[-1] in matrix.CHOOSER_ACTIONS
            )
            or name in OWN_VIEWS
        )
    ]
    assert unknown == []
    assert {matrix._model_of(name) for name in names} - {None} == set(FEATURES) - {
        "archive.weeklyreport"
    }


def snapshot(records):
    state = {}
    for label, record in records.items():
        model = type(record)
        row = model._default_manager.filter(pk=record.pk).values().first()
        state[label] = (row, record.history.count())
    return state


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.indexed
def test_each_role_gets_exactly_the_office_screens_of_its_features(
    client, user_with_role, records, role
):
    user = user_with_role(role)
    if role == REPORTER:
        records["archive.directorate"].reporters.add(user)
    client.force_login(user)
    mismatches = []
    requested = 0
    # As in test_permission_matrix: each refused POST is compared with the state read
    # after the one before it.
    state = snapshot(records)
    for name, url, label, action, method in all_requests(records):
        requested += 1
        allowed = role in FEATURES[label][action]
        hidden = name.startswith("record_history:") and role not in FEATURES[label]["view"]
        refused = matrix.HIDDEN if hidden else matrix.REFUSED
        if allowed:
            if method != matrix.POST_ONLY:
                got = matrix.answer(client.get(url))
                if got[0] != 200:
                    mismatches.append((url, "allowed", got))
            continue
        if method != matrix.POST_ONLY:
            got = matrix.answer(client.get(url))
            if got != refused:
                mismatches.append((url, "GET refused", got))
        if method == matrix.GET_ONLY:
            continue
        got = matrix.answer(client.post(url, {"name": "Saldırı", "decision": "ret", "note": "x"}))
        if got != refused:
            mismatches.append((url, "POST refused", got))
        before, state = state, snapshot(records)
        if state != before:
            mismatches.append((url, "POST changed records", None))
    assert mismatches == [], "\n".join(map(str, mismatches))
    assert requested > 60


def test_a_reporter_of_another_directorate_sees_nothing_of_this_one(
    client, user_with_role, records
):
    outsider = user_with_role(REPORTER)
    DirectorateFactory(name="Zabıta Müdürlüğü").reporters.add(outsider)
    client.force_login(outsider)
    report = records["archive.weeklyreport"]
    history = reverse("record_history:index", args=["archive", "weeklyreport", report.pk])
    assert matrix.answer(client.get(history)) == matrix.HIDDEN
    link = storages["private"].url(report.file.name)
    assert matrix.answer(client.get(link)) == matrix.REFUSED
    assert list(client.get(reverse("archive_weekly_submit")).context["recent"]) == []
