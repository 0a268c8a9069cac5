"""Benchmark of photo renditions: Kalem's shrink-on-load filter against stock Wagtail's
path (Wagtail's Filter.run, with the same metadata stripping Kalem has always done), on
a camera-size JPEG with detail at every scale.

    .venv/bin/python bench/renditions.py [--size 6000x4000] [--runs 3] [--no-memory]

Prints, for each standard size of the archive (archive.photos.rules.UPLOAD_RENDITIONS):

* the time of one rendition made alone (as `{% image %}` makes a missing one), stock and
  Kalem measured alternately in the same run, and their ratio;
* the PSNR of Kalem's output against stock's, pixel by pixel;
* the peak memory of one rendition in a fresh process (growth of the peak resident set,
  VmHWM, over the resident set just before; Pillow's buffers are outside tracemalloc's
  view, so the process's own count is read, on Linux);

then the time of the whole upload batch (the six sizes from one `get_renditions()` call,
as Wagtail's create_renditions makes them: three threads, one read of the file; Kalem
adds one shared decode).

Timings are ratios within one run: the machine is shared, so absolute figures from
different runs are not comparable.
"""

import argparse
import concurrent.futures
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import throwaway

PROJECT = Path(__file__).resolve().parent.parent


def camera_jpeg(size, seed=1):
    """A detailed picture written like a camera's JPEG (quality 92, EXIF with GPS)."""
    from PIL import ExifTags, Image

    from archive.photos.testing import draw_detailed_picture

    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.Base.Make] = "Canon"
    buffer = io.BytesIO()
    draw_detailed_picture(size, seed).save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def unsaved_photo(data):
    """A Photo for the filters to read (size, focal point, file name); nothing is stored."""
    from django.core.files.base import ContentFile
    from PIL import Image

    from archive.models import Photo

    width, height = Image.open(io.BytesIO(data)).size
    return Photo(
        title="bench",
        collection_id=1,
        file=ContentFile(data, name="bench.jpg"),
        width=width,
        height=height,
    )


def run_filter(kind, photo, data, spec, shared=None):
    """One rendition file's bytes, made the stock way or Kalem's."""
    from django.core.files import File

    from archive.photos.renditions import PublicFilter, ShrinkOnLoadFilter

    if kind == "stock":
        image_filter = PublicFilter(spec=spec)
    else:
        image_filter = ShrinkOnLoadFilter(spec=spec, shared=shared)
    output = io.BytesIO()
    image_filter.run(photo, output, source=File(io.BytesIO(data), name="bench.jpg"))
    return output.getvalue()


def run_batch(kind, photo, data, specs):
    """The upload's standard sizes as Wagtail's create_renditions makes them."""
    from archive.photos.renditions import SharedDecode

    shared = None
    if kind == "kalem":
        from wagtail.images.models import Filter

        shared = SharedDecode([Filter(spec=spec) for spec in specs])
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
        futures = [executor.submit(run_filter, kind, photo, data, s, shared) for s in specs]
        return [future.result() for future in futures]


def psnr(a, b):
    import numpy as np
    from PIL import Image

    first = np.asarray(Image.open(io.BytesIO(a)).convert("RGB"), dtype=np.float64)
    second = np.asarray(Image.open(io.BytesIO(b)).convert("RGB"), dtype=np.float64)
    if first.shape != second.shape:
        return float("nan")
    mse = float(((first - second) ** 2).mean())
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def memory_child(path, kind, spec):
    """In a fresh process: the growth of the peak resident set over one rendition."""
    data = Path(path).read_bytes()
    photo = unsaved_photo(data)
    # Reset the peak to the present resident set (Linux: "5" to clear_refs), so the peak
    # read afterwards is this rendition's. (ru_maxrss would carry the parent's peak over
    # the fork.)
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    run_filter(kind, photo, data, spec)
    print(json.dumps({"kb": _status_kb("VmHWM") - before}))


def _status_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def peak_memory(path, kind, spec, workdir):
    output = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(path), kind, spec, str(workdir)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["kb"] / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="6000x4000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--memory-child", nargs=4, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.memory_child:
        path, kind, spec, workdir = options.memory_child
        throwaway.configure(Path(workdir))
        memory_child(path, kind, spec)
        return

    workdir = Path(tempfile.mkdtemp(prefix="kalem-bench-renditions-"))
    throwaway.configure(workdir)
    from archive.photos.rules import UPLOAD_RENDITIONS

    size = tuple(int(part) for part in options.size.split("x"))
    data = camera_jpeg(size)
    source = workdir / "camera.jpg"
    source.write_bytes(data)
    photo = unsaved_photo(data)
    megapixels = size[0] * size[1] / 1e6
    print(f"Original: {size[0]}×{size[1]} ({megapixels:.0f} MP), {len(data) / 1e6:.1f} MB JPEG")
    print(f"Runs: {options.runs}, stock and Kalem alternating; times are medians\n")

    header = f"{'size':28}{'stock s':>9}{'Kalem s':>9}{'speed-up':>10}{'PSNR dB':>9}"
    if not options.no_memory:
        header += f"{'stock MB':>10}{'Kalem MB':>10}{'memory':>8}"
    print(header)
    for spec in UPLOAD_RENDITIONS:
        times = {"stock": [], "kalem": []}
        outputs = {}
        for _ in range(options.runs):
            for kind in ("stock", "kalem"):
                seconds, outputs[kind] = timed(run_filter, kind, photo, data, spec)
                times[kind].append(seconds)
        stock, kalem = (statistics.median(times[k]) for k in ("stock", "kalem"))
        line = (
            f"{spec:28}{stock:>9.3f}{kalem:>9.3f}{stock / kalem:>9.1f}×"
            f"{psnr(outputs['stock'], outputs['kalem']):>9.1f}"
        )
        if not options.no_memory:
            stock_mb = peak_memory(source, "stock", spec, workdir)
            kalem_mb = peak_memory(source, "kalem", spec, workdir)
            line += f"{stock_mb:>10.0f}{kalem_mb:>10.0f}{kalem_mb / stock_mb:>8.2f}"
        print(line, flush=True)

    times = {"stock": [], "kalem": []}
    for _ in range(options.runs):
        for kind in ("stock", "kalem"):
            seconds, _outputs = timed(run_batch, kind, photo, data, UPLOAD_RENDITIONS)
            times[kind].append(seconds)
    stock, kalem = (statistics.median(times[k]) for k in ("stock", "kalem"))
    print(
        f"\nUpload batch ({len(UPLOAD_RENDITIONS)} sizes, one get_renditions call): "
        f"stock {stock:.2f} s, Kalem {kalem:.2f} s, {stock / kalem:.1f}× faster "
        f"({len(UPLOAD_RENDITIONS) / stock:.1f} vs {len(UPLOAD_RENDITIONS) / kalem:.1f} "
        "renditions/s)"
    )


if __name__ == "__main__":
    main()
