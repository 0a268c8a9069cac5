"""Pages' addresses kept per process (issue 20, target 1).

Wagtail works out a page's address (`get_url_parts`) by reversing its serve view under
the page's language for every link: on the uncached home page, 7 % of the time went to
the cards' links alone. The address is a function of the page's `url_path`, the active
language and the sites' root paths (site, root path, root URL and language of each,
which Wagtail reads once per request), so it is kept under exactly those: a page moved
or renamed has another `url_path`, a changed site other root paths, and neither meets
an address kept for the old ones.
"""

from django.utils.translation import get_language
from wagtail.models import Site

from .kept import Kept

# Emptied when full: a site has some thousands of pages linked.
_kept = Kept("page_urls", 20_000)


def _inputs(page, request):
    """What a page's address is made from, or None for a page Wagtail must decide on: one
    not yet in the tree, or under the roots of several sites (the request's site picks)."""
    path = page.url_path
    if not isinstance(path, str):
        return None
    roots = tuple(page._get_site_root_paths(request))
    if len({root.site_id for root in roots if path.startswith(root.root_path)}) > 1:
        return None
    return path, get_language(), roots


def kept_url_parts(page, request, wagtail_url_parts):
    """What `wagtail_url_parts(request)` (Wagtail's `get_url_parts` for `page`) gives,
    kept per process."""
    inputs = _inputs(page, request)
    if inputs is None:
        return wagtail_url_parts(request)
    return _kept.get(("parts", *inputs), lambda: wagtail_url_parts(request))


def kept_url(page, request):
    """`page.get_url(request)` for any page object (the main menu's plain rows too), kept
    per process; relative on the request's own site, as Wagtail gives it."""
    inputs = _inputs(page, request)
    if inputs is None or request is None:
        return page.get_url(request)
    site = Site.find_for_request(request)
    return _kept.get(("url", *inputs, site and site.pk), lambda: page.get_url(request))
