"""Load and faults through the whole stack on loopback (`make bench-stack`).

Starts the stack (deploy/stack.sh) unless it runs already, then, each phase bounded in
time and in requests, all traffic to 127.0.0.1 only:

1. static file vs cached anonymous page through the same nginx;
2. mixed traffic (80 % pages of every type, 15 % feeds and .ics, 5 % logged-in admin
   listings) with a publish every 3 s, timing publish → new title served;
3. an app server killed with SIGKILL under load, started again;
4. Redis stopped under load; 5. the worker stopped while tasks are queued;
6. every PostgreSQL connection of the stack's database dropped under load (what a
   server restart does to the app, without restarting the machine's shared server).

Prints a Markdown table and writes it to bench/out/stack.md.
"""

import argparse
import contextlib
import http.client
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

    def add(self, latency, status, x_cache, kind):
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] += 1
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
            "hit_ratio": hits / looked_up if looked_up else 0.0,
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


class Publisher(threading.Thread):
    """Publishes a new title every `interval` seconds and times when nginx serves it."""

    def __init__(self, interval, stop_event):
        super().__init__()
        self.interval = interval
        self.stop_event = stop_event
        self.visible_after = []
        self.not_visible = 0

    def run(self):
        from django.db import close_old_connections

        from cms.models import StandardPage

        pages = list(StandardPage.objects.live().order_by("pk"))
        client = Client()
        number = 0
        while not self.stop_event.wait(self.interval):
            number += 1
            page = pages[number % len(pages)]
            title = f"{page.title.split(' #')[0]} #{number}"
            page.title = title
            page.save_revision().publish()
            published = time.monotonic()
            path = urlsplit(page.url).path
            while time.monotonic() - published < 10:
                _status, _x, body, _r = client.get(path)
                if title.encode() in body:
                    self.visible_after.append(time.monotonic() - published)
                    break
                time.sleep(0.02)
            else:
                self.not_visible += 1
            close_old_connections()


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


def fault_phase(label, seconds, threads, paths, at, action, until, recover, results):
    """Uncached page requests (unique query) while `action` runs at `at` s and
    `recover` at `until` s."""
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30, help="length of the mixed phase")
    parser.add_argument("--threads", type=int, default=12)
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
    session_cookie = login("admin", "kalem-admin")
    results = []

    # 1. Same proxy, same concurrency: a static file, then one cached page.
    for label, path in [("static file via nginx", static_path()), ("cached page", "/kurumsal/")]:
        Client().get(path)
        recorder = Recorder()
        run_load(8, args.threads, lambda path=path: (path, None, "anonymous"), recorder)
        results.append({**recorder.summary(8), "label": label})

    # 2. Mixed traffic with publishes.
    def choose():
        roll = random.random()
        if roll < 0.80:
            return random.choice(pages), None, "anonymous"
        if roll < 0.95:
            return random.choice(feeds), None, "anonymous"
        return random.choice(admin), {"Cookie": session_cookie}, "admin"

    stop = threading.Event()
    publisher = Publisher(3, stop)
    publisher.start()
    recorder = Recorder()
    run_load(args.seconds, args.threads, choose, recorder)
    stop.set()
    publisher.join()
    mixed = {**recorder.summary(args.seconds), "label": "mixed + publish every 3 s"}
    results.append(mixed)

    # 3.–6. Faults.
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

    lines = [
        "| phase | requests | req/s | p50 ms | p99 ms | errors | cache hit ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results:
        lines.append(
            f"| {row['label']} | {row['requests']} | {row['rps']:.0f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {row['errors']} | {row['hit_ratio']:.0%} |"
        )
    static, page = results[0]["rps"], results[1]["rps"]
    visible = publisher.visible_after or [float("nan")]
    lines += [
        "",
        f"- cached page / static file rate: {page / static:.2f}",
        f"- publish → new title served: median {statistics.median(visible) * 1000:.0f} ms, "
        f"max {max(visible) * 1000:.0f} ms over {len(publisher.visible_after)} publishes "
        f"({publisher.not_visible} not visible within 10 s)",
        f"- worker stopped: {worker['queued']} tasks queued while it was down, "
        f"{worker['completed']} completed within {worker['seconds']:.1f} s after it came back, "
        f"{worker['failed']} failed",
        "- fault phases send uncached requests (a unique query string), so every one reaches "
        "the app servers; statuses per phase: "
        + "; ".join(f"{r['label']}: {r['statuses']}" for r in results if "statuses" in r),
    ]
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
