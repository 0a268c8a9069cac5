"""Wagtail's image tags for the public templates, with `{% picture %}` made once per
process for each set of rendition addresses (issue 20, target 1).

`{% load kalem_images %}` in place of `{% load wagtailimages_tags %}`: every tag and
filter is Wagtail's own, and `{% picture %}` finds its photo and renditions as Wagtail's
does. Its HTML (a `<source>` per format, the `srcset` of each width, the attributes) is
a function of the renditions' addresses and sizes and of the attributes alone, so it is
kept under exactly those: a card's picture was a tenth of the uncached home page, built
anew for every card of every request. A private rendition's signed address changes as it
is signed again, and with it the key: nothing kept outlives an address.
"""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

register = template.Library()
register.tags.update(wagtail_tags.register.tags)
register.filters.update(wagtail_tags.register.filters)

# Pictures kept per process; emptied when full (a site has some thousands of photos on
# its cards and albums, each with its attributes).
KEPT_MAX = 20_000
_kept = {}


class KeptPictureNode(wagtail_tags.PictureNode):
    def render(self, context):
        if self.output_var_name:
            return super().render(context)
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = get_renditions_or_not_found(image, self.get_filters())
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        key = (
            tuple((spec, r.url, r.width, r.height) for spec, r in renditions.items()),
            tuple((name, str(value)) for name, value in attrs.items()),
        )
        html = _kept.get(key)
        if html is None:
            if len(_kept) >= KEPT_MAX:
                _kept.clear()
            html = _kept[key] = Picture(renditions, attrs).__html__()
        return html


@register.tag(name="picture")
def picture(parser, token):
    # Wagtail's parser (shared by its three image tags) makes the node; only its class
    # changes, so the arguments mean what they mean to Wagtail.
    node = wagtail_tags.image(parser, token)
    node.__class__ = KeptPictureNode
    return node
