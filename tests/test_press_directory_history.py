"""The press directory keeps every change: the admin's History view shows who changed which
field from what to what, and restoring an old version writes a new change."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.history import history_url
from cms.roles import CLERK, HEAD, PRESS
from press.models import PressContact
from tests.factories.press import (
    DistributionListFactory,
    MediaOutletFactory,
    PressContactFactory,
)
from tests.refusals import assert_sent_to_dashboard

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
    assert_sent_to_dashboard(response)
    contact.refresh_from_db()
    assert contact.email == "yeni@ege.example"


def edit_list(client, distribution_list, members):
    return client.post(
        reverse("press_distributionlist_modeladmin_edit", args=[distribution_list.pk]),
        {
            "name": distribution_list.name,
            "description": distribution_list.description,
            "contacts": [contact.pk for contact in members],
            "rule_outlet_kind": "",
            "rule_scope": "",
            "rule_role": "",
        },
    )


def test_restoring_a_distribution_list_brings_back_its_members(client, user_with_role):
    client.force_login(user_with_role(PRESS, username="ayse"))
    ali, veli, can = (
        PressContactFactory(name=name, outlet=None) for name in ("Ali", "Veli", "Can")
    )
    distribution_list = DistributionListFactory(name="Yerel basın", members=[ali, veli])
    old = distribution_list.history.order_by("-history_id").first()
    assert {row.presscontact_id for row in old.contacts.all()} == {ali.pk, veli.pk}

    response = edit_list(client, distribution_list, [can])
    assert response.status_code == 302, response.context["form"].errors
    assert set(distribution_list.contacts.all()) == {can}
    versions_before = distribution_list.history.count()

    history = client.get(history_url(distribution_list)).content.decode()
    assert "Ali, Veli" in history and "Can" in history

    response = client.post(
        reverse(
            "record_history:restore",
            args=["press", "distributionlist", distribution_list.pk, old.history_id],
        )
    )
    assert response.status_code == 302
    assert set(distribution_list.contacts.all()) == {ali, veli}
    assert distribution_list.history.count() == versions_before + 1
    newest = distribution_list.history.first()
    assert "geri yüklendi" in newest.history_change_reason
    assert newest.history_user.username == "ayse"
    assert {row.presscontact_id for row in newest.contacts.all()} == {ali.pk, veli.pk}


@pytest.mark.indexed
def test_restore_leaves_out_contacts_deleted_since(user_with_role):
    from cms.history import restore_version

    ali, veli = PressContactFactory(name="Ali"), PressContactFactory(name="Veli")
    distribution_list = DistributionListFactory(members=[ali, veli])
    old = distribution_list.history.order_by("-history_id").first()
    distribution_list.contacts.set([])
    veli.delete()
    restore_version(distribution_list, old)
    assert list(distribution_list.contacts.all()) == [ali]
