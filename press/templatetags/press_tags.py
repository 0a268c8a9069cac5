"""Template tags of the press pages."""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def share_links(url, title):
    """Plain links to share a page on X, Facebook, WhatsApp or by e-mail; no JavaScript."""
    return [
        ("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        (
            "email",
            _("E-mail"),
            f"mailto:?subject={quote(title)}&body={quote(url)}",
        ),
    ]
