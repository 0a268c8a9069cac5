"""The lobby screen ("Bilgi ekranı"): a full-screen page for the displays in service
buildings, showing today's and tomorrow's events, the latest announcements and a photo
from the latest album. It cycles its slides with CSS and reloads itself with a meta
refresh, so a display's browser needs no JavaScript."""

import datetime as dt

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Page

from cms.images import public_image
from cms.models import KalemPage

from .. import occurrences
from .calendar import EventCategory

# static/css/lobby.css has a class for each number of slides up to this, and one for
# each of SLIDE_SECONDS (a page may carry no inline style under the site's CSP).
MAX_SLIDES = 8
SLIDE_SECONDS = [(8, _("8 seconds")), (12, _("12 seconds")), (20, _("20 seconds"))]


class LobbyScreenPage(KalemPage):
    calendar = models.ForeignKey(
        "events.EventIndexPage",
        verbose_name=_("event calendar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Today's and tomorrow's events come from this calendar."),
    )
    event_categories = ParentalManyToManyField(
        EventCategory,
        verbose_name=_("event categories"),
        blank=True,
        help_text=_("Only events of these categories; none chosen: every event."),
    )
    announcements = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("announcements section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    announcement_count = models.PositiveSmallIntegerField(
        _("number of announcements"),
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SLIDES - 3)],
    )
    photo_archive = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("photo archive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The cover of its latest album is shown."),
    )
    slide_seconds = models.PositiveSmallIntegerField(
        _("each slide is shown for"), choices=SLIDE_SECONDS, default=12
    )
    refresh_minutes = models.PositiveSmallIntegerField(
        _("reload every (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The screen fetches the page again after this many minutes."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("calendar"), FieldPanel("event_categories")], heading=_("Events")
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("announcements", "press.AnnouncementIndexPage"),
                FieldPanel("announcement_count"),
                PageChooserPanel("photo_archive", "archive.PhotoArchiveIndexPage"),
            ],
            heading=_("Announcements and photos"),
        ),
        FieldRowPanel([FieldPanel("slide_seconds"), FieldPanel("refresh_minutes")]),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    # A screen in a building, not a page for citizens to find.
    search_fields = []
    template = "events/lobby_screen_page.html"

    class Meta:
        verbose_name = _("lobby screen")
        verbose_name_plural = _("lobby screens")

    def events_on(self, start, end):
        if self.calendar is None:
            return []
        events = occurrences.events_overlapping(self.calendar, start, end, cancelled=False)
        categories = list(self.event_categories.all())
        if categories:
            events = events.filter(category__in=categories)
        return occurrences.expand(events, start, end)

    def latest_announcements(self):
        index = self.announcements and self.announcements.specific
        if not self.announcement_count or not hasattr(index, "items"):
            return []
        return list(index.items()[: self.announcement_count])

    def latest_photo(self):
        """(album, photo): the cover of the newest album that may still show its cover."""
        if self.photo_archive is None:
            return None
        albums = apps.get_model("archive", "PhotoAlbumPage").objects.live().public()
        newest = albums.descendant_of(self.photo_archive).select_related("cover")
        for album in newest.order_by("-date", "-pk")[:5]:
            photo = public_image(album.cover)
            if photo is not None:
                return album, photo
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.localtime()
        today = now.date()
        midnight = dt.datetime.combine(today, dt.time(0), tzinfo=now.tzinfo)
        tomorrow = midnight + dt.timedelta(days=1)
        days = [
            (today, self.events_on(max(now, midnight), tomorrow)),
            (
                today + dt.timedelta(days=1),
                self.events_on(tomorrow, tomorrow + dt.timedelta(days=1)),
            ),
        ]
        slides = [{"kind": "events", "day": day, "events": found} for day, found in days]
        slides += [{"kind": "announcement", "page": page} for page in self.latest_announcements()]
        photo = self.latest_photo()
        if photo is not None:
            slides.append({"kind": "photo", "album": photo[0], "photo": photo[1]})
        context.update(
            slides=slides[:MAX_SLIDES],
            updated=now,
            refresh_seconds=self.refresh_minutes * 60,
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Its content turns with the clock (today's events), not only with publishing:
        # no cache keeps it longer than a screen waits between reloads.
        seconds = min(self.refresh_minutes * 60, 300)
        response["Cache-Control"] = f"public, max-age={seconds}, s-maxage={seconds}"
        return response
