"""The public page roles with the fragment cache off (issue 20, target 1): queries and
requests per second of each role, in one process and one run, with Django's test client
and `DummyCache` (what visitors get right after a publish empties the fragments).

    .venv/bin/python bench/uncached.py                 # demo site in a temporary SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/uncached.py --seconds 5

Prints, per role, the queries of a warm request, req/s, and req/s as a ratio of a
minimal Django view answering the same bytes through the same middleware (the floor).
`--save DIR` also writes each role's HTML there (`home.html`…): run it on two versions
of the code and `diff -r` the folders to check an optimisation changed no byte.
The bakerydemo side-by-side is ../shared/tools/bakerydemo-anchor.sh.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def prepare(workdir):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3",
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT") or str(workdir / "media"),
        "STATIC_ROOT": os.environ.get("STATIC_ROOT") or str(workdir / "static"),
        "LOG_LEVEL": "ERROR",
        "KALEM_API_RATE_LIMIT": "off",
    }
    if not os.environ.get("KALEM_BENCH_REUSE"):
        for command in (
            ["migrate", "--noinput"],
            ["setup_roles"],
            ["load_demo"],
            ["collectstatic", "--noinput"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=PROJECT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    os.environ.update(env)


def role_paths():
    from django.utils import timezone
    from wagtail.models import Page

    from archive.models import PhotoAlbumPage
    from events.models import EventIndexPage
    from press.models import PressReleaseIndexPage, PressReleasePage

    def url(model):
        page = model.objects.live().filter(locale__language_code="tr").first()
        return page.url if page else None

    today = timezone.localdate()
    calendar = url(EventIndexPage)
    home = Page.objects.get(depth=2, locale__language_code="tr")
    return {
        "home": home.url,
        "press listing": url(PressReleaseIndexPage),
        "press detail": url(PressReleasePage),
        "event month": calendar and f"{calendar}{today:%Y}/{today:%m}/",
        "photo album": url(PhotoAlbumPage),
        "search": "/ara/?q=belediye",
    }


def measure(client, path, seconds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    count, done, start = len(captured), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        client.get(path)
        done += 1
    return count, done / (time.perf_counter() - start), response.content


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3, help="per role (default 3)")
    parser.add_argument("--save", type=Path, help="write each role's HTML to this folder")
    options = parser.parse_args()
    prepare(Path(tempfile.mkdtemp(prefix="kalem-uncached-")))

    import django

    django.setup()
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import path as url_path

    paths = role_paths()
    bodies = {}
    floor_urls = []

    def floor(request, role):
        return HttpResponse(bodies[role])

    class FloorUrls:
        urlpatterns = floor_urls

    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        DEBUG=False,
    ):
        client = Client()
        rows = []
        for role, path in paths.items():
            if path is None:
                print(f"{role:14} (not in the demo)")
                continue
            queries, rate, body = measure(client, path, options.seconds)
            bodies[role] = body
            if options.save:
                options.save.mkdir(parents=True, exist_ok=True)
                (options.save / f"{role.replace(' ', '-')}.html").write_bytes(body)
            rows.append((role, path, queries, rate))
        floor_urls.append(url_path("floor/<str:role>/", floor))
        with override_settings(ROOT_URLCONF=FloorUrls):
            floors = {
                role: measure(client, f"/floor/{role}/", options.seconds)[1] for role, *_ in rows
            }
    print(f"{'role':14} {'queries':>7} {'req/s':>8} {'floor req/s':>12} {'of floor':>9}  path")
    for role, path, queries, rate in rows:
        print(
            f"{role:14} {queries:7d} {rate:8.1f} {floors[role]:12.1f} "
            f"{rate / floors[role]:8.1%}  {path}"
        )


if __name__ == "__main__":
    main()
