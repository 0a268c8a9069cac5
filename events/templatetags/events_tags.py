from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def month_entry(occurrence):
    """One entry of the month grid (a busy month has hundreds): written here in one step,
    since the same markup in template tags cost a quarter of a millisecond each.

    The event's address is `month_url`, set by the calendar's month route.
    """
    event = occurrence.source
    time = ""
    if not occurrence.all_day and not occurrence.multi_day:
        start = template_localtime(occurrence.start)  # what the |time filter shows
        time = mark_safe(f'<span class="day__time">{start.hour:02}:{start.minute:02}</span> ')
    if event.is_cancelled:
        return format_html(
            '<li class="is-cancelled">{}<a href="{}">{}</a> '
            '<span class="badge badge--cancelled">{}</span></li>',
            time,
            event.month_url,
            event.title,
            gettext("Cancelled"),
        )
    return format_html('<li>{}<a href="{}">{}</a></li>', time, event.month_url, event.title)


# The whitespace the template's loop put around each entry, kept so the page's bytes
# (and so its ETag and the equality checks) stay what they were.
_DAY_INDENT = "\n" + " " * 24


@register.simple_tag
def month_entries(occurrences):
    """A day's entries of the month grid in one call: one template tag per entry was
    most of the grid's rendering time on a busy month."""
    return mark_safe(
        "".join(
            f"{_DAY_INDENT}{month_entry(occurrence)}{_DAY_INDENT}" for occurrence in occurrences
        )
    )


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
