"""Load test of the demo site: gunicorn (2 workers, DEBUG off) on a loopback port, a
bounded load against a home, a listing, a detail page, two read-API answers and a
static file in the same run, and each page's SQL query count.

Each page is also measured against the framework's floor (issue 20, target 2): a
minimal Django view, served by the same gunicorn through the same settings and
middleware, answering the bytes that page answered. "of floor" is the page's req/s as
a share of its floor's; the target for cached pages is at least 25 %.

    make bench                      # or: .venv/bin/python bench/run.py --seconds 10

Uses wrk when it is installed (Debian package `wrk`), else a small Python load
generator. Everything (database, media, static) lives in a temporary folder.
"""

import argparse
import datetime
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765

# For each kind of page, the first candidate that answers 200 is measured, so the
# benchmark follows the site as apps add their pages.
CANDIDATES = {
    "home": ["/"],
    "listing": ["/basin-aciklamalari/", "/haberler/", "/etkinlikler/", "/ara/?q=belediye"],
    "detail": ["/kurumsal/baskan/"],
    # The read API beside the HTML listing it mirrors (issue 21).
    "api-list": ["/api/v2/pages/?type=press.PressReleasePage&fields=summary,lead_image"],
    "api-cal": ["/api/v2/calendar/?start={today}&end={month_later}"],
    "static": ["/static/css/kalem.css"],
}


FLOOR_SETTINGS = """from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "kalem_bench_floor_urls"
"""
FLOOR_URLS = """from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from cms.page_cache import exempt
from cms.urls import urlpatterns as site

FOLDER = Path({folder!r})
BODIES = {{}}


def floor(request, kind):
    # The page's bytes, read once per worker: what remains is Django and the middleware.
    if kind not in BODIES:
        BODIES[kind] = (FOLDER / kind).read_bytes()
    # Kept out of the page cache: the floor is the view made on every request.
    return exempt(HttpResponse(BODIES[kind]))


urlpatterns = [path("__floor__/<slug:kind>/", floor), *site]
"""


def write_floor(workdir):
    """A settings module and URLconf that add the floor view to the site's own."""
    folder = workdir / "floor"
    folder.mkdir()
    (folder / "kalem_bench_floor.py").write_text(FLOOR_SETTINGS)
    (folder / "kalem_bench_floor_urls.py").write_text(FLOOR_URLS.format(folder=str(folder)))
    return folder


def fetch(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    body = connection.getresponse().read()
    connection.close()
    return body


def environment(workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3",
        # Given, they point at the files of the database given (DATABASE_URL).
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT") or str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": os.environ.get("PRIVATE_MEDIA_ROOT") or str(workdir / "private"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "ERROR",
        # One client address makes every request: the API's per-address limit is off.
        "KALEM_API_RATE_LIMIT": "off",
    }


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def get(path, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def wait_for_server(deadline=180):  # workers boot slowly on a loaded machine
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        try:
            get("/static/css/kalem.css", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def run_wrk(path, seconds, connections):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, latency("50"), latency("99"), int(errors.group(1)) if errors else 0


def run_python_load(path, seconds, connections):
    """A bounded keep-alive load: `connections` threads for `seconds` seconds."""
    latencies, errors, stop = [], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += response.status != 200
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, cuts[49], cuts[98], errors[0]


def query_counts(env, paths):
    """SQL queries per page, counted in-process on the same database with Django's test client."""
    code = (
        "import django, json, sys\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "counts = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)\n"
        "    from django.core.cache import cache\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        client.get(path)\n"
        "    counts[path] = len(ctx)\n"
        "print(json.dumps(counts))\n"
    )
    import json

    result = subprocess.run(
        [PYTHON, "-c", code, *paths],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=8, help="load duration per page (default 8)")
    parser.add_argument(
        "--connections", type=int, default=8, help="concurrent connections (default 8)"
    )
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kalem-bench-"))
    env = environment(workdir)
    print(f"Preparing the demo site in {workdir} …", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "setup_roles")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    floor_folder = write_floor(workdir)
    served = {
        **env,
        "DJANGO_SETTINGS_MODULE": "kalem_bench_floor",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(floor_folder), env.get("PYTHONPATH")])),
    }

    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "cms.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(workdir / "gunicorn.log"),
        ],
        cwd=PROJECT,
        env=served,
    )
    try:
        wait_for_server()
        pages = {}
        today = datetime.date.today()
        dates = {"today": today, "month_later": today + datetime.timedelta(days=30)}
        for kind, paths in CANDIDATES.items():
            paths = [path.format(**dates) for path in paths]
            pages[kind] = next((path for path in paths if get(path) == 200), None)
        missing = [kind for kind, path in pages.items() if path is None]
        if missing:
            raise SystemExit(f"no page answered for: {', '.join(missing)}")
        for path in pages.values():
            get(path)  # warm up: renditions, caches
        load = run_wrk if shutil.which("wrk") else run_python_load
        tool = "wrk" if load is run_wrk else "python load generator"
        results, floors = {}, {}
        for kind, path in pages.items():
            results[kind] = load(path, options.seconds, options.connections)
            if kind != "static":
                (floor_folder / kind).write_bytes(fetch(path))
                floors[kind] = load(f"/__floor__/{kind}/", options.seconds, options.connections)
        load_average = os.getloadavg()
        counts = query_counts(env, [path for kind, path in pages.items() if kind != "static"])
    finally:
        server.terminate()
        server.wait(timeout=60)

    static_rate = results["static"][0]
    print(
        f"\ngunicorn 2 workers, DEBUG off, {options.connections} connections, "
        f"{options.seconds} s per page, {tool}, {os.cpu_count()} cores, "
        f"load average {load_average[0]:.2f} {load_average[1]:.2f} {load_average[2]:.2f}"
    )
    header = ("page", "path", "req/s", "p50 ms", "p99 ms", "vs static", "floor", "of floor")
    print(
        "{:<8} {:<66} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>7}".format(
            *header, "queries", "errors"
        )
    )
    for kind, path in pages.items():
        rate, p50, p99, errors = results[kind]
        queries = "-" if kind == "static" else counts[path]
        ratio = rate / static_rate
        floor = floors[kind][0] if kind in floors else None
        share = f"{rate / floor:8.1%}" if floor else "-"
        print(
            f"{kind:<8} {path:<66} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {ratio:>9.3f} "
            f"{floor or 0:>8.1f} {share:>8} {queries!s:>8} {errors:>7}"
        )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
