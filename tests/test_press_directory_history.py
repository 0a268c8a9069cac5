"""The press directory keeps every change: the admin's History view shows who changed which
field from what to what, and restoring an old version writes a new change."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.history import history_url
from cms.roles import CLERK, HEAD, PRESS
from press.models import PressContact
from tests.factories.press import MediaOutletFactory

pytestmark = pytest.mark.django_db


def restore_url(contact, version):
    return reverse(
        "record_history:restore", args=["press", "presscontact", contact.pk, version.history_id]
    )


def edit_contact(client, contact, **changes):
    data = {
        "name": contact.name,
        "outlet": contact.outlet_id or "",
        "role": contact.role,
        "phone": contact.phone,
        "mobile": contact.mobile,
        "email": contact.email,
        "notes": contact.notes,
        "consent": "on" if contact.consent else "",
        "consent_date": "",
        "active": "on" if contact.active else "",
    }
    data.update(changes)
    return client.post(reverse("press_presscontact_modeladmin_edit", args=[contact.pk]), data)


@pytest.fixture
def contact(client, user_with_role):
    client.force_login(user_with_role(PRESS, username="ayse"))
    outlet = MediaOutletFactory(name="Ege Postası")
    response = client.post(
        reverse("press_presscontact_modeladmin_create"),
        {
            "name": "Ali Veli",
            "outlet": outlet.pk,
            "role": "reporter",
            "email": "ali@ege.example",
            "consent": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return PressContact.objects.get()


def test_history_shows_who_changed_which_field(client, contact):
    response = edit_contact(client, contact, email="ali.veli@ege.example", role="editor")
    assert response.status_code == 302
    page = client.get(history_url(contact))
    assert page.status_code == 200
    rows = BeautifulSoup(page.content, "html.parser").select("table.listing tbody tr")
    assert len(rows) == 2
    newest = rows[0].get_text(" ", strip=True)
    assert "ayse" in newest
    assert "ali@ege.example" in newest and "ali.veli@ege.example" in newest
    assert "Görev" in newest


def test_list_rows_link_to_the_history(client, contact):
    listing = client.get(reverse("press_presscontact_modeladmin_index")).content.decode()
    assert history_url(contact) in listing


def test_restoring_an_old_version_writes_a_new_change(client, contact):
    edit_contact(client, contact, email="yanlis@ege.example")
    first = contact.history.order_by("history_id").first()
    response = client.post(restore_url(contact, first))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "ali@ege.example"
    assert contact.history.count() == 3
    assert "geri yüklendi" in contact.history.first().history_change_reason


@pytest.mark.parametrize("role", [HEAD, CLERK])
def test_roles_without_change_right_cannot_restore(client, contact, user_with_role, role):
    edit_contact(client, contact, email="yeni@ege.example")
    client.force_login(user_with_role(HEAD, username="mudur"))
    assert client.get(history_url(contact)).status_code == 200
    first = contact.history.order_by("history_id").first()
    response = client.post(restore_url(contact, first))
    assert response.status_code in {302, 403}
    contact.refresh_from_db()
    assert contact.email == "yeni@ege.example"
