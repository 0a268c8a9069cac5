"""RSS of upcoming events (Django's syndication framework), one item per occurrence."""

from django.contrib.syndication.views import Feed
from django.utils import formats
from django.utils.translation import gettext as _

from . import occurrences, rules

FEED_ITEMS = 30


class UpcomingEventsFeed(Feed):
    """Upcoming, not cancelled occurrences of one event calendar, soonest first."""

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(calendar)s: upcoming events") % {"calendar": self.index.title}

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return self.index.intro or self.title()

    def items(self):
        return occurrences.upcoming(self.index)[:FEED_ITEMS]

    def item_title(self, item):
        return item.source.title

    def item_description(self, item):
        when = formats.date_format(
            rules.local(item.start), "DATE_FORMAT" if item.all_day else "DATETIME_FORMAT"
        )
        parts = [when, item.source.venue, item.source.summary]
        return " · ".join(part for part in parts if part)

    def item_link(self, item):
        return item.source.get_url(self.request)

    def item_guid(self, item):
        return f"{item.source.get_full_url(self.request)}#{item.start:%Y%m%dT%H%M}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.source.first_published_at

    def item_categories(self, item):
        return [item.source.category.name] if item.source.category_id else []
