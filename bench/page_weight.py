"""Page weight and speed of each public page type, measured in Debian's chromium:
requests, bytes transferred and Largest Contentful Paint with the CPU slowed 4× (as a
mid-range phone), at 375 × 812. Prints a table.

    .venv/bin/python bench/page_weight.py                       # the demo site on :8000
    .venv/bin/python bench/page_weight.py --base http://127.0.0.1:8071

Run it against `make demo` (demo content, DEBUG on: static files uncompressed) or a
production-like server. The test suite budgets requests and bytes (tests/e2e); time
depends on the machine and is only reported here.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, WEIGHT_SCRIPT  # noqa: E402

# One page of each public type in the demo content (make demo / load_demo).
PAGES = {
    "home": "/",
    "standard page": "/kurumsal/baskan/",
    "press release list": "/basin-aciklamalari/",
    "press release": "/basin-aciklamalari/sahil-yolu-yenileme-calismalari-basladi/",
    "news list": "/haberler/",
    "news item": "/haberler/mahalle-yollarinda-asfalt-sezonu/",
    "announcement list": "/duyurular/",
    "announcement": "/duyurular/su-kesintisi-duyurusu/",
    "search with results": "/ara/?q=sahil",
    "search without results": "/ara/?q=bulunmayan",
    "not found": "/olmayan-sayfa/",
    "events list": "/etkinlikler/",
    "events month": "/etkinlikler/bu-ay/",
    "programme": "/etkinlikler/baskanin-programi/",
    "event": "/etkinlikler/kent-kutuphanesi-acilisi/",
    "photo archive": "/foto-arsivi/",
    "photo archive search": "/foto-arsivi/?q=t%C3%B6ren",
    "album": "/foto-arsivi/cumhuriyet-bayrami-toreni-2026/",
}

LCP_SCRIPT = """() => new Promise(resolve => {
    new PerformanceObserver(list => {
        const entries = list.getEntries();
        resolve(entries[entries.length - 1].startTime);
    }).observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => resolve(null), 3000);
})"""


def measure(browser, url):
    context = browser.new_context(viewport=PHONE, locale="tr-TR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    response = page.goto(url, wait_until="load")
    weight = page.evaluate(WEIGHT_SCRIPT)
    lcp = page.evaluate(LCP_SCRIPT)
    context.close()
    return response.status, weight, lcp


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'page type':<24} {'status':>6} {'requests':>8} {'KB':>8} {'LCP ms (4x CPU)':>16}")
        for name, path in PAGES.items():
            status, weight, lcp = measure(browser, args.base + path)
            lcp_text = f"{lcp:.0f}" if lcp is not None else "-"
            print(
                f"{name:<24} {status:>6} {weight['requests']:>8} "
                f"{weight['bytes'] / 1024:>8.1f} {lcp_text:>16}"
            )
        browser.close()


if __name__ == "__main__":
    main()
