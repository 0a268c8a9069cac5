"""The scheduled jobs an operator sets up: every job the operations guide lists runs from a
systemd timer in deploy/systemd/, with the same command and arguments, and each names a
management command Kalem has (a timer naming a missing command fails silently at night)."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
TIMERS = ROOT / "deploy" / "systemd"


def documented_jobs():
    """The commands of the crontab block under "## Scheduled jobs" in docs/operations.md."""
    guide = (ROOT / "docs" / "operations.md").read_text()
    section = guide.split("## Scheduled jobs", 1)[1]
    block = section.split("```", 2)[1]
    return {match.group(1).strip() for match in re.finditer(r"manage\.py (\S+(?: --\S+)*)", block)}


def timer_jobs():
    """The commands the kalem-command@ timers start (systemd escapes spaces and dashes)."""
    jobs = {}
    for timer in TIMERS.glob("*.timer"):
        unit = re.search(r"^Unit=kalem-command@(.+)\.service$", timer.read_text(), re.M)
        if unit:
            command = unit.group(1).replace(r"\x20", " ").replace(r"\x2d", "-")
            jobs[command] = timer.name
    return jobs


def test_every_documented_job_has_a_timer_and_every_timer_is_documented():
    documented = documented_jobs()
    assert "withdraw_unusable_photos" in documented
    assert "load_holidays --upcoming" in documented
    assert set(timer_jobs()) == documented


def test_every_scheduled_command_exists():
    commands = get_commands()
    for job in timer_jobs():
        assert job.split()[0] in commands, job
