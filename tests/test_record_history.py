"""The History view of records kept with django-simple-history: field-level changes,
who and when, and "restore this version" as a new change."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.utils.timezone import localtime

from archive.models import Photographer
from cms.history import history_url
from cms.roles import CLERK, PHOTO_ARCHIVE, PRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def photographer():
    record = Photographer.objects.create(name="Ayşe Yılmaz", agency="Basın Birimi")
    record.agency = "Anadolu Ajansı"
    record.is_staff_photographer = False
    record.save()
    return record


def rows(response):
    return BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")


def test_history_shows_every_change_field_by_field(client, user_with_role, photographer):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    response = client.get(history_url(photographer))
    assert response.status_code == 200
    table = rows(response)
    assert len(table) == 2
    newest = table[0].text
    assert "Değiştirildi" in newest
    assert "Basın Birimi" in newest and "Anadolu Ajansı" in newest
    assert "Belediye personeli" in newest
    assert "Oluşturuldu" in table[1].text


def test_changes_through_the_admin_record_the_user(client, user_with_role, photographer):
    editor = user_with_role(PHOTO_ARCHIVE)
    editor.first_name, editor.last_name = "Mehmet", "Demir"
    editor.save()
    client.force_login(editor)
    version = photographer.history.last()
    client.post(history_url(photographer) + f"geri-yukle/{version.history_id}/")
    assert photographer.history.first().history_user == editor
    assert "Mehmet Demir" in rows(client.get(history_url(photographer)))[0].text


def test_restore_writes_a_new_version_and_keeps_the_old_ones(client, user_with_role, photographer):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    first = photographer.history.last()
    response = client.post(
        history_url(photographer) + f"geri-yukle/{first.history_id}/", follow=True
    )
    assert response.status_code == 200
    photographer.refresh_from_db()
    assert photographer.agency == "Basın Birimi"
    assert photographer.is_staff_photographer is True
    assert photographer.history.count() == 3
    newest = photographer.history.first()
    assert newest.history_type == "~"
    when = localtime(first.history_date).strftime("%H:%M")  # Istanbul time, as staff read it
    assert newest.history_change_reason.startswith("Şu tarihli sürüm geri yüklendi")
    assert newest.history_change_reason.endswith(when)


def test_restore_needs_post(client, user_with_role, photographer):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    version = photographer.history.last()
    assert (
        client.get(history_url(photographer) + f"geri-yukle/{version.history_id}/").status_code
        == 405
    )


@pytest.mark.parametrize("role", [PRESS, CLERK])
def test_roles_without_the_right_see_no_history_and_cannot_restore(
    client, user_with_role, photographer, role
):
    client.force_login(user_with_role(role))
    version = photographer.history.last()
    assert client.get(history_url(photographer)).status_code == 404
    assert (
        client.post(history_url(photographer) + f"geri-yukle/{version.history_id}/").status_code
        == 404
    )
    photographer.refresh_from_db()
    assert photographer.agency == "Anadolu Ajansı"


def test_view_permission_alone_shows_history_but_cannot_restore(
    client, django_user_model, photographer
):
    viewer = django_user_model.objects.create_user("okur", password="x")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_photographer"),
    )
    client.force_login(viewer)
    response = client.get(history_url(photographer))
    assert response.status_code == 200
    assert "Bu sürümü geri yükle" not in response.content.decode()
    version = photographer.history.last()
    response = client.post(history_url(photographer) + f"geri-yukle/{version.history_id}/")
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert photographer.history.count() == 2


def test_anonymous_visitors_are_sent_to_the_login(client, photographer):
    response = client.get(history_url(photographer))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_models_without_history_have_no_history_view(client, superuser, home):
    client.force_login(superuser)
    assert client.get(f"/admin/gecmis/cms/standardpage/{home.pk}/").status_code == 404
    assert client.get("/admin/gecmis/yok/yok/1/").status_code == 404
