"""Benchmark of the mayor's weekly report: the Müdür's Friday screen and the compiled PDF
for 40 directorates (36 reported, 4 missing), each report with about 2,000 characters of
Turkish text, and 5,000 press clippings in the week (the press coverage summary), with
query counts; then the whole background compilation (the PDF kept as a new version of
the week's archived document).

    .venv/bin/python bench/weekly_report.py [--directorates 40] [--clippings 5000] [--runs 3]

Runs on a throwaway SQLite database in a temporary folder, migrated from scratch.
"""

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import throwaway

PARAGRAPH = (
    "Cumhuriyet Caddesi'nde asfalt ve kaldırım çalışmaları sürdü; İsmet İnönü Bulvarı'nda "
    "yağmur suyu hattının %60'ı tamamlandı. Mahalle muhtarlarıyla üç toplantı yapıldı. "
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
    parser.add_argument("--directorates", type=int, default=40)
    parser.add_argument("--clippings", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kalem-weekly-bench-"))
    try:
        throwaway.configure(workdir, PRIVATE_MEDIA_ROOT=str(workdir / "private"))
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from archive.weekly import compile, rules
        from archive.weekly.compile import week_status, weekly_report_pdf
        from archive.weekly.models import Directorate, WeeklyReport
        from press.models import MediaOutlet, PressClipping

        call_command("migrate", verbosity=0)
        monday = rules.week_start(timezone.localdate())
        directorates = Directorate.objects.bulk_create(
            Directorate(name=f"Müdürlük {n:02d}") for n in range(args.directorates)
        )
        WeeklyReport.objects.bulk_create(
            WeeklyReport(
                directorate=directorate,
                week=monday,
                done=PARAGRAPH * 8,
                planned=PARAGRAPH * 4,
                issues=PARAGRAPH if n % 5 == 0 else "",
            )
            for n, directorate in enumerate(directorates)
            if n % 10 != 9
        )
        outlets = MediaOutlet.objects.bulk_create(
            MediaOutlet(name=f"Gazete {n:02d}", kind="daily") for n in range(60)
        )
        tones = ["positive", "negative", "neutral"]
        PressClipping.objects.bulk_create(
            PressClipping(
                outlet=outlets[n % len(outlets)],
                date=monday + dt.timedelta(days=n % 7),
                headline=f"Belediyeden haber {n}",
                tone=tones[n % 3],
                needs_correction=n % 400 == 0,
            )
            for n in range(args.clippings)
        )

        def background():
            compiled, _new = compile.request_compilation(monday)
            compile.build(compiled.pk)
            compiled.refresh_from_db()
            return compiled

        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench", "b@x.tr", "x"))
        rows = []
        for step, function in [
            ("who reported", lambda: week_status(monday)),
            ("Friday screen", lambda: client.get("/admin/archive/weekly/mayor/")),
            ("compiled PDF", lambda: weekly_report_pdf(monday)[0]),
            ("whole task", background),
        ]:
            median, best, queries, result = timed(function, args.runs)
            extra = ""
            if step == "who reported":
                extra = f"{len(result[0])} reported, {len(result[1])} missing"
            elif step == "Friday screen":
                assert result.status_code == 200, result.status_code
            elif step == "whole task":
                extra = f"version {result.version.number}, {result.version.size / 1024:.0f} KiB"
            else:
                extra = f"{len(result) / 1024:.0f} KiB"
            rows.append((step, median, best, queries, extra))
        print(f"\n{'step':<16}{'median':>10}{'best':>10}{'queries':>9}  notes")
        for label, median, best, queries, extra in rows:
            print(f"{label:<16}{median * 1000:>8.0f}ms{best * 1000:>8.0f}ms{queries:>9}  {extra}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
