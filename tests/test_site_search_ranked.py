"""The site search's results read with their count in one query (cms.search): the same
pages in the same order as Wagtail's own search, on every page of results."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from cms.search import ranked_search
from cms.views import searchable
from press.models import PressReleasePage
from tests.factories.cms import StandardPageFactory, publish_child
from tests.factories.press import PressReleaseIndexFactory, publish_item

postgresql_only = pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="the one-query results are PostgreSQL's; SQLite searches with Wagtail as it is",
)

# Every test here reads the search index (tests/tasks.py).
pytestmark = pytest.mark.indexed

# Words at different weights: in the title (ranked highest), in the summary or intro and
# in the body, once or several times; so the rank orders the pages, with ties left for
# the newest-first rule.
TEXTS = [
    ("Park açılışı", "Mahallede yeni park.", "Park park park bahçe."),
    ("Meclis toplantısı", "Parkın bakımı konuşuldu.", "Gündem: bütçe."),
    ("Bahçe günleri", "Fidan dağıtımı.", "Parkta fidan dikildi."),
    ("Kültür haftası", "Konser ve sergi.", "Sergi kütüphanede."),
    ("Parklar yenileniyor", "Parklara oyun alanı.", "Park, park ve yine park."),
    ("Bütçe", "Yıllık bütçe.", "Park için ödenek."),
]


def titles(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [a.text for a in html.select(".search-results h2 a")]


@pytest.fixture
def pages(home):
    """Thirty-six pages of two kinds, one withdrawn release, one draft."""
    index = publish_child(home, PressReleaseIndexFactory())
    for round_ in range(3):
        for number, (title, summary, body) in enumerate(TEXTS):
            publish_item(
                index,
                title=f"{title} {round_}-{number}",
                summary=summary,
                body=[("paragraph", f"<p>{body}</p>")],
            )
            publish_child(
                home,
                StandardPageFactory(title=f"{title} sayfası {round_}-{number}", intro=body),
            )
    publish_item(index, title="Park geri çekildi", withdrawn=True, withdrawal_note="Yanlış.")
    draft = StandardPageFactory(title="Park taslağı", live=False)
    home.add_child(instance=draft)
    return searchable(Page.objects.live().public().filter(locale=Locale.get_active())).specific()


def wagtails(pages, query):
    return list(pages.search(query))


@postgresql_only
def test_every_slice_holds_wagtails_pages_in_wagtails_order(pages):
    for query in ["park", "parkların", "bütçe", "konser sergi", "fidan"]:
        expected = wagtails(pages, query)
        assert expected, query  # the fixture holds matches for every query
        for start, stop in [(0, 10), (10, 20), (20, 30), (len(expected) - 3, len(expected))]:
            found = ranked_search(pages, query, (start, stop))
            assert found.count() == len(expected), query
            assert found[start:stop] == expected[start:stop], (query, start)


@postgresql_only
def test_the_count_and_the_asked_page_come_in_one_query(pages):
    found = ranked_search(pages, "park", (10, 20))
    with CaptureQueriesContext(connection) as captured:
        count = found.count()
        rows = found[10:20]
    ranked = [q["sql"] for q in captured.captured_queries if "COUNT(*) OVER ()" in q["sql"]]
    assert len(ranked) == 1
    assert not [q for q in captured.captured_queries if 'COUNT(*) AS "__count"' in q["sql"]]
    assert count == len(wagtails(pages, "park")) and len(rows) == 10


@postgresql_only
def test_a_page_past_the_end_is_counted_then_the_last_page_read(pages):
    expected = wagtails(pages, "bütçe")
    found = ranked_search(pages, "bütçe", (990, 1000))
    assert found.count() == len(expected)
    last = (len(expected) - 1) // 10 * 10
    assert found[last : len(expected)] == expected[last:]


def test_withdrawn_and_draft_pages_are_not_found(pages):
    found = ranked_search(pages, "park", (0, 100))
    names = [page.title for page in found[0 : found.count()]]
    assert "Park geri çekildi" not in names and "Park taslağı" not in names
    assert PressReleasePage.objects.filter(title="Park geri çekildi", withdrawn=True).exists()


def test_the_site_pages_results_as_wagtail_orders_them(client, pages):
    expected = [page.title for page in wagtails(pages, "park")]
    assert len(expected) > 10  # more than one page of results
    shown = []
    for number in (1, 2, 3, 4, 5, 6):
        response = client.get("/ara/", {"q": "park", "sayfa": number})
        assert response.status_code == 200
        shown.extend(titles(response))
        if len(shown) >= len(expected):
            break
    assert shown == expected
    html = BeautifulSoup(client.get("/ara/", {"q": "park"}).content, "html.parser")
    assert html.select_one(".result-count").text == f"“park” için {len(expected)} sonuç bulundu."


def test_a_page_number_past_the_end_shows_the_last_page(client, pages):
    expected = [page.title for page in wagtails(pages, "bütçe")]
    last = expected[(len(expected) - 1) // 10 * 10 :]
    for number in ("999", "0", "-1", "²", "9" * 30):
        response = client.get("/ara/", {"q": "bütçe", "sayfa": number})
        assert response.status_code == 200, number
        assert titles(response) == (expected[:10] if number == "²" else last), number
