"""Staff roles (setup_roles) and the Wagtail admin as each role sees it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import MunicipalitySettings
from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS, ROLES
from tests.factories.cms import StandardPageFactory, publish_child
from tests.refusals import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db


def permission_snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "permission__codename", flat=True
                )
            ),
            sorted(group.collection_permissions.values_list("permission__codename", flat=True)),
        )
        for group in Group.objects.order_by("name")
    }


def test_setup_roles_creates_every_role_and_is_idempotent(capsys):
    call_command("setup_roles")
    first = permission_snapshot()
    call_command("setup_roles")
    assert permission_snapshot() == first
    assert set(ROLES) <= set(first)
    assert "added 0 permission(s)" in capsys.readouterr().out.splitlines()[-1]


def test_setup_roles_dry_run_writes_nothing():
    before = permission_snapshot()
    call_command("setup_roles", "--dry-run")
    assert permission_snapshot() == before


def test_wagtail_default_groups_become_kalem_roles(db):
    from wagtail.models import Workflow

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert Workflow.objects.filter(name="Müdür onayı").exists()


def test_only_the_head_of_office_may_publish_pages(roles):
    publishers = {
        perm.group.name
        for perm in GroupPagePermission.objects.filter(permission__codename="publish_page")
    }
    assert publishers == {HEAD}


def test_admin_login_page_is_turkish(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == "tr"
    assert "Oturum aç" in html.text
    assert "Şifrenizi mi unuttunuz?" in html.text
    assert html.title.text.strip() == "Oturum aç - Kalem"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_open_the_admin(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get("/admin/").status_code == 200


def test_user_without_a_role_cannot_open_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("vatandas", password="x"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def standard_page_form(page, **fields):
    """A complete, valid edit form of a standard page (comments formset included), so a
    refused publish can only be refused for the permission."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": "",
        "lead_image": "",
        "body": streamfield([]),
        "comments": inline_formset([]),
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.indexed
def test_press_staff_can_edit_but_not_publish_a_page(client, user_with_role, home):
    page = publish_child(home, StandardPageFactory(title="Duyuru Taslağı"))
    client.force_login(user_with_role(PRESS))
    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url, standard_page_form(page, title="Değiştirildi", **{"action-publish": "1"})
    )
    assert response.status_code == 302  # the form was valid: saved, not re-shown with errors
    page.refresh_from_db()
    assert page.title == "Duyuru Taslağı"  # the live version did not change
    assert page.live_revision_id != page.latest_revision_id
    assert page.get_latest_revision_as_object().title == "Değiştirildi"  # kept as a draft


def test_the_same_form_publishes_for_the_head_of_office(client, user_with_role, home):
    """The control of the test above: the very same POST changes the live page when the
    user may publish, so the refusal above is the permission's doing."""
    page = publish_child(home, StandardPageFactory(title="Duyuru Taslağı"))
    client.force_login(user_with_role(HEAD))
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        standard_page_form(page, title="Değiştirildi", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Değiştirildi"


@pytest.mark.parametrize("role", [PRESS, PHOTO_ARCHIVE, CLERK])
def test_only_the_head_of_office_edits_the_municipality_settings(
    client, user_with_role, home, role
):
    url = f"/admin/settings/cms/municipalitysettings/{home.get_site().pk}/"
    client.force_login(user_with_role(role))
    assert_sent_to_dashboard(client.get(url))
    client.force_login(user_with_role(HEAD, username="mudur"))
    assert client.get(url).status_code == 200


def test_bad_detsis_number_is_refused_with_a_turkish_message(client, user_with_role, home):
    site = home.get_site()
    client.force_login(user_with_role(HEAD))
    response = client.post(
        f"/admin/settings/cms/municipalitysettings/{site.pk}/",
        {"name": "Örnekköy Belediyesi", "detsis_number": "12AB", "email": "", "kep_address": ""},
    )
    assert response.status_code == 200
    assert "DETSİS numarası sekiz haneli olmalıdır." in response.content.decode()
    assert MunicipalitySettings.for_site(site).detsis_number == ""


def test_photo_editor_cannot_edit_pages(client, user_with_role, home):
    page = publish_child(home, StandardPageFactory(title="Kurumsal"))
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    assert_sent_to_dashboard(client.get(f"/admin/pages/{page.pk}/edit/"))


def test_the_admin_asks_nothing_of_the_internet(client, superuser):
    """No gravatar images: the office may be offline, and staff are not tracked."""
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "kalem-logo.svg" in html


@pytest.mark.parametrize("order", ["roles first", "archive first"])
def test_photo_role_may_add_albums_whichever_came_first_roles_or_archive(
    client, django_user_model, home, order
):
    from tests.factories.archive import archive_index

    if order == "roles first":
        call_command("setup_roles")
        index = archive_index(home)
    else:
        index = archive_index(home)
        call_command("setup_roles")
    photographer = django_user_model.objects.create_user("foto", password="x")
    photographer.groups.add(Group.objects.get(name=PHOTO_ARCHIVE))
    client.force_login(photographer)
    response = client.get(f"/admin/pages/add/archive/photoalbumpage/{index.pk}/")
    assert response.status_code == 200
    assert set(
        GroupPagePermission.objects.filter(group__name=PHOTO_ARCHIVE, page=index).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page"}
