"""RSS 2.0 and Atom feeds of a press section, and of one category within it."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from cms.images import SOCIAL_IMAGE_SPEC
from cms.models import MunicipalitySettings

from .models import Category

FEED_LENGTH = 30


class PressRssFeed(Feed):
    """The latest items of a press index page (optionally one category), as RSS 2.0."""

    def get_object(self, request, index, category=None):
        self.request = request
        self.index = index
        self.category = None
        if category is not None:
            self.category = Category.objects.filter(slug=category).first()
            if self.category is None:
                raise Http404(_("No such category."))
        self.settings = MunicipalitySettings.for_request(request)
        return index

    def title(self, index):
        if self.category is not None:
            return f"{self.settings.name}: {index.title} — {self.category.name}"
        return f"{self.settings.name}: {index.title}"

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or self.title(index)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        queryset = index.items()
        if self.category is not None:
            queryset = queryset.filter(categories=self.category)
        items = list(
            queryset.select_related("lead_image").prefetch_related("categories")[:FEED_LENGTH]
        )
        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec=SOCIAL_IMAGE_SPEC)
        )
        prefetch_related_objects(
            [item for item in items if item.lead_image_id],
            Prefetch("lead_image__renditions", queryset=renditions),
        )
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        # The editorial date decides the order; the time is when it first went live.
        published = item.first_published_at or timezone.now()
        return timezone.make_aware(
            dt.datetime.combine(item.date, timezone.localtime(published).time())
        )

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]

    def item_enclosures(self, item):
        rendition = item.social_image()
        if rendition is None:
            return []
        return [
            Enclosure(
                self.request.build_absolute_uri(rendition.url),
                str(rendition.file.size),
                "image/jpeg",
            )
        ]


class PressAtomFeed(PressRssFeed):
    """The same feed as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
