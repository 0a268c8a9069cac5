"""`load_holidays`: Turkey's official holidays and half days on the event calendar."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

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
