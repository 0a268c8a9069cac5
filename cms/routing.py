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

import functools

from django.conf import settings
from django.db import connections
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language, get_supported_language_variant
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page, PageViewRestriction, Site, SiteRootPath
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

from . import sql

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


# The routing's two queries are SQL written once per process (cms.sql): Django built and
# compiled them afresh on every request, a quarter of a press release's CPU time.


@functools.cache
def _sites_sql(using):
    q = sql.quoter(using)
    return (
        f"SELECT {sql.columns(Site, 's', using)}, {sql.columns(Page, 'p', using)}"  # noqa: S608 - names from the models
        f" FROM {q(Site._meta.db_table)} s INNER JOIN {q(Page._meta.db_table)} p"
        f" ON s.{q('root_page_id')} = p.{q('id')}"
    )


def _sites():
    """Every site, each with its root page: Site.objects.select_related("root_page")."""
    using = Page.objects.db
    sites = []
    for row in sql.rows(_sites_sql(using), [], using):
        site = sql.instance(Site, row[: sql.width(Site)], using)
        Site.root_page.field.set_cached_value(
            site, sql.instance(Page, row[sql.width(Site) :], using)
        )
        sites.append(site)
    return sites


@functools.lru_cache(maxsize=64)  # one per number of path segments seen
def _path_rows_sql(using, keys, url_paths):
    q = sql.quoter(using)

    page, restriction, locale = (
        q(model._meta.db_table) for model in (Page, PageViewRestriction, Locale)
    )
    conditions = [f"p.{q('depth')} = 1"]
    if keys:
        conditions.append(f"p.{q('translation_key')} IN ({sql.placeholders(keys)})")
    if url_paths:
        conditions.append(f"p.{q('url_path')} IN ({sql.placeholders(url_paths)})")
    # A row's own path and its ancestors' are the prefixes of its path, as Wagtail's tree
    # stores it: SUBSTR(path, 1, LENGTH(other.path)) = other.path.
    path = q("path")
    return (
        f"SELECT {sql.columns(Page, 'p', using)}, {sql.columns(Locale, 'l', using)},"  # noqa: S608
        f" (EXISTS (SELECT 1 FROM {restriction} r INNER JOIN {page} rp"
        f" ON r.{q('page_id')} = rp.{q('id')}"
        f" WHERE rp.{path} = SUBSTR(p.{path}, 1, LENGTH(rp.{path})))"
        f" OR EXISTS (SELECT 1 FROM {page} a WHERE a.{q('alias_of_id')} IS NOT NULL"
        f" AND a.{path} = SUBSTR(p.{path}, 1, LENGTH(a.{path}))))"
        f" FROM {page} p INNER JOIN {locale} l ON p.{q('locale_id')} = l.{q('id')}"
        f" WHERE {' OR '.join(conditions)} ORDER BY p.{path}"
    )


def _path_rows(keys=(), url_paths=()):
    """The pages with one of these translation keys or URL paths, and the tree's root, in
    path order, each with its locale and `kalem_needs_privacy_check`: a view restriction
    on the page or an ancestor, or an alias among them (Wagtail checks an alias's source
    instead), in which case Wagtail's own check must run."""
    using = Page.objects.db
    key_field = Page._meta.get_field("translation_key")
    params = [key_field.get_db_prep_value(key, connections[using]) for key in keys]
    found = []
    pages, locales = sql.width(Page), sql.width(Locale)
    for row in sql.rows(
        _path_rows_sql(using, len(keys), len(url_paths)), [*params, *url_paths], using
    ):
        page = sql.instance(Page, row[:pages], using)
        Page.locale.field.set_cached_value(
            page, sql.instance(Locale, row[pages : pages + locales], using)
        )
        page.kalem_needs_privacy_check = bool(row[-1])  # SQLite answers 0 or 1
        found.append(page)
    return found


def share_sites(request):
    """For a view outside the page tree (the site search): the request's site and the
    site root paths every `page.url` needs, read as the routing reads them (two queries),
    left where Wagtail keeps them. Wagtail's own reads (the site with its matching rules,
    then the root paths: every site, then each site's translations) cost three queries and
    a fifth of the uncached search page's CPU in building them."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    if hasattr(request, "_wagtail_site") or hasattr(request, "_wagtail_cached_site_root_paths"):
        return
    sites = _sites()
    request._wagtail_site = _pick_site(sites, request)
    keys = {site.root_page.translation_key for site in sites}
    translations = {}
    for row in _path_rows(keys):
        if row.translation_key in keys:
            translations.setdefault(row.translation_key, []).append(row)
    request._wagtail_cached_site_root_paths = _root_paths(sites, translations)


def route(request, path):
    """Wagtail's Page.route_for_request(request, path): a RouteResult, or NotImplemented
    for what Wagtail must route itself; Http404 where Wagtail's routing raises it."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return NotImplemented
    sites = _sites()
    site = _pick_site(sites, request)
    request._wagtail_site = site
    if site is None:
        return NotImplemented
    components = [component for component in path.split("/") if component]
    root = site.root_page
    keys = {each.root_page.translation_key for each in sites}
    rows = _path_rows(keys, _prefixes(root, components))
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
        rows = _path_rows(url_paths=_prefixes(root, components))
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
    specific = sql.specific(page)
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
