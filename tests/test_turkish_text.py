"""Turkish slugs, casing and dates (cms.text), and where Kalem applies them."""

import datetime
import random

import pytest
from bs4 import BeautifulSoup

from cms.storage import TurkishFileSystemStorage
from cms.text import (
    format_date,
    slugify,
    turkish_casefold,
    turkish_lower,
    turkish_sort_key,
    turkish_upper,
)

SLUG_CASES = [
    ("Basın Açıklaması", "basin-aciklamasi"),
    ("Basın Açıklaması: İzmir'de Çığ Önlemi", "basin-aciklamasi-izmirde-cig-onlemi"),
    ("ISPARTA", "isparta"),
    ("ıspanak", "ispanak"),
    ("İSTANBUL İL MÜDÜRLÜĞÜ", "istanbul-il-mudurlugu"),
    ("Şehit Öğretmen Gül Sokağı", "sehit-ogretmen-gul-sokagi"),
    ("Çevre ve Şehircilik", "cevre-ve-sehircilik"),
    ("Ağaç Dikme Şenliği", "agac-dikme-senligi"),
    ("Üsküdar’da Öğle Arası", "uskudarda-ogle-arasi"),
    ("Başkan'ın 2026 Yılı Programı", "baskanin-2026-yili-programi"),
    ("  çok   boşluklu   başlık  ", "cok-bosluklu-baslik"),
    ("Kurban Bayramı — tebrik!", "kurban-bayrami-tebrik"),
    ("%100 Yerli & Milli?", "100-yerli-milli"),
    ("Ödemiş/Tire: ortak açıklama", "odemis-tire-ortak-aciklama"),
    ("Café Müzesi", "cafe-muzesi"),
    ("", ""),
    ("!!! ... ???", ""),
    ("'’`", ""),
]


@pytest.mark.parametrize(("title", "slug"), SLUG_CASES)
def test_slugify_transliterates_turkish_titles(title, slug):
    assert slugify(title) == slug


def test_slugify_cuts_long_titles_at_a_word_boundary():
    slug = slugify("Belediye Meclisi Olağanüstü Toplantısı " * 10, max_length=40)
    assert len(slug) <= 40
    assert not slug.endswith("-")
    assert slug.startswith("belediye-meclisi-olaganustu-toplantisi")


def test_turkish_casing_keeps_dotted_and_dotless_i_apart():
    assert turkish_lower("ISPARTA") == "ısparta"
    assert turkish_lower("İZMİR") == "izmir"
    assert turkish_upper("ıspanak") == "ISPANAK"
    assert turkish_upper("istanbul") == "İSTANBUL"


def test_casefold_matches_the_same_word_in_any_case():
    assert turkish_casefold("İZMİR") == turkish_casefold("izmir")
    assert turkish_casefold("ISPARTA") == turkish_casefold("ısparta")
    assert turkish_casefold("ISPARTA") != turkish_casefold("isparta")


TURKISH_ORDER = [
    "2. Kat",
    "10 Kasım",
    "Ağaç",
    "Ahmet",
    "Ali Veli",
    "Alican",
    "armut",
    "Âşık",
    "Cem",
    "Çam",
    "çiçek",
    "dağ",
    "dal",
    "Gök",
    "Gül",
    "Hakan",
    "ılgın",
    "Irmak",
    "Işık",
    "İnci",
    "İncir",
    "kâğıt",
    "kalem",
    "Oya",
    "Ördek",
    "Öykü",
    "Sema",
    "Şeker",
    "Şule",
    "Uğur",
    "Ülkü",
    "Üzüm",
    "Veli",
    "Wagner",
    "Yaşar",
    "Zeytin",
]


def test_turkish_sort_key_follows_the_turkish_alphabet_in_full():
    shuffled = TURKISH_ORDER[:]
    random.Random(2026).shuffle(shuffled)
    assert sorted(shuffled, key=turkish_sort_key) == TURKISH_ORDER
    assert sorted(reversed(TURKISH_ORDER), key=turkish_sort_key) == TURKISH_ORDER


def test_alphabet_letters_each_sort_after_the_one_before():
    letters = list("abcçdefgğhıijklmnoöprsştuüvyz")
    upper = [turkish_upper(letter) for letter in letters]
    assert sorted(reversed(letters), key=turkish_sort_key) == letters
    assert sorted(reversed(upper), key=turkish_sort_key) == upper


@pytest.mark.django_db
def test_admin_outlet_filter_lists_outlets_in_turkish_order(client, superuser):
    from tests.factories.press import PressClippingFactory

    names = ["Cumhuriyet", "Çağdaş Ses", "Işık Haber", "İzmir Postası", "Ödemiş Gazetesi", "Zaman"]
    for name in reversed(names):
        PressClippingFactory(outlet__name=name)
    client.force_login(superuser)
    page = BeautifulSoup(client.get("/admin/press/pressclipping/").content, "html.parser")
    links = [link.get_text(strip=True) for link in page.select('a[href*="kurulus="]')]
    assert links == names


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (datetime.date(2026, 11, 23), "tr", "23 Kasım 2026"),
        (datetime.date(2027, 2, 1), "tr", "1 Şubat 2027"),
        (datetime.date(2026, 8, 30), "tr", "30 Ağustos 2026"),
        (datetime.date(2026, 11, 23), "en", "23 November 2026"),
    ],
)
def test_dates_are_written_the_way_readers_write_them(day, language, expected):
    assert format_date(day, language) == expected


@pytest.mark.parametrize(
    ("uploaded", "stored"),
    [
        ("Açılış Töreni.JPG", "acilis-toreni.jpg"),
        ("İSTANBUL ŞUBESİ.pdf", "istanbul-subesi.pdf"),
        ("çığ önlemi (1).jpeg", "cig-onlemi-1.jpeg"),
        ("...", "dosya"),
    ],
)
def test_uploaded_file_names_become_ascii_slugs(uploaded, stored):
    assert TurkishFileSystemStorage().get_valid_name(uploaded) == stored


@pytest.mark.django_db
def test_page_slug_is_generated_from_a_turkish_title(home):
    from cms.models import StandardPage

    page = StandardPage(title="Basın Açıklaması: İzmir'de Çığ Önlemi")
    home.add_child(instance=page)
    assert page.slug == "basin-aciklamasi-izmirde-cig-onlemi"

    twin = StandardPage(title="Basın açıklaması: izmir'de çığ önlemi")
    home.add_child(instance=twin)
    assert twin.slug == "basin-aciklamasi-izmirde-cig-onlemi-2"


@pytest.mark.django_db
def test_typed_slug_with_turkish_letters_is_transliterated(home):
    from cms.models import StandardPage

    page = StandardPage(title="Duyuru", slug="önemli-duyuru")
    home.add_child(instance=page)
    assert page.slug == "onemli-duyuru"


@pytest.mark.django_db
def test_uploaded_photo_keeps_an_ascii_file_name(image_file):
    from wagtail.images import get_image_model

    photo = get_image_model().objects.create(
        title="Tören", file=image_file("Açılış Töreni Çığ.JPG")
    )
    assert photo.file.name.startswith("original_images/acilis-toreni-cig")
    assert photo.file.name.isascii()
