from django import template
from django.core.cache import cache
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.models import Page, Site

from .. import images
from ..cache import FRAGMENT_TIMEOUT, fragment_key
from ..cache import content_version as cache_content_version
from ..listing import public_menu
from ..page_urls import kept_url

register = template.Library()


@register.simple_tag(takes_context=True)
def site_home(context):
    """The home page of the current site in the active language (cached per request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_kalem_home"):
        site = Site.find_for_request(request)
        page = context.get("page")
        if site is None:
            request._kalem_home = None
        elif page is not None and page.depth == 2:
            request._kalem_home = page  # the page being served is a home page already
        elif page is not None and page.depth > 2:
            request._kalem_home = page_ancestors(context)[1]
        else:
            request._kalem_home = (
                Page.objects.filter(locale__language_code=get_language())
                .filter(
                    translation_key=Page.objects.filter(pk=site.root_page_id).values(
                        "translation_key"
                    )[:1]
                )
                .first()
            ) or site.root_page
    return request._kalem_home


@register.simple_tag(takes_context=True)
def page_ancestors(context):
    """The served page's ancestors, root first (cached per request: the breadcrumbs and
    the home link both need them)."""
    request, page = context.get("request"), context.get("page")
    if page is None or request is None:
        return []
    if getattr(request, "_kalem_ancestors_of", None) != page.pk:
        request._kalem_ancestors = list(page.get_ancestors())
        request._kalem_ancestors_of = page.pk
    return request._kalem_ancestors


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly below the home page marked "show in menus", as (title, url,
    url_path), cached until the next publish (cms.cache) since every page shows it, and
    `current` for the served page ("page", "true" or "").
    Pages with a view restriction (login, password, groups) are left out: the menu is the
    same for every visitor, so it names only pages every visitor may open."""
    request = context.get("request")
    home = site_home(context)
    if home is None:
        return []

    def load():
        # One query (Wagtail's public() would read every view restriction of the site
        # first), of the three columns an item shows (cms.listing.public_menu).
        items = public_menu(home)
        return [
            {"title": item.title, "url": kept_url(item, request), "url_path": item.url_path}
            for item in items
        ]

    items = cache.get_or_set(fragment_key("menu", [home.pk]), load, FRAGMENT_TIMEOUT)
    # Which item leads to the served page: `aria-current="page"` on its own item, "true"
    # on the section it is in (worked out here once, not by the template per item).
    path = getattr(context.get("page"), "url_path", None)
    if not isinstance(path, str):
        return [{**item, "current": ""} for item in items]
    return [{**item, "current": current_in_menu(item["url_path"], path)} for item in items]


def current_in_menu(item_path, page_path):
    if item_path == page_path:
        return "page"
    return "true" if page_path.startswith(item_path) else ""


@register.simple_tag
def content_version():
    """Part of the key of `{% cache %}` fragments that must change when pages change."""
    return cache_content_version()


@register.simple_tag(takes_context=True)
def url_with_page(context, page_number):
    """The current URL with ?sayfa= changed, keeping every other filter."""
    query = context["request"].GET.copy()
    query["sayfa"] = page_number
    return "?" + urlencode(sorted(query.items()))


@register.filter
def public_image(image):
    """The photo, or None when it may no longer be shown (cms.images.public_image):
    `{% with image=page.lead_image|public_image %}{% if image %}…`."""
    return images.public_image(image)


@register.filter
def items_count(paginator):
    """A list's count below its pages: "3 basın kuruluşu". Wagtail's own label puts the
    plural after any count but 1 ("3 basın kuruluşları"), as English does; Turkish keeps
    the noun singular after a number. A plain Django paginator (modeladmin's log history)
    has no such label, and shows none, as before."""
    if not hasattr(paginator, "items_count_label"):
        return ""
    if get_language() == "tr":
        return f"{paginator.count} {paginator.verbose_name}"
    return paginator.items_count_label
