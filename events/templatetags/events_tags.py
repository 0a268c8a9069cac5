from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def route_url(context, page, name, *args):
    """The URL of one of a routable page's routes (the calendar's months, feeds…).

    The same as Wagtail's `routablepageurl`, whose app is not installed here.
    """
    url = page.get_url(request=context.get("request")) or ""
    return url + page.reverse_subpage(name, args=[str(arg) for arg in args])
