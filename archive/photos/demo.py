"""Demo albums: generated photos with realistic EXIF/IPTC, one with expired consent and
one near-duplicate pair, and a "Son albümler" listing on the home page."""

import io
from datetime import date, datetime

from django.core.files.images import ImageFile
from wagtail.models import Collection

from archive.models import AlbumPhoto, Photo, PhotoAlbumPage, PhotoArchiveIndexPage, Photographer
from archive.photos.testing import make_test_photo
from cms.text import format_date

from . import metadata, tasks

SIZE = (1600, 1067)
CITY = "İzmir"
CENTRE = (38.4192, 27.1287)

ALBUMS = [
    (
        "cumhuriyet-bayrami-toreni-2026",
        "Cumhuriyet Bayramı Töreni",
        date(2026, 10, 29),
        "Cumhuriyet Meydanı",
        ["cumhuriyet bayramı", "tören"],
        [
            "Başkan çelenk sunumunda",
            "İstiklal Marşı okunurken",
            "Öğrencilerin halk oyunları gösterisi",
            "Tören alanında vatandaşlar",
        ],
    ),
    (
        "sahil-parki-acilisi",
        "Sahil Parkı Açılışı",
        date(2026, 9, 12),
        "Sahil Parkı",
        ["açılış", "park"],
        ["Açılış kurdelesi kesildi", "Çocuk oyun alanı", "Bisiklet yolu"],
    ),
    (
        "kent-konseyi-genel-kurulu",
        "Kent Konseyi Genel Kurulu",
        date(2026, 6, 5),
        "Kültür Merkezi",
        ["kent konseyi"],
        ["Genel kurul salonu", "Gençlik meclisi sunumu", "Oylama"],
    ),
]


def load(demo):
    index = demo.page(
        demo.home,
        PhotoArchiveIndexPage,
        "foto-arsivi",
        title="Foto Arşivi",
        intro="Belediyemizin etkinliklerinden fotoğraflar; basın için yüksek çözünürlüklü indirme.",
        show_in_menus=True,
    )
    staff, _ = Photographer.objects.get_or_create(
        name="Mehmet Demir", defaults={"agency": "Basın Birimi"}
    )
    agency, _ = Photographer.objects.get_or_create(
        name="Elif Aksoy", defaults={"agency": "Anadolu Ajansı", "is_staff_photographer": False}
    )
    seed = 100
    for slug, title, day, place, keywords, captions in ALBUMS:
        photos = []
        for number, caption in enumerate(captions):
            seed += 1
            photographer = agency if number == 2 else staff
            photos.append(
                _photo(
                    f"{title} {number + 1}",
                    seed=seed,
                    taken_at=datetime(day.year, day.month, day.day, 10 + number, 15),
                    caption=caption,
                    keywords=keywords,
                    photographer=photographer,
                    place=place,
                    gps=(CENTRE[0] + number / 1000, CENTRE[1] + number / 1000),
                )
            )
        album = demo.page(
            index,
            PhotoAlbumPage,
            slug,
            title=title,
            date=day,
            cover=photos[0],
            description=f"{title}, {place}, {format_date(day)}.",
        )
        if not album.album_photos.exists():
            for number, photo in enumerate(photos):
                album.album_photos.add(AlbumPhoto(photo=photo, sort_order=number))
            album.save_revision().publish()

    # A photo of a citizen whose consent ran out, and a re-edit of an existing photo.
    _photo(
        "Pazar yerinde vatandaş",
        seed=301,
        caption="Semt pazarında bir vatandaş",
        consent_expires=date(2025, 12, 31),
        usage_restrictions="Kişinin açık rızası 31.12.2025 tarihinde sona erdi.",
        photographer=staff,
    )
    _photo("Cumhuriyet Bayramı Töreni 1 (kırpılmış)", seed=101, quality=70, photographer=staff)
    _home_listing(demo, index)


def _photo(
    title,
    *,
    seed,
    photographer,
    quality=88,
    taken_at=None,
    caption="",
    keywords=(),
    place="",
    gps=None,
    **fields,
):
    existing = Photo.objects.filter(title=title).first()
    if existing:
        return existing
    data = make_test_photo(
        io.BytesIO(),
        size=SIZE,
        seed=seed,
        taken_at=taken_at or datetime(2026, 5, 19, 11, 0),
        make="Nikon",
        model="Z 6II",
        lens="NIKKOR Z 24-70mm f/4 S",
        gps=gps or CENTRE,
        headline=title,
        caption=caption,
        keywords=keywords,
        creator=photographer.name,
        copyright=f"© {(taken_at or datetime(2026, 1, 1)).year} Örnekköy Belediyesi",
        city=CITY,
        location=place,
        quality=quality,
    )
    photo = Photo(
        title=title,
        collection=Collection.get_first_root_node(),
        file=ImageFile(io.BytesIO(data), name=f"demo-{seed}-{quality}.jpg"),
        photographer=photographer,
        credit_line=f"Fotoğraf: {photographer.name} / Örnekköy Belediyesi",
        **fields,
    )
    # Described at once, so the demo is complete without a task worker running.
    photo._analysis = metadata.analyse(data)
    photo.save()
    tasks.queue_upload(photo)
    return photo


def _home_listing(demo, index):
    home = demo.home
    body = list(home.body.raw_data)
    if any(
        block["type"] == "listing" and block["value"].get("page_type") == "archive.photoalbumpage"
        for block in body
    ):
        return
    body.append(
        {
            "type": "listing",
            "value": {
                "title": "Son albümler",
                "page_type": "archive.photoalbumpage",
                "section": index.pk,
                "limit": 3,
                "order": "natural",
                "layout": "cards",
                "more_link": index.pk,
            },
        }
    )
    home.body = body
    home.save_revision().publish()
