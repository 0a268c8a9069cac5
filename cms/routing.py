"""Wagtail's page routing in three queries, whatever the page's depth (issue 20, target 1).

Wagtail finds the page of a request in 3 + 2 per tree level queries (the site, the
active locale, the home page's own row, then each level's child and its own row) and
reads the site root paths (every page's URL needs them) in 1 + 1 per site more when the
cache is cold or off. Here, before Wagtail's `serve` view runs: every site with its root
page (one query; the request's site is chosen among them by Wagtail's own rules, and the
root paths are made from them), the roots' translations and every page on the requested
path (one query), the page found as its own type (one). The result goes where Wagtail
keeps its own (`request._wagtail_site`, `_wagtail_route_for_request`,
`_wagtail_cached_site_root_paths`), so Wagtail's view, its hooks (view restrictions
among them) and `page.url` use it unchanged. Anything unusual (a page type with its own
`route()`, no site, i18n off) is left to Wagtail.

The same two queries also bring the tree's root (so the served page's ancestors are all
there, for the breadcrumbs: `request._kalem_ancestors`, read by `{% page_ancestors %}`)
and say, for each row, whether a view restriction or an alias sits on it or above it.
When neither does, the served page is marked (`_kalem_unrestricted`) and
`KalemPage.get_view_restrictions` answers "none" without Wagtail's two queries; otherwise
Wagtail reads and checks the restrictions itself, as it always did.
"""

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language, get_supported_language_variant
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site, SiteRootPath
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

# The page types whose route() this module knows how to follow.
_KNOWN_ROUTES = (Page.route, RoutablePageMixin.route)


def serve(request, path):
    """Wagtail's `serve` view, with the route found in three queries."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            found = route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
        else:
            if found is not NotImplemented:
                request._wagtail_route_for_request = found
    return wagtail_views.serve(request, path)


def _pick_site(sites, request):
    """The site Wagtail's get_site_for_hostname picks for this request, or None."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = str(request.get_port())

    def match(site):
        if site.hostname == hostname and str(site.port) == port:
            return MATCH_HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        if site.is_default_site:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site),
        key=match,
    )
    if not candidates:
        return None
    first = match(candidates[0])
    if len(candidates) == 1 or first in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if first == MATCH_DEFAULT:
        # The default, unless exactly one other site has this hostname.
        return candidates[len(candidates) == 2]
    return None


def _root_paths(sites, translations):
    """Site.get_site_root_paths(), from rows already read."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    return [
        SiteRootPath(site.id, page.url_path, site.root_url, page.locale.language_code)
        for site in ordered
        for page in translations.get(site.root_page.translation_key, [])
    ]


def _prefixes(root, components):
    return [
        root.url_path + "".join(f"{part}/" for part in components[:n])
        for n in range(1, len(components) + 1)
    ]


def _path_rows(condition):
    """Pages matching `condition`, and the tree's root, with `kalem_needs_privacy_check`:
    a view restriction on the page or an ancestor, or an alias among them (Wagtail checks
    an alias's source instead), in which case Wagtail's own check must run."""
    at_or_above = Substr(OuterRef("path"), 1, Length("page__path"))
    aliased_at_or_above = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length("path")), alias_of__isnull=False
    )
    return (
        Page.objects.filter(condition | Q(depth=1))
        .annotate(
            kalem_needs_privacy_check=ExpressionWrapper(
                Exists(PageViewRestriction.objects.filter(page__path=at_or_above))
                | Exists(aliased_at_or_above),
                output_field=BooleanField(),
            )
        )
        .select_related("locale")
        .order_by("path")
    )


def route(request, path):
    """Wagtail's Page.route_for_request(request, path): a RouteResult, or NotImplemented
    for what Wagtail must route itself; Http404 where Wagtail's routing raises it."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return NotImplemented
    sites = list(Site.objects.select_related("root_page"))
    site = _pick_site(sites, request)
    request._wagtail_site = site
    if site is None:
        return NotImplemented
    components = [component for component in path.split("/") if component]
    root = site.root_page
    keys = {each.root_page.translation_key for each in sites}
    rows = list(
        _path_rows(Q(translation_key__in=keys) | Q(url_path__in=_prefixes(root, components)))
    )
    translations = {}
    for row in rows:
        if row.translation_key in keys:
            translations.setdefault(row.translation_key, []).append(row)
    request._wagtail_cached_site_root_paths = _root_paths(sites, translations)

    # Page.localized: the root's live translation in the active language, else the root.
    try:
        language = get_supported_language_variant(get_language())
    except LookupError:
        language = None
    localized = next(
        (
            row
            for row in translations.get(root.translation_key, [])
            if row.locale.language_code == language and row.live
        ),
        None,
    )
    if localized is not None and localized.pk != root.pk:
        root = localized
        rows = list(_path_rows(Q(url_path__in=_prefixes(root, components))))
    by_url_path = {row.url_path: row for row in rows}
    ancestors = [row for row in rows if row.depth == 1]
    page = next(
        (row for row in translations[site.root_page.translation_key] if row.pk == root.pk), None
    )
    if page is None:
        return NotImplemented
    parent = None
    for depth in range(len(components) + 1):
        model = page.specific_class
        if model is None or model.route not in _KNOWN_ROUTES:
            return NotImplemented
        remaining = components[depth:]
        if issubclass(model, RoutablePageMixin) and page.live:
            try:
                model.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
            except Http404:
                pass
            else:
                return _route_at(page, parent, ancestors, request, remaining)
        if not remaining:
            return _route_at(page, parent, ancestors, request, remaining)
        ancestors.append(page)
        parent, page = page, by_url_path.get(page.url_path + remaining[0] + "/")
        if page is None:
            raise Http404
    return NotImplemented


def _route_at(page, parent, ancestors, request, remaining):
    """The page's own route() for what is left of the path; it goes no deeper."""
    specific = page.specific
    if parent is not None:
        specific._cached_parent_obj = parent
    if not page.kalem_needs_privacy_check:
        specific._kalem_unrestricted = True
    # Every level from the tree's root down, when the site's root hangs from it (as
    # Wagtail makes it); otherwise {% page_ancestors %} reads them itself.
    if [row.depth for row in ancestors] == list(range(1, page.depth)):
        request._kalem_ancestors = ancestors
        request._kalem_ancestors_of = specific.pk
    return specific.route(request, remaining)
