from django import template
from django.utils.http import urlencode
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_home(context):
    """The home page of the current site in the active language (cached per request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_kalem_home"):
        site = Site.find_for_request(request)
        request._kalem_home = site.root_page.localized if site else None
    return request._kalem_home


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly below the home page that are marked "show in menus"."""
    request = context.get("request")
    home = site_home(context)
    if home is None:
        return []
    if not hasattr(request, "_kalem_main_menu"):
        request._kalem_main_menu = list(home.get_children().live().in_menu().specific(defer=True))
    return request._kalem_main_menu


@register.simple_tag(takes_context=True)
def url_with_page(context, page_number):
    """The current URL with ?sayfa= changed, keeping every other filter."""
    query = context["request"].GET.copy()
    query["sayfa"] = page_number
    return "?" + urlencode(sorted(query.items()))
