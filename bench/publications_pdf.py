"""Benchmark of reading a publication PDF: the upload check (header, pypdf, encryption,
text on the first pages), the whole text extraction per page (pypdf, what the background
task does) and the cover (pdftoppm, first page only), on a magazine-like PDF drawn by
WeasyPrint: A4, two columns of Turkish text, a heading per page.

    .venv/bin/python bench/publications_pdf.py [--pages 48] [--repeat 3]

Needs no database. Prints the PDF's size, the median time of each step, the extraction
time per page and the peak Python memory of the extraction (tracemalloc).
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

PARAGRAPH = (
    "Belediyemiz sahil yolunda yağmursuyu kanalını yeniledi; çalışmalar kış gelmeden "
    "bütün mahallelerde sürüyor. Kent Konseyi'nin düzenlediği kitap fuarı on iki gün "
    "sürdü, kırk bin ziyaretçi ağırladı. Şehir merkezindeki otoparkların ücretleri "
    "yeniden düzenlendi ve engelli vatandaşlarımız için ücretsiz alanlar çoğaltıldı. "
)


def magazine(pages):
    from weasyprint import HTML

    body = "".join(
        f"<section style='page-break-after: always'><h1>Sayfa {n}: Kentten haberler</h1>"
        + "<div style='columns: 2'>"
        + ("<p>" + PARAGRAPH * 3 + "</p>") * 4
        + "</div></section>"
        for n in range(1, pages + 1)
    )
    html = (
        "<html><head><style>@page { size: A4; margin: 15mm } body { font-family: "
        "'DejaVu Sans'; font-size: 9pt }</style></head><body>" + body + "</body></html>"
    )
    return HTML(string=html).write_pdf()


def timed(function, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django
    from django.conf import settings

    settings.configure(USE_I18N=False)
    django.setup()
    from press.publications import pdf

    data = magazine(args.pages)
    check, pages = timed(lambda: pdf.check(data, len(data)), args.repeat)
    extract, (text, counted) = timed(lambda: pdf.extract_text(data), args.repeat)
    tracemalloc.start()
    pdf.extract_text(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    cover, png = timed(lambda: pdf.render_cover(data), args.repeat)

    print(f"PDF: {counted} pages, {len(data) / 1024:.0f} KiB, {len(text):,} characters of text")
    print(f"upload check (first {pdf.TEXT_CHECK_PAGES} pages): {check * 1000:.0f} ms")
    print(
        f"text extraction: {extract * 1000:.0f} ms in all, "
        f"{extract / counted * 1000:.1f} ms per page, peak {peak / 1024 / 1024:.1f} MiB"
    )
    print(
        f"cover (pdftoppm, {pdf.COVER_WIDTH} px): {cover * 1000:.0f} ms, {len(png) / 1024:.0f} KiB"
    )
    assert pages == counted


if __name__ == "__main__":
    main()
