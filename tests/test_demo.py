"""`load_demo`: realistic Turkish content, demo logins, and idempotence."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from archive.models import Photo
from cms.roles import ROLES

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "photos": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_load_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("load_demo")
    first = counts()
    output = capsys.readouterr().out
    call_command("load_demo")
    assert counts() == first
    assert first["pages"] >= 8 and first["photos"] >= 4
    for username in ["admin", "basin", "fotograf", "evrak", "mudur"]:
        assert username in output
    assert "kalem-admin" in output


def test_demo_users_have_their_roles_and_can_log_in(client):
    call_command("load_demo")
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert {
        group.name for user in User.objects.exclude(username="admin") for group in user.groups.all()
    } == set(ROLES)
    assert client.login(username="mudur", password="kalem-mudur")
    assert client.get("/admin/").status_code == 200


def test_demo_images_are_archive_photos_with_credits():
    call_command("load_demo")
    assert get_image_model() is Photo
    credits = list(Photo.objects.values_list("credit_line", flat=True))
    assert len(credits) >= 4
    assert "" not in credits


def test_demo_site_renders(client):
    call_command("load_demo")
    home = client.get("/")
    assert home.status_code == 200
    assert "Örnekköy Belediyesi" in home.content.decode()
    assert client.get("/kurumsal/baskan/").status_code == 200


def test_the_demo_shows_each_part_of_the_mayors_office():
    from archive.weekly.models import CompiledReport
    from events.models import AppointmentRequest, BudgetAllocation, Invitation, Visit

    call_command("load_demo")
    call_command("load_demo")
    assert BudgetAllocation.objects.count() == 3
    trip = Visit.objects.get(kind="gezi")
    assert trip.abroad and trip.participants and trip.expenses.exists()
    assert set(Invitation.objects.exclude(send_by="").values_list("send_by", flat=True)) == {
        "yazi",
        "eposta",
    }
    assert any(invitation.history.count() > 1 for invitation in Invitation.objects.all())
    by_letter = AppointmentRequest.objects.filter(channel="yazi")
    assert by_letter.exists() and not by_letter.filter(register_number="").exists()
    assert AppointmentRequest.objects.exclude(phone="").exists()
    (compiled,) = CompiledReport.objects.all()
    assert compiled.status == "ready" and compiled.version.number == 1
