"""Load and faults through the whole stack on loopback (`make bench-stack`).

Starts the stack (deploy/stack.sh) unless it runs already, then, each phase bounded in
time and in requests, all traffic to 127.0.0.1 only:

1. static file vs cached anonymous page through the same nginx;
   then the read API beside the matching HTML pages (issue 21): each address cached
   (from Varnish) and uncached (a session cookie makes Varnish pass it to the app
   servers; the API ignores sign-in, so the answer is the same), with the hit ratio;
2. mixed traffic (80 % pages of every type, 15 % feeds and .ics, 5 % logged-in admin
   listings) with a publish every 3 s, timing publish → new title served;
3. an app server killed with SIGKILL under load, started again;
4. Redis stopped under load; 5. the worker stopped while tasks are queued;
6. every PostgreSQL connection of the stack's database dropped under load (what a
   server restart does to the app, without restarting the machine's shared server).

Prints Markdown tables, with the machine's load average when each phase ended (the
machine is shared), and writes them to bench/out/stack.md.
"""

import argparse
import contextlib
import http.client
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
STACK = ["bash", str(ROOT / "deploy" / "stack.sh")]
HOST, PORT = "127.0.0.1", int(os.environ.get("KALEM_STACK_PORT", "8080"))
MAX_REQUESTS_PER_PHASE = 200_000


def stack(*args):
    return subprocess.run([*STACK, *args], cwd=ROOT, check=True, capture_output=True, text=True)


def setup_django():
    for line in stack("env").stdout.splitlines():
        key, _, value = line.partition("=")
        os.environ[key] = value
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Client:
    """One keep-alive connection to nginx; reconnects after an error."""

    def __init__(self):
        self.connection = None

    def get(self, path, headers=None):
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
                self.connection.request("GET", path, headers=headers or {})
                response = self.connection.getresponse()
                body = response.read()
                return response.status, response.getheader("X-Cache", ""), body, response
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = Counter()
        self.cache = Counter()
        self.errors = []
        self.not_ok = 0

    def add(self, latency, status, x_cache, kind):
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] += 1
            if status != 200:
                self.not_ok += 1
            if kind == "anonymous" and x_cache:
                self.cache[x_cache] += 1
            if status >= 500 or status == 0:
                self.errors.append((time.monotonic(), status))

    def summary(self, seconds):
        latencies = sorted(self.latencies) or [0]
        count = len(self.latencies)
        hits = self.cache["HIT"]
        looked_up = hits + self.cache["MISS"]
        return {
            "requests": count,
            "rps": count / seconds,
            "p50": latencies[len(latencies) // 2] * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "errors": len(self.errors),
            "not_ok": self.not_ok,
            "hit_ratio": hits / looked_up if looked_up else 0.0,
            "load": os.getloadavg()[0],
        }


def run_load(seconds, threads, choose, recorder, stop_event=None):
    """`threads` loops, each asking `choose()` for (path, headers, kind), for `seconds`."""
    deadline = time.monotonic() + seconds
    budget = [MAX_REQUESTS_PER_PHASE]
    lock = threading.Lock()

    def loop():
        client = Client()
        while time.monotonic() < deadline and not (stop_event and stop_event.is_set()):
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            path, headers, kind = choose()
            started = time.monotonic()
            try:
                status, x_cache, _body, _response = client.get(path, headers)
            except (OSError, http.client.HTTPException):
                status, x_cache = 0, ""
            recorder.add(time.monotonic() - started, status, x_cache, kind)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def login(username, password):
    client = Client()
    status, _x, body, response = client.get("/admin/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"username={username}&password={password}&csrfmiddlewaretoken={token}&next=/admin/"
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    connection.request(
        "POST",
        "/admin/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies = " ".join(response.headers.get_all("Set-Cookie") or [])
    session = re.search(r"sessionid=([^;]+)", cookies)
    if not session:
        raise SystemExit(f"Admin login failed (HTTP {response.status}).")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def site_paths():
    from wagtail.models import Page

    from events.models import EventPage
    from press.models import PressIndexPage

    pages = [urlsplit(page.url).path for page in Page.objects.live().filter(depth__gt=1)]
    feeds = []
    for model in PressIndexPage.__subclasses__():
        for index in model.objects.live():
            feeds.extend(urlsplit(url).path for url in index.feed_urls())
    feeds.extend(
        urlsplit(event.url).path.rstrip("/") + ".ics" for event in EventPage.objects.live()
    )
    # The read API, kept by the same frontend cache (issue 21).
    feeds.extend(["/api/v2/pages/?type=press.PressReleasePage", "/api/v2/tags/"])
    home = Page.objects.filter(depth=2).first()
    admin = [f"/admin/pages/{home.pk}/", "/admin/images/", "/admin/documents/", "/admin/pages/"]
    return [p for p in pages if p], feeds, admin


def static_path():
    import json

    manifest = json.loads((Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").read_text())
    css = sorted(name for name in manifest["paths"].values() if name.endswith(".css"))
    return "/static/" + css[0]


FORK = multiprocessing.get_context("fork")


class Publisher(FORK.Process):
    """Publishes a new title every `interval` seconds and times when nginx serves it.

    A process of its own, as an editor's publish is a request of its own: in a thread
    beside the load's twelve, each of the publish's queries waited for the interpreter
    lock, and a publish took 0.3-0.8 s here against 60-110 ms alone."""

    def __init__(self, interval, stop_event):
        super().__init__()
        self.interval = interval
        self.stop_event = stop_event
        self.results = FORK.Queue()
        self.visible_after = []
        # From the commit: the page made anew and the purge, both run once the publish
        # commits (cms.frontend_cache.purge_now), count too.
        self.visible_from_commit = []
        self.last_request = []  # how long the request that first showed it took
        self.not_visible = 0

    def start(self):
        from django.db import connections

        connections.close_all()  # the child opens its own
        super().start()

    def join(self, timeout=None):
        if self.pid is not None and not hasattr(self, "_collected"):
            results = self.results.get(timeout=120)
            self._collected = True
            for name, value in results.items():
                setattr(self, name, value)
        super().join(timeout)

    def run(self):
        from django.db import transaction

        from cms.models import StandardPage

        pages = list(StandardPage.objects.live().order_by("pk"))
        client = Client()
        number = 0
        while not self.stop_event.wait(self.interval):
            number += 1
            page = pages[number % len(pages)]
            title = f"{page.title.split(' #')[0]} #{number}"
            page.title = title
            committed = []
            with transaction.atomic():
                # Registered first, so it runs first when the publish commits.
                transaction.on_commit(
                    lambda committed=committed: committed.append(time.monotonic())
                )
                page.save_revision().publish()
            published = time.monotonic()
            path = urlsplit(page.url).path
            while time.monotonic() - published < 10:
                asked = time.monotonic()
                _status, _x, body, _r = client.get(path)
                if title.encode() in body:
                    self.visible_after.append(time.monotonic() - published)
                    self.visible_from_commit.append(time.monotonic() - committed[0])
                    self.last_request.append(time.monotonic() - asked)
                    break
                time.sleep(0.02)
            else:
                self.not_visible += 1
        names = ["visible_after", "visible_from_commit", "last_request", "not_visible"]
        self.results.put({name: getattr(self, name) for name in names})


def children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def kill_app(name):
    pid_file = ROOT / ".stack" / "pids" / f"{name}.pid"
    master = int(pid_file.read_text())
    for pid in [*children(master), master]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
    pid_file.unlink()


def wait_pool_up(limit=120):
    """Until HAProxy has both app servers in its pool: a phase must not start while the
    server the previous one killed is still booting (once, the Redis phase did, and its
    503s were the balancer's, with one busy server left and then none)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, 8404, timeout=5)
            connection.request("GET", "/;csv")
            rows = connection.getresponse().read().decode().splitlines()
            states = [row.split(",")[17] for row in rows if row.startswith("kalem_app,app")]
            if states and all(state == "UP" for state in states):
                return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"The app servers were not both up within {limit} s.")


def fault_phase(label, seconds, threads, paths, at, action, until, recover, results):
    """Uncached page requests (unique query) while `action` runs at `at` s and
    `recover` at `until` s."""
    wait_pool_up()
    recorder = Recorder()
    counter = iter(range(10**9))

    def choose():
        return f"{random.choice(paths)}?b={next(counter)}", None, "uncached"

    def faults():
        time.sleep(at)
        action()
        time.sleep(max(0, until - at))
        recover()

    thread = threading.Thread(target=faults)
    thread.start()
    run_load(seconds, threads, choose, recorder)
    thread.join()
    summary = recorder.summary(seconds)
    summary["label"] = label
    summary["statuses"] = dict(recorder.statuses)
    results.append(summary)


def api_pairs():
    """(what, HTML page, API address): the read API's main lists beside the page a
    citizen reads the same content on (issue 21)."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page

    from archive.models import PhotoAlbumPage

    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    album = PhotoAlbumPage.objects.live().order_by("-pk").first()
    lobby = Page.objects.live().filter(slug="bilgi-ekrani").first()
    pairs = [
        (
            "press releases",
            "/basin-aciklamalari/",
            "/api/v2/pages/?type=press.PressReleasePage&fields=summary,lead_image",
        ),
        (
            "announcements",
            "/duyurular/",
            "/api/v2/pages/?type=press.AnnouncementPage&order=-date&fields=summary,lead_image",
        ),
        ("events, next month", "/etkinlikler/", f"/api/v2/calendar/?start={first}&end={last}"),
        ("photos", urlsplit(album.url).path, "/api/v2/images/"),
    ]
    if lobby:
        pairs.append(("lobby screen (HTML only)", urlsplit(lobby.url).path, None))
    return pairs


def api_phase(threads, seconds=4):
    """Each address cached, then uncached, through nginx → Varnish; rows in the order
    of api_pairs()."""
    rows = []
    uncached_headers = {"Cookie": "sessionid=bench-uncached"}
    for what, html, api in api_pairs():
        for kind, path in [("HTML", html), ("API", api)]:
            if path is None:
                continue
            status, _x, _body, _r = Client().get(path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            Client().get(path)
            row = {"what": what, "kind": kind, "path": path}
            cached = Recorder()
            run_load(seconds, threads, lambda path=path: (path, None, "anonymous"), cached)
            row["cached"] = cached.summary(seconds)
            uncached = Recorder()
            run_load(
                seconds,
                threads,
                lambda path=path: (path, uncached_headers, "uncached"),
                uncached,
            )
            row["uncached"] = uncached.summary(seconds)
            rows.append(row)
    return rows


def api_table(rows):
    lines = [
        "| content | answer | cached req/s | hit ratio | cached p50 / p99 ms | uncached req/s "
        "| uncached p50 / p99 ms | not 200 | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        cached, uncached = row["cached"], row["uncached"]
        lines.append(
            f"| {row['what']} | {row['kind']} `{row['path']}` | {cached['rps']:.0f} | "
            f"{cached['hit_ratio']:.1%} | {cached['p50']:.1f} / {cached['p99']:.1f} | "
            f"{uncached['rps']:.0f} | {uncached['p50']:.0f} / {uncached['p99']:.0f} | "
            f"{cached['not_ok'] + uncached['not_ok']} | {uncached['load']:.1f} |"
        )
    by_what = {}
    for row in rows:
        by_what.setdefault(row["what"], {})[row["kind"]] = row
    lines.append("")
    for what, kinds in by_what.items():
        if "API" in kinds and "HTML" in kinds:
            api, html = kinds["API"], kinds["HTML"]
            lines.append(
                f"- {what}: API / HTML cached {api['cached']['rps'] / html['cached']['rps']:.2f}, "
                f"uncached {api['uncached']['rps'] / html['uncached']['rps']:.2f}"
            )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30, help="length of the mixed phase")
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument(
        "--only",
        choices=["api", "publish", "redis"],
        help="one part: the API beside the HTML pages, the mixed load with publishes, "
        "or the Redis outage",
    )
    args = parser.parse_args()

    started_here = not any((ROOT / ".stack" / "pids").glob("*.pid"))
    if started_here:
        print("Starting the stack…", flush=True)
        subprocess.run([*STACK, "start"], cwd=ROOT, check=True)
    try:
        setup_django()
        report = bench(args)
    finally:
        if started_here:
            subprocess.run([*STACK, "stop"], cwd=ROOT, check=False)
    print(report)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "stack.md").write_text(report)


def bench(args):
    pages, feeds, admin = site_paths()
    results = []
    lines = [f"Load average at the start: {os.getloadavg()[0]:.1f} (2 cores, shared).", ""]
    publisher = worker = None

    if args.only in (None, "api"):
        # 1. Same proxy, same concurrency: a static file, then one cached page.
        same_proxy = [("static file via nginx", static_path()), ("cached page", "/kurumsal/")]
        for label, path in same_proxy:
            Client().get(path)
            recorder = Recorder()
            run_load(8, args.threads, lambda path=path: (path, None, "anonymous"), recorder)
            results.append({**recorder.summary(8), "label": label})
        api_rows = api_phase(args.threads)

    if args.only in (None, "publish"):
        # 2. Mixed traffic with publishes.
        session_cookie = login("admin", "kalem-admin")

        def choose():
            roll = random.random()
            if roll < 0.80:
                return random.choice(pages), None, "anonymous"
            if roll < 0.95:
                return random.choice(feeds), None, "anonymous"
            return random.choice(admin), {"Cookie": session_cookie}, "admin"

        stop = FORK.Event()
        publisher = Publisher(3, stop)
        publisher.start()
        recorder = Recorder()
        run_load(args.seconds, args.threads, choose, recorder)
        stop.set()
        publisher.join()
        results.append({**recorder.summary(args.seconds), "label": "mixed + publish every 3 s"})

    # 3.–6. Faults.
    if args.only is None:
        fault_phase(
            "app server killed (SIGKILL at 5 s, back at 14 s)",
            20,
            8,
            pages,
            5,
            lambda: kill_app("app1"),
            14,
            lambda: stack("start-piece", "app1"),
            results,
        )
    if args.only in (None, "redis"):
        fault_phase(
            "Redis stopped (3 s–10 s)",
            12,
            8,
            pages,
            3,
            lambda: stack("stop-piece", "redis"),
            10,
            lambda: stack("start-piece", "redis"),
            results,
        )
    if args.only is None:
        fault_phase(
            "PostgreSQL connections dropped at 3 s",
            12,
            8,
            pages,
            3,
            drop_database_connections,
            3,
            lambda: None,
            results,
        )
        worker = worker_stopped()

    lines += [
        "| phase | requests | req/s | p50 ms | p99 ms | errors | cache hit ratio | load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results:
        lines.append(
            f"| {row['label']} | {row['requests']} | {row['rps']:.0f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {row['errors']} | {row['hit_ratio']:.0%} | {row['load']:.1f} |"
        )
    lines.append("")
    if args.only in (None, "api"):
        static, page = results[0]["rps"], results[1]["rps"]
        lines += [f"- cached page / static file rate: {page / static:.2f}", ""]
        lines += ["The read API beside the HTML pages, through nginx → Varnish:", ""]
        lines += api_table(api_rows)
    if publisher:
        visible = publisher.visible_after or [float("nan")]
        lines.append(
            f"- publish → new title served: median {statistics.median(visible) * 1000:.0f} ms, "
            f"max {max(visible) * 1000:.0f} ms over {len(publisher.visible_after)} publishes "
            f"({publisher.not_visible} not visible within 10 s); every time, in ms: "
            + ", ".join(f"{seconds * 1000:.0f}" for seconds in publisher.visible_after)
            + "; of which the request that first showed it, in ms: "
            + ", ".join(f"{seconds * 1000:.0f}" for seconds in publisher.last_request)
        )
        from_commit = publisher.visible_from_commit or [float("nan")]
        lines.append(
            f"- from the commit (the page made anew and the purge included): median "
            f"{statistics.median(from_commit) * 1000:.0f} ms, max "
            f"{max(from_commit) * 1000:.0f} ms; every time, in ms: "
            + ", ".join(f"{seconds * 1000:.0f}" for seconds in from_commit)
        )
    if worker:
        lines.append(
            f"- worker stopped: {worker['queued']} tasks queued while it was down, "
            f"{worker['completed']} completed within {worker['seconds']:.1f} s after it came "
            f"back, {worker['failed']} failed"
        )
    faults = [r for r in results if "statuses" in r]
    if faults:
        lines.append(
            "- fault phases send uncached requests (a unique query string), so every one "
            "reaches the app servers; statuses per phase: "
            + "; ".join(f"{r['label']}: {r['statuses']}" for r in faults)
        )
    return "\n".join(lines) + "\n"


def drop_database_connections():
    from django.db import connection

    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def worker_stopped():
    """Stop the worker, publish five pages (purge tasks queue), start it, count."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from cms.models import StandardPage

    connection.close()  # dropped in the PostgreSQL phase; Django reconnects
    stack("stop-piece", "worker")
    before = set(DBTaskResult.objects.values_list("id", flat=True))
    for number, page in enumerate(StandardPage.objects.live().order_by("pk")[:5]):
        page.title = f"{page.title.split(' #')[0]} #w{number}"
        page.save_revision().publish()
    queued = DBTaskResult.objects.exclude(id__in=before)
    count = queued.count()
    stack("start-piece", "worker")
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if not queued.filter(status__in=["READY", "RUNNING"]).exists():
            break
        time.sleep(0.2)
    return {
        "queued": count,
        "completed": queued.filter(status="SUCCESSFUL").count(),
        "failed": queued.filter(status="FAILED").count(),
        "seconds": time.monotonic() - started,
    }


if __name__ == "__main__":
    main()
