"""The "Müdür onayı" workflow on press items: press staff write and submit, only the head
of office publishes; scheduled publishing; locks; Turkish errors for missing fields."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.roles import HEAD, PRESS
from cms.text import slugify
from press.models import NewsPage, PressReleasePage
from tests.factories.cms import publish_child
from tests.factories.press import NewsIndexFactory, PressReleaseIndexFactory, publish_item
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases(home):
    return publish_child(home, PressReleaseIndexFactory())


@pytest.fixture
def press_user(user_with_role):
    return user_with_role(PRESS, username="basin")


@pytest.fixture
def head_user(user_with_role):
    return user_with_role(HEAD, username="mudur")


def form(**fields):
    data = {
        "title": "Sahil Yolu Trafiğe Açıldı",
        "slug": "",
        "date": "2026-11-20",
        "summary": "Yenilenen sahil yolu bugün trafiğe açıldı.",
        "lead_image": "",
        "lead_image_credit": "",
        "body": streamfield([]),
        "gallery": streamfield([]),
        "attachments": streamfield([]),
        "related_pages": streamfield([]),
        "change_notes": streamfield([]),
        "withdrawal_note": "",
        "withdrawn_at": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        "tags": "",
    }
    data.update(fields)
    data["slug"] = data["slug"] or slugify(data["title"])
    return nested_form_data(data)


def add_url(parent, model=PressReleasePage):
    return reverse("wagtailadmin_pages:add", args=["press", model._meta.model_name, parent.pk])


def submit_new(client, parent, **fields):
    return client.post(add_url(parent), form(**fields, **{"action-submit": "1"}))


def approve(client, page):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )


def test_press_items_are_under_the_mudur_approval_workflow(releases, home):
    news = publish_child(home, NewsIndexFactory())
    for index, model in ((releases, PressReleasePage), (news, NewsPage)):
        workflow = model(title="x").get_workflow() or index.get_workflow()
        assert workflow.name == "Müdür onayı"
        assert [task.name for task in workflow.tasks.all()] == ["Müdür onayı"]


@pytest.mark.indexed
def test_press_staff_submit_and_only_the_head_of_office_publishes(
    client, releases, press_user, head_user
):
    client.force_login(press_user)
    response = submit_new(client, releases)
    assert response.status_code == 302
    page = PressReleasePage.objects.get(
        title="Sahil Yolu Trafiğe Açıldı", locale__language_code="tr"
    )
    assert not page.live
    assert page.workflow_in_progress

    # Press staff cannot publish, neither with the publish button nor by approving.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        form(slug=page.slug, **{"action-publish": "1"}),
    )
    assert_sent_to_dashboard(approve(client, page))
    page.refresh_from_db()
    assert not page.live

    client.force_login(head_user)
    response = approve(client, page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and not page.workflow_in_progress
    client.logout()
    assert client.get(page.url).status_code == 200


def test_scheduled_item_is_not_public_before_its_time(client, releases, press_user, head_user):
    go_live = timezone.localtime() + dt.timedelta(days=2)
    client.force_login(press_user)
    submit_new(
        client,
        releases,
        title="Yarınki Açıklama",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    page = PressReleasePage.objects.get(title="Yarınki Açıklama", locale__language_code="tr")
    client.force_login(head_user)
    approve(client, page)
    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    client.logout()
    url = "/basin-aciklamalari/yarinki-aciklama/"
    assert client.get(url).status_code == 404
    assert "Yarınki Açıklama" not in client.get(releases.url).content.decode()

    call_command("publish_scheduled")  # not due yet: nothing happens
    page.refresh_from_db()
    assert not page.live

    # The clock moves past the go-live time: both the approved time and the one in the
    # revision's content are now in the past.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get(url).status_code == 200
    assert "Yarınki Açıklama" in client.get(releases.url).content.decode()


@pytest.mark.indexed
def test_locked_item_cannot_be_changed_by_press_staff(client, releases, press_user, head_user):
    page = publish_item(releases, title="Kilitli Açıklama")
    client.force_login(head_user)
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    page.refresh_from_db()
    assert page.locked and page.locked_by == head_user

    client.force_login(press_user)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        form(title="Değiştirilmiş", slug=page.slug),
    )
    assert not Revision.page_revisions.filter(
        object_id=str(page.pk), content__title="Değiştirilmiş"
    ).exists()


@pytest.mark.parametrize("field", ["summary", "date"])
def test_release_without_summary_or_date_gets_a_turkish_error(client, releases, press_user, field):
    client.force_login(press_user)
    response = submit_new(client, releases, **{field: ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[field] == ["Bu alan zorunludur."]
    assert not PressReleasePage.objects.exists()


def test_bad_date_gets_a_turkish_error(client, releases, press_user):
    client.force_login(press_user)
    response = submit_new(client, releases, date="31.02.2026x")
    assert response.context["form"].errors["date"] == ["Geçerli bir tarih girin."]
    assert not PressReleasePage.objects.exists()
