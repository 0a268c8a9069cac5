"""A photo that may no longer be used (consent ran out, withdrawn) disappears from every
public rendering at once: page lead images, the home page hero, image blocks and
galleries, cards, the site logo, Open Graph and Twitter tags, feed enclosures and press
e-mails. The pages stay, without the image; the Müdür's dashboard lists them."""

import json
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
import time_machine
from bs4 import BeautifulSoup

from cms.models import MunicipalitySettings
from events.models import EventPage
from press.mailing import build_message
from tests.factories.archive import ArchivePhotoFactory
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.events import EventPageFactory, calendar_page
from tests.factories.press import PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 11, 20, 12, 0)  # consent still runs
AFTER = datetime(2026, 11, 23, 12, 0)  # consent ran out the day before
CONSENT_UNTIL = date(2026, 11, 22)


def image_block(photo):
    return json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": photo.pk, "alt_text": "", "decorative": True},
                    "caption": "Törenden bir kare",
                    "credit": "",
                },
            }
        ]
    )


@pytest.fixture
def site(home):
    """Every public surface showing one photo whose consent runs until CONSENT_UNTIL, and
    one other photo that stays usable."""
    with time_machine.travel(BEFORE, tick=False):
        photo = ArchivePhotoFactory(consent_expires=CONSENT_UNTIL, file_kwargs={"size": (900, 600)})
        other = ArchivePhotoFactory(file_kwargs={"size": (900, 600)})
        standard = publish_child(
            home,
            StandardPageFactory(title="Tören", lead_image=photo, body=image_block(photo)),
        )
        releases = publish_child(home, PressReleaseIndexFactory())
        release = publish_item(
            releases, title="Açılış", lead_image=photo, gallery=image_block(photo)
        )
        kept = publish_item(releases, title="Konser", lead_image=other)
        calendar = calendar_page(home)
        event = publish_child(calendar, EventPageFactory(title="Şenlik", lead_image=photo))
        home.hero_image = photo
        home.featured = json.dumps([{"type": "page", "value": standard.pk}])
        home.save_revision().publish()
        logo = MunicipalitySettings.for_site(home.get_site())
        logo.logo = photo
        logo.save()
    return SimpleNamespace(
        photo=photo,
        other=other,
        pages=[home, standard, release, releases, EventPage.objects.get(pk=event.pk)],
        release=release,
        kept=kept,
        releases=releases,
    )


def mentions(html, photo):
    return Path(photo.file.name).stem in html


def feed_enclosures(client, releases):
    feed = feedparser.parse(client.get(releases.url + "rss/").content)
    return {entry.title: [e.href for e in entry.enclosures] for entry in feed.entries}


def email_html(release):
    dispatch = SimpleNamespace(contact=SimpleNamespace(name="Ayşe"), email="ayse@gazete.test")
    message = build_message(release, dispatch)
    return message.alternatives[0][0] + message.body


def test_every_public_surface_drops_a_photo_once_its_consent_runs_out(client, site):
    with time_machine.travel(BEFORE, tick=False):
        # While consent runs, every surface shows it (so the check below can fail).
        for page in site.pages:
            assert mentions(client.get(page.url).content.decode(), site.photo), page.url
        assert feed_enclosures(client, site.releases)["Açılış"]
        assert mentions(email_html(site.release), site.photo)

    with time_machine.travel(AFTER, tick=False):
        for page in site.pages:
            response = client.get(page.url)
            assert response.status_code == 200  # the page stays, without the image
            assert not mentions(response.content.decode(), site.photo), page.url
        soup = BeautifulSoup(client.get(site.release.url).content, "html.parser")
        assert soup.select_one("meta[property='og:image']") is None
        assert soup.select_one("meta[name='twitter:card']")["content"] == "summary"
        assert not soup.select("figure")  # no empty frame where the photo was
        enclosures = feed_enclosures(client, site.releases)
        assert enclosures["Açılış"] == []
        assert enclosures["Konser"]  # another photo is unaffected
        assert not mentions(email_html(site.release), site.photo)
        kept = client.get(site.kept.url).content.decode()
        assert mentions(kept, site.other)
        assert 'property="og:image"' in kept
