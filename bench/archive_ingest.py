"""Benchmark of photo ingest: Kalem's Photo (upload checks, then metadata, SHA-256 and
pHash as the background task does) against Wagtail's stock Image on the same camera-size
JPEGs, then the standard renditions of each.

    .venv/bin/python bench/archive_ingest.py [--count 100] [--size 6000x4000]
        [--render-count 20] [--profile]

Runs on a throwaway SQLite database with media and private media in a temporary folder,
migrated from scratch. Photos are drawn by archive.photos.testing.make_test_photo with EXIF, GPS,
IPTC and XMP. Renditions decode the whole original each time and dominate the run, so they
are timed on the first --render-count photos of each model. --profile prints where Kalem's
ingest spends its time (cProfile, top 15 by cumulative time).
"""

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import throwaway

PROJECT = Path(__file__).resolve().parent.parent


def configure(workdir):
    # Renditions are timed on their own below, not inside the upload.
    throwaway.configure(
        workdir,
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
    )


def make_files(folder, count, size):
    from archive.photos.testing import make_test_photo

    folder.mkdir()
    start = datetime(2026, 10, 29, 10, 0)
    paths = []
    for number in range(count):
        path = folder / f"foto-{number:04}.jpg"
        make_test_photo(
            path,
            size=size,
            seed=number,
            taken_at=start + timedelta(seconds=20 * number),
            gps=(38.4192, 27.1287),
            headline=f"Cumhuriyet Bayramı Töreni {number}",
            caption="Başkan çelenk sunumunda.",
            keywords=["tören", "cumhuriyet bayramı"],
            creator="Ayşe Yılmaz",
            city="İzmir",
        )
        paths.append(path)
    return paths


def ingest(model, paths):
    """Create each image from its file; a Kalem photo is also described (metadata, pHash),
    which the upload leaves to the background task."""
    from django.core.files.images import ImageFile
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    images = []
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fp:
            image = model(
                title=path.stem, collection=root, file=ImageFile(io.BytesIO(fp.read()), path.name)
            )
            image.save()
        if hasattr(image, "describe"):
            image.describe()
        images.append(image)
    return images, time.perf_counter() - started


def render(images, specs):
    """Time the making of each rendition file (Wagtail's stock Image has no rendition table
    of its own here, so files are generated, not stored, for both models)."""
    from wagtail.images.models import Filter

    started = time.perf_counter()
    for image in images:
        for spec in specs:
            image.generate_rendition_file(Filter(spec=spec))
    return len(images) * len(specs), time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="photos, e.g. 100 or 500")
    parser.add_argument("--size", default="6000x4000")
    parser.add_argument("--render-count", type=int, default=20, help="photos rendered")
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    size = tuple(int(part) for part in options.size.split("x"))

    workdir = Path(tempfile.mkdtemp(prefix="kalem-bench-archive-"))
    try:
        configure(workdir)
        from django.core.management import call_command
        from wagtail.images.models import Image

        from archive.models import Photo
        from archive.photos.rules import UPLOAD_RENDITIONS

        call_command("migrate", verbosity=0)
        print(f"Drawing {options.count} photos of {size[0]}×{size[1]}…", flush=True)
        paths = make_files(workdir / "files", options.count, size)
        megabytes = sum(path.stat().st_size for path in paths) / 1e6
        print(f"{megabytes:.0f} MB of JPEG")

        rows = []
        for label, model in [("Kalem Photo", Photo), ("Wagtail Image", Image)]:
            if options.profile and model is Photo:
                profiler = cProfile.Profile()
                images, seconds = profiler.runcall(ingest, model, paths)
            else:
                images, seconds = ingest(model, paths)
            print(f"{label}: ingested in {seconds:.1f} s", flush=True)
            count, render_seconds = render(images[: options.render_count], UPLOAD_RENDITIONS)
            rows.append((label, len(images) / seconds, count / render_seconds))
        if options.profile:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(15)
            stats.sort_stats("tottime").print_stats(10)
        filled = Photo.objects.exclude(taken_at=None).exclude(sha256="").count()
        print(f"Kalem photos with date and SHA-256 filled from the file: {filled}/{len(paths)}")
        print(f"{'':16}{'ingest photos/s':>18}{'renditions/s':>16}")
        for label, ingest_rate, render_rate in rows:
            print(f"{label:16}{ingest_rate:>18.1f}{render_rate:>16.1f}")
        print(f"Renditions per photo: {len(UPLOAD_RENDITIONS)} ({', '.join(UPLOAD_RENDITIONS)})")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
