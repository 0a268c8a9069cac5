"""Benchmark of a survey's results page: 50,000 answers to a two-question survey (a choice
and a 1–5 scale), the counts (cms.forms_builder.results), and the admin page with its two
charts, for all answers and for one month, with query counts. Also the site's form: one
answer sent through the page (validation, three inserts).

    .venv/bin/python bench/form_results.py [--answers 50000] [--runs 5]

Runs on a throwaway SQLite database in a temporary folder, migrated from scratch, or on
PostgreSQL with --database-url (an empty database; it is migrated).
"""

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import throwaway

CHOICES = ["Her gün", "Haftada birkaç kez", "Ayda birkaç kez", "Hiç"]


def populate(page, total):
    """Answers as the site stores them (submission, one FormAnswer per question), in bulk."""
    from django.utils import timezone

    from cms.forms_builder.models import FormAnswer, FormPageSubmission

    rng = random.Random(50_000)
    park, scale = [f.clean_name for f in page.get_form_fields()]
    now = timezone.now()
    batch = 5000
    for start in range(0, total, batch):
        size = min(batch, total - start)
        moments = [now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 180)) for _ in range(size)]
        values = [(rng.choice(CHOICES), rng.randint(1, 5)) for _ in range(size)]
        submissions = FormPageSubmission.objects.bulk_create(
            FormPageSubmission(page=page, form_data={park: c, scale: s}) for c, s in values
        )
        # auto_now_add stamped them all "now": spread them over half a year.
        for submission, moment in zip(submissions, moments, strict=True):
            submission.submit_time = moment
        FormPageSubmission.objects.bulk_update(submissions, ["submit_time"])
        FormAnswer.objects.bulk_create(
            FormAnswer(
                submission=submission,
                page_id=page.pk,
                submitted_at=submission.submit_time,
                field=name,
                value=value,
            )
            for submission, (choice, number) in zip(submissions, values, strict=True)
            for name, value in ((park, choice), (scale, str(number)))
        )


def configure(workdir, database_url):
    if not database_url:
        throwaway.configure(workdir, KALEM_FORM_SUBMISSIONS_PER_HOUR="1000000")
        return
    # throwaway.configure with the database given instead of its SQLite file.
    import sys

    sys.path.insert(0, str(throwaway.PROJECT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="0",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="ERROR",
        KALEM_FORM_SUBMISSIONS_PER_HOUR="1000000",
    )
    (workdir / "static").mkdir(exist_ok=True)
    import django

    django.setup()


def timed(function, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    with CaptureQueriesContext(connection) as captured:
        for _run in range(runs):
            began = time.perf_counter()
            result = function()
            timings.append(time.perf_counter() - began)
    return statistics.median(timings), min(timings), len(captured) // runs, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kalem-forms-bench-"))
    try:
        configure(workdir, args.database_url)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone
        from wagtail.models import Site

        from cms.forms_builder.models import FormPage, FormPageField
        from cms.forms_builder.results import build_results

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - began:.1f} s")
        home = Site.objects.get(is_default_site=True).root_page
        page = FormPage(
            title="Kent Parkı Anketi",
            slug="kent-parki-anketi",
            form_fields=[
                FormPageField(
                    sort_order=0,
                    label="Parkı ne sıklıkla kullanıyorsunuz?",
                    field_type="radio",
                    choices="\n".join(CHOICES),
                ),
                FormPageField(sort_order=1, label="Memnuniyetiniz", field_type="scale"),
            ],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        began = time.perf_counter()
        populate(page, args.answers)
        print(f"created {args.answers} answers in {time.perf_counter() - began:.1f} s")

        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench", "b@x.tr", "x"))
        url = reverse("kalem_form_results", args=[page.pk])
        today = timezone.localdate()
        month = {
            "start": (today - dt.timedelta(days=30)).strftime("%d.%m.%Y"),
            "end": today.strftime("%d.%m.%Y"),
        }
        park, scale = [f.clean_name for f in page.get_form_fields()]
        public = Client()

        def answer():
            return public.post(page.url, {park: "Hiç", scale: "3"})

        rows = []
        for label, function in [
            ("counts, all", lambda: build_results(page)),
            ("counts, 30 days", lambda: build_results(page, today - dt.timedelta(days=30), today)),
            ("admin page, all", lambda: client.get(url)),
            ("admin page, 30 days", lambda: client.get(url, month)),
            ("one answer sent", answer),
        ]:
            median, best, queries, result = timed(function, args.runs)
            note = ""
            if label.startswith("counts"):
                note = f"{result.total} answers"
            elif hasattr(result, "status_code"):
                assert result.status_code == 200, result.status_code
            rows.append((label, median, best, queries, note))
        engine = "PostgreSQL" if args.database_url else "SQLite"
        print(f"\n{engine}, {args.answers} answers")
        print(f"{'step':<22}{'median':>10}{'best':>10}{'queries':>9}  notes")
        for label, median, best, queries, note in rows:
            print(f"{label:<22}{median * 1000:>8.0f}ms{best * 1000:>8.0f}ms{queries:>9}  {note}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
