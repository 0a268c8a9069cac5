""" "Restore this version" (cms.history) is an edit: on a record with drafts and approval it
makes a new draft that the Müdür must approve again, and on every record it is allowed only
to a role that may edit it. Covers every model with a history, as an attacker would try."""

import io

import pytest
from django.apps import apps
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import DraftStateMixin, Site

from cms.history import has_history, history_url
from cms.models import MunicipalitySettings
from cms.roles import ARCHIVIST, CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from press.models import DenialNotice
from press.tekzip.rules import Status
from tests.factories.archive import ArchivePhotoFactory, PhotographerFactory, VideoFactory
from tests.factories.correspondence import CorrespondenceFactory
from tests.factories.documents import ArchivedDocumentFactory, RetentionRuleFactory
from tests.factories.events import (
    AppointmentFactory,
    BudgetAllocationFactory,
    CeremonyFactory,
    GiftFactory,
    ProtocolOfficeFactory,
    VisitFactory,
    soon,
)
from tests.factories.notices import NewspaperNoticeFactory
from tests.factories.press import (
    DistributionListFactory,
    MediaOutletFactory,
    PressClippingFactory,
    PressContactFactory,
)
from tests.factories.tekzip import DenialNoticeFactory
from tests.factories.weekly import DirectorateFactory, WeeklyReportFactory

pytestmark = pytest.mark.django_db


def restore_url(record, version):
    return history_url(record) + f"geri-yukle/{version.history_id}/"


def _changed(factory, field, old, new, **fields):
    """A record first saved with `old` in `field`, then changed to `new` (two versions)."""

    def make():
        record = factory(**{field: old}, **fields)
        setattr(record, field, new)
        record.save()
        return record

    return make


# model label -> (make a record with two versions, the field, old value, new value,
# a role that may edit the record, a role that may not)
CASES = {
    "archive.correspondence": (
        _changed(CorrespondenceFactory, "subject", "Eski konu", "Yeni konu"),
        "subject",
        "Eski konu",
        "Yeni konu",
        CLERK,
        PRESS,
    ),
    "archive.photographer": (
        _changed(PhotographerFactory, "agency", "Anadolu Ajansı", "Basın Birimi"),
        "agency",
        "Anadolu Ajansı",
        "Basın Birimi",
        PHOTO_ARCHIVE,
        PRESS,
    ),
    "archive.photo": (
        _changed(ArchivePhotoFactory, "caption", "Eski açıklama", "Yeni açıklama"),
        "caption",
        "Eski açıklama",
        "Yeni açıklama",
        PHOTO_ARCHIVE,
        CLERK,
    ),
    "events.appointment": (
        _changed(
            AppointmentFactory, "subject", "Eski konu", "Yeni konu", start=soon(3), end=soon(3, 11)
        ),
        "subject",
        "Eski konu",
        "Yeni konu",
        CLERK,
        PRESS,
    ),
    "press.mediaoutlet": (
        _changed(MediaOutletFactory, "phone", "0232 111 11 11", "0232 222 22 22"),
        "phone",
        "0232 111 11 11",
        "0232 222 22 22",
        PRESS,
        HEAD,
    ),
    "press.presscontact": (
        _changed(PressContactFactory, "name", "Eski Ad", "Yeni Ad"),
        "name",
        "Eski Ad",
        "Yeni Ad",
        PRESS,
        HEAD,
    ),
    "press.distributionlist": (
        _changed(DistributionListFactory, "description", "Eski açıklama", "Yeni açıklama"),
        "description",
        "Eski açıklama",
        "Yeni açıklama",
        PRESS,
        HEAD,
    ),
    "press.pressclipping": (
        _changed(PressClippingFactory, "headline", "Eski manşet", "Yeni manşet"),
        "headline",
        "Eski manşet",
        "Yeni manşet",
        PRESS,
        HEAD,
    ),
    "press.denialnotice": (
        _changed(DenialNoticeFactory, "title", "Eski başlık", "Yeni başlık"),
        "title",
        "Eski başlık",
        "Yeni başlık",
        PRESS,
        CLERK,
    ),
    "archive.archiveddocument": (
        _changed(ArchivedDocumentFactory, "title", "Eski başlık", "Yeni başlık"),
        "title",
        "Eski başlık",
        "Yeni başlık",
        ARCHIVIST,
        PRESS,
    ),
    "archive.retentionrule": (
        _changed(RetentionRuleFactory, "note", "Eski not", "Yeni not"),
        "note",
        "Eski not",
        "Yeni not",
        ARCHIVIST,
        PRESS,
    ),
    "archive.directorate": (
        _changed(DirectorateFactory, "name", "Fen İşleri", "Fen İşleri Müdürlüğü"),
        "name",
        "Fen İşleri",
        "Fen İşleri Müdürlüğü",
        HEAD,
        PRESS,
    ),
    "press.newspapernotice": (
        _changed(NewspaperNoticeFactory, "subject", "Eski ilan", "Yeni ilan"),
        "subject",
        "Eski ilan",
        "Yeni ilan",
        PRESS,
        PHOTO_ARCHIVE,
    ),
    "events.visit": (
        _changed(VisitFactory, "title", "Eski ziyaret", "Yeni ziyaret"),
        "title",
        "Eski ziyaret",
        "Yeni ziyaret",
        CLERK,
        PRESS,
    ),
    "archive.video": (
        _changed(VideoFactory, "title", "Eski video", "Yeni video"),
        "title",
        "Eski video",
        "Yeni video",
        PHOTO_ARCHIVE,
        PRESS,
    ),
    "events.protocoloffice": (
        _changed(ProtocolOfficeFactory, "holder", "Ali Vural", "Ayşe Demir"),
        "holder",
        "Ali Vural",
        "Ayşe Demir",
        CLERK,
        PRESS,
    ),
    "events.budgetallocation": (
        _changed(BudgetAllocationFactory, "note", "Meclis kararı 12", "Aktarma 3"),
        "note",
        "Meclis kararı 12",
        "Aktarma 3",
        HEAD,
        CLERK,
    ),
    "events.ceremony": (
        _changed(CeremonyFactory, "title", "Eski tören", "Yeni tören"),
        "title",
        "Eski tören",
        "Yeni tören",
        CLERK,
        PRESS,
    ),
    "events.gift": (
        _changed(GiftFactory, "description", "Eski plaket", "Yeni plaket"),
        "description",
        "Eski plaket",
        "Yeni plaket",
        CLERK,
        PRESS,
    ),
}


# Records the refused role of CASES may read (but not change).
READ_BY_THE_REFUSED_ROLE = {"archive.video", "events.budgetallocation"}


# Records changed only through their own steps (cms.history.is_restorable): their
# history is shown, and nobody writes an old version back, not even a superuser.
STEPS_ONLY = {
    "archive.dispositionlist",
    "archive.dispositionitem",
    "archive.hold",
    "archive.retrievalrequest",
    "archive.routing",
    "archive.weeklyreport",
    "cms.handover",
    "events.appointmentrequest",
    "events.expense",
    # A reply changes through the ceremony's form; its earlier states are read only.
    "events.invitation",
}


def test_every_model_with_a_history_is_covered_here():
    """A model given a history later must be added to CASES or to STEPS_ONLY."""
    with_history = {
        model._meta.label_lower
        for model in apps.get_models()
        if has_history(model) and model._meta.app_label in {"cms", "press", "events", "archive"}
    }
    assert with_history == set(CASES) | STEPS_ONLY
    assert not set(CASES) & STEPS_ONLY


def test_a_record_changed_only_by_its_steps_is_never_restored(client, superuser):
    """A weekly report corrected once: its history shows both versions, offers no restore,
    and a forged restore changes nothing."""
    report = WeeklyReportFactory(done="İlk hali")
    report.done = "Düzeltilmiş hali"
    report.save()
    client.force_login(superuser)
    page = client.get(history_url(report))
    assert page.status_code == 200
    assert "İlk hali" in page.content.decode()
    assert "geri-yukle" not in page.content.decode()
    response = client.post(restore_url(report, report.history.last()))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.done == "Düzeltilmiş hali"
    assert report.history.count() == 2
    for label in STEPS_ONLY:
        assert apps.get_model(label).history_restorable is False


@pytest.mark.parametrize("label", sorted(CASES))
def test_a_role_that_may_edit_restores_an_old_version(client, user_with_role, label):
    make, field, old, new, editor, _refused = CASES[label]
    record = make()
    was_live_with_drafts = isinstance(record, DraftStateMixin) and record.live
    client.force_login(user_with_role(editor))
    response = client.post(restore_url(record, record.history.last()))
    assert (response.status_code, response["Location"]) == (302, history_url(record))
    record.refresh_from_db()
    if was_live_with_drafts:
        # Restoring is an edit: a live record with approval gets a draft that needs it;
        # the live value stays until the draft is approved.
        assert getattr(record, field) == new
        assert record.has_unpublished_changes
        assert getattr(record.latest_revision.as_object(), field) == old
        return
    if isinstance(record, DenialNotice):
        # A draft notice was never approved: the restored text is its draft, still a draft.
        assert record.status == Status.DRAFT
    assert getattr(record, field) == old


@pytest.mark.parametrize("label", sorted(CASES))
def test_a_role_without_edit_rights_is_refused_and_nothing_changes(client, user_with_role, label):
    make, field, old, new, _editor, refused = CASES[label]
    record = make()
    versions = record.history.count()
    client.force_login(user_with_role(refused))
    response = client.post(restore_url(record, record.history.last()))
    if refused == HEAD or label in READ_BY_THE_REFUSED_ROLE:
        # The role may see the record but not change it (the Müdür reads the directory,
        # the press chooses videos): Wagtail's refusal, a redirect to the dashboard with
        # a message.
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    else:
        # A role that may not even see the record is not told it exists.
        assert response.status_code == 404
    record.refresh_from_db()
    assert getattr(record, field) == new
    assert record.history.count() == versions


# -- the approval bypass (issue 11, item 1)


@pytest.fixture
def letterhead():
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Örnekköy Belediyesi"
    settings.detsis_number = "12345678"
    settings.save()


APPROVED_REPLY = "<p>Belediyemiz onaylanan metinle cevap verir.</p>"
OLD_REPLY = "<p>Belediyemiz hiçbir parkı satmamıştır; eski taslak.</p>"


@pytest.fixture
def approved_notice(user_with_role):
    """A notice whose first draft was rewritten, then approved by the Müdür."""
    head = user_with_role(HEAD, username="mudur")
    notice = DenialNoticeFactory(reply=OLD_REPLY)
    notice.reply = APPROVED_REPLY
    notice.save()
    notice.save_revision(user=head).publish(user=head)
    notice.refresh_from_db()
    assert notice.status == Status.APPROVED and notice.live
    return notice


def pdf_text(data):
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def test_restoring_an_approved_notice_makes_a_draft_that_needs_approval(
    client, user_with_role, approved_notice, letterhead
):
    notice = approved_notice
    press = user_with_role(PRESS, username="basin")
    client.force_login(press)
    old_version = notice.history.last()
    assert old_version.reply == OLD_REPLY
    response = client.post(restore_url(notice, old_version), follow=True)
    assert response.status_code == 200
    assert "onaylanınca" in response.content.decode()  # the message says it awaits approval

    notice.refresh_from_db()
    # The live notice is what the Müdür approved: text, status, live state.
    assert notice.reply == APPROVED_REPLY
    assert notice.status == Status.APPROVED and notice.live
    # The restored text waits as the newest draft revision, unapproved.
    assert notice.has_unpublished_changes
    assert notice.latest_revision_id != notice.live_revision_id
    draft = notice.get_latest_revision_as_object()
    assert draft.reply == OLD_REPLY
    assert notice.latest_revision.user == press

    # The official letter printed now carries the approved text only.
    response = client.post(reverse("press_tekzip_letter", args=[notice.pk]))
    assert response.status_code == 302
    letter = notice.letters.get()
    with letter.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "onaylanan metinle cevap verir" in text
    assert "eski taslak" not in text


def test_the_head_of_office_approving_the_restored_draft_makes_it_live(
    client, user_with_role, approved_notice
):
    notice = approved_notice
    client.force_login(user_with_role(PRESS, username="basin"))
    client.post(restore_url(notice, notice.history.last()))
    notice.refresh_from_db()
    head = user_with_role(HEAD, username="mudur2")
    notice.latest_revision.publish(user=head)
    notice.refresh_from_db()
    assert notice.reply == OLD_REPLY and not notice.has_unpublished_changes


def test_restore_of_a_sent_notice_is_refused_even_to_the_head_of_office(
    client, user_with_role, approved_notice
):
    from django.utils import timezone

    notice = approved_notice
    notice.transition(Status.SENT, delivered_on=timezone.localdate(), delivery_method="kep")
    revisions = notice.revisions.count()
    client.force_login(user_with_role(HEAD, username="mudur2"))
    assert "geri-yukle" not in client.get(history_url(notice)).content.decode()
    response = client.post(restore_url(notice, notice.history.last()))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    notice.refresh_from_db()
    assert notice.reply == APPROVED_REPLY and notice.revisions.count() == revisions


@pytest.mark.indexed
def test_wagtail_revert_of_an_approved_notice_is_a_draft_too(
    client, user_with_role, approved_notice
):
    """The snippet's own "revert to this revision" is the edit form: press staff asking to
    publish the reverted text get a draft; the live notice stays as approved."""
    from tests.test_press_tekzip_admin import form

    notice = approved_notice
    first = notice.revisions.order_by("pk").first()
    client.force_login(user_with_role(PRESS, username="basin"))
    url = reverse("wagtailsnippets_press_denialnotice:revisions_revert", args=[notice.pk, first.pk])
    assert client.get(url).status_code == 200
    data = form(notice.outlet, reply=OLD_REPLY, **{"action-publish": "action-publish"})
    response = client.post(url, data)
    assert response.status_code == 302  # a valid form, saved
    notice.refresh_from_db()
    assert notice.reply == APPROVED_REPLY and notice.status == Status.APPROVED
    assert "eski taslak" in notice.get_latest_revision_as_object().reply
