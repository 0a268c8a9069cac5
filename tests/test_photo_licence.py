"""A photo licensed to the municipality for a period (an agency's, a citizen's) stops
being usable after the licence's last day, like one whose consent ran out: the public
archive hides it, the rights report names why."""

from datetime import date

import pytest
from django.urls import reverse

from archive.photos.rules import is_usable, unusable_reason
from cms.roles import PHOTO_ARCHIVE
from tests.factories.archive import ArchivePhotoFactory, album_with, archive_index

D = date  # the case tables read better with short dates

# (do_not_use, consent until, licence until, today) -> usable; worked out by hand: a
# period "until" a day covers that whole day, and every period must still run.
USABLE_CASES = [
    (False, None, None, D(2027, 3, 2), True),
    (False, None, D(2027, 3, 2), D(2027, 3, 2), True),  # the licence's last day
    (False, None, D(2027, 3, 1), D(2027, 3, 2), False),  # the day after
    (False, D(2027, 12, 31), D(2027, 3, 1), D(2027, 3, 2), False),  # consent runs, licence not
    (False, D(2027, 3, 1), D(2027, 12, 31), D(2027, 3, 2), False),  # licence runs, consent not
    (False, D(2028, 1, 1), D(2028, 1, 1), D(2027, 12, 31), True),  # both run over the year end
    (True, None, D(2030, 1, 1), D(2027, 3, 2), False),  # withdrawn, whatever the dates
    (False, None, None, None, True),  # no period: today is not needed (nor read by photos)
    (True, None, None, None, False),
]


@pytest.mark.parametrize(("withdrawn", "consent", "licence", "today", "usable"), USABLE_CASES)
def test_a_photo_is_usable_only_while_every_period_runs(withdrawn, consent, licence, today, usable):
    assert (
        is_usable(
            do_not_use=withdrawn, consent_expires=consent, licence_expires=licence, today=today
        )
        is usable
    )


@pytest.mark.parametrize(
    ("withdrawn", "consent", "licence", "reason"),
    [
        (False, None, D(2027, 2, 28), ("licence", D(2027, 2, 28))),
        (False, D(2027, 1, 15), None, ("consent", D(2027, 1, 15))),
        # Both ended: the report names the one that ended first.
        (False, D(2027, 2, 1), D(2027, 1, 10), ("licence", D(2027, 1, 10))),
        (False, D(2027, 1, 5), D(2027, 1, 10), ("consent", D(2027, 1, 5))),
        (True, None, D(2027, 1, 10), ("do_not_use", None)),
        (False, D(2027, 3, 2), D(2027, 3, 2), None),
    ],
)
def test_the_reason_a_photo_is_unusable(withdrawn, consent, licence, reason):
    today = D(2027, 3, 2)
    assert (
        unusable_reason(
            do_not_use=withdrawn, consent_expires=consent, licence_expires=licence, today=today
        )
        == reason
    )


@pytest.mark.django_db
@pytest.mark.clock("2027-03-02T10:00")
def test_a_photo_whose_licence_ended_leaves_the_public_album(client, home):
    running = ArchivePhotoFactory(title="Lisanslı", licence_expires=D(2027, 3, 2))
    ended = ArchivePhotoFactory(title="Lisansı bitmiş", licence_expires=D(2027, 3, 1))
    album = album_with(archive_index(home), [running, ended])
    html = client.get(album.url).content.decode()
    assert f"foto-{running.pk}" in html
    assert f"foto-{ended.pk}" not in html
    photo_url = album.url + album.reverse_subpage("photo", args=[ended.pk])
    assert client.get(photo_url).status_code == 404


@pytest.mark.django_db
@pytest.mark.clock("2027-03-02T10:00")
@pytest.mark.indexed
def test_the_rights_report_says_the_licence_ended(client, user_with_role):
    ArchivePhotoFactory(title="Ajans fotoğrafı", licence_expires=D(2027, 2, 28))
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    html = client.get(reverse("archive_photo_rights")).content.decode()
    assert "Ajans fotoğrafı" in html
    assert "Lisans 28 Şubat 2027 tarihinde sona erdi" in html
