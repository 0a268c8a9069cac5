"""Whole pages for anonymous visitors, kept in the Django cache (Redis in production)
where no frontend cache (Varnish, WAGTAILFRONTENDCACHE) keeps them already.

A page answered from here costs two cache reads (the content version, then the page)
and no routing, query or template, which is what issue 20 asks of cached pages. The
key carries the content version (cms.cache), so a publish shows at once; the timeout
(KALEM_PAGE_CACHE_SECONDS, 0 = off) bounds time-based changes (an announcement
expiring) and rows that change without a content version (cms.cache).

Only what Varnish could keep is kept (cms.frontend_cache.is_cacheable): GET and HEAD
without a session or messages cookie, 200/301/404 answers without Set-Cookie, no CSRF
token (forms), no admin, preview or private page, and not the read API, whose answers
count against each address's limit. The middleware sits outside the CSP
middleware, so a stored page keeps the CSP header written with the nonce its body
carries, and on a hit the CSP middleware does not run to write a new one over it.
Everyone served one stored page shares its nonce until the page leaves the cache, as
with Varnish; the nonce still keeps out scripts injected into the page by others.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from . import cache as content_cache
from . import frontend_cache

KEY_PREFIX = "kalem:page"
API_PREFIX = "/api/"
# Cookies that make an answer this visitor's own (Django's messages cookie storage).
PERSONAL_COOKIES = ("messages",)


def exempt(response):
    """Keep `response` out of the page cache (the benchmark's floor view)."""
    response.kalem_page_cache = False
    return response


def enabled():
    return settings.KALEM_PAGE_CACHE_SECONDS > 0 and not getattr(
        settings, "WAGTAILFRONTENDCACHE", None
    )


def may_serve(request):
    """Whether this request may be answered with a stored page (before any view runs)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_dummy", False):
        return False  # Wagtail's preview (make_preview_request) shows a draft at the page's URL
    if request.path.startswith(frontend_cache.NEVER_CACHED_PREFIXES):
        return False
    if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return False  # files: WhiteNoise and the web server keep them
    if request.path.startswith(API_PREFIX):
        return False  # its answers count against the per-address limit (cms.api)
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PERSONAL_COOKIES):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def page_key(request, version):
    # An unprefixed page is Turkish whatever the browser asks, but a URL outside
    # i18n_patterns (sitemap, API) follows Accept-Language and the language cookie:
    # keying on the request's language as well keeps both right.
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
    return ":".join(
        [
            KEY_PREFIX,
            str(version),
            language,
            request.scheme,
            request.get_host(),
            request.get_full_path(),
        ]
    )


def may_store(request, response):
    if request.method != "GET" or response.streaming:
        return False
    if getattr(response, "kalem_page_cache", True) is False:
        return False
    return frontend_cache.is_cacheable(request, response)


def stored(response):
    return (response.status_code, response.content, list(response.items()))


def rebuilt(request, entry):
    status, content, headers = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Reads the content version once per request (cms.cache keeps it for the fragments)
    and answers anonymous visitors from the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with content_cache.request_scope():
            if not (enabled() and may_serve(request)):
                return self.get_response(request)
            key = page_key(request, content_cache.content_version())
            entry = cache.get(key)
            if entry is not None:
                return rebuilt(request, entry)
            response = self.get_response(request)
            if may_store(request, response):
                cache.set(key, stored(response), settings.KALEM_PAGE_CACHE_SECONDS)
            return response
