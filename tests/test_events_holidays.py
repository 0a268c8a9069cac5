"""`load_holidays` and its yearly task: Turkey's official holidays and half days on the event
calendar, and the dashboard warning when a year is missing."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse

from cms.roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS
from events.models import OfficialHoliday

pytestmark = pytest.mark.django_db


def snapshot():
    return list(OfficialHoliday.objects.values_list("date", "name", "half_day", "starts_at"))


def test_2027_ramazan_bayrami_comes_with_its_arife_half_day_in_turkish(capsys):
    call_command("load_holidays", "--years", "2027")
    arife = OfficialHoliday.objects.get(date=dt.date(2027, 3, 8))
    assert arife.half_day and arife.starts_at == dt.time(13, 0)
    assert arife.name.startswith("Ramazan Bayramı") and "13.00" in arife.name
    bayram = OfficialHoliday.objects.filter(name="Ramazan Bayramı", half_day=False)
    assert [h.date for h in bayram] == [
        dt.date(2027, 3, 9),
        dt.date(2027, 3, 10),
        dt.date(2027, 3, 11),
    ]
    assert OfficialHoliday.objects.get(date=dt.date(2027, 10, 28)).half_day
    assert "added" in capsys.readouterr().out


def test_loading_twice_changes_nothing(capsys):
    call_command("load_holidays", "--years", "2026", "2027")
    first = snapshot()
    call_command("load_holidays", "--years", "2027", "2026")
    assert snapshot() == first
    assert (
        "0 were added, 0 were updated, 0 were removed" in capsys.readouterr().out.splitlines()[-1]
    )


def test_dry_run_writes_nothing(capsys):
    call_command("load_holidays", "--years", "2026", "--dry-run")
    assert not OfficialHoliday.objects.exists()
    assert "would be added" in capsys.readouterr().out


def test_a_wrong_row_is_corrected_and_a_stale_one_removed():
    call_command("load_holidays", "--years", "2026")
    OfficialHoliday.objects.filter(date=dt.date(2026, 10, 29)).update(name="Yanlış")
    OfficialHoliday.objects.create(date=dt.date(2026, 6, 2), name="Eski kayıt")
    call_command("load_holidays", "--years", "2026")
    assert OfficialHoliday.objects.get(date=dt.date(2026, 10, 29)).name == "Cumhuriyet Bayramı"
    assert not OfficialHoliday.objects.filter(date=dt.date(2026, 6, 2)).exists()


def test_an_impossible_year_is_refused():
    with pytest.raises(CommandError):
        call_command("load_holidays", "--years", "20277")
    assert not OfficialHoliday.objects.exists()


def test_upcoming_loads_this_year_and_the_next(capsys):
    from django.utils import timezone

    call_command("load_holidays", "--upcoming")
    year = timezone.localdate().year
    years = set(OfficialHoliday.objects.values_list("date__year", flat=True))
    assert years == {year, year + 1}
    assert f"Holidays for {year}, {year + 1}:" in capsys.readouterr().out


def test_years_or_upcoming_must_be_given():
    with pytest.raises(CommandError):
        call_command("load_holidays")


def test_the_yearly_task_loads_this_year_and_the_next_idempotently():
    from django.utils import timezone

    from events.tasks import load_upcoming_holidays

    year = timezone.localdate().year
    result = load_upcoming_holidays.enqueue()  # the immediate backend in tests
    assert result.return_value["years"] == [year, year + 1]
    assert result.return_value["added"] == OfficialHoliday.objects.count() > 20
    first = snapshot()
    again = load_upcoming_holidays.enqueue().return_value
    assert (again["added"], again["updated"], again["removed"]) == (0, 0, 0)
    assert snapshot() == first


def dashboard(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".events-holidays-panel")


@pytest.mark.parametrize("role", [PRESS, HEAD, CLERK])
def test_dashboard_warns_staff_of_missing_holidays_and_loads_them_on_request(
    client, user_with_role, role, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    year = timezone.localdate().year
    call_command("load_holidays", "--years", str(year))
    client.force_login(user_with_role(role))
    panel = dashboard(client)
    assert f"{year + 1} için resmî tatiller henüz herkese açık takvimde yok." in panel.text
    button = panel.select_one("form button")
    assert button.text == "Resmî tatilleri yükle"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(panel.form["action"], follow=True)
    assert OfficialHoliday.objects.filter(date__year=year + 1).count() > 10
    assert "Resmî tatiller yükleniyor" in response.content.decode()
    assert dashboard(client) is None  # nothing missing any more


def test_pressing_twice_queues_one_load(client, user_with_role, django_capture_on_commit_callbacks):
    client.force_login(user_with_role(PRESS))
    url = reverse("events_load_holidays")
    with django_capture_on_commit_callbacks() as queued:
        client.post(url)
        second = client.post(url, follow=True)
    assert len(queued) == 1
    assert "zaten istendi" in second.content.decode()
    # While queued, the dashboard says so instead of offering the button again.
    panel = dashboard(client)
    assert panel.select_one("form") is None and "Yüklenmeleri istendi" in panel.text


def test_photo_staff_and_strangers_get_no_panel_and_cannot_queue(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    assert dashboard(client) is None
    # Wagtail sends a user without the permission back to the dashboard, queueing nothing.
    refused = client.post(reverse("events_load_holidays"), follow=True)
    assert "yetkiniz yok" in refused.content.decode().lower()
    assert client.get(reverse("events_load_holidays")).status_code == 405
    from django.core.cache import cache

    from events.tasks import QUEUED_KEY

    assert cache.get(QUEUED_KEY) is None
