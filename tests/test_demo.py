"""`load_demo`: realistic Turkish content, demo logins, and idempotence."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model

from archive.models import Photo
from cms.models import HomePage
from cms.roles import ROLES
from tests import demo_site

# The demo, loaded once for the module (tests/demo_site.py).
demo = demo_site.demo
media_root = demo_site.media_root
counts = demo_site.counts

pytestmark = pytest.mark.django_db(transaction=False)


def test_load_demo_is_idempotent_and_prints_the_logins(demo):
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == demo.counts
    assert demo.counts["pages"] >= 8 and demo.counts["photos"] >= 4
    for username in ["admin", "basin", "fotograf", "evrak", "mudur"]:
        assert username in demo.output
    assert "kalem-admin" in demo.output


@pytest.mark.indexed
def test_demo_users_have_their_roles_and_can_log_in(client):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert {
        group.name for user in User.objects.exclude(username="admin") for group in user.groups.all()
    } == set(ROLES)
    assert client.login(username="mudur", password="kalem-mudur")
    assert client.get("/admin/").status_code == 200


def test_demo_images_are_archive_photos_with_credits():
    assert get_image_model() is Photo
    credits = list(Photo.objects.values_list("credit_line", flat=True))
    assert len(credits) >= 4
    assert "" not in credits


def test_demo_site_renders(client):
    home = client.get("/")
    assert home.status_code == 200
    assert "Örnekköy Belediyesi" in home.content.decode()
    assert client.get("/kurumsal/baskan/").status_code == 200


def test_the_demo_shows_each_part_of_the_mayors_office():
    from archive.weekly.models import CompiledReport
    from events.models import AppointmentRequest, BudgetAllocation, Invitation, Visit

    call_command("load_demo", stdout=io.StringIO())  # the second load adds nothing
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


def test_demo_loads_public_and_private_appointments_and_the_home_listing():
    from events import rules
    from events.models import Appointment, EventPage

    home = HomePage.objects.get(depth=2, locale__language_code="tr")
    assert Appointment.objects.filter(is_public=True).exists()
    assert Appointment.objects.filter(is_public=False).exists()
    listings = [b for b in home.body if b.block_type == "listing"]
    assert [b.value["title"] for b in listings if b.value["page_type"] == "events.eventpage"] == [
        "Yaklaşan etkinlikler"
    ]
    call_command("load_demo", stdout=io.StringIO())
    home.refresh_from_db()
    assert len([b for b in home.body if b.block_type == "listing"]) == len(listings)
    first = Appointment.objects.order_by("start").first()
    assert first.start.date() >= dt.date.today() - dt.timedelta(days=7)
    # A commemoration with a date in its name is shown on that date, whenever loaded.
    for title, month, day in [("10 Kasım", 11, 10), ("8 Mart", 3, 8), ("23 Nisan", 4, 23)]:
        start = rules.local(EventPage.objects.get(title__startswith=title).start)
        assert (start.month, start.day) == (month, day), title


def test_demo_register_covers_every_direction_kind_and_level():
    """The demo register shows real work: every direction, kind and level, routings,
    threads and numbered outgoing letters."""
    from archive.correspondence.models import Correspondence, Direction, Routing
    from cms.confidentiality import Level

    records = Correspondence.objects.all()
    assert records.count() >= 30
    assert set(records.values_list("direction", flat=True)) == set(Direction.values)
    assert set(records.values_list("confidentiality", flat=True)) == set(Level.values)
    kinds = set(records.values_list("kind", flat=True))
    assert len(kinds) == 12
    assert Routing.objects.count() >= 10
    assert records.filter(direction=Direction.OUTGOING).exclude(number="").count() >= 5
    assert records.exclude(answer_to=None).exists()
    assert records.filter(personal=True).exists()
    # Every numbered letter carries a verification code; one has its PDF as issued.
    numbered = records.filter(direction=Direction.OUTGOING).exclude(number="")
    assert not numbered.filter(verification_code="").exists()
    assert numbered.filter(attachments__label="YAZI").count() == 1
    call_command("load_demo", stdout=io.StringIO())
    assert Correspondence.objects.count() == records.count()
