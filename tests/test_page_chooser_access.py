"""Wagtail's page chooser and the admin pages API show a role only the pages it may
explore: Evrak edits no pages, so it is shown none, not even their titles (a draft's
title can be news before it is published)."""

import json

import pytest
from django.urls import reverse

from cms.roles import CLERK, HEAD, PRESS
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

SECRET = "Belediye başkanı istifa etti"


@pytest.fixture
def draft(home):
    page = StandardPageFactory.build(title=SECRET, live=False)
    home.add_child(instance=page)
    return page


@pytest.fixture
def public(home):
    return publish_child(home, StandardPageFactory(title="Kurumsal"))


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def text(response):
    """The chooser answers JSON with its HTML inside; the API answers JSON: both read as
    the text a person would see."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_search") + "?q=istifa",
    ],
)
def test_the_page_chooser_shows_evrak_no_page(client, user_with_role, home, draft, public, url):
    response = get(client, user_with_role(CLERK), url)
    assert response.status_code == 200
    for title in (home.title, SECRET, "Kurumsal"):
        assert title not in text(response)


def test_the_page_chooser_refuses_evrak_the_children_of_a_page(client, user_with_role, draft, home):
    url = reverse("wagtailadmin_choose_page_child", args=[home.pk])
    response = get(client, user_with_role(CLERK), url)
    assert response.status_code == 404
    assert SECRET not in text(response)


def test_the_chosen_pages_lookup_names_no_page_to_evrak(client, user_with_role, draft):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    response = get(client, user_with_role(CLERK), url, id=[draft.pk])
    assert SECRET not in text(response)


def test_the_admin_pages_api_lists_no_page_to_evrak(client, user_with_role, draft, public):
    clerk = user_with_role(CLERK)
    response = get(client, clerk, "/admin/api/main/pages/", search="istifa")
    assert SECRET not in text(response)
    detail = get(client, clerk, f"/admin/api/main/pages/{draft.pk}/")
    assert detail.status_code == 404


@pytest.mark.parametrize("role", [PRESS, HEAD])
@pytest.mark.indexed
def test_the_press_still_chooses_pages(client, user_with_role, draft, public, home, role):
    user = user_with_role(role)
    children = get(client, user, reverse("wagtailadmin_choose_page_child", args=[home.pk]))
    assert children.status_code == 200
    assert SECRET in text(children)
    assert "Kurumsal" in text(children)
    found = get(client, user, reverse("wagtailadmin_choose_page_search"), q="istifa")
    assert SECRET in text(found)


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_choose_page_chosen_multiple") + "?id=1",
        "/admin/choose-page/1/",
    ],
)
def test_the_narrowed_chooser_views_ask_for_sign_in_like_the_rest_of_the_admin(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_malformed_page_id_chooses_nothing(client, superuser, draft):
    response = get(
        client, superuser, reverse("wagtailadmin_choose_page_chosen_multiple"), id=["x1", draft.pk]
    )
    assert response.status_code == 200
    assert [page["id"] for page in response.json()["result"]] == [draft.pk]
