"""Caching of public fragments that many pages repeat (listing blocks).

Every cached fragment's key carries a "content version" that goes up whenever a page is
published, unpublished, moved or deleted, so a change shows at once; the timeout only
bounds how long time-based changes (an announcement expiring) take to show.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from . import frontend_cache

CONTENT_VERSION_KEY = "kalem:content-version"
FRAGMENT_TIMEOUT = 300


# What the current request has read once for all its parts (cms.page_cache's
# PageCacheMiddleware opens the scope): the content version, one cache read per request
# instead of one per fragment, and the private sections (cms.listing.restricted_paths).
_request_kept = ContextVar("kalem_request_kept", default=None)


@contextmanager
def request_scope():
    token = _request_kept.set({})
    try:
        yield
    finally:
        _request_kept.reset(token)


def request_memo(name, load):
    """`load()`'s answer, read once in a request; outside one (tasks, the shell), read at
    each call."""
    kept = _request_kept.get()
    if kept is None:
        return load()
    if name not in kept:
        kept[name] = load()
    return kept[name]


def content_version():
    return request_memo("version", lambda: cache.get_or_set(CONTENT_VERSION_KEY, 1, timeout=None))


def bump_content_version(**_signal_kwargs):
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_KEY, 2, timeout=None)
    kept = _request_kept.get()
    if kept is not None:
        # A request that publishes (or makes a section private) reads anew what it
        # shows next.
        kept.clear()


def bump_for_instance(sender, instance, **kwargs):
    """A saved or deleted photo, document, snippet or setting may show on any page: the
    stored pages and fragments are forgotten, as Varnish purges them (cms.frontend_cache).
    Pages bump on publish, not on a draft save; renditions are made while pages show."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images.models import AbstractRendition
    from wagtail.models import Page

    if isinstance(instance, Page | AbstractRendition):
        return
    if kwargs.get("created") and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        # Made with its defaults on first use, while a page is being shown: the page
        # already shows those defaults, and forgetting every cached page for it would
        # waste the first copies of a new site (and of every test).
        return
    if frontend_cache.instance_key(instance):
        bump_content_version()


def fragment_key(kind, data):
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:24]
    return f"kalem:{kind}:{get_language()}:{content_version()}:{digest}"


def cached_fragment(kind, data, render):
    """`render()`'s result, cached under the content version and the active language.

    The frontend cache keys of what the fragment shows are kept with it, so a page that
    takes the fragment from the cache still names them (cms.frontend_cache)."""
    key = fragment_key(kind, data)
    cached = cache.get(key)
    if cached is None:
        with frontend_cache.collecting() as keys:
            html = render()
        cache.set(key, (html, sorted(keys)), FRAGMENT_TIMEOUT)
        return html
    html, keys = cached if isinstance(cached, tuple) else (cached, [])
    frontend_cache.add_keys(keys)
    return html


def purge_frontend_cache(*, urls=(), pages=()):
    """Forget content that may no longer be shown: every cached fragment here (a new
    content version) and, where a frontend cache (CDN, proxy) is configured in
    WAGTAILFRONTENDCACHE, the given URLs (relative ones on the default site) and pages."""
    bump_content_version()
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache, purge_urls_from_cache
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    if urls:
        purge_urls_from_cache([urljoin(base + "/", url) for url in urls])
    if pages:
        purge_pages_from_cache(pages)
