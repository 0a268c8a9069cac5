"""Press releases, news and announcements on the public site: pages, index filters and
pagination, withdrawal, expiry, change notes, social cards and share links."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.cms import PhotoFactory, _picture, publish_child
from tests.factories.press import (
    AnnouncementFactory,
    AnnouncementIndexFactory,
    CategoryFactory,
    NewsFactory,
    NewsIndexFactory,
    PressReleaseFactory,
    PressReleaseIndexFactory,
    publish_item,
)

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def releases(home):
    return publish_child(home, PressReleaseIndexFactory())


def card_titles(response):
    return [a.text for a in soup(response).select(".card__title a")]


def test_press_release_page_shows_summary_date_body_and_credit(client, releases):
    photo = PhotoFactory(title="Açılış", credit_line="Fotoğraf: Ali Veli")
    culture = CategoryFactory(name="Kültür")
    page = publish_item(
        releases,
        title="Kültür Merkezi Açıldı",
        summary="Yeni kültür merkezi hizmete girdi.",
        date=dt.date(2026, 11, 20),
        lead_image=photo,
        categories=[culture],
        tags=["açılış"],
    )
    assert page.url == "/basin-aciklamalari/kultur-merkezi-acildi/"
    response = client.get(page.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.text == "Kültür Merkezi Açıldı"
    assert html.select_one(".article__kind").text == "Basın açıklaması"
    assert "20 Kasım 2026" in html.select_one(".article__meta").text
    assert html.select_one(".lead").text == "Yeni kültür merkezi hizmete girdi."
    assert "Fotoğraf: Ali Veli" in html.select_one("figcaption").text
    assert "Açıklamanın tam metni." in html.select_one(".article__body").text
    tag_links = {a.text: a["href"] for a in html.select(".tags a")}
    assert tag_links["Kültür"] == "/basin-aciklamalari/?kategori=kultur"
    assert tag_links["#açılış"] == f"/basin-aciklamalari/?etiket={page.tags.get().slug}"


def test_category_slug_is_turkish_aware():
    assert CategoryFactory(name="Sosyal Yardım").slug == "sosyal-yardim"
    assert CategoryFactory(name="Altyapı Çalışmaları").slug == "altyapi-calismalari"


def test_open_graph_and_twitter_tags_use_absolute_urls(client, releases):
    photo = PhotoFactory(title="Meydan", file=_picture(7, size=(1600, 1000)))
    page = publish_item(
        releases,
        title="Meydan Yenilendi",
        summary="Cumhuriyet Meydanı yenilendi.",
        lead_image=photo,
    )
    html = soup(client.get(page.url))

    def meta(attribute, name):
        return html.select_one(f'meta[{attribute}="{name}"]')["content"]

    assert meta("property", "og:title") == "Meydan Yenilendi"
    assert meta("property", "og:description") == "Cumhuriyet Meydanı yenilendi."
    assert meta("name", "description") == "Cumhuriyet Meydanı yenilendi."
    assert meta("property", "og:url") == page.full_url
    assert html.select_one('link[rel="canonical"]')["href"] == page.full_url
    image = meta("property", "og:image")
    assert image.startswith("http://testserver/media/") and image.endswith(".jpg")
    assert (meta("property", "og:image:width"), meta("property", "og:image:height")) == (
        "1200",
        "630",
    )
    assert meta("name", "twitter:card") == "summary_large_image"
    assert meta("name", "twitter:image") == image
    assert len(html.select('meta[property="og:title"]')) == 1


def test_share_links_work_without_javascript(client, releases):
    page = publish_item(releases, title="Su Kesintisi")
    html = soup(client.get(page.url))
    links = {
        a["class"][1].removeprefix("share__link--"): a["href"] for a in html.select(".share a")
    }
    assert set(links) == {"x", "facebook", "whatsapp", "email"}
    assert parse_qs(urlparse(links["x"]).query)["url"] == [page.full_url]
    assert parse_qs(urlparse(links["facebook"]).query)["u"] == [page.full_url]
    assert page.full_url in parse_qs(urlparse(links["whatsapp"]).query)["text"][0]
    assert links["email"].startswith("mailto:?subject=Su%20Kesintisi")
    assert not html.select("script")


def test_index_filters_by_category_tag_and_year_and_keeps_them_in_links(client, releases):
    culture = CategoryFactory(name="Kültür")
    works = CategoryFactory(name="Altyapı")
    for number in range(14):
        publish_item(
            releases,
            title=f"Kültür Etkinliği {number}",
            date=dt.date(2025 + number % 2, 3, 1 + number),
            categories=[culture],
            tags=["festival"] if number % 2 else [],
        )
    publish_item(releases, title="Yol Çalışması", date=dt.date(2026, 5, 1), categories=[works])

    response = client.get(releases.url, {"kategori": "kultur"})
    assert len(card_titles(response)) == 12
    assert "Yol Çalışması" not in card_titles(response)
    next_link = soup(response).select_one('a[rel="next"]')["href"]
    assert "kategori=kultur" in next_link and "sayfa=2" in next_link
    second = client.get(releases.url + next_link)
    assert len(card_titles(second)) == 2

    festival = client.get(releases.url, {"kategori": "kultur", "etiket": "festival", "yil": "2026"})
    assert sorted(card_titles(festival)) == sorted(f"Kültür Etkinliği {n}" for n in range(1, 14, 2))
    html = soup(festival)
    assert html.select_one("#filter-category option[selected]")["value"] == "kultur"
    assert html.select_one("#filter-year option[selected]")["value"] == "2026"
    assert [o["value"] for o in html.select("#filter-year option")] == ["", "2026", "2025"]
    assert "2 öğe" not in html.text
    assert "7 öğe" in html.select_one(".result-count").text


def test_index_is_newest_first_and_bad_filters_do_not_fail(client, releases):
    publish_item(releases, title="Eski", date=dt.date(2024, 1, 1))
    publish_item(releases, title="Yeni", date=dt.date(2026, 1, 1))
    assert card_titles(client.get(releases.url)) == ["Yeni", "Eski"]
    response = client.get(releases.url, {"yil": "abc", "kategori": "yok", "sayfa": "x"})
    assert response.status_code == 200
    assert card_titles(response) == []


def test_a_page_past_the_end_says_so_and_links_to_the_last(client, releases, monkeypatch):
    from press.models import pages

    monkeypatch.setattr(pages, "INDEX_PER_PAGE", 2)
    for number in range(5):
        publish_item(releases, title=f"Açıklama {number}", date=dt.date(2026, 1, 1 + number))
    last = client.get(releases.url, {"sayfa": "3"})
    assert card_titles(last) == ["Açıklama 0"]
    for number in ("4", "0", "-1", str(2**63)):
        response = client.get(releases.url, {"kategori": "", "sayfa": number})
        assert response.status_code == 404
        assert card_titles(response) == []
        message = soup(response).select_one(".past-end")
        assert "Böyle bir sayfa yok: bu listede 3 sayfa var." in message.text
        assert parse_qs(urlparse(message.a["href"]).query)["sayfa"] == ["3"]


def test_the_index_pages_follow_one_another_with_items_of_the_same_day(
    client, releases, monkeypatch
):
    """Each page reads its rows by the ids of its stretch of the list (cms.views.page_rows,
    through cms.views.KeptPages): every item once, newest first, those of one day the last
    published first."""
    from press.models import pages

    monkeypatch.setattr(pages, "INDEX_PER_PAGE", 3)
    for number in range(8):
        publish_item(releases, title=f"Açıklama {number}", date=dt.date(2026, 1, 1 + number // 3))
    shown = [card_titles(client.get(releases.url, {"sayfa": n})) for n in ("1", "2", "3")]
    assert shown == [
        ["Açıklama 7", "Açıklama 6", "Açıklama 5"],
        ["Açıklama 4", "Açıklama 3", "Açıklama 2"],
        ["Açıklama 1", "Açıklama 0"],
    ]


INDEX_QUERY_BUDGET = 13


def publish_releases(releases, first, last, category):
    for number in range(first, last):
        publish_item(
            releases,
            title=f"Açıklama {number}",
            lead_image=PhotoFactory(),
            categories=[category],
            tags=["etiket", f"etiket-{number}"],
        )


def index_queries(client, releases, params, django_assert_max_num_queries):
    client.get(releases.url, params)  # renditions are made and filters cached on first view
    with (
        CaptureQueriesContext(connection) as captured,
        django_assert_max_num_queries(INDEX_QUERY_BUDGET),
    ):
        response = client.get(releases.url, params)
    assert response.status_code == 200
    return len(captured), card_titles(response)


def test_index_query_count_does_not_grow_with_items(
    client, releases, django_assert_max_num_queries
):
    culture = CategoryFactory(name="Kültür")
    filtered = {"kategori": "kultur"}
    publish_releases(releases, 0, 3, culture)
    few, titles = index_queries(client, releases, filtered, django_assert_max_num_queries)
    assert len(titles) == 3

    publish_releases(releases, 3, 20, culture)
    many, titles = index_queries(client, releases, filtered, django_assert_max_num_queries)
    assert len(titles) == 12
    second_page, titles = index_queries(
        client, releases, {**filtered, "sayfa": 2}, django_assert_max_num_queries
    )
    assert len(titles) == 8
    assert few == many == second_page


def test_the_section_is_written_into_the_index_statements_not_bound(releases):
    """A prepared statement is planned once for any values: from `path LIKE $1` PostgreSQL
    cannot tell how many pages the section holds and chose row-by-row joins that were
    many times slower at 20,000 releases (bench/scale.py). The section's path and depth
    are written into the statements (cms.listing.below)."""
    from cms import sql

    for active in ({}, {"kategori": "kultur", "yil": "2026"}):
        text, params = sql.statement(releases.filtered_items(active), connection.alias)
        assert f"LIKE '{releases.path}%%' AND" in text
        assert f'"depth" > {releases.depth})' in text
        assert not [value for value in params if str(value).startswith(releases.path)]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's prepared statements: the SQLite pass has none",
)
def test_filtered_and_later_index_pages_run_prepared_statements(client, releases):
    """With the section written in, every index page's statements are prepared, a
    filtered or later page's too (their generic plans read no more than plans made for
    their values: bench/scale.py)."""
    culture = CategoryFactory(name="Kültür")
    publish_releases(releases, 0, 14, culture)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # psycopg forgets what it prepared too
    for _ in range(6):  # psycopg prepares a statement on its fifth run
        for params in ({"sayfa": "2"}, {"kategori": "kultur", "yil": "2026"}):
            assert client.get(releases.url, params).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall() if "press_pressreleasepage" in row[0]]
    section = f"LIKE '{releases.path}%'"
    assert len([text for text in prepared if section in text and "OFFSET 12" in text]) == 1
    assert len([text for text in prepared if section in text and "kalem_counted" in text]) == 2


def test_a_tree_path_that_is_not_one_is_refused():
    from cms.listing import below
    from press.models import PressReleasePage

    section = PressReleasePage(path="0001' OR '1'='1", depth=2)
    with pytest.raises(ValueError):
        below(PressReleasePage.objects.all(), section)


def test_the_filters_offer_only_categories_tags_and_years_of_the_sections_public_items(
    client, home, releases
):
    culture, hidden, other = (CategoryFactory(name=n) for n in ("Kültür", "Gizli", "Başka"))
    publish_item(
        releases, title="Konser", date=dt.date(2024, 5, 1), categories=[culture], tags=["müzik"]
    )
    # A year's first day counts in that year; 2023, between two years with items, has none.
    publish_item(releases, title="Park", date=dt.date(2022, 1, 1))
    withdrawn = publish_item(
        releases, title="Hata", date=dt.date(2021, 5, 1), categories=[hidden], tags=["hata"]
    )
    withdrawn.withdrawn = True
    withdrawn.withdrawal_note = "Yanlış bilgi."
    withdrawn.save_revision().publish()
    draft = publish_item(
        releases, title="Taslak", date=dt.date(2020, 5, 1), categories=[hidden], tags=["taslak"]
    )
    draft.unpublish()
    news = publish_child(home, NewsIndexFactory())
    publish_item(news, NewsFactory, date=dt.date(2019, 5, 1), categories=[other], tags=["başka"])

    html = soup(client.get(releases.url))
    assert [o.text.strip() for o in html.select("#filter-category option")][1:] == ["Kültür"]
    assert [o["value"] for o in html.select("#filter-tag option")] == ["", "müzik"]
    assert [o["value"] for o in html.select("#filter-year option")] == ["", "2024", "2022"]


def test_renaming_a_category_shows_at_once_in_the_cached_filter(client, releases):
    culture = CategoryFactory(name="Kültür")
    publish_item(releases, title="Konser", categories=[culture])
    assert "Kültür" in client.get(releases.url).content.decode()
    culture.name = "Kültür ve Sanat"
    culture.save()
    assert "Kültür ve Sanat" in client.get(releases.url).content.decode()


def test_withdrawn_item_keeps_its_url_with_explanation_but_leaves_the_index(client, releases):
    page = publish_item(releases, title="Hatalı Açıklama")
    publish_item(releases, title="Doğru Açıklama")
    page.withdrawn = True
    page.withdrawal_note = "Açıklama yanlış bilgi içerdiği için geri çekilmiştir."
    page.save_revision().publish()

    assert card_titles(client.get(releases.url)) == ["Doğru Açıklama"]
    response = client.get(page.url)
    assert response.status_code == 200
    notice = soup(response).select_one(".notice--withdrawn")
    assert "geri çekilmiştir" in notice.text
    assert "tarihinde geri çekildi" in notice.h2.text
    assert soup(response).select_one('meta[name="robots"]')["content"] == "noindex"


@pytest.mark.indexed
def test_withdrawn_item_leaves_site_search_and_the_sitemap(client, releases):
    withdrawn = publish_item(releases, title="Hatalı Park Açıklaması")
    kept = publish_item(releases, title="Doğru Park Açıklaması")
    withdrawn.withdrawn = True
    withdrawn.withdrawal_note = "Açıklama yanlış bilgi içerdiği için geri çekilmiştir."
    withdrawn.save_revision().publish()

    found = [a.text.strip() for a in soup(client.get("/ara/?q=park")).select("main a[href]")]
    assert "Doğru Park Açıklaması" in found
    assert "Hatalı Park Açıklaması" not in found
    sitemap = client.get("/sitemap.xml").content.decode()
    assert kept.get_full_url() in sitemap
    assert withdrawn.get_full_url() not in sitemap
    assert "geri çekilmiştir" in client.get(withdrawn.url).content.decode()


def test_withdrawing_without_an_explanation_is_refused():
    from django.core.exceptions import ValidationError

    page = PressReleaseFactory(withdrawn=True, withdrawal_note="")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "withdrawal_note" in error.value.message_dict


def test_change_notes_are_listed_under_the_article_in_date_order(client, releases):
    page = publish_item(
        releases,
        title="Otobüs Seferleri",
        change_notes=[
            ("note", {"date": dt.date(2026, 3, 2), "note": "Saatler düzeltildi."}),
            ("note", {"date": dt.date(2026, 2, 1), "note": "Yeni hat eklendi."}),
        ],
    )
    notes = [dd.text for dd in soup(client.get(page.url)).select(".change-notes dd")]
    assert notes == ["İlk kez yayımlandı.", "Yeni hat eklendi.", "Saatler düzeltildi."]


def test_expired_announcement_is_marked_and_leaves_listings(client, home):
    index = publish_child(home, AnnouncementIndexFactory())
    today = timezone.localdate()
    expired = publish_item(
        index,
        AnnouncementFactory,
        title="Eski Duyuru",
        valid_until=today - dt.timedelta(days=1),
    )
    publish_item(
        index, AnnouncementFactory, title="Güncel Duyuru", valid_until=today + dt.timedelta(days=3)
    )
    publish_item(index, AnnouncementFactory, title="Süresiz Duyuru")
    assert sorted(card_titles(client.get(index.url))) == ["Güncel Duyuru", "Süresiz Duyuru"]
    response = client.get(expired.url)
    assert response.status_code == 200
    assert "tarihinde doldu" in soup(response).select_one(".notice--expired").text


def test_listing_block_leaves_out_withdrawn_and_expired_items(home):
    from cms.listing import run_listing

    index = publish_child(home, AnnouncementIndexFactory())
    publish_item(index, AnnouncementFactory, title="Geçerli")
    publish_item(
        index,
        AnnouncementFactory,
        title="Süresi Geçmiş",
        valid_until=timezone.localdate() - dt.timedelta(days=2),
    )
    publish_item(
        index, AnnouncementFactory, title="Geri Çekilmiş", withdrawn=True, withdrawal_note="Hata."
    )
    assert [page.title for page in run_listing("press.announcementpage")] == ["Geçerli"]


def test_news_pages_live_under_the_news_index(client, home):
    news = publish_child(home, NewsIndexFactory())
    page = publish_item(news, NewsFactory, title="Parklara Yeni Oyun Alanları")
    assert page.url == "/haberler/parklara-yeni-oyun-alanlari/"
    assert soup(client.get(page.url)).select_one(".article__kind").text == "Haber"
    from press.models import NewsIndexPage, NewsPage

    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]


def test_a_preview_shows_the_drafts_categories_and_tags(client, releases):
    culture, sport = CategoryFactory(name="Kültür"), CategoryFactory(name="Spor")
    item = publish_item(releases, title="Sahil yolu", categories=[culture], tags=["sahil"])
    item.categories.set([sport])
    item.tags.set(["yol", "asfalt"])
    item.save_revision()
    preview = soup(item.make_preview_request())
    assert [a.text for a in preview.select(".tags .tag")] == ["Spor", "#asfalt", "#yol"]
    live = soup(client.get(item.url))
    assert [a.text for a in live.select(".tags .tag")] == ["Kültür", "#sahil"]
