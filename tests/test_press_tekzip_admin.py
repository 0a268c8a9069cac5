"""Denial notices in the admin: the Müdür onayı workflow, Turkish errors for bad input, the
listing with its filters and coloured deadlines, field-level history, and permissions."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

from cms.history import history_url
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from press.models import DenialNotice
from press.tekzip.rules import Status, count_lines
from tests.factories.press import MediaOutletFactory
from tests.factories.tekzip import DenialNoticeFactory, days_ago
from tests.refusals import assert_refused, assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

LONG_REPLY = ("uzun cevap metni " * 200).strip()
ADD = "wagtailsnippets_press_denialnotice:add"
EDIT = "wagtailsnippets_press_denialnotice:edit"
LIST = "wagtailsnippets_press_denialnotice:list"
DELETE = "wagtailsnippets_press_denialnotice:delete"


@pytest.fixture
def press_user(user_with_role):
    user = user_with_role(PRESS, username="basin")
    user.first_name, user.last_name, user.email = "Ayşe", "Yılmaz", "basin@example.com"
    user.save()
    return user


@pytest.fixture
def head_user(user_with_role):
    return user_with_role(HEAD, username="mudur")


@pytest.fixture
def outlet(db):
    return MediaOutletFactory(name="Ege Ekspres", responsible_manager="Ali Vural")


def form(outlet, **fields):
    published = timezone.localtime(days_ago(3))
    data = {
        "outlet": outlet.pk,
        "medium": "",
        "clipping": "",
        "published_at": published.strftime("%Y-%m-%d %H:%M"),
        "next_issue": "",
        "title": "Sahil Yolu ihalesiz mi yapıldı?",
        "url": "https://egeekspres.example.com/sahil-yolu",
        "passage": "Sahil Yolu düzenlemesi ihale yapılmadan verildi.",
        "original_lines": "",
        "addressee": "",
        "reply": "<p>Çalışmalar açık ihale ile yapılmıştır.</p>",
        "signatory_name": "Hasan Çelik",
        "signatory_title": "Özel Kalem Müdürü",
        "enclosures": "İhale ilanı",
    }
    data.update(fields)
    data["reply"] = rich_text(data["reply"])
    return data


def approve(client, notice):
    state = WorkflowState.objects.get(object_id=str(notice.pk), status="in_progress")
    return client.post(
        reverse(
            "wagtailsnippets_press_denialnotice:workflow_action",
            args=[notice.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )


def test_notices_use_the_mudur_approval_workflow():
    workflow = DenialNotice.get_default_workflow()
    assert workflow is not None and workflow.name == "Müdür onayı"


def test_press_staff_submit_and_only_the_head_of_office_approves(
    client, press_user, head_user, outlet
):
    client.force_login(press_user)
    response = client.post(reverse(ADD), form(outlet, **{"action-submit": "1"}))
    assert response.status_code == 302
    notice = DenialNotice.objects.get()
    # Prefilled from the outlet: the responsible manager and the medium of a daily.
    assert notice.addressee == "Ali Vural"
    assert notice.medium == "daily"
    assert notice.owner == press_user
    assert notice.current_status == Status.PENDING
    assert not notice.live

    # Press staff cannot approve their own notice.
    assert_sent_to_dashboard(approve(client, notice))
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT and notice.workflow_in_progress

    client.force_login(head_user)
    assert approve(client, notice).status_code == 302
    notice.refresh_from_db()
    assert notice.live and notice.status == Status.APPROVED
    assert not notice.workflow_in_progress
    step = notice.transitions.get()
    assert (step.from_status, step.to_status, step.user) == ("draft", "approved", head_user)


def test_pending_notice_shows_as_awaiting_approval_in_the_list(client, press_user, outlet):
    client.force_login(press_user)
    client.post(reverse(ADD), form(outlet, **{"action-submit": "1"}))
    response = client.get(reverse(LIST))
    assert "Onay bekliyor" in response.content.decode()
    response = client.get(reverse(LIST), {"state": "pending"})
    assert "Sahil Yolu ihalesiz mi yapıldı?" in response.content.decode()
    response = client.get(reverse(LIST), {"state": "draft"})
    assert "Sahil Yolu ihalesiz mi yapıldı?" not in response.content.decode()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"published_at": "2099-01-01 10:00"},
            "published_at",
            "Yayım zamanı: tarih gelecekte olamaz.",
        ),
        (
            {"original_lines": "10", "reply": "<p>" + LONG_REPLY + "</p>"},
            "reply",
            f"Cevap: {count_lines(LONG_REPLY)} satır; ancak kanun (5187 md. 14/2) bu haber için "
            "en çok 30 satıra izin verir.",
        ),
    ],
)
def test_bad_input_gets_a_turkish_error_and_nothing_is_saved(
    client, press_user, outlet, fields, field, message
):
    client.force_login(press_user)
    response = client.post(reverse(ADD), form(outlet, **fields))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not DenialNotice.objects.exists()


def test_missing_addressee_is_refused_when_the_outlet_has_no_responsible_manager(
    client, press_user
):
    outlet = MediaOutletFactory(responsible_manager="")
    client.force_login(press_user)
    response = client.post(reverse(ADD), form(outlet))
    assert response.context["form"].errors["addressee"] == [
        "Alıcı: kuruluşun kayıtlı sorumlu müdürü yok; alıcıyı yazın."
    ]
    assert not DenialNotice.objects.exists()


def test_reply_is_sanitised_on_save(outlet):
    notice = DenialNoticeFactory(
        outlet=outlet, reply='<p onclick="x()">Metin<script>alert(1)</script></p>'
    )
    notice.refresh_from_db()
    assert notice.reply == "<p>Metin</p>"


def test_list_colours_overdue_and_due_soon_deadlines_and_filters_them(client, press_user, outlet):
    overdue = DenialNoticeFactory(outlet=outlet, title="Geciken", published_at=days_ago(70))
    soon = DenialNoticeFactory(
        outlet=outlet,
        title="Yaklaşan",
        published_at=days_ago(1),
        status=Status.SENT,
        delivered_on=timezone.localdate() - dt.timedelta(days=1),
    )
    calm = DenialNoticeFactory(outlet=outlet, title="Rahat", published_at=days_ago(1))
    client.force_login(press_user)
    soup = BeautifulSoup(client.get(reverse(LIST)).content, "html.parser")

    def classes(title):
        row = next(row for row in soup.select("tbody tr") if title in row.get_text())
        return row.select_one("td.tekzip-deadline")["class"]

    assert "tekzip-deadline--overdue" in classes("Geciken")
    assert "tekzip-deadline--due_soon" in classes("Yaklaşan")
    assert "tekzip-deadline--ok" in classes("Rahat")
    assert "2 gün kaldı" in soup.get_text()

    page = client.get(reverse(LIST), {"deadline": "overdue"}).content.decode()
    assert overdue.title in page and soon.title not in page and calm.title not in page
    page = client.get(reverse(LIST), {"deadline": "soon"}).content.decode()
    assert soon.title in page and overdue.title not in page
    page = client.get(reverse(LIST), {"outlet": outlet.pk, "q": "Rahat"}).content.decode()
    assert calm.title in page and soon.title not in page


def test_list_query_count_does_not_grow_with_notices(
    client, press_user, outlet, django_assert_max_num_queries
):
    DenialNoticeFactory.create_batch(3, outlet=outlet)
    client.force_login(press_user)
    client.get(reverse(LIST))  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(LIST)).status_code == 200
    DenialNoticeFactory.create_batch(9, outlet=outlet)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse(LIST)).status_code == 200


def test_history_records_each_field_change_by_user_and_restore_makes_a_new_version(
    client, press_user, outlet
):
    client.force_login(press_user)
    client.post(reverse(ADD), form(outlet))
    notice = DenialNotice.objects.get()
    response = client.post(reverse(EDIT, args=[notice.pk]), form(outlet, title="Sahil Yolu haberi"))
    assert response.status_code == 302
    newest = notice.history.first()
    assert newest.title == "Sahil Yolu haberi" and newest.history_user == press_user

    page = client.get(history_url(notice))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sahil Yolu ihalesiz mi yapıldı?" in text and "Sahil Yolu haberi" in text
    assert "Ayşe Yılmaz" in text

    count = notice.history.count()
    first = notice.history.last()
    client.post(history_url(notice) + f"geri-yukle/{first.history_id}/")
    notice.refresh_from_db()
    assert notice.title == "Sahil Yolu ihalesiz mi yapıldı?"
    assert notice.history.count() == count + 1


@pytest.mark.indexed
def test_a_sent_notice_cannot_be_deleted_even_by_the_head_of_office(client, head_user, outlet):
    draft = DenialNoticeFactory(outlet=outlet)
    sent = DenialNoticeFactory(outlet=outlet, status=Status.SENT)
    client.force_login(head_user)
    client.post(reverse(DELETE, args=[sent.pk]))
    assert DenialNotice.objects.filter(pk=sent.pk).exists()
    client.post(reverse(DELETE, args=[draft.pk]))
    assert not DenialNotice.objects.filter(pk=draft.pk).exists()


def test_an_approved_notice_with_a_letter_cannot_be_deleted(client, head_user, outlet):
    from press.tekzip.letters import generate_letter
    from tests.factories.cms import set_detsis

    set_detsis()
    notice = DenialNoticeFactory(outlet=outlet, status=Status.APPROVED)
    generate_letter(notice)
    client.force_login(head_user)
    client.post(reverse(DELETE, args=[notice.pk]))
    assert DenialNotice.objects.filter(pk=notice.pk).exists()


@pytest.mark.indexed
def test_sent_notice_is_locked_for_editing(client, head_user, outlet):
    sent = DenialNoticeFactory(outlet=outlet, status=Status.SENT)
    client.force_login(head_user)
    page = client.get(reverse(EDIT, args=[sent.pk]))
    assert page.status_code == 200
    assert "Bu tekzip gönderildi; metni artık değiştirilemez." in page.content.decode()
    client.post(reverse(EDIT, args=[sent.pk]), form(outlet, title="Değiştirildi"))
    sent.refresh_from_db()
    assert sent.title != "Değiştirildi"


def feature_urls(notice):
    return [
        ("get", reverse(LIST)),
        ("get", reverse(ADD)),
        ("get", reverse(EDIT, args=[notice.pk])),
        ("get", reverse(DELETE, args=[notice.pk])),
        ("get", reverse("press_tekzip_detail", args=[notice.pk])),
        ("get", reverse("press_tekzip_action", args=[notice.pk, "gonder"])),
        ("post", reverse("press_tekzip_action", args=[notice.pk, "geri-cek"])),
        ("post", reverse("press_tekzip_letter", args=[notice.pk])),
        ("get", reverse("press_tekzip_letter_download", args=[notice.pk, 1])),
        ("get", reverse("press_tekzip_proof", args=[notice.pk])),
        ("get", history_url(notice)),
    ]


@pytest.mark.parametrize("role", [PHOTO_ARCHIVE, CLERK])
def test_every_tekzip_admin_url_refuses_roles_without_the_right(
    client, user_with_role, outlet, role
):
    notice = DenialNoticeFactory(outlet=outlet, status=Status.APPROVED)
    client.force_login(user_with_role(role))
    for method, url in feature_urls(notice):
        response = getattr(client, method)(url)
        assert_refused(response, url)
    notice.refresh_from_db()
    assert notice.status == Status.APPROVED and not notice.letters.exists()


def test_press_staff_cannot_withdraw(client, press_user, outlet):
    notice = DenialNoticeFactory(outlet=outlet, status=Status.SENT)
    client.force_login(press_user)
    url = reverse("press_tekzip_action", args=[notice.pk, "geri-cek"])
    client.post(url, {"withdrawal_reason": "Yanlışlıkla gönderildi."})
    notice.refresh_from_db()
    assert notice.status == Status.SENT


def test_history_restore_cannot_change_the_text_of_a_sent_notice(client, head_user, outlet):
    notice = DenialNoticeFactory(outlet=outlet, title="İlk başlık")
    notice.title = "Gönderilen başlık"
    notice.save()
    notice.transition(Status.APPROVED, check=False)
    notice.transition(Status.SENT, delivered_on=timezone.localdate(), delivery_method="kep")
    client.force_login(head_user)
    first = notice.history.last()
    response = client.post(history_url(notice) + f"geri-yukle/{first.history_id}/")
    assert_sent_to_dashboard(response)
    notice.refresh_from_db()
    assert notice.title == "Gönderilen başlık"


def test_opening_an_action_the_status_does_not_allow_explains_instead_of_failing(
    client, press_user, outlet
):
    # A draft cannot be recorded as sent; an old link to that screen once answered 500.
    notice = DenialNoticeFactory(outlet=outlet)
    client.force_login(press_user)
    response = client.get(reverse("press_tekzip_action", args=[notice.pk, "gonder"]), follow=True)
    assert response.redirect_chain == [(reverse("press_tekzip_detail", args=[notice.pk]), 302)]
    assert (
        "“taslak” durumundaki bir tekzip “gönderildi” durumuna geçemez."
        in response.content.decode()
    )
    notice.refresh_from_db()
    assert notice.status == Status.DRAFT
