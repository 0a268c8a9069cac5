"""Benchmark of archived documents (issue 15): full-text search over titles, keywords and
extracted text, the disposal proposal over the whole archive, and text extraction.

    DATABASE_URL=postgres://…/kalem_bench .venv/bin/python bench/documents.py \
        [--count 100000] [--versions 3] [--queries 100] [--extract 50]

Runs on the database DATABASE_URL names (PostgreSQL for the figures quoted in the issue;
it must be migrated and is filled with --count documents of --versions versions each,
rows only, no files) or, without it, on a throwaway SQLite database. Searches run as an
archivist with Gizli clearance through the same queryset the admin list uses
(`visible_to` + archive.documents.search), a random word from the texts each time.
"""

import argparse
import io
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import throwaway

WORDS = [
    "belediye",
    "meclis",
    "kanalizasyon",
    "park",
    "ihale",
    "sözleşme",
    "denetim",
    "rapor",
    "bütçe",
    "personel",
    "otopark",
    "aydınlatma",
    "kaldırım",
    "çevre",
    "temizlik",
    "ulaşım",
    "otobüs",
    "su",
    "kesinti",
    "imar",
    "plan",
    "kültür",
    "festival",
    "spor",
    "tesis",
    "muhtar",
    "mahalle",
    "kent",
    "konseyi",
    "protokol",
    "kardeş",
    "şehir",
    "bilgi",
    "edinme",
    "dilekçe",
    "başvuru",
    "sayıştay",
    "yönetmelik",
    "genelge",
    "talimat",
    "toplantı",
    "gündem",
]


SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bu",
    "ka",
    "ke",
    "ki",
    "ku",
    "la",
    "le",
    "li",
    "lu",
    "ma",
    "me",
    "mi",
    "mu",
    "na",
    "ne",
    "ra",
    "re",
    "sa",
    "se",
    "ta",
    "te",
    "ya",
    "yo",
]


def vocabulary(rng, size=20_000):
    """The office's words plus made-up ones, so a word is as rare as real text makes it
    (a word in every document would measure ranking the whole archive, not search)."""
    made = {"".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))) for _ in range(size)}
    return WORDS + sorted(made)


def document_text(rng, words, length=300):
    # Zipf-like: common words often, most words rarely.
    return " ".join(
        words[min(len(words) - 1, int(rng.paretovariate(0.8)) - 1)]
        if rng.random() < 0.5
        else rng.choice(words)
        for _ in range(length)
    )


def setup():
    url = os.environ.get("DATABASE_URL")
    workdir = Path(tempfile.mkdtemp(prefix="kalem-bench-docs-"))
    if url:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("LOG_LEVEL", "ERROR")
        os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(workdir / "private"))
        import sys

        sys.path.insert(0, str(throwaway.PROJECT))
        import django

        django.setup()
    else:
        throwaway.configure(workdir, PRIVATE_MEDIA_ROOT=str(workdir / "private"))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(count, versions, rng, words):
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from archive.correspondence.models import SdpCode
    from archive.documents.models import ArchivedDocument, DocumentFileVersion, RetentionRule

    codes = list(SdpCode.objects.all())
    for code in codes[:10]:
        RetentionRule.objects.get_or_create(
            sdp_code=code,
            defaults={
                "unit_years": rng.randint(1, 5),
                "institution_years": rng.randint(2, 10),
                "outcome": "imha",
            },
        )
    existing = ArchivedDocument.objects.count()
    backend = get_search_backend()
    batch = 2000
    started = time.perf_counter()
    for start in range(existing, count, batch):
        documents = [
            ArchivedDocument(
                title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
                sdp_code=rng.choice(codes),
                keywords=", ".join(rng.choices(WORDS, k=3)),
                document_date=f"{rng.randint(2000, 2026)}-{rng.randint(1, 12):02}-15",
                confidentiality=rng.choice([0, 0, 0, 1, 2, 3]),
                text=document_text(rng, words),
            )
            for _ in range(min(batch, count - start))
        ]
        ArchivedDocument.objects.bulk_create(documents)
        DocumentFileVersion.objects.bulk_create(
            DocumentFileVersion(
                document=document,
                number=number,
                file=f"documents/{document.pk}/v{number}-tarama.pdf",
                original_name="tarama.pdf",
                content_type="application/pdf",
                size=100_000,
                sha256=f"{document.pk:032x}{number:032x}",
                text=document.text,
                extraction="tamam",
            )
            for document in documents
            for number in range(1, versions + 1)
        )
        backend.add_bulk(ArchivedDocument, documents)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def archivist():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.models import Clearance
    from cms.roles import ARCHIVIST, apply_grants, registered_grants

    apply_grants(list(registered_grants()))
    user, _ = get_user_model().objects.get_or_create(username="bench-arsiv")
    user.groups.add(Group.objects.get(name=ARCHIVIST))
    Clearance.objects.update_or_create(user=user, defaults={"level": 2})
    return get_user_model().objects.get(pk=user.pk)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_search(user, queries, rng, words):
    from archive.documents.models import ArchivedDocument
    from archive.documents.search import search
    from cms.confidentiality import visible_to

    timings = []
    for _ in range(queries):
        word = rng.choice(words)
        started = time.perf_counter()
        queryset = visible_to(ArchivedDocument.objects.all(), user)
        # The admin list's first page: 50 rows, newest first, and the count it shows.
        results = search(queryset, word).order_by("-document_date", "-pk")
        results.count()
        list(results[:50])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_proposal():
    from archive.documents import disposal

    started = time.perf_counter()
    count = disposal.proposal().count()
    first_page = list(disposal.proposal()[:500])
    return count, len(first_page), (time.perf_counter() - started) * 1000


def time_extraction(count):
    from archive.documents.files import extract
    from cms.pdf import html_to_pdf

    pdf = html_to_pdf(
        "<html><body>" + "".join(f"<p>{' '.join(WORDS)}</p>" for _ in range(40)) + "</body></html>"
    )
    started = time.perf_counter()
    for _ in range(count):
        extract(pdf, "application/pdf")
    elapsed = time.perf_counter() - started
    from pypdf import PdfReader

    return count / elapsed, len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--extract", type=int, default=50)
    options = parser.parse_args()
    rng = random.Random(15)
    setup()
    from django.db import connection

    words = vocabulary(rng)
    filled = fill(options.count, options.versions, rng, words)
    user = archivist()
    time_search(user, 5, rng, words)  # warm the caches
    timings = time_search(user, options.queries, rng, words)
    due, page, proposal_ms = time_proposal()
    rate, size, pages = time_extraction(options.extract)
    print(f"database: {connection.vendor}; documents: {options.count} × {options.versions}")
    print(f"filled in {filled:.0f} s")
    print(
        f"full-text search ({options.queries} queries, count + first 50 hits, Gizli clearance): "
        f"median {statistics.median(timings):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms"
    )
    print(f"disposal proposal: {due} documents due; count + first {page} in {proposal_ms:.0f} ms")
    print(f"text extraction: {rate:.1f} PDFs/s ({size // 1024} kB, {pages} pages each)")


if __name__ == "__main__":
    main()
