"""Every admin URL of Kalem's own features, for every staff role: the roles the design gives a
feature get the screen, every other role is refused, and a refused POST changes nothing.

The URLs are read from Django's URL resolver (every snippet viewset, its chooser, every
modeladmin, every view the apps register), so a view added later is requested here too: a
URL this module does not know fails `test_every_admin_url_is_in_the_matrix` until it is
given its feature and action below."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page

from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS, ROLES
from events.models import OfficialHoliday
from press.models import (
    DenialNoticeLetter,
    Dispatch,
    MonitoringReportFile,
    ReportStatus,
)
from press.tekzip.rules import Status
from tests.factories.archive import ArchivePhotoFactory, PhotographerFactory, VideoFactory
from tests.factories.cms import publish_child
from tests.factories.events import AppointmentFactory, EventCategoryFactory, at
from tests.factories.notices import NewspaperNoticeFactory
from tests.factories.press import (
    CategoryFactory,
    DistributionListFactory,
    PressClippingFactory,
    PressContactFactory,
    PressReleaseIndexFactory,
    publish_item,
)
from tests.factories.tekzip import DenialNoticeFactory

pytestmark = pytest.mark.django_db

# The correspondence register's URLs are tried role by role and clearance by clearance in
# tests/test_correspondence_confidentiality.py (a matrix of its own, with records of every
# level); they are left out here so each URL has one matrix that owns it. So are archived
# documents' URLs (tests/test_documents_confidentiality.py, role by role and level by level).
REGISTER = re.compile(
    r"^(archive_correspondence_|archive_documents_"
    r"|wagtailsnippets?(choosers)?_archive_(correspondence|sdpcode|distributiongroup|standin"
    r"|archiveddocument|retentionrule):)"
)
# The devir teslim (cms.handover) has its role matrix in tests/test_handover.py, with the
# two parties of each handover as well as the roles.
HANDOVER = re.compile(r"^kalem_handover")
# The mayor's office (appointment requests, protocol and ceremonies, weekly reports) has
# its matrix in tests/test_mayors_office_permissions.py, with a role of its own
# (directorate reporters).
OFFICE = re.compile(
    r"^(wagtailsnippets?(choosers)?_(events_(appointmentrequest|visit|gift|expense"
    r"|budgetallocation|protocoloffice|ceremony)|archive_directorate):|events_request_decide$"
    r"|events_expense_(summary|approve|month)$|events_ceremony_|archive_weekly_)"
)
# Public forms' answers have their matrix in tests/test_forms_results.py (with Wagtail's
# own answer screens, which the policy governs too).
FORMS = re.compile(r"^kalem_form_")
OURS = re.compile(
    r"^(press_|events_|archive_|kalem_|record_history:"
    r"|wagtailsnippets_(press|events|archive)_|wagtailsnippetchoosers_(press|events|archive)_)"
)
REFUSED = (302, "/admin/")  # Wagtail's answer to PermissionDenied in the admin
HIDDEN = (404, "")  # cms.history does not tell a role a record it may not see exists

# Who may do what, feature by feature (DESIGN.md "Roles"): press staff run the press
# office and draft denial notices; the Müdür reads the press office, approves, keeps the
# calendar's holidays and the mayor's agenda with Evrak; photo editors run the archive.
BOTH = {PRESS, HEAD}
FEATURES = {
    # Locked logins (django-axes): the Müdür sees and lifts them.
    "axes.accessattempt": {"delete": {HEAD}},
    "press.mediaoutlet": {"view": BOTH, "add": {PRESS}, "change": {PRESS}, "delete": {PRESS}},
    "press.presscontact": {"view": BOTH, "add": {PRESS}, "change": {PRESS}, "delete": {PRESS}},
    "press.distributionlist": {
        "view": BOTH,
        "add": {PRESS},
        "change": {PRESS},
        "delete": {PRESS},
    },
    "press.pressclipping": {"view": BOTH, "add": {PRESS}, "change": {PRESS}, "delete": {PRESS}},
    "press.category": {"view": BOTH, "add": BOTH, "change": BOTH, "delete": set()},
    "press.denialnotice": {
        "view": BOTH,
        "add": BOTH,
        "change": BOTH,
        # The notice here has a letter: nobody deletes it, whatever the role (a draft
        # without letters is deleted in test_press_tekzip_admin).
        "delete": set(),
        "publish": {HEAD},
    },
    "press.dispatch": {"view": BOTH, "add": {PRESS}},
    # Paid newspaper notices: press staff write, the Müdür approves the order (the record
    # here is a request, which press staff may still delete).
    "press.newspapernotice": {
        "view": BOTH,
        "add": {PRESS},
        "change": BOTH,
        "delete": {PRESS},
        "approve": {HEAD},
    },
    "press.monitoringreportfile": {"view": BOTH},
    "events.appointment": {
        "view": {CLERK, HEAD},
        "add": {CLERK, HEAD},
        "change": {CLERK, HEAD},
        "delete": {CLERK, HEAD},
    },
    "events.eventcategory": {"view": BOTH, "add": BOTH, "change": BOTH, "delete": BOTH},
    "events.officialholiday": {
        "view": {PRESS, CLERK, HEAD},
        "add": {HEAD},
        "change": {HEAD},
        "delete": {HEAD},
    },
    "archive.photographer": {
        "view": {PHOTO_ARCHIVE},
        "add": {PHOTO_ARCHIVE},
        "change": {PHOTO_ARCHIVE},
        "delete": {PHOTO_ARCHIVE},
    },
    # Photos: Wagtail's image permissions per collection; uploading is open to every
    # role that adds images, reviewing and changing others' photos to photo editors.
    "archive.photo": {
        "view": {PHOTO_ARCHIVE},
        "change": {PHOTO_ARCHIVE},
        "add": BOTH | {PHOTO_ARCHIVE},
    },
    # Videos: photo editors run them; press staff see, choose and download them.
    "archive.video": {
        "view": {PHOTO_ARCHIVE, PRESS},
        "add": {PHOTO_ARCHIVE},
        "change": {PHOTO_ARCHIVE},
        "delete": {PHOTO_ARCHIVE},
    },
}

# The action each kind of view needs. Wagtail's snippet history and usage views ask for
# the right to edit, stricter than "view", and are kept so (cms.history's field-by-field
# history is the one for readers).
SNIPPET_ACTIONS = {
    "list": "view",
    "list_results": "view",
    "history": "change",
    "history_results": "change",
    "usage": "change",
    "add": "add",
    "copy": "add",
    "edit": "change",
    "delete": "delete",
    "lock": "change",
    "unlock": "change",
    "revisions_revert": "change",
    "revisions_compare": "change",
    "revisions_unschedule": "publish",
    "unpublish": "publish",
    "workflow_history": "change",
    "confirm_workflow_cancellation": "publish",
}
CHOOSER_ACTIONS = {
    "choose": "view",
    "choose_results": "view",
    "chosen": "view",
    "chosen_multiple": "view",
    "create": "add",
}
MODELADMIN_ACTIONS = {"index": "view", "create": "add", "edit": "change", "delete": "delete"}
MODELADMIN_ACTIONS["history"] = "view"
# Views that need a workflow in progress, with its task state's id in the URL: the
# approval screens are tested with a real workflow in test_press_tekzip_admin.
NEEDS_A_WORKFLOW = {"workflow_action", "collect_workflow_action_data", "workflow_history_detail"}


def admin_url_names(only=None):
    """(name, pattern) of every URL of Kalem's features under /admin/ (of `only`'s, when
    given: the URLs another matrix owns)."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name, prefix + str(pattern.pattern)

    return sorted(
        {
            name: pattern
            for name, pattern in walk(get_resolver().url_patterns)
            if pattern.startswith("admin/")
            and OURS.match(name)
            and not REGISTER.match(name)
            and not HANDOVER.match(name)
            and (only.match(name) if only else not (OFFICE.match(name) or FORMS.match(name)))
        }.items()
    )


@pytest.fixture
def records(home, superuser):
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC), tick=True):
        contact = PressContactFactory()
        clipping = PressClippingFactory(
            outlet=contact.outlet, scan=ContentFile(b"%PDF-1.4 kupur", name="kupur.pdf")
        )
        notice = DenialNoticeFactory(
            outlet=contact.outlet,
            status=Status.APPROVED,
            scan=ContentFile(b"%PDF-1.4 haber", name="haber.pdf"),
            delivery_proof=ContentFile(b"%PDF-1.4 teslim", name="teslim.pdf"),
        )
        notice.save_revision(user=superuser)
        notice.title = "İkinci başlık"
        notice.save()
        notice.save_revision(user=superuser)
        DenialNoticeLetter.objects.create(
            notice=notice,
            version=1,
            number="E-1",
            file=ContentFile(b"%PDF-1.4 yazi", name="yazi.pdf"),
            sha256="0" * 64,
            size=13,
        )
        photographer = PhotographerFactory()
        photographer.agency = "Anadolu Ajansı"
        photographer.save()
        index = publish_child(home, PressReleaseIndexFactory())
        return {
            "press.mediaoutlet": contact.outlet,
            "press.presscontact": contact,
            "press.distributionlist": DistributionListFactory(),
            "press.pressclipping": clipping,
            "press.category": CategoryFactory(),
            "press.denialnotice": notice,
            "press.newspapernotice": NewspaperNoticeFactory(
                outlets=[contact.outlet],
                invoice=ContentFile(b"%PDF-1.4 fatura", name="fatura.pdf"),
            ),
            "press.monitoringreportfile": MonitoringReportFile.objects.create(
                start=dt.date(2026, 10, 1),
                end=dt.date(2026, 10, 31),
                status=ReportStatus.READY,
                file=ContentFile(b"%PDF-1.4 rapor", name="rapor.pdf"),
            ),
            "events.appointment": AppointmentFactory(
                start=at(2026, 11, 24), end=at(2026, 11, 24, 11)
            ),
            "events.eventcategory": EventCategoryFactory(),
            "events.officialholiday": OfficialHoliday.objects.create(
                date=dt.date(2026, 10, 29), name="Cumhuriyet Bayramı"
            ),
            "archive.photographer": photographer,
            "archive.photo": ArchivePhotoFactory(),
            "archive.video": _processed_video(),
            "release": publish_item(index, title="Açıklama"),
        }


def _processed_video():
    video = VideoFactory()
    video.process()  # a poster and a web copy, so the press download answers
    return video


def _model_of(name):
    """ "wagtailsnippets_press_category:edit" -> "press.category"."""
    match = re.match(r"wagtailsnippet(?:s|choosers)_([a-z]+)_([a-z]+):", name) or re.match(
        r"([a-z]+)_([a-z]+)_modeladmin_", name
    )
    return f"{match[1]}.{match[2]}" if match else None


def requests_for(name, pattern, records):
    """[(url, model label, action, method)] for one URL name (several for the shared
    history views, one per model with a history)."""
    short = name.split(":")[-1]
    label = _model_of(name)
    if name.startswith("wagtailsnippets_"):
        if short in NEEDS_A_WORKFLOW:
            return []
        record = records[label]
        kwargs = {}
        if "<int:pk>" in pattern or "(?P<pk>" in pattern:
            kwargs["pk"] = record.pk
        if "revision_id>" in pattern:
            kwargs["revision_id"] = record.revisions.order_by("pk").first().pk
        if "revision_id_a" in pattern:
            kwargs.update(revision_id_a="earliest", revision_id_b="latest")
        method = POST_ONLY if short in {"lock", "unlock"} else BOTH_METHODS
        return [(reverse(name, kwargs=kwargs), label, SNIPPET_ACTIONS[short], method)]
    if name.startswith("wagtailsnippetchoosers_"):
        record = records[label]
        url = reverse(name, kwargs={"pk": record.pk} if "<str:pk>" in pattern else {})
        if short == "chosen_multiple":
            url += f"?id={record.pk}"
        return [(url, label, CHOOSER_ACTIONS[short], BOTH_METHODS)]
    if "_modeladmin_" in name:
        action = name.rsplit("_", 1)[-1]
        args = [records[label].pk] if "instance_pk" in pattern else []
        urls = [reverse(name, args=args)]
        if action == "index":
            urls.append(urls[0] + "?export=csv")
        return [(url, label, MODELADMIN_ACTIONS[action], BOTH_METHODS) for url in urls]
    if name == "record_history:index":
        return [
            (
                reverse(name, args=[*label.split("."), records[label].pk]),
                label,
                "view",
                BOTH_METHODS,
            )
            for label in HISTORY_MODELS
        ]
    if name == "record_history:restore":
        return [
            (
                reverse(
                    name,
                    args=label.split(".")
                    + [records[label].pk, records[label].history.last().history_id],
                ),
                label,
                "change",
                POST_ONLY,
            )
            for label in HISTORY_MODELS
        ]
    return OWN_VIEWS[name](records)


# How a URL is requested: both methods; POST only (a GET says nothing, and an allowed
# POST would change things, so only refused POSTs are sent); GET only (a POST is 405).
BOTH_METHODS, POST_ONLY, GET_ONLY = "both", "post", "get"

HISTORY_MODELS = [
    "press.mediaoutlet",
    "press.presscontact",
    "press.distributionlist",
    "press.pressclipping",
    "press.denialnotice",
    "press.newspapernotice",
    "events.appointment",
    "archive.photographer",
    "archive.photo",
    "archive.video",
]


def _one(url_name, label, action, *args, method=BOTH_METHODS, **kwargs):
    return lambda records: [
        (
            reverse(url_name, args=[a(records) if callable(a) else a for a in args], kwargs=kwargs),
            label,
            action,
            method,
        )
    ]


def _pk(label):
    return lambda records: records[label].pk


def _release(records):
    return records["release"].pk


def _private_link(records):
    from django.core.files.storage import storages

    token = storages["private"].url(records["press.pressclipping"].scan.name).split("/")[-2]
    return token


OWN_VIEWS = {
    "kalem_locked_logins": _one("kalem_locked_logins", "axes.accessattempt", "delete"),
    "press_import": lambda records: [
        (reverse("press_import", args=["contacts"]), "press.presscontact", "add", BOTH_METHODS),
        (reverse("press_import", args=["outlets"]), "press.mediaoutlet", "add", BOTH_METHODS),
    ],
    "press_monitoring": _one("press_monitoring", "press.monitoringreportfile", "view"),
    "press_monitoring_pdf": _one("press_monitoring_pdf", "press.monitoringreportfile", "view"),
    "press_monitoring_pdf_status": _one(
        "press_monitoring_pdf_status",
        "press.monitoringreportfile",
        "view",
        _pk("press.monitoringreportfile"),
    ),
    "press_monitoring_pdf_download": _one(
        "press_monitoring_pdf_download",
        "press.monitoringreportfile",
        "view",
        _pk("press.monitoringreportfile"),
    ),
    "press_clipping_scan": _one(
        "press_clipping_scan", "press.pressclipping", "view", _pk("press.pressclipping")
    ),
    "press_distribute": _one("press_distribute", "press.dispatch", "add", _release),
    "press_dispatches": _one("press_dispatches", "press.dispatch", "view", _release),
    "press_dispatch_retry": _one(
        "press_dispatch_retry", "press.dispatch", "add", _release, method=POST_ONLY
    ),
    "press_tekzip_detail": _one(
        "press_tekzip_detail", "press.denialnotice", "view", _pk("press.denialnotice")
    ),
    "press_tekzip_action": lambda records: [
        (
            reverse("press_tekzip_action", args=[records["press.denialnotice"].pk, "gonder"]),
            "press.denialnotice",
            "change",
            BOTH_METHODS,
        ),
        (
            reverse("press_tekzip_action", args=[records["press.denialnotice"].pk, "geri-cek"]),
            "press.denialnotice",
            "publish",
            BOTH_METHODS,
        ),
    ],
    "press_tekzip_letter": _one(
        "press_tekzip_letter",
        "press.denialnotice",
        "change",
        _pk("press.denialnotice"),
        method=POST_ONLY,
    ),
    "press_tekzip_letter_download": _one(
        "press_tekzip_letter_download",
        "press.denialnotice",
        "view",
        _pk("press.denialnotice"),
        1,
    ),
    "press_tekzip_proof": _one(
        "press_tekzip_proof", "press.denialnotice", "view", _pk("press.denialnotice")
    ),
    "press_tekzip_scan": _one(
        "press_tekzip_scan", "press.denialnotice", "view", _pk("press.denialnotice")
    ),
    "press_notice_advance": _one(
        "press_notice_advance", "press.newspapernotice", "approve", _pk("press.newspapernotice")
    ),
    "press_notice_report": lambda records: [
        (reverse("press_notice_report"), "press.newspapernotice", "view", GET_ONLY),
        (
            reverse("press_notice_report") + "?yil=2026&bicim=xlsx",
            "press.newspapernotice",
            "view",
            GET_ONLY,
        ),
    ],
    "events_daily_programme": _one("events_daily_programme", "events.appointment", "view"),
    "events_daily_programme_day": _one(
        "events_daily_programme_day", "events.appointment", "view", 2026, 11, 24
    ),
    "events_load_holidays": _one(
        "events_load_holidays", "events.officialholiday", "view", method=POST_ONLY
    ),
    "archive_photo_rights": _one("archive_photo_rights", "archive.photo", "change"),
    "archive_upload_status": _one("archive_upload_status", "archive.photo", "add"),
    "archive_keep_near_duplicate": _one(
        "archive_keep_near_duplicate",
        "archive.photo",
        "change",
        _pk("archive.photo"),
        method=POST_ONLY,
    ),
    "archive_video_download": _one(
        "archive_video_download", "archive.video", "view", _pk("archive.video"), method=GET_ONLY
    ),
    "archive_video_original": _one(
        "archive_video_original", "archive.video", "change", _pk("archive.video"), method=GET_ONLY
    ),
    "kalem_private_file": _one(
        "kalem_private_file", "press.pressclipping", "view", _private_link, method=GET_ONLY
    ),
}


def test_every_admin_url_is_in_the_matrix():
    names = [name for name, _pattern in admin_url_names()]
    unknown = [
        name
        for name in names
        if not (
            (name.startswith("wagtailsnippets_") and name.split(":")[-1] in SNIPPET_ACTIONS)
            or (name.startswith("wagtailsnippets_") and name.split(":")[-1] in NEEDS_A_WORKFLOW)
            or (
                name.startswith("wagtailsnippetchoosers_")
                and name.split(":")[-1] in CHOOSER_ACTIONS
            )
            or ("_modeladmin_" in name and name.rsplit("_", 1)[-1] in MODELADMIN_ACTIONS)
            or name.startswith("record_history:")
            or name in OWN_VIEWS
        )
    ]
    assert unknown == []
    # Each feature a URL belongs to has its roles written down.
    assert {_model_of(name) for name in names} - {None} <= set(FEATURES)


def snapshot(records):
    """What a refused POST must leave as it was: every record's row and its versions."""
    state = {}
    for label, record in records.items():
        model = type(record)
        row = model._default_manager.filter(pk=record.pk).values().first()
        history = record.history.count() if hasattr(record, "history") else None
        revisions = record.revisions.count() if hasattr(record, "revisions") else None
        state[label] = (row, history, revisions)
    state["dispatches"] = Dispatch.objects.count()
    state["letters"] = DenialNoticeLetter.objects.count()
    state["pages"] = Page.objects.count()
    return state


def answer(response):
    location = response.get("Location", "") if response.status_code == 302 else ""
    return response.status_code, location


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.indexed
def test_each_role_gets_exactly_the_screens_of_its_features(client, user_with_role, records, role):
    client.force_login(user_with_role(role))
    mismatches = []
    requested = 0
    # The records as they were before the last refused POST: each POST is compared with
    # the state just before it, read once, not again before every POST.
    state = snapshot(records)
    for name, pattern in admin_url_names():
        for url, label, action, method in requests_for(name, pattern, records):
            requested += 1
            allowed = role in FEATURES[label][action]
            # cms.history hides a record from a role that may not see it, and refuses the
            # restore to one that may see but not change it.
            hidden = name.startswith("record_history:") and role not in FEATURES[label]["view"]
            refused = HIDDEN if hidden else REFUSED
            if allowed:
                if method != POST_ONLY:
                    got = answer(client.get(url))
                    if got[0] != 200:
                        mismatches.append((url, "allowed", got))
                continue
            if method != POST_ONLY:
                got = answer(client.get(url))
                if got != refused:
                    mismatches.append((url, "GET refused", got))
            got = answer(client.post(url, {"title": "Saldırı", "name": "Saldırı"}))
            if got != ((405, "") if method == GET_ONLY else refused):
                mismatches.append((url, "POST refused", got))
            before, state = state, snapshot(records)
            if state != before:
                mismatches.append((url, "POST changed records", None))
    assert mismatches == [], "\n".join(map(str, mismatches))
    assert requested > 120  # every feature's URLs were requested, not a handful


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, CLERK])
def test_page_type_usage_lists_are_closed_to_roles_without_page_rights(
    client, user_with_role, records, role
):
    # Photo editors get page rights on the archive only once it exists (not here).
    client.force_login(user_with_role(role))
    for url in [
        reverse("wagtailadmin_pages:type_use", args=["press", "pressreleasepage"]),
        reverse("wagtailadmin_pages:type_use", args=["cms", "standardpage"]),
        reverse("wagtailadmin_reports:page_types_usage"),
    ]:
        assert answer(client.get(url)) == REFUSED, url


def test_the_approved_roles_see_their_own_records_in_the_type_usage_list(
    client, user_with_role, records
):
    client.force_login(user_with_role(PRESS))
    url = reverse("wagtailadmin_pages:type_use", args=["press", "pressreleasepage"])
    assert "Açıklama" in client.get(url).content.decode()


def test_every_feature_model_has_its_own_registered_policy():
    """One policy per model, registered by its app: no admin feature falls back to a
    policy nobody wrote (the archive's photos use the one Wagtail registers for images)."""
    from django.apps import apps
    from wagtail.permissions import policy_registry
    from wagtail.utils.registry import ObjectTypeRegistry

    # The registry's own lookup, without the fallback it caches for unregistered models.
    unregistered = [
        label
        for label in FEATURES
        if ObjectTypeRegistry.get_by_type(policy_registry, apps.get_model(label)) is None
    ]
    assert unregistered == []
