"""Benchmark of the press monitoring report: the figures, the SVG chart, the admin page, the
PDF request (queued, as the admin does it) and the PDF build (the background task) for a
month and a year of 5,000 clippings across 40 outlets, with query counts.

    .venv/bin/python bench/press_report.py [--clippings 5000] [--outlets 40] [--runs 5]

Runs on a throwaway SQLite database in a temporary folder, migrated from scratch.
"""

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import throwaway

PROJECT = Path(__file__).resolve().parent.parent


def configure(workdir):
    throwaway.configure(workdir)


def populate(total, outlet_count, today):
    from press.models import MediaOutlet, OutletKind, PressClipping, Tone

    rng = random.Random(5000)
    kinds = [choice for choice, _label in OutletKind.choices]
    outlets = MediaOutlet.objects.bulk_create(
        MediaOutlet(name=f"Gazete {n}", kind=kinds[n % len(kinds)]) for n in range(outlet_count)
    )
    tones = [Tone.POSITIVE] * 5 + [Tone.NEUTRAL] * 3 + [Tone.NEGATIVE] * 2
    PressClipping.objects.bulk_create(
        PressClipping(
            outlet=rng.choice(outlets),
            date=today - dt.timedelta(days=rng.randint(0, 364)),
            headline=f"Belediye haberi {n}",
            url=f"https://haber.example/{n}",
            topic="ulaşım",
            tone=rng.choice(tones),
            needs_correction=n % 50 == 0,
        )
        for n in range(total)
    )


def timed(function, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, result = [], 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            result = function()
            timings.append(time.perf_counter() - began)
        queries = len(captured.captured_queries)
    return statistics.median(timings), min(timings), queries, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clippings", type=int, default=5000)
    parser.add_argument("--outlets", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kalem-press-bench-"))
    try:
        configure(workdir)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from press.models import MonitoringReportFile
        from press.monitoring import Period, build_report, chart_svg, report_pdf

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - began:.1f} s")
        today = timezone.localdate()
        began = time.perf_counter()
        populate(args.clippings, args.outlets, today)
        print(f"created {args.clippings} clippings in {time.perf_counter() - began:.1f} s")

        month = Period.month_of(today)
        year = Period(today - dt.timedelta(days=364), today)
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench", "b@x.tr", "x"))
        rows = []
        for label, period in [("month", month), ("year", year)]:
            report = build_report(period)
            params = {"period": "custom", "start": period.start, "end": period.end}

            def ask_for_pdf(q=params):
                # A fresh request each run: the previous one is still "being prepared".
                MonitoringReportFile.objects.all().delete()
                return client.post("/admin/basin/takip-raporu/pdf/", q)

            for step, function in [
                ("figures", lambda p=period: build_report(p)),
                ("SVG chart", lambda r=report: chart_svg(r)),
                ("admin page", lambda q=params: client.get("/admin/basin/takip-raporu/", q)),
                ("PDF request", ask_for_pdf),
                ("PDF build (task)", lambda r=report: report_pdf(r)),
            ]:
                median, best, queries, result = timed(function, args.runs)
                extra = ""
                if step == "figures":
                    extra = f"{result.total} clippings, {len(result.negatives)} negative"
                elif step.startswith("PDF build"):
                    extra = f"{len(result) / 1024:.0f} KiB"
                elif step == "admin page":
                    assert result.status_code == 200, result.status_code
                elif step == "PDF request":
                    assert result.status_code == 302, result.status_code
                    extra = "queued, redirected to the waiting page"
                rows.append((f"{label}: {step}", median, best, queries, extra))
        print(f"\n{'step':<22}{'median':>10}{'best':>10}{'queries':>9}  notes")
        for label, median, best, queries, extra in rows:
            print(f"{label:<22}{median * 1000:>8.0f}ms{best * 1000:>8.0f}ms{queries:>9}  {extra}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
