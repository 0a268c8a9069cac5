"""The archive and the press section at scale (issue 20, target 4): a PostgreSQL database
of its own filled with 100,000 photos and 20,000 press releases, then p95 over 50
requests of the screens that grow with them, the queries each costs and the plans of
the heaviest.

    .venv/bin/python bench/scale.py                       # fill kalem_scale, then measure
    .venv/bin/python bench/scale.py --reuse               # measure the database filled before
    .venv/bin/python bench/scale.py --photos 20000 --pages 4000   # a smaller run
    .venv/bin/python bench/scale.py --reuse --only "archive search" "image chooser"

The database (SCALE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/kalem_scale)
is dropped and made again unless --reuse. It starts from the demo site (migrate,
setup_roles, load_demo) and adds rows with bulk inserts: photographers, tags, photos with
Turkish titles, captions, places and people, albums of 100 photos, press releases with
categories, tags and a lead photo, and their search index entries. Every photo record
points at one of three tiny JPEG files (landscape, portrait, square), which Wagtail
allows: renditions are made from them as from any original.

Requests go through Django's test client in this process, with the cache off
(`DummyCache`: what visitors get right after a publish) and DEBUG off; admin screens as
a superuser. Timings are wall-clock on a shared machine: the load average is printed
beside them, and the query counts and plans (which do not depend on the load) after.
"""

import argparse
import io
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kalem_scale"
TARGET_MS = 150
ALBUM_SIZE = 100
BATCH = 2000

# Real Turkish vocabulary, so the turkish text-search configuration stems and the
# trigram indexes see what an archive holds.
FIRST = [
    "Ayşe", "Mehmet", "Fatma", "Mustafa", "Zeynep", "Emre", "Elif", "Burak",
    "Şule", "Çağrı", "Gül", "Oğuz", "İrem", "Ömer", "Derya", "Hakan",
    "Selin", "Yusuf", "Merve", "Kerem",
]  # fmt: skip
LAST = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk",
    "Arslan", "Doğan", "Koç", "Kurt", "Özdemir", "Kılıç", "Aslan", "Çetin",
]  # fmt: skip
PLACES = [
    "Belediye Meydanı", "Kültür Merkezi", "Cumhuriyet Parkı", "Atatürk Caddesi", "Sahil Yolu",
    "Gençlik Merkezi", "Spor Salonu", "Kent Müzesi", "Halk Pazarı", "Meclis Salonu",
    "Çarşı", "İstasyon Meydanı", "Köprübaşı", "Millet Bahçesi", "Şehir Tiyatrosu",
]  # fmt: skip
EVENTS = [
    "Açılış Töreni", "Belediye Meclisi Toplantısı", "Çocuk Şenliği", "Kitap Fuarı",
    "Fidan Dikimi", "Cumhuriyet Bayramı Kutlaması", "Asfalt Çalışması", "Park Açılışı",
    "Muhtarlar Toplantısı", "Halk Konseri", "Spor Turnuvası", "Kültür Festivali",
    "Engelliler Haftası Etkinliği", "Kadınlar Günü Programı", "Yaşlılar Haftası Ziyareti",
    "Kreş Açılışı", "Su Şebekesi Yenileme", "Bisiklet Turu", "Ramazan Sofrası", "Bilim Fuarı",
]  # fmt: skip
WORDS = [
    "belediye", "başkan", "vatandaş", "mahalle", "park", "yol", "kültür", "sanat",
    "spor", "çocuk", "gençlik", "kadın", "eğitim", "sağlık", "çevre", "ağaç",
    "fidan", "su", "asfalt", "ulaşım", "otobüs", "meydan", "tören", "festival",
    "konser", "kitap", "kütüphane", "müze", "tiyatro", "sergi", "yardım", "destek",
    "proje", "hizmet", "yatırım", "açılış", "toplantı", "meclis", "muhtar", "esnaf",
    "pazar", "sokak", "bahçe", "okul", "öğrenci", "öğretmen", "hastane", "gönüllü",
    "bayram",
]  # fmt: skip
CATEGORIES = [
    "Kültür ve Sanat", "Fen İşleri", "Sosyal Hizmetler", "Spor", "Çevre", "Ulaşım",
    "Eğitim", "Sağlık", "Meclis", "Basın Duyuruları",
]  # fmt: skip
CAMERAS = [("Canon", "EOS R6"), ("Nikon", "Z6 II"), ("Sony", "ILCE-7M3"), ("Fujifilm", "X-T4")]


def database_name(url):
    return url.rsplit("/", 1)[1]


def prepare(url, workdir, reuse):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "MEDIA_ROOT": os.environ.get("SCALE_MEDIA_ROOT") or str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": os.environ.get("SCALE_PRIVATE_ROOT") or str(workdir / "private"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "ERROR",
        "KALEM_API_RATE_LIMIT": "off",
    }
    # A reused database gets the migrations added since it was filled.
    commands = [["migrate", "--noinput"], ["collectstatic", "--noinput"]]
    if not reuse:
        import psycopg

        name = database_name(url)
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        commands = [["migrate", "--noinput"], ["setup_roles"], ["load_demo"], commands[1]]
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    os.environ.update(env)


def tiny_jpegs():
    """Three small real JPEGs (landscape, portrait, square), as (name, bytes, w, h)."""
    from PIL import Image, ImageDraw

    files = []
    for name, size in (("yatay", (96, 64)), ("dikey", (64, 96)), ("kare", (64, 64))):
        image = Image.new("RGB", size, (180, 40, 40))
        ImageDraw.Draw(image).ellipse((8, 8, size[0] - 8, size[1] - 8), fill=(240, 220, 60))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        files.append((f"olcek-{name}.jpg", buffer.getvalue(), *size))
    return files


def insert(model, objects, fields=None, returning=False):
    """One multi-row INSERT per batch through the model layer's insert (what bulk_create
    does), also for Wagtail's multi-table page models that bulk_create refuses."""
    fields = fields or [f for f in model._meta.local_concrete_fields if not f.primary_key]
    returned = []
    for start in range(0, len(objects), BATCH):
        chunk = objects[start : start + BATCH]
        rows = model._base_manager._insert(
            chunk, fields=fields, returning_fields=[model._meta.pk] if returning else None
        )
        returned.extend(row[0] for row in rows or [])
    return returned


def add_pages(parent, model, objects):
    """Insert `objects` (unsaved specific pages) as the last children of `parent`: the
    page rows with tree paths, then the specific rows."""
    from django.db.models import F
    from wagtail.models import Page

    parent.refresh_from_db()
    last = parent.get_last_child()
    first_step = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
    for offset, page in enumerate(objects):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, first_step + offset)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    # content_type is set by Page.__init__ only for new instances of the specific class.
    for page in objects:
        page.content_type_id = page.content_type_id or page.get_content_type().pk
    ids = insert(Page, objects, base_fields, returning=True)
    for page, pk in zip(objects, ids, strict=True):
        page.pk = page.id = page.page_ptr_id = pk
    insert(model, objects, list(model._meta.local_concrete_fields))
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(objects))
    return ids


def index(model, ids):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for start in range(0, len(ids), BATCH):
        # get_indexed_objects prefetches the related fields (tags): one query per batch.
        chunk = list(model.get_indexed_objects().filter(pk__in=ids[start : start + BATCH]))
        backend.add_bulk(model, chunk)


def fill(photo_count, page_count):
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem
    from wagtail.models import Collection

    from archive.models import (
        AlbumPhoto,
        Photo,
        PhotoAlbumPage,
        PhotoArchiveIndexPage,
        Photographer,
    )
    from cms.storage import private_storage
    from cms.text import slugify
    from press.models import Category, PressReleaseIndexPage, PressReleasePage

    rng = random.Random(20)
    tz = timezone.get_current_timezone()
    started = time.perf_counter()

    def person():
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    files = []
    for name, data, width, height in tiny_jpegs():
        stored = private_storage().save(f"original_images/{name}", ContentFile(data))
        files.append((stored, width, height, len(data)))

    with transaction.atomic():
        photographers = Photographer.objects.bulk_create(
            Photographer(name=person(), agency="Basın Yayın", is_staff_photographer=True)
            for _ in range(40)
        )
        words = sorted(set(WORDS + [slugify(event).replace("-", " ") for event in EVENTS]))
        tags = Tag.objects.bulk_create(
            [Tag(name=word, slug=slugify(word)) for word in words], ignore_conflicts=True
        )
        tags = list(Tag.objects.filter(name__in=words))
        collection = Collection.get_first_root_node()
        photos = []
        for n in range(photo_count):
            stored, width, height, size = files[n % 3]
            event, place = rng.choice(EVENTS), rng.choice(PLACES)
            taken = datetime.datetime(2012, 1, 1, 9, tzinfo=tz) + datetime.timedelta(
                days=rng.randrange(0, 14 * 365), minutes=rng.randrange(0, 600)
            )
            camera = rng.choice(CAMERAS)
            photos.append(
                Photo(
                    title=f"{event} – {place} ({n + 1})",
                    file=stored,
                    width=width,
                    height=height,
                    file_size=size,
                    collection=collection,
                    caption=(
                        f"{place} alanında düzenlenen {event.lower()} sırasında "
                        + " ".join(rng.sample(WORDS, 6))
                        + "."
                    ),
                    headline=event,
                    photographer=rng.choice(photographers),
                    taken_at=taken,
                    camera_make=camera[0],
                    camera_model=camera[1],
                    place=place,
                    city="Merkez",
                    people=", ".join(person() for _ in range(rng.randrange(0, 3))),
                    sha256=secrets.token_hex(32),
                    phash=secrets.token_hex(8),
                    processing_status=Photo.READY,
                )
            )
        Photo.objects.bulk_create(photos, batch_size=BATCH)
        print(f"  {photo_count} photos: {time.perf_counter() - started:.0f} s", flush=True)

        photo_type = ContentType.objects.get_for_model(Photo)
        TaggedItem.objects.bulk_create(
            (
                TaggedItem(tag=tag, content_type=photo_type, object_id=photo.pk)
                for photo in photos
                for tag in rng.sample(tags, 3)
            ),
            batch_size=BATCH * 5,
        )

        archive = PhotoArchiveIndexPage.objects.live().first()
        albums = []
        for n in range(0, photo_count, ALBUM_SIZE):
            chunk = photos[n : n + ALBUM_SIZE]
            first = min(chunk, key=lambda photo: photo.taken_at)
            title = f"{first.headline} {n // ALBUM_SIZE + 1}"
            albums.append(
                PhotoAlbumPage(
                    title=title,
                    slug=f"{slugify(title)}-{n // ALBUM_SIZE + 1}",
                    date=first.taken_at.date(),
                    description=first.caption,
                    cover_id=first.pk,
                    first_published_at=first.taken_at,
                    last_published_at=first.taken_at,
                )
            )
        add_pages(archive, PhotoAlbumPage, albums)
        AlbumPhoto.objects.bulk_create(
            (
                AlbumPhoto(page_id=album.pk, photo_id=photo.pk, sort_order=order)
                for number, album in enumerate(albums)
                for order, photo in enumerate(
                    photos[number * ALBUM_SIZE : (number + 1) * ALBUM_SIZE]
                )
            ),
            batch_size=BATCH * 5,
        )
        print(f"  {len(albums)} albums: {time.perf_counter() - started:.0f} s", flush=True)

        categories = [
            Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in CATEGORIES
        ]
        press_index = PressReleaseIndexPage.objects.live().first()
        releases = []
        start_day = datetime.date(2014, 1, 1)
        for n in range(page_count):
            event, place = rng.choice(EVENTS), rng.choice(PLACES)
            day = start_day + datetime.timedelta(days=rng.randrange(0, 12 * 365))
            title = f"{place} {event} Hakkında Basın Açıklaması {n + 1}"
            published = datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)
            text = " ".join(rng.choice(WORDS) for _ in range(60))
            releases.append(
                PressReleasePage(
                    title=title,
                    slug=f"{slugify(event)}-{n + 1}",
                    date=day,
                    summary=f"Belediyemiz {place.lower()} için {event.lower()} düzenledi.",
                    lead_image_id=rng.choice(photos).pk,
                    body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
                    first_published_at=published,
                    last_published_at=published,
                )
            )
        ids = add_pages(press_index, PressReleasePage, releases)
        Through = PressReleasePage.categories.through
        Through.objects.bulk_create(
            (Through(pressreleasepage_id=pk, category_id=rng.choice(categories).pk) for pk in ids),
            batch_size=BATCH * 5,
        )
        TagThrough = PressReleasePage.tags.through
        TagThrough.objects.bulk_create(
            (
                TagThrough(content_object_id=pk, tag_id=tag.pk)
                for pk in ids
                for tag in rng.sample(tags, 2)
            ),
            batch_size=BATCH * 5,
        )
        print(f"  {page_count} press releases: {time.perf_counter() - started:.0f} s", flush=True)

    index(Photo, [photo.pk for photo in photos])
    index(PhotoAlbumPage, [album.pk for album in albums])
    index(PressReleasePage, ids)
    print(f"  search index: {time.perf_counter() - started:.0f} s", flush=True)
    from archive.photos import facet_counts

    facet_counts.changed()  # bulk inserts send no signals: the kept counts are out of date
    return time.perf_counter() - started


def urls():
    from archive.models import PhotoArchiveIndexPage
    from press.models import Category, PressReleaseIndexPage, PressReleasePage
    from press.models.pages import INDEX_PER_PAGE

    archive = PhotoArchiveIndexPage.objects.live().first().url
    press = PressReleaseIndexPage.objects.live().first().url
    category = Category.objects.order_by("pk").first().slug
    # Page 500, or the last page of a smaller fill (past the end is a 404).
    last = -(-PressReleasePage.objects.live().count() // INDEX_PER_PAGE)
    return {
        "admin images": "/admin/images/?q=meclis",
        "admin images p1": "/admin/images/",
        "image chooser": "/admin/images/chooser/?q=meclis",
        "archive search": f"{archive}?q=konser&photographer=",
        "archive facets": f"{archive}?q=park&year=2020",
        "archive all": archive,
        "press index": press,
        "press filters": f"{press}?kategori={category}&yil=2020",
        "press page 500": f"{press}?sayfa={min(500, last)}",
        "site search": "/ara/?q=belediye",
    }


def _backend_cpu_seconds():
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine):
    read from /proc, so they do not count the time the backend waited for a core."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # PostgreSQL on another machine
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, path, count, before=None):
    """p50, p95, the median CPU ms (this process, and its PostgreSQL backend: parallel
    workers not counted) and the queries of `path`; `before()` runs ahead of each
    request, untimed. On a shared machine the CPU times move less with the load than
    the wall-clock ones: compare changes on them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = before or (lambda: None)
    for _ in range(2):  # warm: renditions made, templates compiled
        before()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    before()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    # Copied now: every request starts by clearing the connection's query log.
    queries = list(captured.captured_queries)
    times, own_cpu, database_cpu = [], [], []
    for _ in range(count):
        before()
        database = _backend_cpu_seconds()
        own = time.process_time()
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        own_cpu.append((time.process_time() - own) * 1000)
        after = _backend_cpu_seconds()
        if database is not None and after is not None:
            database_cpu.append((after - database) * 1000)
    cuts = statistics.quantiles(times, n=100)
    cpu = (
        statistics.median(own_cpu),
        statistics.median(database_cpu) if database_cpu else float("nan"),
    )
    return cuts[49], cuts[94], cpu, queries


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--plans", type=int, default=2, help="plans printed per screen")
    parser.add_argument("--reuse", action="store_true", help="measure the filled database")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="SCREEN",
        help="measure only these screens (names as printed, e.g. 'archive search')",
    )
    parser.add_argument(
        "--reindex",
        nargs="*",
        choices=["photos", "albums", "press"],
        help="with --reuse: index these again first",
    )
    options = parser.parse_args()
    url = os.environ.get("SCALE_DATABASE_URL", DEFAULT_URL)
    workdir = Path(os.environ.get("SCALE_WORKDIR") or tempfile.mkdtemp(prefix="kalem-scale-"))
    if options.reuse and not os.environ.get("SCALE_WORKDIR"):
        raise SystemExit("--reuse needs SCALE_WORKDIR (the folder of the run that filled it)")
    print(f"Database {url}, files in {workdir}", flush=True)
    prepare(url, workdir, options.reuse)

    import gc

    import django

    django.setup()
    # As cms/wsgi.py does in each server process: start-up objects frozen, out of the
    # collector's full passes.
    gc.collect()
    gc.freeze()
    if not options.reuse:
        print("Filling …", flush=True)
        print(f"filled in {fill(options.photos, options.pages):.0f} s", flush=True)
    elif options.reindex:
        from archive.models import Photo, PhotoAlbumPage
        from press.models import PressReleasePage

        models = {"photos": Photo, "albums": PhotoAlbumPage, "press": PressReleasePage}
        for name in options.reindex:
            model = models[name]
            index(model, list(model.objects.order_by("pk").values_list("pk", flat=True)))

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings

    from archive.models import Photo
    from press.models import PressReleasePage

    with connection.cursor() as cursor:
        # As autovacuum leaves a table in use: the fill's updates (the search index
        # rewrites every entry's title_norm per batch, the triggers of archive 0025 and
        # 0026 each photo) leave dead rows that a fresh fill's first plans would read.
        cursor.execute("VACUUM ANALYZE")
    admin = get_user_model().objects.filter(is_superuser=True).first()
    rows, heavy = [], []
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        DEBUG=False,
    ):
        client = Client()
        client.force_login(admin)
        from archive.photos import facet_counts

        archive_all = urls()["archive all"]
        screens = [(name, path, None) for name, path in urls().items()]
        # The first view after a change to a photo, tag or album counts the facets again.
        screens.append(("archive recount", archive_all, facet_counts.changed))
        if options.only:
            screens = [screen for screen in screens if screen[0] in options.only]
        for name, path, before in screens:
            p50, p95, cpu, queries = measure(client, path, options.requests, before)
            rows.append((name, path, p50, p95, cpu, len(queries), os.getloadavg()[0]))
            slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)
            heavy.append((name, slowest[: options.plans]))
            print(f"  {name}: p95 {p95:.0f} ms", flush=True)

    print(
        f"\n{Photo.objects.count()} photos, {PressReleasePage.objects.count()} press releases; "
        f"{options.requests} requests each, cache off, test client in-process, "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{'screen':16} {'p50 ms':>7} {'p95 ms':>7} {'target':>7} {'cpu py':>7} {'cpu pg':>7} "
        f"{'queries':>7} {'load':>5}  path"
    )
    for name, path, p50, p95, (own, database), count, load in rows:
        verdict = "ok" if p95 < TARGET_MS else "OVER"
        print(
            f"{name:16} {p50:7.0f} {p95:7.0f} {verdict:>7} {own:7.0f} {database:7.0f} "
            f"{count:7d} {load:5.2f}  {path}"
        )
    print("(cpu py / cpu pg: median CPU ms per request of this process / its PostgreSQL backend)")
    print("\nThe heaviest queries of each screen (EXPLAIN ANALYZE):")
    for name, queries in heavy:
        for query in queries:
            print(f"\n--- {name}: {float(query['time']) * 1000:.1f} ms\n{query['sql'][:600]}")
            print(explain(query["sql"]))


if __name__ == "__main__":
    main()
