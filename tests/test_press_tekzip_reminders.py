"""Tekzip deadlines on the admin dashboard and in the daily reminder e-mail."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.roles import HEAD, PRESS
from press.models import DenialNoticeReminder
from press.tekzip.rules import Status
from tests.factories.tekzip import DenialNoticeFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices():
    today = timezone.localdate()
    return {
        # A draft of an item published 70 days ago: the two months to send are over.
        "overdue": DenialNoticeFactory(title="Süresi geçen", published_at=days_ago(70)),
        # Sent yesterday to a daily: it must publish within three days.
        "soon": DenialNoticeFactory(
            title="Yayım bekleyen",
            published_at=days_ago(3),
            status=Status.SENT,
            delivered_on=today - dt.timedelta(days=1),
        ),
        # Published yesterday: two months to send.
        "calm": DenialNoticeFactory(title="Vakit olan", published_at=days_ago(1)),
        # Concluded: nothing to watch.
        "done": DenialNoticeFactory(
            title="Biten", published_at=days_ago(70), status=Status.CONCLUDED
        ),
    }


def panel_titles(client):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.select_one(".tekzip-panel")
    assert panel is not None
    assert "Tekzip süreleri" in panel.get_text()
    return [row.a.get_text() for row in panel.select("tbody tr")]


def test_dashboard_panel_lists_exactly_the_overdue_and_due_notices(client, user_with_role, notices):
    client.force_login(user_with_role(PRESS))
    titles = panel_titles(client)
    assert titles == [str(notices["overdue"]), str(notices["soon"])]


def test_dashboard_panel_is_hidden_from_roles_without_the_right(client, user_with_role, notices):
    from cms.roles import PHOTO_ARCHIVE

    client.force_login(user_with_role(PHOTO_ARCHIVE))
    response = client.get(reverse("wagtailadmin_home"))
    assert "tekzip-panel" not in response.content.decode()


@pytest.fixture
def recipients(user_with_role, notices):
    head = user_with_role(HEAD, username="mudur")
    head.email = "mudur@example.com"
    head.save()
    owner = user_with_role(PRESS, username="basin")
    owner.email = "basin@example.com"
    owner.save()
    notices["overdue"].owner = owner
    notices["overdue"].save()
    return head, owner


def test_reminders_go_once_a_day_to_the_mudur_and_the_owner(recipients, notices):
    call_command("send_tekzip_reminders")
    assert len(mail.outbox) == 2
    by_subject = {message.subject: message for message in mail.outbox}
    overdue = next(m for s, m in by_subject.items() if "Süresi geçen" in s)
    assert sorted(overdue.to) == ["basin@example.com", "mudur@example.com"]
    assert "gecikti" in overdue.subject
    soon = next(m for s, m in by_subject.items() if "Yayım bekleyen" in s)
    assert soon.to == ["mudur@example.com"]
    assert "(2 gün kaldı)" in soon.body
    assert f"/admin/tekzip/{notices['soon'].pk}/" in soon.body

    call_command("send_tekzip_reminders")
    assert len(mail.outbox) == 2
    assert DenialNoticeReminder.objects.count() == 2

    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    call_command("send_tekzip_reminders", date=tomorrow)
    assert len(mail.outbox) == 4


def test_dry_run_sends_and_records_nothing(recipients, notices, capsys):
    call_command("send_tekzip_reminders", dry_run=True)
    assert mail.outbox == []
    assert not DenialNoticeReminder.objects.exists()
    assert "would send 2" in capsys.readouterr().out


def test_reminder_subject_and_text_are_plain_text_not_html(recipients, notices):
    quoted = DenialNoticeFactory(
        title='Başkan\'ın "park" açıklaması & haber',
        published_at=days_ago(3),
        status=Status.SENT,
        delivered_on=timezone.localdate() - dt.timedelta(days=1),
    )
    call_command("send_tekzip_reminders")
    message = next(m for m in mail.outbox if "park" in m.subject)
    assert message.subject == ('Tekzip süresi: Başkan\'ın "park" açıklaması & haber (2 gün kaldı)')
    assert "&#x27;" not in message.body and "&quot;" not in message.body
    assert f"/admin/tekzip/{quoted.pk}/" in message.body
