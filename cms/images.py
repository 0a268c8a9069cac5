"""What the public site shows of a photo: the one usability check every public rendering
goes through, and the renditions cards and social previews use.

Kept free of model imports: the image model is the archive's, and cms does not import it.
"""

# Cards (listing blocks, album covers, featured items); prefetched with the pages so a
# listing costs a fixed number of queries whatever its length.
CARD_RENDITIONS = ("format-webp|fill-640x360", "format-jpeg|fill-640x360")

# The municipality's logo in the header of every page (templates/includes/header.html),
# read with the municipality settings (cms.models.MunicipalitySettings.base_queryset).
LOGO_RENDITION = "height-56"

# Open Graph / Twitter cards and feed enclosures: the size the networks ask for.
SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg"

# The home page's hero (templates/cms/home_page.html).
HERO_RENDITIONS = ("format-webp|fill-1600x600", "format-jpeg|fill-1600x600")

# A press item's lead photo: its social card and the sizes of the article's <picture>
# (templates/press/press_item_page.html), loaded with the photo in one query.
LEAD_IMAGE_RENDITIONS = (
    SOCIAL_IMAGE_SPEC,
    *(f"format-{f}|width-{w}" for f in ("webp", "jpeg") for w in (640, 1024, 1280)),
)


def public_image(image):
    """The image if the public may still be shown it, else None.

    A photo withdrawn ("do not use") or whose consent expired after a page was published
    disappears from every public rendering (pages, cards, feeds, social previews,
    e-mails); the Müdür's dashboard lists the pages that still refer to it. The rule
    itself is the image model's `is_usable` (archive.photos.rules.is_usable).
    """
    if image is None or not getattr(image, "is_usable", True):
        return None
    return image
