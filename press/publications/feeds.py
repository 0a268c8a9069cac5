"""The RSS 2.0 feed of a publication series: its latest issues, each with its PDF as the
enclosure (a podcast-style download link readers' feed apps understand)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Enclosure

from cms.models import MunicipalitySettings

FEED_LENGTH = 30


class PublicationRssFeed(Feed):
    def get_object(self, request, series):
        self.request = request
        self.settings = MunicipalitySettings.for_request(request)
        return series

    def title(self, series):
        return f"{self.settings.name}: {series.title}"

    def link(self, series):
        return series.get_full_url(self.request)

    def description(self, series):
        return series.intro or self.title(series)

    def feed_url(self, series):
        return self.request.build_absolute_uri()

    def items(self, series):
        return list(series.issues()[:FEED_LENGTH])

    def item_title(self, issue):
        return f"{issue.title} ({issue.number})"

    def item_description(self, issue):
        return issue.summary

    def item_link(self, issue):
        return issue.get_full_url(self.request)

    def item_guid(self, issue):
        return issue.get_full_url(self.request)

    def item_pubdate(self, issue):
        return timezone.make_aware(dt.datetime.combine(issue.date, dt.time(9)))

    def item_enclosures(self, issue):
        if issue.pdf is None:
            return []
        return [
            Enclosure(
                self.request.build_absolute_uri(issue.pdf.file.url),
                str(issue.pdf.size),
                "application/pdf",
            )
        ]
