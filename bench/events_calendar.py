"""Benchmark of the event calendar: the month view and the whole-calendar .ics with 2,000
events (100 of them weekly series), timed and with their SQL query counts.

    .venv/bin/python bench/events_calendar.py [--events 2000] [--recurring 100] [--runs 5]
        [--keep FOLDER] [--save-html FOLDER] [--profile URL] [--month-only]

It first builds the whole-calendar .ics both ways in the same run (through the icalendar
package, and assembled from stored VEVENTs), prints their ratio and whether the bytes are
the same, and the month view, upcoming list and RSS with the events' rules expanded on
the spot and from the stored occurrences (events.EventOccurrence). --save-html writes
each page's bytes, to diff before and after a change (the RSS differs only in its
lastBuildDate).

Runs on a throwaway SQLite database in a temporary folder, migrated from scratch.
"""

import argparse
import datetime as dt
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import throwaway

PROJECT = Path(__file__).resolve().parent.parent


def configure(workdir):
    throwaway.configure(workdir)


def populate(total, recurring):
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from cms.models import HomePage
    from events import rules
    from events.models import EventCategory, EventIndexPage, EventPage

    call_command("load_holidays", "--years", "2026", "2027", stdout=io.StringIO())
    home = HomePage.objects.get(depth=2, locale__language_code="tr")
    index = EventIndexPage(title="Etkinlikler", slug="etkinlikler")
    home.add_child(instance=index)
    categories = [
        EventCategory.objects.create(name=name)
        for name in ["Tören", "Açılış", "Basın Toplantısı", "Anma", "Kültür-Sanat", "Kent Konseyi"]
    ]
    today = timezone.localdate()
    with transaction.atomic():
        for number in range(total):
            day = today + dt.timedelta(days=number % 365 - 182)
            start = dt.datetime.combine(day, dt.time(9 + number % 10), tzinfo=rules.ISTANBUL)
            repeats = number < recurring
            index.add_child(
                instance=EventPage(
                    title=f"Etkinlik {number}",
                    summary="Tüm hemşehrilerimiz davetlidir.",
                    start=start,
                    end=start + dt.timedelta(hours=2),
                    venue="Cumhuriyet Meydanı",
                    address="Cumhuriyet Meydanı No: 1, Örnekköy",
                    category=categories[number % len(categories)],
                    repeat=rules.WEEKLY if repeats else "",
                    repeat_count=52 if repeats else None,
                    status=rules.CANCELLED if number % 97 == 0 else rules.SCHEDULED,
                )
            )
    return index


def measure(client, url, runs, *, cold=True):
    """Median and best time, queries and the last response; `cold` empties the cache
    before each run (the calendar .ics is cached until a page is published; pages are
    not, so for them the cache only holds Wagtail's site root paths)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: site root paths, template loading
    timings, queries, response = [], 0, None
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - began)
        queries = len(captured.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), min(timings), queries, response


def compare_feeds(runs):
    """The whole-calendar .ics built through the icalendar package (as before the stored
    VEVENTs) and assembled from stored VEVENTs, alternately in this run: same bytes?"""
    from django.test import RequestFactory

    from events import ical
    from events.models import EventIndexPage

    index = EventIndexPage.objects.get()
    request = RequestFactory().get("/etkinlikler/takvim.ics")
    name = index.title
    times = {"built": [], "assembled": []}
    outputs = {}
    for _ in range(runs):
        began = time.perf_counter()
        outputs["built"] = ical.calendar_for_events(request, index.feed_events(), name=name)
        times["built"].append(time.perf_counter() - began)
        began = time.perf_counter()
        outputs["assembled"] = ical.calendar_feed(request, index, index.feed_events(), name=name)
        times["assembled"].append(time.perf_counter() - began)
    built, assembled = (statistics.median(times[k]) for k in ("built", "assembled"))
    same = "identical" if outputs["built"] == outputs["assembled"] else "DIFFERENT"
    print(
        f"whole-calendar .ics, same run: built {built * 1000:.0f} ms, assembled from stored "
        f"VEVENTs {assembled * 1000:.0f} ms ({built / assembled:.1f}× faster), output {same}"
    )


def compare_months(client, url, runs):
    """The month view with each event's rule expanded on the spot (as before the
    occurrence table, events.occurrences.expand_rules) and with the stored occurrences,
    alternately in this run: timings, queries and whether the HTML is the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events import occurrences

    stored = occurrences.expand
    times = {"rules": [], "stored": []}
    outputs, queries = {}, {}
    for _ in range(runs):
        for label, expand in [("rules", occurrences.expand_rules), ("stored", stored)]:
            occurrences.expand = expand
            try:
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    response = client.get(url)
                    times[label].append(time.perf_counter() - began)
            finally:
                occurrences.expand = stored
            assert response.status_code == 200, (url, label, response.status_code)
            outputs[label], queries[label] = response.content, len(captured.captured_queries)
    before, after = (statistics.median(times[k]) for k in ("rules", "stored"))
    same = "identical" if outputs["rules"] == outputs["stored"] else "DIFFERENT"
    print(
        f"{url}, same run: rules expanded {before * 1000:.0f} ms ({queries['rules']} queries), "
        f"stored occurrences {after * 1000:.0f} ms ({queries['stored']} queries), "
        f"{before / after:.1f}× faster, HTML {same}"
    )


def profile(client, url):
    import cProfile
    import pstats

    from django.core.cache import cache

    client.get(url)
    cache.clear()
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--recurring", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="keep the database in FOLDER and reuse it on the next run (migrating and "
        "filling it takes minutes)",
    )
    parser.add_argument("--profile", metavar="URL", help="print where URL spends its time")
    parser.add_argument(
        "--month-only",
        action="store_true",
        help="only the month view, rules expanded against stored occurrences (quick)",
    )
    parser.add_argument(
        "--save-html",
        metavar="FOLDER",
        help="write the pages' bytes to FOLDER, to compare before and after a change (diff -r)",
    )
    args = parser.parse_args()

    if args.keep:
        workdir = Path(args.keep)
        workdir.mkdir(exist_ok=True)
        reuse = (workdir / "bench.sqlite3").exists()
    else:
        workdir = Path(tempfile.mkdtemp(prefix="kalem-events-bench-"))
        reuse = False
    try:
        configure(workdir)
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone
        from icalendar import Calendar

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - began:.1f} s")
        if not reuse:
            began = time.perf_counter()
            populate(args.events, args.recurring)
            print(
                f"created {args.events} events ({args.recurring} weekly series of 52) "
                f"in {time.perf_counter() - began:.1f} s"
            )
        client = Client()
        if args.profile:
            profile(client, args.profile)
            return
        today = timezone.localdate()
        month_url = f"/etkinlikler/{today:%Y/%m}/"
        if args.month_only:
            client.get(month_url)  # warm up: site root paths, template loading
            compare_months(client, month_url, args.runs)
            if args.save_html:
                folder = Path(args.save_html)
                folder.mkdir(exist_ok=True)
                name = month_url.strip("/").replace("/", "_")
                (folder / name).write_bytes(client.get(month_url).content)
            return
        rows = []
        for label, url, cold in [
            ("month view", month_url, False),
            ("upcoming list", "/etkinlikler/", False),
            ("whole-calendar .ics", "/etkinlikler/takvim.ics", True),
            (".ics, cached", "/etkinlikler/takvim.ics", False),
            ("RSS", "/etkinlikler/rss/", False),
        ]:
            median, best, queries, response = measure(client, url, args.runs, cold=cold)
            extra = ""
            if url.endswith(".ics"):
                ics = Calendar.from_ical(response.content)
                extra = f"{len(ics.walk('VEVENT'))} VEVENTs, {len(response.content) / 1024:.0f} KiB"
            elif url == month_url:
                extra = f"{response.content.decode().count('<li')} entries in the grid"
            rows.append((label, url, median, best, queries, extra))
            if args.save_html:
                folder = Path(args.save_html)
                folder.mkdir(exist_ok=True)
                (folder / (url.strip("/").replace("/", "_") or "root")).write_bytes(
                    response.content
                )
        compare_feeds(args.runs)
        for url in [month_url, "/etkinlikler/", "/etkinlikler/rss/"]:
            compare_months(client, url, args.runs)
        print(f"\n{'view':<22}{'url':<24}{'median':>10}{'best':>10}{'queries':>9}  notes")
        for label, url, median, best, queries, extra in rows:
            print(
                f"{label:<22}{url:<24}{median * 1000:>8.0f}ms{best * 1000:>8.0f}ms"
                f"{queries:>9}  {extra}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
