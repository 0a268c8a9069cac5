"""The status flow of a denial notice: the transition table, the actions in the admin with
who and when, Turkish refusals, deadlines per status, deletion and withdrawal."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from cms.dates import ISTANBUL
from cms.roles import HEAD, PRESS
from press.models import DenialNotice
from press.tekzip import rules
from press.tekzip.rules import DeadlineKind, Status
from tests.factories.tekzip import DenialNoticeFactory, days_ago

TODAY = dt.date(2027, 3, 1)


# --- The pure table ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "current, target",
    [
        (Status.DRAFT, Status.PENDING),
        (Status.PENDING, Status.APPROVED),
        (Status.PENDING, Status.DRAFT),
        (Status.APPROVED, Status.SENT),
        (Status.SENT, Status.PUBLISHED),
        (Status.SENT, Status.NOT_PUBLISHED),
        (Status.NOT_PUBLISHED, Status.COURT),
        (Status.COURT, Status.CONCLUDED),
        (Status.SENT, Status.WITHDRAWN),
    ],
)
def test_the_flow_allows_each_step_of_the_process(current, target):
    assert rules.can_transition(current, target)


@pytest.mark.parametrize(
    "current, target",
    [
        (Status.DRAFT, Status.SENT),  # never sent without approval
        (Status.PENDING, Status.SENT),
        (Status.APPROVED, Status.PUBLISHED),
        (Status.SENT, Status.APPROVED),  # no way back
        (Status.SENT, Status.CONCLUDED),
        (Status.DRAFT, Status.WITHDRAWN),  # a draft is deleted, not withdrawn
        (Status.CONCLUDED, Status.COURT),
        (Status.WITHDRAWN, Status.SENT),  # withdrawal is final
        (Status.WITHDRAWN, Status.DRAFT),
    ],
)
def test_the_flow_refuses_steps_out_of_order(current, target):
    assert not rules.can_transition(current, target)


def test_every_status_is_in_the_table_and_only_terminal_ones_lead_nowhere():
    assert set(rules.TRANSITIONS) == set(Status)
    assert {s for s, targets in rules.TRANSITIONS.items() if not targets} == {
        Status.CONCLUDED,
        Status.WITHDRAWN,
    }


@pytest.mark.parametrize("status", list(Status))
def test_only_notices_not_yet_sent_may_be_deleted(status):
    assert rules.may_delete(status) == (status in {Status.DRAFT, Status.PENDING, Status.APPROVED})


def deadline(kind, day):
    return rules.Deadline(kind, "", day, day, "")


def test_next_deadline_is_the_earliest_open_one_not_yet_passed():
    publish = deadline(DeadlineKind.PUBLISH, TODAY - dt.timedelta(days=1))
    judge = deadline(DeadlineKind.JUDGE_NOT_PUBLISHED, TODAY + dt.timedelta(days=14))
    send = deadline(DeadlineKind.SEND, TODAY - dt.timedelta(days=30))
    found = rules.next_deadline([send, publish, judge], Status.SENT, TODAY)
    assert found is judge
    # Once everything watched has passed, the last missed deadline is the one shown.
    assert rules.next_deadline([send, publish], Status.SENT, TODAY) is publish
    assert rules.next_deadline([send, publish, judge], Status.CONCLUDED, TODAY) is None


@pytest.mark.parametrize("days, expected", [(-1, True), (0, True), (7, True), (8, False)])
def test_reminders_cover_overdue_and_the_next_seven_days(days, expected):
    due = deadline(DeadlineKind.SEND, TODAY + dt.timedelta(days=days))
    assert rules.needs_reminder(due, TODAY) is expected
    assert rules.needs_reminder(None, TODAY) is False


def test_letter_number_joins_detsis_file_plan_code_and_running_number():
    assert rules.letter_number("12345678", 17) == "E-12345678-045.01-17"
    with pytest.raises(ValueError):
        rules.letter_number("12345678", 0)


# --- On the model ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_transition_has_a_turkish_message_and_changes_nothing():
    notice = DenialNoticeFactory()
    with pytest.raises(ValidationError) as error:
        notice.transition(Status.SENT)
    assert error.value.messages == [
        "“taslak” durumundaki bir tekzip “gönderildi” durumuna geçemez."
    ]
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT and not notice.transitions.exists()


@pytest.mark.django_db
def test_a_sent_notice_cannot_be_deleted_from_code_either():
    notice = DenialNoticeFactory(status=Status.SENT)
    with pytest.raises(ProtectedError):
        notice.delete()
    assert DenialNotice.objects.filter(pk=notice.pk).exists()


@pytest.mark.django_db
def test_deadlines_follow_the_process():
    notice = DenialNoticeFactory(published_at=days_ago(10))
    assert [d.kind for d in notice.deadlines()] == [DeadlineKind.SEND]
    assert notice.next_deadline().kind == DeadlineKind.SEND

    received = timezone.localdate() - dt.timedelta(days=1)
    notice.transition(Status.APPROVED, check=False)
    notice.transition(Status.SENT, delivered_on=received, delivery_method="kep")
    kinds = [d.kind for d in notice.deadlines()]
    assert kinds == [DeadlineKind.SEND, DeadlineKind.PUBLISH, DeadlineKind.JUDGE_NOT_PUBLISHED]
    publish = notice.deadlines()[1]
    assert publish.date == received + dt.timedelta(days=3)  # a daily: three days
    assert notice.next_deadline() == publish


@pytest.mark.django_db
def test_process_fields_survive_publishing_an_older_revision():
    notice = DenialNoticeFactory()
    revision = notice.save_revision()
    revision.publish()
    notice.refresh_from_db()
    notice.transition(Status.SENT, delivered_on=timezone.localdate(), delivery_method="kep")
    revision.publish()  # e.g. reverting the text
    notice.refresh_from_db()
    assert notice.status == Status.SENT and notice.delivered_on == timezone.localdate()


# --- Through the admin -------------------------------------------------------------------


@pytest.fixture
def press_user(user_with_role):
    return user_with_role(PRESS, username="basin")


@pytest.fixture
def head_user(user_with_role):
    return user_with_role(HEAD, username="mudur")


def act(client, notice, slug, **data):
    return client.post(reverse("press_tekzip_action", args=[notice.pk, slug]), data)


@pytest.mark.django_db
def test_the_whole_process_through_the_admin_records_who_and_when(client, press_user, head_user):
    notice = DenialNoticeFactory(published_at=days_ago(20), status=Status.APPROVED)
    today = timezone.localdate()
    client.force_login(press_user)
    response = act(
        client,
        notice,
        "gonder",
        delivery_method="registered_mail",
        delivered_on=(today - dt.timedelta(days=15)).isoformat(),
        note="PTT barkod 123",
        delivery_proof=SimpleUploadedFile("alindi.pdf", b"%PDF-1.4 alindi", "application/pdf"),
    )
    assert response.status_code == 302
    proof = client.get(reverse("press_tekzip_proof", args=[notice.pk]))
    assert b"".join(proof.streaming_content) == b"%PDF-1.4 alindi"
    assert act(client, notice, "yayimlanmadi").status_code == 302
    assert act(client, notice, "mahkeme", applied_to_judge_on=today.isoformat()).status_code == 302
    assert (
        act(client, notice, "sonuc", court_result="Yayımlanmasına karar verildi.").status_code
        == 302
    )
    notice.refresh_from_db()
    assert notice.status == Status.CONCLUDED
    assert notice.delivery_method == "registered_mail"
    assert notice.court_result == "Yayımlanmasına karar verildi."
    steps = list(notice.transitions.values_list("from_status", "to_status", "user__username"))
    assert steps == [
        ("approved", "sent", "basin"),
        ("sent", "not_published", "basin"),
        ("not_published", "court", "basin"),
        ("court", "concluded", "basin"),
    ]
    assert notice.transitions.first().note == "PTT barkod 123"
    page = client.get(reverse("press_tekzip_detail", args=[notice.pk])).content.decode()
    assert "Sonuçlandı" in page


@pytest.mark.django_db
def test_an_action_out_of_order_is_refused_with_a_turkish_message(client, press_user):
    notice = DenialNoticeFactory(status=Status.APPROVED)
    client.force_login(press_user)
    response = act(
        client, notice, "yayimlandi", reply_published_on=timezone.localdate().isoformat()
    )
    assert response.status_code == 200
    assert (
        "“onaylandı” durumundaki bir tekzip “yayımlandı” durumuna geçemez."
        in response.content.decode()
    )
    notice.refresh_from_db()
    assert notice.status == Status.APPROVED


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 29, 12, 0, tzinfo=ISTANBUL), tick=False)
def test_reply_delivered_before_the_publication_is_refused(client, press_user):
    notice = DenialNoticeFactory(published_at=days_ago(5), status=Status.APPROVED)
    client.force_login(press_user)
    early = timezone.localdate() - dt.timedelta(days=6)
    response = act(client, notice, "gonder", delivery_method="kep", delivered_on=early.isoformat())
    assert response.status_code == 200
    assert response.context["form"].errors["delivered_on"] == [
        "Tebliğ tarihi: cevap, haberin yayımlandığı tarihten (24 Kasım 2026) önce tebliğ "
        "edilmiş olamaz."
    ]
    notice.refresh_from_db()
    assert notice.status == Status.APPROVED and notice.delivered_on is None


def _in(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("status", "slug", "data", "field", "message"),
    [
        (
            Status.APPROVED,
            "gonder",
            {"delivery_method": "kep", "delivered_on": 1},
            "delivered_on",
            "Tebliğ tarihi: tarih gelecekte olamaz.",
        ),
        (
            Status.SENT,
            "yayimlandi",
            {"reply_published_on": -3},
            "reply_published_on",
            "Cevabın yayımlandığı tarih: cevap tebliğ edilmeden önce yayımlanmış olamaz.",
        ),
        (
            Status.SENT,
            "yayimlandi",
            {"reply_published_on": 2},
            "reply_published_on",
            "Cevabın yayımlandığı tarih: tarih gelecekte olamaz.",
        ),
        (
            Status.NOT_PUBLISHED,
            "mahkeme",
            {"applied_to_judge_on": -3},
            "applied_to_judge_on",
            "Sulh ceza hakimliğine başvuru tarihi: başvuru, cevabın tebliğinden önce olamaz.",
        ),
    ],
    ids=["delivered-in-future", "published-before-delivery", "published-in-future", "judge-early"],
)
@pytest.mark.django_db
def test_impossible_process_dates_are_refused_and_nothing_changes(
    client, press_user, status, slug, data, field, message
):
    notice = DenialNoticeFactory(
        published_at=days_ago(10), status=status, delivered_on=timezone.localdate()
    )
    if status == Status.APPROVED:
        notice.delivered_on = None
        notice.save(update_fields=["delivered_on"])
    client.force_login(press_user)
    post = {key: _in(value) if isinstance(value, int) else value for key, value in data.items()}
    response = act(client, notice, slug, **post)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    notice.refresh_from_db()
    assert notice.status == status
    assert not notice.transitions.exists()


@pytest.mark.django_db
def test_withdrawal_needs_a_reason_and_the_reason_is_kept(client, head_user):
    notice = DenialNoticeFactory(status=Status.SENT)
    client.force_login(head_user)
    response = act(client, notice, "geri-cek", withdrawal_reason="")
    assert response.context["form"].errors["withdrawal_reason"] == ["Bu alan zorunludur."]
    act(client, notice, "geri-cek", withdrawal_reason="Gazete kendiliğinden düzeltti.")
    notice.refresh_from_db()
    assert notice.status == Status.WITHDRAWN
    assert notice.withdrawal_reason == "Gazete kendiliğinden düzeltti."
    assert notice.withdrawn_at is not None
    assert notice.transitions.get().user == head_user
    assert not rules.may_delete(notice.status)


@pytest.mark.django_db
def test_detail_shows_every_deadline_with_days_left_and_the_allowed_actions(client, press_user):
    notice = DenialNoticeFactory(
        published_at=days_ago(5),
        status=Status.SENT,
        delivered_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(press_user)
    response = client.get(reverse("press_tekzip_detail", args=[notice.pk]))
    page = response.content.decode()
    assert "Cevap ve düzeltmenin yayımlanması için son gün" in page
    assert "Süresinde yayımlanmazsa sulh ceza hakimliğine başvuru için son gün" in page
    assert "2 gün kaldı" in page
    assert reverse("press_tekzip_action", args=[notice.pk, "yayimlandi"]) in page
    assert reverse("press_tekzip_action", args=[notice.pk, "gonder"]) not in page
    # Withdrawing is the Müdür's decision.
    assert reverse("press_tekzip_action", args=[notice.pk, "geri-cek"]) not in page
    form = client.get(reverse("press_tekzip_action", args=[notice.pk, "yayimlandi"]))
    assert form.status_code == 200 and "Cevabın yayımlandığı tarih" in form.content.decode()


@pytest.mark.django_db
def test_the_offices_reading_of_open_points_in_settings_reaches_every_notice(settings):
    # Broadcast Mon 30 Ağustos 2027, reply received Tue 12 Ekim: the outlet has until
    # Tue 19 Ekim; ten days later is Fri 29 Ekim, a holiday, so Mon 1 Kasım by default;
    # an office that reads fifteen days gets Wed 3 Kasım.
    notice = DenialNoticeFactory(
        medium="broadcast",
        published_at=dt.datetime(2027, 8, 30, 10, tzinfo=dt.UTC),
        delivered_on=dt.date(2027, 10, 12),
    )

    def judge_day():
        return {d.kind: d.date for d in notice.deadlines()}[DeadlineKind.JUDGE_NOT_PUBLISHED]

    assert judge_day() == dt.date(2027, 11, 1)
    settings.KALEM_TEKZIP_READING = {"judge_days_broadcast": 15}
    assert judge_day() == dt.date(2027, 11, 3)
    settings.KALEM_TEKZIP_READING = {"judge_days": 15}
    with pytest.raises(ImproperlyConfigured, match="KALEM_TEKZIP_READING"):
        notice.deadlines()
