from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def route_url(context, page, name, *args):
    """The URL of one of a routable page's routes (the calendar's months, feeds…).

    The same as Wagtail's `routablepageurl`, whose app is not installed here.
    """
    url = page.get_url(request=context.get("request")) or ""
    return url + page.reverse_subpage(name, args=[str(arg) for arg in args])


@register.simple_tag(takes_context=True)
def ics_url(context, page, category=None):
    """The .ics file of an event page, or of a calendar (one category of it, if given)."""
    request = context.get("request")
    if category is None:
        return page.ics_url(request)
    return page.ics_url(request, category)


@register.filter
def webcal(url, request):
    """The webcal:// address of an .ics file, which offers a subscription on phones."""
    if not url:
        return ""
    if "://" not in url:
        url = request.build_absolute_uri(url)
    return "webcal://" + url.split("://", 1)[1]
