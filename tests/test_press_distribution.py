"""E-mail distribution of a published press item to distribution lists: one e-mail per
consenting active contact, a dispatch record per recipient, no double sends, failures
recorded and retried."""

import smtplib

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from cms.roles import PRESS
from cms.sms import LoggingSMSBackend
from press.mailing import MAX_ATTEMPTS, distribute, retry_failed
from press.models import Dispatch, DistributionList, OutletKind
from tests.factories.cms import publish_child
from tests.factories.press import (
    DistributionListFactory,
    MediaOutletFactory,
    PressContactFactory,
    PressReleaseIndexFactory,
    publish_item,
)

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"mailbox unavailable")})


@pytest.fixture
def release(home):
    index = publish_child(home, PressReleaseIndexFactory())
    return publish_item(
        index,
        title="Yeni Kütüphane Açılıyor",
        summary="Kent kütüphanesi cumartesi açılıyor.",
        body=[("paragraph", "<p>Tüm hemşehrilerimiz davetlidir.</p>")],
    )


@pytest.fixture
def contacts(db):
    return {
        "ayse": PressContactFactory(name="Ayşe Işık", email="ayse@example.com"),
        "can": PressContactFactory(name="Can Er", email="can@example.com"),
        "no_consent": PressContactFactory(
            name="Onaysız", email="onaysiz@example.com", consent=False
        ),
        "inactive": PressContactFactory(
            name="Ayrılmış", email="ayrilmis@example.com", active=False
        ),
    }


@pytest.fixture
def press_list(contacts):
    return DistributionListFactory(name="Yerel basın", members=list(contacts.values()))


def statuses(release):
    return {
        dispatch.contact.name: (dispatch.status, dispatch.skip_reason)
        for dispatch in Dispatch.objects.filter(page=release).select_related("contact")
    }


def test_sends_one_email_per_consenting_contact_and_records_skips(
    release, press_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert distribute(release, [press_list]) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ayse@example.com",
        "can@example.com",
    ]
    assert statuses(release) == {
        "Ayşe Işık": ("sent", ""),
        "Can Er": ("sent", ""),
        "Onaysız": ("skipped", "no_consent"),
        "Ayrılmış": ("skipped", "inactive"),
    }
    message = next(m for m in mail.outbox if m.to == ["ayse@example.com"])
    assert message.subject == "Basın açıklaması: Yeni Kütüphane Açılıyor"
    assert "Sayın Ayşe Işık," in message.body
    assert release.full_url in message.body
    html = message.alternatives[0].content
    assert "Tüm hemşehrilerimiz davetlidir." in html
    assert f'href="{release.full_url}"' in html


def test_triggering_twice_or_with_overlapping_lists_does_not_send_twice(
    release, press_list, contacts, django_capture_on_commit_callbacks
):
    other = DistributionListFactory(name="Muhabirler", members=[contacts["ayse"]])
    with django_capture_on_commit_callbacks(execute=True):
        distribute(release, [press_list, other])
    with django_capture_on_commit_callbacks(execute=True):
        assert distribute(release, [press_list]) == 0
    assert len(mail.outbox) == 2
    assert Dispatch.objects.filter(page=release).count() == 4


def test_contact_who_gives_consent_later_gets_it_on_the_next_send(
    release, press_list, contacts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        distribute(release, [press_list])
    contacts["no_consent"].consent = True
    contacts["no_consent"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert distribute(release, [press_list]) == 1
    assert [m.to for m in mail.outbox].count(["onaysiz@example.com"]) == 1


def test_failures_are_recorded_retried_and_can_be_retried_later(
    release, press_list, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_press_distribution.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        distribute(release, [press_list])
    failed = Dispatch.objects.filter(page=release, status="failed")
    assert failed.count() == 2
    assert all(d.attempts == MAX_ATTEMPTS for d in failed)
    assert "SMTPRecipientsRefused" in failed.first().error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(release) == 2
    assert Dispatch.objects.filter(page=release, status="sent").count() == 2
    assert len(mail.outbox) == 2


def test_rule_based_list_takes_active_contacts_of_matching_outlets(release, db):
    local_daily = MediaOutletFactory(kind=OutletKind.DAILY, scope="local")
    national = MediaOutletFactory(kind=OutletKind.DAILY, scope="national")
    tv = MediaOutletFactory(kind=OutletKind.TV, scope="local")
    match = PressContactFactory(outlet=local_daily)
    PressContactFactory(outlet=local_daily, active=False)
    PressContactFactory(outlet=national)
    PressContactFactory(outlet=tv)
    by_rule = DistributionList.objects.create(
        name="Yerel günlük gazeteler",
        rule_enabled=True,
        rule_outlet_kind="daily",
        rule_scope="local",
    )
    assert list(by_rule.members()) == [match]


@pytest.mark.indexed
def test_staff_send_from_the_admin_and_see_who_it_reached(
    client, user_with_role, release, press_list, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role(PRESS))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[release.pk]))
    assert reverse("press_distribute", args=[release.pk]) in edit.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("press_distribute", args=[release.pk]), {"lists": [press_list.pk]}
        )
    assert response.status_code == 302
    report = client.get(response["Location"])
    rows = BeautifulSoup(report.content, "html.parser").select("tr.dispatch")
    assert sorted(row.select("td")[2].text for row in rows) == [
        "Atlandı",
        "Atlandı",
        "Gönderildi",
        "Gönderildi",
    ]
    assert "bülten almaya onayı yok" in report.content.decode()


def test_a_draft_cannot_be_sent(client, user_with_role, home, press_list):
    index = publish_child(home, PressReleaseIndexFactory())
    draft = publish_item(index, title="Taslak")
    draft.unpublish()
    client.force_login(user_with_role(PRESS))
    client.post(reverse("press_distribute", args=[draft.pk]), {"lists": [press_list.pk]})
    assert not Dispatch.objects.exists()
    assert mail.outbox == []


def test_the_default_sms_backend_only_logs(caplog):
    backend = LoggingSMSBackend()
    with caplog.at_level("INFO", logger="kalem.sms"):
        backend.send("+905320000000", "Basın toplantısı saat 11'de.")
    assert backend.sent == [("+905320000000", "Basın toplantısı saat 11'de.")]
    assert "+905320000000" in caplog.text


def test_the_email_shows_the_lead_image_and_links_attachments_attaching_only_small_ones(
    home, contacts, settings, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from tests.factories.cms import PhotoFactory

    settings.KALEM_PRESS_ATTACH_MAX_BYTES = 5_000
    document_model = get_document_model()
    small = document_model(title="Program akışı")
    small.file.save("program.pdf", ContentFile(b"%PDF-1.4 " + b"k" * 1_000))
    large = document_model(title="Proje dosyası")
    large.file.save("proje.pdf", ContentFile(b"%PDF-1.4 " + b"b" * 20_000))
    photo = PhotoFactory(title="Kütüphane", credit_line="Foto: Ayşe Işık")
    index = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(
        index,
        title="Yeni Kütüphane Açılıyor",
        summary="Kent kütüphanesi cumartesi açılıyor.",
        lead_image=photo,
        attachments=[("document", small), ("document", large)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        distribute(release, [DistributionListFactory(members=[contacts["ayse"]])])

    (message,) = mail.outbox
    html = BeautifulSoup(message.alternatives[0].content, "html.parser")
    image = html.select_one("img")
    assert image["src"].startswith("http://") and "/media/images/" in image["src"]
    assert "Foto: Ayşe Işık" in html.get_text()
    links = {a.get_text(strip=True): a["href"] for a in html.select("li a")}
    assert set(links) == {"Program akışı", "Proje dosyası"}
    assert all(href.startswith("http://") for href in links.values())
    for href in links.values():
        assert href in message.body  # the plain-text part links them too
    # Only the small one travels in the e-mail; the large one is a link.
    assert [name for name, _content, _type in message.attachments] == ["program.pdf"]


def test_email_subject_keeps_quotes_and_ampersands_as_typed(
    release, press_list, django_capture_on_commit_callbacks
):
    release.title = 'Başkan\'ın "Yeşil Kent" & Park Açıklaması'
    release.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        distribute(release, [press_list])
    subjects = {message.subject for message in mail.outbox}
    assert subjects == {'Basın açıklaması: Başkan\'ın "Yeşil Kent" & Park Açıklaması'}
