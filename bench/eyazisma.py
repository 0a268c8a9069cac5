"""Benchmark of e-Yazışma packages: writing and reading a package holding a 10-page letter
(a real PDF made with WeasyPrint) and 5 attachments of 2 MB each, streamed from and to
disk, with the time per package and the peak Python memory (tracemalloc) of each step.

    .venv/bin/python bench/eyazisma.py [--runs 5] [--attachments 5] [--size-mb 2] [--pages 10]

Attachments are random bytes: scans and PDFs are compressed already, so deflate cannot
shrink them, which is the slow and realistic case. Times are taken without tracemalloc
(it slows allocation-heavy code); the peaks come from one extra traced run of each step.
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


def make_inputs(folder, attachments, size_mb, pages):
    from archive.eyazisma.testing import letter_pdf, sample_letter

    letter = sample_letter(attachments=attachments)
    pdf = folder / "letter.pdf"
    pdf.write_bytes(letter_pdf(letter, pages=pages))
    files = {}
    rng = random.Random(14)
    for number, ek in enumerate(letter.ekler[:attachments], start=1):
        path = folder / f"ek{number}.pdf"
        path.write_bytes(b"%PDF-1.7\n" + rng.randbytes(size_mb * 1024 * 1024))
        files[ek.id] = path
    return letter, pdf, files


def write(letter, pdf, files, out):
    from archive.eyazisma import write_package

    return write_package(letter, pdf, files, out)


def read(path):
    from archive.eyazisma import read_package

    with read_package(path) as package:
        return package.letter.sayi, len(package.attachments)


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
    _current, highest = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return highest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--attachments", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=2)
    parser.add_argument("--pages", type=int, default=10)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kalem-bench-eyazisma-"))
    try:
        throwaway.configure(workdir)
        started = time.perf_counter()
        letter, pdf, files = make_inputs(
            workdir, options.attachments, options.size_mb, options.pages
        )
        made = time.perf_counter() - started
        out = workdir / "package.eyp"
        payload = pdf.stat().st_size + sum(path.stat().st_size for path in files.values())

        write_times = timed(lambda: write(letter, pdf, files, out), options.runs)
        read_times = timed(lambda: read(out), options.runs)
        write_peak = peak(lambda: write(letter, pdf, files, out))
        read_peak = peak(lambda: read(out))
        assert read(out) == (letter.sayi, options.attachments)

        mb = 1024 * 1024
        print(
            f"Letter PDF: {options.pages} pages, {pdf.stat().st_size / 1024:.0f} kB "
            f"(WeasyPrint, {made:.1f} s); {options.attachments} attachments of {options.size_mb} MB"
        )
        print(f"Payload {payload / mb:.1f} MB, package {out.stat().st_size / mb:.1f} MB")
        print(
            f"{'step':<6} {'median':>8} {'min':>8} {'max':>8} {'peak memory':>12}"
            f"   ({options.runs} runs)"
        )
        for name, times, highest in (
            ("write", write_times, write_peak),
            ("read", read_times, read_peak),
        ):
            print(
                f"{name:<6} {statistics.median(times) * 1000:>6.0f}ms {min(times) * 1000:>6.0f}ms "
                f"{max(times) * 1000:>6.0f}ms {highest / mb:>9.2f} MB"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
