"""Benchmark of e-Yazışma through the register: an approved letter with 5 attachments of
2 MB downloaded as .eyp (the first download also renders and keeps the PDF/A letter), and
the same package imported again (read and checked, staged, confirmed into a new record
with its files). Time per package and peak Python memory (tracemalloc).

    .venv/bin/python bench/eyazisma_register.py [--runs 3] [--attachments 5] [--size-mb 2]
"""

import argparse
import random
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import throwaway


def setup(attachments, size_mb):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from wagtail.models import Site

    from archive.correspondence.models import Attachment, Correspondence, SdpCode
    from cms.models import MunicipalitySettings

    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.name, settings.detsis_number = "Örnekköy Belediyesi", "19248251"
    settings.save()
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    record = Correspondence.objects.create(
        direction="giden",
        channel="kep",
        subject="Kent Konseyi toplantısı",
        party_name="İzmir Valiliği",
        party_detsis="87654321",
        body="\n\n".join(["Belediyemizce düzenlenecek toplantıya ilişkin bilgiler."] * 20),
        signatory_name="Hasan Çelik",
        signatory_title="Belediye Başkanı",
        sdp_code=SdpCode.objects.get(code="010.03"),
        live=False,
    )
    record.save_revision(user=user).publish(user=user)
    rng = random.Random(14)
    for number in range(1, attachments + 1):
        data = b"%PDF-1.7\n" + rng.randbytes(size_mb * 1024 * 1024)
        Attachment(
            correspondence=record,
            label=f"EK-{number}",
            original_name=f"ek{number}.pdf",
            content_type="application/pdf",
            size=len(data),
            file=ContentFile(data, name=f"ek{number}.pdf"),
        ).save()
    record.refresh_from_db()
    return record, user


def download(record, user, out):
    from archive.correspondence.packages import write_record_package

    with open(out, "wb") as stream:
        write_record_package(record, stream, user=user)


def import_package(path, user):
    from django.core.files import File

    from archive.correspondence import incoming
    from archive.correspondence.models import Correspondence

    with open(path, "rb") as handle:
        token, proposal = incoming.stage(File(handle, name="gelen.eyp"), user)
    fields = {
        name: proposal[name]
        for name in ("subject", "party_name", "party_detsis", "sender_number", "sender_date")
    }
    record = Correspondence(received_on=proposal["received_on"], **fields)
    incoming.register(token, record, user)
    # The next run imports the same package again: free its BelgeId.
    Correspondence.objects.filter(pk=record.pk).update(belge_id=None)


def timed(step, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def peak(step):
    tracemalloc.start()
    tracemalloc.reset_peak()
    step()
    highest = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return highest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--attachments", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=2)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kalem-bench-eyp-register-"))
    try:
        throwaway.configure(workdir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        record, user = setup(options.attachments, options.size_mb)
        out = workdir / "letter.eyp"
        first = timed(lambda: download(record, user, out), 1)[0]  # renders the PDF/A letter
        downloads = timed(lambda: download(record, user, out), options.runs)
        imports = timed(lambda: import_package(out, user), options.runs)
        download_peak = peak(lambda: download(record, user, out))
        import_peak = peak(lambda: import_package(out, user))
        mb = 1024 * 1024
        print(
            f"Package {out.stat().st_size / mb:.1f} MB ({options.attachments} attachments of "
            f"{options.size_mb} MB); first download with the letter rendered: {first:.2f} s"
        )
        for name, times, highest in (
            ("download", downloads, download_peak),
            ("import", imports, import_peak),
        ):
            print(
                f"{name:<9} median {statistics.median(times) * 1000:.0f} ms, "
                f"min {min(times) * 1000:.0f} ms, peak memory {highest / mb:.1f} MB "
                f"({options.runs} runs)"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
