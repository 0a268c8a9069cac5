"""Serializer fields the page models name in their `api_fields`.

Each says exactly what a program may read: a photo gives its renditions at named sizes,
its caption and credit, and nothing of its file (no original URL, no GPS, no camera); a
photo no longer cleared for public use is given as null.
"""

from rest_framework.fields import Field

# The named sizes of every photo in the API, reusing the specs the site already renders
# (cards, album grid, large view, social card) so the API rarely makes a new file.
RENDITION_SIZES = {
    "card": "format-jpeg|fill-640x360",
    "medium": "format-jpeg|max-600x600",
    "large": "format-jpeg|max-1600x1600",
    "social": "fill-1200x630|format-jpeg",
}


def photo_data(photo, caption=None, credit=None):
    """A photo as the API shows it, or None when it may not be shown."""
    if photo is None or not photo.is_usable:
        return None
    renditions = photo.get_renditions(*RENDITION_SIZES.values())
    return {
        "id": photo.pk,
        "title": photo.title,
        "caption": photo.caption if caption is None else caption,
        "credit": credit or photo.credit,
        "width": photo.width,
        "height": photo.height,
        "renditions": {
            name: {
                "url": renditions[spec].url,
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITION_SIZES.items()
        },
    }


class PhotoField(Field):
    """A page's photo (lead image, album cover) with renditions, caption and credit.
    `credit_attr` names a page attribute that overrides the photo's own credit."""

    def __init__(self, credit_attr=None, **kwargs):
        self.credit_attr = credit_attr
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        photo = getattr(page, self.field_name)
        credit = getattr(page, self.credit_attr) if self.credit_attr else None
        return photo_data(photo, credit=credit)


class AlbumPhotosField(Field):
    """An album's photos in order, only those cleared for public use, each with the
    caption it has in the album and its credit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, album):
        return [
            photo_data(entry.photo, caption=entry.caption or entry.photo.caption)
            for entry in album.public_items(specs=tuple(RENDITION_SIZES.values()))
        ]


class NamedField(Field):
    """A related object (or several) as {"slug", "name"}: categories."""

    def __init__(self, many=False, **kwargs):
        self.many = many
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        if self.many:
            return sorted(
                ({"slug": item.slug, "name": item.name} for item in value.all()),
                key=lambda item: item["slug"],
            )
        return {"slug": value.slug, "name": value.name}


class TagsField(Field):
    """Tag names, sorted; read from prefetched tags (Wagtail's own asks the database
    once per page)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class OccurrencesField(Field):
    """An event's next occurrences (a repeating event's dates expanded from its rule)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, event):
        return [
            {"start": occurrence.start.isoformat(), "end": occurrence.end.isoformat()}
            for occurrence in event.next_occurrences()
        ]


class RenditionsField(Field):
    """The images endpoint's renditions at the named sizes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, photo):
        return photo_data(photo)["renditions"]
