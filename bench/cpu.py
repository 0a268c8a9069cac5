"""CPU per request, Kalem beside bakerydemo, with Kalem's cache off (issue 20, target 1).

wrk's req/s (bench/anchor.sh uncached) swing with whatever else the machine runs: on a
shared 2-core machine the same page gave 41 and 7 req/s on one day. This counts what a
request costs instead: the CPU time of the process serving it (Django's WSGI handler
called in-process, best of three rounds) and of its PostgreSQL backend (from
/proc/<pid>/stat, PostgreSQL on this machine), for each page role of both sites in one
run. Their sum is what a core must spend per page; its ratio is the anchor's, less the
noise. Run through `bench/anchor.sh cpu [REQUESTS]`, which sets Kalem's environment (the
anchor's database, `DummyCache`) and names bakerydemo's.

    bench/cpu.py measure PAGE…   # in the current Django settings: one JSON line per page
    bench/cpu.py compare         # both sites (KALEM_PAGES, BAKERY_PAGES, ANCHOR_DIR)
"""

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ROLES = ("home", "listing", "detail", "search")
KALEM_PAGES = os.environ.get(
    "KALEM_PAGES", "/ /basin-aciklamalari/ __first_press_release__ /ara/?q=belediye"
)
BAKERY_PAGES = os.environ.get("BAKERY_PAGES", "/ /blog/ /blog/bread-circuses/ /search/?q=bread")


def measure(pages, requests):
    import gc

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.client import RequestFactory

    handler = WSGIHandler()

    def get(page):
        path, _, query = page.partition("?")
        environ = RequestFactory()._base_environ(
            PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", HTTP_HOST="127.0.0.1"
        )
        environ["wsgi.input"] = io.BytesIO(b"")
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = int(status.split()[0])

        body = b"".join(handler(environ, start_response))
        return answer["status"], body

    status, listing = get(pages[1])
    if pages[2] == "__first_press_release__":
        # The first release the listing links to (not its feeds or filters), as the
        # anchor picks it.
        links = re.findall(rf'href="({re.escape(pages[1])}[^"/]+/)"', listing.decode())
        pages[2] = next(
            link
            for link in links
            if not re.search(r"/(rss|atom|kategori|etiket|yil|sayfa)/$", link)
        )
    for page in pages:
        for _ in range(5):  # renditions, template loading, connection set-up
            status, _body = get(page)
            assert status == 200, (page, status)
    gc.collect()
    gc.freeze()  # as cms/wsgi.py does in the servers
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def database_cpu():
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    for page in pages:
        before = database_cpu()
        rounds = []
        for _ in range(3):
            start = time.process_time()
            for _ in range(requests):
                get(page)
            rounds.append((time.process_time() - start) / requests)
        database = (database_cpu() - before) / (3 * requests)
        print(json.dumps({"page": page, "app_ms": min(rounds) * 1000, "db_ms": database * 1000}))


def compare(requests):
    kalem = _run([sys.executable], KALEM_PAGES, requests, os.environ, PROJECT)
    bakery_dir = Path(os.environ["ANCHOR_DIR"]) / "bakerydemo"
    bakery_env = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO", "PYTHON"))
        },
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.anchor",
        "DATABASE_URL": os.environ.get(
            "BAKERY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bakery_anchor"
        ),
        "PYTHONPATH": str(bakery_dir),
    }
    bakery = _run(
        [str(bakery_dir / ".venv/bin/python")], BAKERY_PAGES, requests, bakery_env, bakery_dir
    )
    print(f"{'role':8} {'kalem page':52} {'kalem ms':>9} {'bakery ms':>10} {'ratio':>6}")
    for role, k, b in zip(ROLES, kalem, bakery, strict=True):
        k_total, b_total = k["app_ms"] + k["db_ms"], b["app_ms"] + b["db_ms"]
        print(
            f"{role:8} {k['page'][:52]:52} {k_total:9.1f} {b_total:10.1f} {b_total / k_total:6.2f}"
        )
        print(
            f"{'':8} {'  app / database':52} {k['app_ms']:4.0f}/{k['db_ms']:<4.0f} "
            f"{b['app_ms']:5.0f}/{b['db_ms']:<4.0f}"
        )


def _run(python, pages, requests, env, cwd):
    script = str(Path(__file__).resolve())
    run = subprocess.run(
        [*python, script, "--requests", str(requests), "measure", *pages.split()],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(f"{python[0]} {script} measure failed:\n{run.stderr[-3000:]}")
    out = run.stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["measure", "compare"])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--requests", type=int, default=20, help="per round (default 20)")
    args = parser.parse_args()
    if args.mode == "measure":
        sys.path.insert(0, os.getcwd())
        measure(args.pages, args.requests)
    else:
        compare(args.requests)
