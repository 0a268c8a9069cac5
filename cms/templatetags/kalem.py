from django import template
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.models import Page, Site

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
def main_menu(context):
    """Live pages directly below the home page that are marked "show in menus"."""
    request = context.get("request")
    home = site_home(context)
    if home is None:
        return []
    if not hasattr(request, "_kalem_main_menu"):
        request._kalem_main_menu = list(home.get_children().live().in_menu())
    return request._kalem_main_menu


@register.simple_tag(takes_context=True)
def url_with_page(context, page_number):
    """The current URL with ?sayfa= changed, keeping every other filter."""
    query = context["request"].GET.copy()
    query["sayfa"] = page_number
    return "?" + urlencode(sorted(query.items()))
