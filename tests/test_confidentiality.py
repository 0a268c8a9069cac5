"""cms.confidentiality on a small model that writes only its fields
(tests/confidential_app): every admin view of the snippet, the record history, the
chooser and bulk actions show a record only up to the user's clearance, and Kişiye Özel
only to its addressee and the Müdür."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms.confidentiality import Level, can_view, clearance_of
from cms.history import history_url
from cms.models import Clearance
from cms.roles import CLERK, HEAD, PRESS
from tests.confidential_app.models import Memo

pytestmark = pytest.mark.django_db

MEMO_PERMISSIONS = ["add_memo", "change_memo", "delete_memo", "view_memo"]


def give_memo_permissions(user):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="confidential_test").filter(
            codename__in=MEMO_PERMISSIONS
        )
    )


@pytest.fixture
def people(user_with_role):
    """One user per clearance: press staff (Tasnif Dışı), two clerks, the Müdür."""
    press = user_with_role(PRESS, "basin")
    restricted = user_with_role(CLERK, "evrak-hizmete-ozel")
    Clearance.objects.create(user=restricted, level=Level.RESTRICTED)
    secret = user_with_role(CLERK, "evrak-gizli")
    Clearance.objects.create(user=secret, level=Level.SECRET)
    head = user_with_role(HEAD, "mudur")
    people = {
        Level.UNCLASSIFIED: press,
        Level.RESTRICTED: restricted,
        Level.SECRET: secret,
        Level.TOP_SECRET: head,
    }
    for user in people.values():
        give_memo_permissions(user)
    return people


@pytest.fixture
def memos():
    memos = {}
    for level in Level:
        memo = Memo.objects.create(title=f"Memo {level.name}", confidentiality=level)
        memo.save_revision()
        memo.title += " (revised)"
        memo.save()
        memo.save_revision()
        memos[level] = memo
    return memos


def test_clearance_follows_the_role_and_the_admin_setting(people, user_with_role):
    assert clearance_of(people[Level.UNCLASSIFIED]) == Level.UNCLASSIFIED
    assert clearance_of(people[Level.RESTRICTED]) == Level.RESTRICTED
    assert clearance_of(people[Level.SECRET]) == Level.SECRET
    assert clearance_of(people[Level.TOP_SECRET]) == Level.TOP_SECRET
    # A clerk with no clearance set sees unclassified records only.
    assert clearance_of(user_with_role(CLERK, "yeni-evrak")) == Level.UNCLASSIFIED


def test_a_clearance_row_does_not_lift_a_non_clerk(people):
    press = people[Level.UNCLASSIFIED]
    Clearance.objects.create(user=press, level=Level.TOP_SECRET)
    assert clearance_of(press) == Level.UNCLASSIFIED


def test_visible_to_and_can_view_agree(people, memos):
    for clearance, user in people.items():
        visible = set(Memo.objects.visible_to(user).values_list("confidentiality", flat=True))
        assert visible == {level for level in Level if level <= clearance}
        for level, memo in memos.items():
            assert can_view(user, memo) is (level <= clearance)


def memo_urls(memo):
    name = "wagtailsnippets_confidential_test_memo"
    chooser = "wagtailsnippetchoosers_confidential_test_memo"
    revision = memo.latest_revision_id
    return {
        "edit": reverse(f"{name}:edit", args=[memo.pk]),
        "delete": reverse(f"{name}:delete", args=[memo.pk]),
        "usage": reverse(f"{name}:usage", args=[memo.pk]),
        "history": reverse(f"{name}:history", args=[memo.pk]),
        "compare": reverse(f"{name}:revisions_compare", args=[memo.pk, "earliest", "latest"]),
        "revert": reverse(f"{name}:revisions_revert", args=[memo.pk, revision]),
        "chosen": reverse(f"{chooser}:chosen", args=[memo.pk]),
        "field history": history_url(memo),
    }


VIEW_NAMES = list(memo_urls(Memo(pk=1, latest_revision_id=1)))


@pytest.mark.parametrize("view", VIEW_NAMES)
@pytest.mark.parametrize("clearance", list(Level))
@pytest.mark.indexed
def test_every_record_view_refuses_a_record_above_clearance(client, people, memos, view, clearance):
    client.force_login(people[clearance])
    for level, memo in memos.items():
        response = client.get(memo_urls(memo)[view])
        expected = 200 if level <= clearance else 404
        assert response.status_code == expected, (view, clearance, level)


@pytest.mark.parametrize("clearance", list(Level))
def test_list_search_export_and_chooser_show_only_cleared_levels(client, people, memos, clearance):
    client.force_login(people[clearance])
    name = "wagtailsnippets_confidential_test_memo"
    chooser = "wagtailsnippetchoosers_confidential_test_memo"
    expected = {memo.title for level, memo in memos.items() if level <= clearance}
    hidden = {memo.title for level, memo in memos.items() if level > clearance}
    pages = [
        client.get(reverse(f"{name}:list")),
        client.get(reverse(f"{name}:list"), {"q": "Memo"}),
        client.get(reverse(f"{name}:list"), {"export": "csv"}),
        client.get(reverse(f"{chooser}:choose")),
        client.get(reverse(f"{chooser}:choose_results"), {"q": "Memo"}),
    ]
    for response in pages:
        assert response.status_code == 200
        text = b"".join(response.streaming_content) if response.streaming else response.content
        text = text.decode()
        for title in expected:
            assert title in text
        for title in hidden:
            assert title not in text


@pytest.mark.indexed
def test_bulk_delete_of_a_record_above_clearance_is_refused(client, people, memos):
    client.force_login(people[Level.RESTRICTED])
    secret = memos[Level.SECRET]
    url = (
        reverse("wagtail_bulk_action", args=["confidential_test", "memo", "delete"])
        + f"?id={secret.pk}"
    )
    response = client.post(url)
    assert response.status_code == 403
    assert Memo.objects.filter(pk=secret.pk).exists()


def test_personal_records_open_to_their_addressee_and_the_head_only(people):
    clerk = people[Level.SECRET]
    other_clerk = people[Level.RESTRICTED]
    memo = Memo.objects.create(title="Kişiye özel", personal=True, personal_to=other_clerk)
    assert can_view(other_clerk, memo)
    assert can_view(people[Level.TOP_SECRET], memo)
    assert not can_view(clerk, memo)
    assert list(Memo.objects.visible_to(clerk).filter(pk=memo.pk)) == []
    assert list(Memo.objects.visible_to(other_clerk).filter(pk=memo.pk)) == [memo]


def test_inactive_and_anonymous_users_see_nothing(people, memos):
    from django.contrib.auth.models import AnonymousUser

    head = people[Level.TOP_SECRET]
    head.is_active = False
    assert not Memo.objects.visible_to(head).exists()
    assert not Memo.objects.visible_to(AnonymousUser()).exists()
    assert not can_view(AnonymousUser(), memos[Level.UNCLASSIFIED])


def test_the_site_history_report_never_shows_a_confidential_title(people):
    from wagtail.log_actions import log

    secret = Memo.objects.create(title="Gizli soruşturma", confidentiality=Level.SECRET)
    plain = Memo.objects.create(title="Açık yazı")
    log(secret, "wagtail.edit")
    log(plain, "wagtail.edit")
    from wagtail.models import ModelLogEntry

    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert "Açık yazı" in labels
    assert not any("soruşturma" in label for label in labels)
