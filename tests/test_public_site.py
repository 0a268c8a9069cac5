"""The public site a citizen reads: home, pages, search, sitemap, robots, error pages."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from cms.models import MunicipalitySettings
from tests.factories.cms import PhotoFactory, StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def municipality(home):
    settings = MunicipalitySettings.for_site(home.get_site())
    settings.name = "Deneme Belediyesi"
    settings.address = "Atatürk Caddesi No: 5"
    settings.phone = "0 (232) 111 22 33"
    settings.kep_address = "deneme@hs01.kep.tr"
    settings.save()
    return settings


def test_home_page_is_turkish_and_accessible(client, home, municipality):
    response = client.get("/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "tr"
    skip = page.select_one("a.skip-link")
    assert skip["href"] == "#main" and skip.text == "Ana içeriğe geç"
    assert page.select_one("main#main") is not None
    assert page.select_one('meta[name="viewport"]') is not None
    footer = page.select_one("footer").text
    assert "Deneme Belediyesi" in footer and "Atatürk Caddesi No: 5" in footer
    assert "deneme@hs01.kep.tr" in footer


def test_menu_lists_live_pages_marked_for_menus(client, home, municipality):
    publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    publish_child(home, StandardPageFactory(title="Gizli Taslak", show_in_menus=False))
    draft = StandardPageFactory(title="Yayımlanmamış", show_in_menus=True, live=False)
    home.add_child(instance=draft)
    nav = soup(client.get("/")).select_one('nav[aria-label="Ana menü"]')
    assert [a.text for a in nav.select("a")] == ["Kurumsal"]


@pytest.mark.indexed
def test_menu_marks_the_served_page_and_the_section_it_is_in(client, home, municipality):
    about = publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    history = publish_child(about, StandardPageFactory(title="Tarihçe"))
    publish_child(home, StandardPageFactory(title="İletişim", show_in_menus=True))

    def marks(url):
        nav = soup(client.get(url)).select_one('nav[aria-label="Ana menü"]')
        return [(a.text, a.get("aria-current")) for a in nav.select("a")]

    assert marks("/") == [("Kurumsal", None), ("İletişim", None)]
    assert marks(about.url) == [("Kurumsal", "page"), ("İletişim", None)]
    assert marks(history.url) == [("Kurumsal", "true"), ("İletişim", None)]
    assert marks("/ara/?q=tarih") == [("Kurumsal", None), ("İletişim", None)]


def test_menu_shows_a_newly_published_page_at_once(client, home, municipality):
    publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    client.get("/")  # the menu is now cached
    publish_child(home, StandardPageFactory(title="İletişim", show_in_menus=True))
    nav = soup(client.get("/")).select_one('nav[aria-label="Ana menü"]')
    assert [a.text for a in nav.select("a")] == ["Kurumsal", "İletişim"]


def test_standard_page_renders_blocks_breadcrumbs_and_credit(client, home, municipality):
    photo = PhotoFactory(title="Meydan", credit_line="Fotoğraf: Ali Veli")
    section = publish_child(home, StandardPageFactory(title="Kurumsal"))
    page = publish_child(
        section,
        StandardPageFactory(
            title="Başkanın Mesajı",
            lead_image=photo,
            body=[
                ("heading", {"text": "Değerli Hemşehrilerim", "level": "h2"}),
                ("paragraph", "<p>Kentimiz için <b>birlikte</b> çalışıyoruz.</p>"),
                ("quote", {"quote": "Hizmet en büyük ibadettir.", "attribution": "Başkan"}),
            ],
        ),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.text == "Başkanın Mesajı"
    assert html.select_one(".article__body h2").text == "Değerli Hemşehrilerim"
    assert "birlikte" in html.select_one(".rich-text").text
    assert "Fotoğraf: Ali Veli" in html.select_one("figcaption").text
    crumbs = [li.text.strip() for li in html.select(".breadcrumbs li")]
    assert crumbs == ["Anasayfa", "Kurumsal", "Başkanın Mesajı"]
    assert html.select_one('link[rel="canonical"]')["href"] == page.full_url


def test_page_url_uses_the_turkish_slug(client, home):
    page = publish_child(home, StandardPageFactory(title="Basın Açıklaması: İzmir'de Çığ Önlemi"))
    assert page.url == "/basin-aciklamasi-izmirde-cig-onlemi/"
    assert client.get(page.url).status_code == 200


@pytest.mark.indexed
def test_search_finds_live_pages_only(client, home):
    publish_child(
        home, StandardPageFactory(title="Asfalt Çalışması", intro="Mahallede yol yenileme.")
    )
    hidden = StandardPageFactory(title="Asfalt Taslağı", live=False)
    home.add_child(instance=hidden)
    response = client.get("/ara/", {"q": "asfalt"})
    assert response.status_code == 200
    titles = [a.text for a in soup(response).select(".search-results h2 a")]
    assert titles == ["Asfalt Çalışması"]
    assert "1 sonuç bulundu" in soup(response).select_one(".result-count").text


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="Turkish stemming needs PostgreSQL's `turkish` text search configuration",
)
@pytest.mark.indexed
def test_search_on_postgresql_understands_turkish_suffixes(client, home):
    publish_child(home, StandardPageFactory(title="Kütüphaneler Haftası Etkinlikleri Parklarda"))
    for query in ["kütüphanelerimiz", "etkinlik", "parkların"]:
        response = client.get("/ara/", {"q": query})
        titles = [a.text for a in soup(response).select(".search-results h2 a")]
        assert titles == ["Kütüphaneler Haftası Etkinlikleri Parklarda"], query


@pytest.mark.indexed
def test_search_without_results_says_so_in_turkish(client, home):
    response = client.get("/ara/", {"q": "bulunamayacakkelime"})
    assert "Aradığınız sözcüklerle bir sonuç bulunamadı" in soup(response).select_one(".empty").text


@pytest.mark.indexed
def test_search_results_are_paginated_and_keep_the_query(client, home):
    for number in range(13):
        publish_child(home, StandardPageFactory(title=f"Park Düzenlemesi {number}"))
    first = soup(client.get("/ara/", {"q": "park"}))
    assert len(first.select(".search-results > li")) == 10
    next_link = first.select_one('a[rel="next"]')["href"]
    assert "q=park" in next_link and "sayfa=2" in next_link
    second = soup(client.get("/ara/" + next_link))
    assert len(second.select(".search-results > li")) == 3
    # A page number past the end shows the last page instead of an error.
    assert client.get("/ara/", {"q": "park", "sayfa": "999"}).status_code == 200


def test_sitemap_lists_published_pages_with_absolute_urls(client, home):
    publish_child(home, StandardPageFactory(title="İletişim"))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        node.text for node in ET.fromstring(response.content).findall("s:url/s:loc", namespace)
    ]
    assert "http://localhost/iletisim/" in locations
    assert all(location.startswith("http") for location in locations)


def test_robots_txt_points_at_the_sitemap_and_hides_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_missing_page_gives_a_turkish_404(client, home):
    response = client.get("/boyle-bir-sayfa-yok/")
    assert response.status_code == 404
    html = soup(response)
    assert html.html["lang"] == "tr"
    assert html.h1.text == "Sayfa bulunamadı"


@override_settings(DEBUG=False)
def test_server_error_page_is_turkish(client):
    from django.template.loader import render_to_string

    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert html.html["lang"] == "tr"
    assert html.h1.text == "Bir sorun oluştu"


def test_english_site_is_served_in_english(client, home):
    response = client.get("/en/")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"
    assert soup(response).select_one("a.skip-link").text == "Skip to main content"


def test_home_page_renders_in_a_bounded_number_of_queries(
    client, home, django_assert_max_num_queries
):
    section = publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    for number in range(6):
        publish_child(
            section, StandardPageFactory(title=f"Birim {number}", lead_image=PhotoFactory())
        )
    home.body = [
        {
            "type": "listing",
            "value": {"page_type": "cms.standardpage", "section": section.pk, "limit": 6},
        },
    ]
    home.featured = [("page", section)]
    home.save_revision().publish()
    client.get("/")  # renditions are generated once, on the first view
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert len(soup(response).select(".listing .card")) == 6


def test_editor_translates_the_site_into_english(client, superuser, home):
    from wagtail.models import Locale

    page = publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    client.force_login(superuser)
    english = Locale.objects.get(language_code="en")
    response = client.post(
        f"/admin/translation/submit/page/{home.pk}/",
        {"locales": [english.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    english_home = home.get_translation(english)
    english_page = page.get_translation(english)
    english_page.title = "About us"
    english_page.save_revision().publish()
    english_home.save_revision().publish()
    client.logout()
    response = client.get("/en/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "en"
    assert [a.text for a in html.select('nav[aria-label="Main menu"] a')] == ["About us"]
    assert client.get("/en/kurumsal/").status_code == 200
