"""Wagtail's page history in the Turkish admin: each entry's action and the history's
action filter read in Turkish. Wagtail's own Turkish catalogue lacks "Published",
"Unpublished" and a score of other log phrases; Kalem's catalogue, first in LOCALE_PATHS,
has them."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.log_actions import registry

from cms.roles import HEAD
from tests.factories.cms import publish_child
from tests.factories.press import PressReleaseIndexFactory, publish_item

pytestmark = pytest.mark.django_db


def english_log_phrases():
    """Every action's label and fixed message as Wagtail says them in English."""
    registry.scan_for_actions()
    with translation.override("en"):
        phrases = set()
        for formatter in registry.formatters.values():
            phrases.add(str(formatter.label))
            if formatter.message:
                phrases.add(str(formatter.message))
    return phrases


def shown_text(response):
    """The text a reader sees on the page, one piece per element."""
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return list(soup.stripped_strings)


def test_page_history_reads_in_turkish(client, home, user_with_role):
    head = user_with_role(HEAD)
    releases = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(releases, title="Sahil yolu trafiğe açıldı")
    release.title = "Sahil yolu trafiğe açıldı (güncellendi)"
    release.save_revision(user=head).publish(user=head)
    release.unpublish(user=head)
    client.force_login(head)

    response = client.get(f"/admin/pages/{release.pk}/history/")

    assert response.status_code == 200
    text = shown_text(response)
    # The entries (published twice, renamed once, unpublished once) and the filter's
    # actions.
    assert text.count("Yayınlandı") == 2
    assert text.count("Yayından kaldırıldı") == 1
    assert "Yeniden adlandır" in text
    english = english_log_phrases()
    assert {"Published", "Unpublished", "Publish scheduled draft"} <= english
    assert sorted(set(text) & english) == []
