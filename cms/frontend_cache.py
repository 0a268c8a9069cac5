"""The frontend cache (Varnish, deploy/varnish.vcl): which responses it may keep, and
purging exactly what a change touches.

Cache headers. Anonymous GETs of pages, feeds, .ics files and sitemaps are public: the
browser keeps them a minute, Varnish an hour (`s-maxage`), because every change purges
them at once. Anything else never goes into a shared cache: a request with a session
cookie, a response that sets a cookie or carries a CSRF token (forms), the admin,
previews, private files and non-GET requests.

The read API's JSON answers are public too (cms.api.caching sets their Cache-Control).

Cache keys. While a response is made, every page, photo, rendition, snippet and setting
loaded from the database adds its key (`page-12`, `photo-7`, `snippet-press.category-3`,
`setting-cms.municipalitysettings`); listings add the page type they list
(`type-press.pressreleasepage`). The keys go out in the `xkey` header, which Varnish's
xkey module indexes and the VCL removes before the response leaves.

A view that lists rows without loading each as an instance (the programme reads
appointments with .values()), or whose list a new row would join (a holiday, a category,
a document), names the model instead with `listed(Model)`: the key `list-<app.model>`,
which every save or delete of a row of that model purges. Without it such an answer
carries no key a change purges, and stayed stale for its whole `s-maxage` (an hour).

Purging. A publish, unpublish, move or delete of a page, and a saved or deleted photo,
document, snippet or setting, send `PURGE` with an `xkey-purge` header to every Varnish
in KALEM_FRONTEND_CACHE_URLS as soon as the transaction commits (`purge_now`, a second at
most; Wagtail's own URL purges run in the request too). A Varnish that does not answer
gets the same purge again from the task worker (`purge_keys`, django-tasks), later and
later (PURGE_RETRY_DELAYS), so a restart loses none. Through the worker alone, a publish
waited for the worker's next poll and for whatever task it was running: 1.4 s median,
7.7 s max on the loaded stack (bench/stack.py). Wagtail's own frontend_cache app
purges the page URLs on publish and unpublish as well (WAGTAILFRONTENDCACHE).

A published page is made anew first (`refresh`: a GET through Varnish that skips its
copy), then the keys are purged softly (deploy/varnish.vcl: the old copies are served a
second at most while new ones are made). A publish purges many pages at once: every page
carries its ancestors' keys (breadcrumbs) and shows the menu, so a page below the home
page purges the whole site. With a hard purge the published page was made again in that
rush of every purged page on the two cores, up to 1.1 s on the idle machine and 2.8 s at
load 25 (issue 16). A page made from a request that began before the commit can still be
stored after the purge: it is purged again PURGE_REPEAT_DELAY later (for a page, by the
page's own key, which every copy showing it carries).
"""

import functools
import logging
import urllib.error
import urllib.request
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone
from django_tasks import task
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger("kalem.frontend_cache")

XKEY_HEADER = "xkey"
ALL_KEY = "all"
# Every answer of the read API (/api/v2/) carries this key and every page change purges
# it: an API listing may gain a page from any section, and its answers are small.
API_KEY = "api"
PAGE_MAX_AGE = 60
SHARED_MAX_AGE = 3600
# Purge attempts after a failure: then 5 s, 30 s, 2 min, 10 min, 30 min later.
PURGE_RETRY_DELAYS = (5, 30, 120, 600, 1800)
PURGE_TIMEOUT = 5
# The first attempt runs in the request that made the change: a Varnish on the same
# network answers in a millisecond, and one that does not is left to the worker.
PURGE_NOW_TIMEOUT = 1
# Making the published page anew waits for one page to be made; a slower one is left to
# the purge (its first visitor waits for it instead).
REFRESH_TIMEOUT = 2
REFRESH_HEADER = "X-Kalem-Refresh"
# The purge is sent again this much later, for pages that requests begun before the
# commit (the old content) stored after the first purge.
PURGE_REPEAT_DELAY = 2
CACHEABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "text/calendar",
    "text/plain",
)
NEVER_CACHED_PREFIXES = ("/admin/", "/healthz", "/readyz", "/metrics", "/ara/")

_keys = ContextVar("kalem_frontend_cache_keys", default=None)


def add_keys(keys):
    current = _keys.get()
    if current is not None:
        current.update(keys)


@contextmanager
def collecting():
    """Collect the keys of what is loaded inside the block; they count for an enclosing
    block too (a cached fragment inside a page)."""
    outer = _keys.get()
    inner = set()
    token = _keys.set(inner)
    try:
        yield inner
    finally:
        _keys.reset(token)
        if outer is not None:
            outer.update(inner)


def list_key(model):
    return f"list-{model._meta.label_lower}"


def listed(*models):
    """The answer being made lists rows of these models: a saved, new or deleted row
    purges it."""
    add_keys([list_key(model) for model in models])


def instance_key(instance):
    """The cache key of a model instance a page can show, or None."""
    kind = _kind(type(instance))
    if kind is None:
        return None
    if kind == "setting":
        return f"setting-{instance._meta.label_lower}"  # also when made on first use
    if instance.pk is None:
        return None
    if kind == "rendition":
        return f"photo-{instance.image_id}"
    if kind == "snippet":
        return f"snippet-{instance._meta.label_lower}-{instance.pk}"
    return f"{kind}-{instance.pk}"


@functools.cache
def _kind(model):
    """What a model's rows are to the cache, decided once per model: it runs for every
    model instance a page builds (a twentieth of a press release's CPU time, asked of
    each instance)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.models import AbstractRendition
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    kinds = [
        (BaseSiteSetting | BaseGenericSetting, "setting"),
        (Page, "page"),
        (get_image_model(), "photo"),
        (AbstractRendition, "rendition"),
        (get_document_model(), "document"),
    ]
    found = next((kind for base, kind in kinds if issubclass(model, base)), None)
    if found is None and model in get_snippet_models():
        return "snippet"
    return found


def page_type_key(model):
    return f"type-{model._meta.label_lower}"


def instance_loaded(sender, instance, **kwargs):
    # Runs for every model instance created; free unless a response is being made.
    if _keys.get() is None:
        return
    key = instance_key(instance)
    if key:
        add_keys([key])


class FrontendCacheMiddleware:
    """Outermost middleware: collects the keys while the response is made, then decides
    whether a shared cache may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collecting() as keys:
            response = self.get_response(request)
        if is_cacheable(request, response):
            if not response.has_header("Cache-Control"):
                # A missing page may be created soon: its 404 is kept a minute only.
                shared = SHARED_MAX_AGE if response.status_code != 404 else PAGE_MAX_AGE
                response["Cache-Control"] = f"public, max-age={PAGE_MAX_AGE}, s-maxage={shared}"
            response[XKEY_HEADER] = " ".join(sorted(keys | {ALL_KEY}))
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response


def is_cacheable(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 301, 404):
        return False
    if request.path.startswith(NEVER_CACHED_PREFIXES) or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # a page with a form carries this visitor's CSRF token
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    if response.has_header("X-Accel-Redirect"):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if request.path.startswith("/api/"):
        return content_type == "application/json"
    return content_type in CACHEABLE_TYPES


# --- Purging ----------------------------------------------------------------------------


def purge_later(keys, refresh=(), repeat=None):
    """Purge `keys` from every Varnish once the current transaction commits, after making
    the pages at the full URLs `refresh` anew; `repeat` (all `keys` unless given) again
    PURGE_REPEAT_DELAY later."""
    keys = sorted(set(keys))
    if not keys or not settings.KALEM_FRONTEND_CACHE_URLS:
        return
    repeat = keys if repeat is None else sorted(set(repeat))
    transaction.on_commit(lambda: purge_now(keys, refresh, repeat))


def purge_now(keys, refresh=(), repeat=None):
    """One attempt at once; the Varnishes that did not answer get the retrying task, those
    that did the purge of `repeat` (all `keys` unless given) again a little later."""
    urls = settings.KALEM_FRONTEND_CACHE_URLS
    for url in urls:
        for page_url in refresh:
            _refresh(url, page_url)
    failed = _send_to_all(keys, urls, 1, PURGE_NOW_TIMEOUT)
    if failed:
        _retry_later(keys, 1, failed)
    answered = [url for url in urls if url not in failed]
    repeat = keys if repeat is None else repeat
    if answered and repeat and purge_keys.get_backend().supports_defer:
        run_after = timezone.now() + timedelta(seconds=PURGE_REPEAT_DELAY)
        purge_keys.using(run_after=run_after).enqueue(repeat, urls=answered)


def _refresh(varnish_url, page_url):
    """Have Varnish make `page_url` anew and keep the new copy (before the purge, which
    keeps it for the second it serves purged copies: the page's first visitors get it)."""
    page = urlsplit(page_url)
    request = urllib.request.Request(  # noqa: S310 - URLs from settings, http(s) only
        urljoin(varnish_url, page.path + (f"?{page.query}" if page.query else "")),
        headers={REFRESH_HEADER: "1", "Host": page.netloc, "X-Forwarded-Proto": page.scheme},
    )
    try:
        with urllib.request.urlopen(request, timeout=REFRESH_TIMEOUT) as response:  # noqa: S310
            response.read()
    except (OSError, urllib.error.URLError) as error:
        # A 404 or 500 is no harm here: the purge follows all the same.
        logger.info("Refresh of %s at %s failed: %s", page_url, varnish_url, error)


def send_purge(url, keys, timeout=PURGE_TIMEOUT):
    request = urllib.request.Request(  # noqa: S310 - URLs from settings, http(s) only
        url, method="PURGE", headers={"xkey-purge": " ".join(keys)}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status


def _send_to_all(keys, urls, attempt, timeout=PURGE_TIMEOUT):
    """The URLs that did not take the purge."""
    failed = []
    for url in urls:
        try:
            send_purge(url, keys, timeout)
        except (OSError, urllib.error.URLError) as error:
            logger.warning("Purge of %s at %s failed (attempt %s): %s", keys, url, attempt, error)
            failed.append(url)
    return failed


def _retry_later(keys, attempt, failed):
    if attempt > len(PURGE_RETRY_DELAYS):
        logger.error("Purge of %s at %s given up after %s attempts.", keys, failed, attempt)
        raise RuntimeError(f"Varnish did not accept the purge of {keys} at {failed}.")
    retry = purge_keys
    if retry.get_backend().supports_defer:
        delay = timedelta(seconds=PURGE_RETRY_DELAYS[attempt - 1])
        retry = retry.using(run_after=timezone.now() + delay)
    retry.enqueue(keys, attempt=attempt + 1, urls=failed)


# Ahead of every other task (the worker takes the highest priority first): a publish is
# visible to citizens when its purge has run, and must not wait behind search-index and
# reference-index updates, which Wagtail queues by the hundred on a busy day.
PURGE_PRIORITY = 50


@task(priority=PURGE_PRIORITY)
def purge_keys(keys, attempt=1, urls=None):
    """Send one xkey purge to every Varnish (or to `urls`, those that failed before)."""
    failed = _send_to_all(keys, urls or settings.KALEM_FRONTEND_CACHE_URLS, attempt)
    if failed:
        _retry_later(keys, attempt, failed)


def page_keys(page, parents=()):
    # The page wherever it is shown, its parent (an index listing its children) and every
    # listing of its type (a new item appears at the top).
    keys = [f"page-{page.pk}", page_type_key(type(page)), API_KEY]
    return keys + [f"page-{parent.pk}" for parent in parents if parent is not None]


def page_changed(sender, instance, **kwargs):
    parents = [kwargs.get("parent_page_before"), kwargs.get("parent_page_after")]
    if not any(parents):
        parents = [instance.get_parent()]
    refresh = []
    if kwargs.get("signal") is page_published:
        url = instance.get_full_url()
        refresh = [url] if url else []
    # Repeated: the page's own key only, on every copy that shows it. The parent's key is
    # on every page below it (breadcrumbs): for a page below the home page, the whole
    # site, which a second purge would make anew a second time.
    purge_later(page_keys(instance, parents), refresh, repeat=[f"page-{instance.pk}"])


def instance_saved(sender, instance, **kwargs):
    from wagtail.images.models import AbstractRendition
    from wagtail.models import Page

    # A draft saved changes nothing public (publishing purges), and a new rendition is
    # made while a page is shown: purging for it would empty the cache under load.
    if isinstance(instance, Page | AbstractRendition):
        return
    purge_later(instance_keys(instance))


def instance_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_later(page_keys(instance))
        return
    purge_later(instance_keys(instance))


def instance_keys(instance):
    # The row where it is shown, and the lists of its model (it may have joined one).
    key = instance_key(instance)
    if not key or key.startswith("setting-"):
        return [key] if key else []
    return [key, list_key(type(instance))]


def connect_signals():
    post_init.connect(instance_loaded, dispatch_uid="kalem-frontend-cache-keys")
    for name, signal in [
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ]:
        signal.connect(page_changed, dispatch_uid=f"kalem-frontend-cache-page-{name}")
    post_save.connect(instance_saved, dispatch_uid="kalem-frontend-cache-save")
    post_delete.connect(instance_deleted, dispatch_uid="kalem-frontend-cache-delete")
