"""wagtail-modeladmin's list screens in Turkish: the result count in the header and the
list filters' headings, which its own Turkish catalogue leaves in English ("1 out of 1",
"By ton"). The press clippings list stands for them all (same templates)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.roles import PRESS
from press.models import Tone
from tests.factories.press import MediaOutletFactory, PressClippingFactory

pytestmark = pytest.mark.django_db


def test_clippings_list_counts_and_filters_read_in_turkish(client, user_with_role):
    outlet = MediaOutletFactory(name="Ege Postası")
    for day, tone in [(1, Tone.POSITIVE), (2, Tone.NEGATIVE), (3, Tone.NEUTRAL)]:
        PressClippingFactory(outlet=outlet, date=dt.date(2026, 10, day), tone=tone)
    client.force_login(user_with_role(PRESS))

    response = client.get(reverse("press_pressclipping_modeladmin_index"), {"tone": "negative"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".result-count").get_text(strip=True) == "3 kayıttan 1"
    filters = list(soup.select_one(".changelist-filter").stripped_strings)
    headings = [text for text in filters if text.startswith("Süzgeç")]
    assert headings == [
        "Süzgeç: ton",
        "Süzgeç: ay",
        "Süzgeç: düzeltme gerekiyor",
        "Süzgeç: basın kuruluşu",
    ]
    text = " ".join(soup.select_one("main").stripped_strings)
    for english in ("out of", "By ton", "By ay", "By basın kuruluşu", "By düzeltme"):
        assert english not in text
