"""Benchmark of the correspondence register on PostgreSQL: a generator of register
records with routings, the p95 latency of the register's admin list, search and filters
through Django's test client, the query plan of the clearance filter, and the official
number allocator's throughput under concurrent approvals, checked for gaps and duplicates.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kalem_bench   # a database of its own
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/register.py --generate 100000    # once (about a minute)
    .venv/bin/python bench/register.py                      # the measurements

The generator writes with bulk_create (no history rows: the list does not read them) and
refuses to add to a register that already holds records unless --append is given.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LIST = "wagtailsnippets_archive_correspondence:list"
SUBJECT_WORDS = [
    "bilgi",
    "talebi",
    "imar",
    "park",
    "su",
    "kanalizasyon",
    "ulaşım",
    "davet",
    "tebrik",
    "taziye",
    "teşekkür",
    "ihale",
    "zabıta",
    "kültür",
    "spor",
    "muhtarlık",
    "dilekçe",
    "şikâyet",
    "etkinlik",
    "bayram",
    "toplantı",
    "rapor",
]
PARTIES = [
    "İzmir Valiliği",
    "Karşıyaka Kaymakamlığı",
    "Ege Üniversitesi Rektörlüğü",
    "İçişleri Bakanlığı",
    "Ayşe Yılmaz",
    "Mehmet Öztürk",
    "Sağlık Müdürlüğü",
    "Çevre ve Şehircilik İl Müdürlüğü",
]


def setup():
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The register benchmark runs on PostgreSQL: set DATABASE_URL.")


def generate(count, *, append=False, seed=13):
    from django.db import transaction

    from archive.correspondence.models import (
        Channel,
        Correspondence,
        Direction,
        Kind,
        Routing,
        SdpCode,
        Status,
    )

    if Correspondence.objects.exists() and not append:
        sys.exit("The register is not empty; use --append to add to it.")
    rng = random.Random(seed)
    users = ensure_users()
    holders = [users["clerk"], users["head"]]
    codes = list(SdpCode.objects.values_list("pk", flat=True))
    directions = [Direction.INCOMING] * 6 + [Direction.OUTGOING] * 3 + [Direction.INTERNAL]
    statuses = [Status.REGISTERED, Status.ROUTED, Status.IN_PROGRESS, Status.ANSWERED]
    statuses += [Status.FILED] * 3
    start = Correspondence.objects.count()
    started = time.perf_counter()
    today = dt.date(2026, 11, 30)
    for offset in range(0, count, 5000):
        records = []
        for n in range(start + offset, start + min(offset + 5000, count)):
            direction = rng.choice(directions)
            received = today - dt.timedelta(days=rng.randrange(0, 3 * 365))
            outgoing = direction != Direction.INCOMING
            records.append(
                Correspondence(
                    direction=direction,
                    kind=rng.choice(Kind.values),
                    channel=rng.choice(Channel.values),
                    subject=" ".join(rng.choice(SUBJECT_WORDS) for _ in range(4)).capitalize(),
                    party_name=rng.choice(PARTIES),
                    sdp_code_id=rng.choice(codes),
                    # Most records are unclassified; a few of every higher level.
                    confidentiality=rng.choices([0, 1, 2, 3], weights=[85, 10, 4, 1])[0],
                    status=rng.choice(statuses),
                    received_on=None if outgoing else received,
                    answer_due=None if outgoing else received + dt.timedelta(days=30),
                    register_number="" if outgoing else f"B-{n + 1:09d}",
                    number=f"E-19248251-010.03-B{n + 1}" if outgoing else "",
                    number_year=received.year if outgoing else None,
                    number_date=received if outgoing else None,
                    created_at=dt.datetime.combine(received, dt.time(10), tzinfo=dt.UTC),
                    live=True,
                )
            )
        with transaction.atomic():
            made = Correspondence.objects.bulk_create(records)
            Routing.objects.bulk_create(
                Routing(
                    correspondence=record,
                    to_user=rng.choice(holders),
                    routed_by=users["head"],
                    created_at=record.created_at,
                    done_at=None if record.status in statuses[:3] else record.created_at,
                )
                for record in made
                if rng.random() < 0.6
            )
    total = Correspondence.objects.count()
    print(
        f"Generated {count} records ({total} in the register) and their routings "
        f"in {time.perf_counter() - started:.0f} s"
    )
    from django.db import connection

    # VACUUM as autovacuum would after a bulk load: statistics for the planner and the
    # visibility map, without which a page count cannot run from the index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE archive_correspondence")
        cursor.execute("VACUUM ANALYZE archive_routing")


def ensure_users():
    from django.contrib.auth import get_user_model

    from cms.confidentiality import Level
    from cms.models import Clearance
    from cms.roles import CLERK, HEAD, apply_grants, registered_grants

    apply_grants(registered_grants())
    from django.contrib.auth.models import Group

    users = {}
    for key, role in (("clerk", CLERK), ("head", HEAD)):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench-{key}", defaults={"is_staff": True}
        )
        user.groups.add(Group.objects.get(name=role))
        users[key] = user
    Clearance.objects.update_or_create(user=users["clerk"], defaults={"level": Level.RESTRICTED})
    return users


def p95(values):
    return statistics.quantiles(values, n=20)[18]


def measure_views(requests):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(ensure_users()["clerk"])
    url = reverse(LIST)
    cases = {
        "list": {},
        "search": {"q": "park"},
        "2 filters + search": {"direction": "gelen", "status": "havale", "q": "bilgi"},
        "filter: overdue": {"deadline": "overdue"},
    }
    print(f"Admin list as an Evrak clerk cleared to Hizmete Özel, {requests} requests each:")
    for name, params in cases.items():
        client.get(url, params)  # warm up
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        print(f"  {name:<20} p95 {p95(times):6.0f} ms   median {statistics.median(times):5.0f} ms")


def clearance_plan():
    from django.db import connection

    from archive.correspondence.models import Correspondence
    from cms.confidentiality import visible_to

    user = ensure_users()["clerk"]
    queryset = visible_to(Correspondence.objects.all(), user).order_by("-created_at", "-pk")[:50]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    seq = any("Seq Scan on archive_correspondence" in line for line in plan)
    print("Clearance-filtered first page, query plan:")
    for line in plan:
        print("   ", line)
    print(f"  sequential scan over the register: {'YES' if seq else 'no'}")


def allocator(threads, per_thread):
    """Raw allocator: `threads` threads each drawing `per_thread` numbers from one counter."""
    from django.db import connection

    from archive.correspondence.numbering import next_sequence

    key = f"B-{uuid.uuid4().hex[:8]}"
    drawn, errors = [], []
    lock = threading.Lock()

    def work():
        try:
            mine = [next_sequence(key) for _ in range(per_thread)]
            with lock:
                drawn.extend(mine)
        except Exception as error:  # reported below, not hidden in a thread
            errors.append(error)
        finally:
            connection.close()

    started = time.perf_counter()
    run_threads(work, threads)
    elapsed = time.perf_counter() - started
    total = threads * per_thread
    ok = not errors and sorted(drawn) == list(range(1, total + 1))
    print(
        f"Allocator: {total} numbers by {threads} threads in {elapsed:.2f} s = "
        f"{total / elapsed:.0f} numbers/s; gaps or duplicates: {'none' if ok else 'FOUND'}"
    )
    return ok


def approvals(threads, per_thread):
    """The real approval: `threads` threads publishing drafts (each gets its Sayı)."""
    from django.db import connection
    from wagtail.models import Site

    from archive.correspondence.models import Correspondence, Direction, SdpCode
    from cms.models import MunicipalitySettings

    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    if not settings.detsis_number:
        settings.detsis_number = "19248251"
        settings.save()
    head = ensure_users()["head"]
    code = SdpCode.objects.get(code="010.03")
    drafts = []
    for n in range(threads * per_thread):
        record = Correspondence(
            direction=Direction.OUTGOING,
            channel="kep",
            subject=f"Onay ölçümü {n}",
            party_name="İzmir Valiliği",
            sdp_code=code,
            live=False,
        )
        record.save()
        record.save_revision(user=head)
        drafts.append(record.pk)
    chunks = [drafts[i::threads] for i in range(threads)]
    errors = []

    def work(pks):
        try:
            for pk in pks:
                record = Correspondence.objects.get(pk=pk)
                record.latest_revision.publish(user=head)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    numbers = list(Correspondence.objects.filter(pk__in=drafts).values_list("number", flat=True))
    sequences = sorted(int(number.rsplit("-", 1)[1]) for number in numbers if number)
    ok = (
        not errors
        and len(sequences) == len(drafts)
        and sequences == list(range(sequences[0], sequences[0] + len(drafts)))
    )
    print(
        f"Approvals: {len(drafts)} letters by {threads} concurrent approvers in {elapsed:.2f} s "
        f"= {len(drafts) / elapsed:.0f} approvals/s; gaps or duplicates: "
        f"{'none' if ok else 'FOUND'}{'; errors: ' + repr(errors[:2]) if errors else ''}"
    )
    return ok


def run_threads(target, count):
    workers = [threading.Thread(target=target) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, help="records to generate first")
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--numbers", type=int, default=250, help="numbers per thread")
    parser.add_argument("--approvals", type=int, default=25, help="approvals per thread")
    options = parser.parse_args()
    setup()
    if options.generate:
        generate(options.generate, append=options.append)
    from archive.correspondence.models import Correspondence

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Register: {Correspondence.objects.count()} records; load average {load}")
    measure_views(options.requests)
    clearance_plan()
    ok = allocator(options.threads, options.numbers)
    ok = approvals(options.threads, options.approvals) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
