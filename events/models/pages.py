"""Event pages and the event index, whose routes are the public calendar."""

import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import sql
from cms.api.fields import NamedField, OccurrencesField, PhotoField
from cms.blocks import ContentBlocks
from cms.cache import cached_fragment
from cms.dates import make_date, this_minute
from cms.listing import public_live
from cms.models import KalemPage, photo_field
from cms.views import paginate

from .. import feeds, ical, occurrences, rules
from .calendar import EventCategory

UPCOMING_PER_PAGE = 20
# What the stored occurrences are made of (with the dates left out, saved alongside).
DATE_FIELDS = frozenset(
    {"start", "end", "repeat", "repeat_interval", "repeat_until", "repeat_count", "exceptions"}
)
UPCOMING_DAYS = 365
# The whole calendar's file: /etkinlikler/takvim.ics
CALENDAR_FILE = "takvim"


class EventPage(RoutablePageMixin, KalemPage):
    """One event (a ceremony, an opening, a meeting…), possibly repeating. Its occurrences
    are stored (EventOccurrence, rewritten on each save that changes its dates) for the
    calendar views; one event's own page still expands them from the rule."""

    listable = True
    listing_image_field = "lead_image"
    listing_order = "start"

    summary = models.TextField(_("summary"), blank=True, max_length=500)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)

    repeat = models.CharField(
        _("repeats"), max_length=10, choices=rules.FREQUENCIES, default=rules.NONE, blank=True
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        help_text=_("1: every week (month, year); 2: every other one…"),
    )
    repeat_until = models.DateField(_("last date"), null=True, blank=True)
    repeat_count = models.PositiveSmallIntegerField(
        _("number of occurrences"), null=True, blank=True
    )
    # When the last occurrence ends: lets calendar queries skip finished series in SQL.
    series_end = models.DateTimeField(editable=False, db_index=True, null=True)

    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    category = models.ForeignKey(
        EventCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("body"), blank=True)
    lead_image = photo_field(_("lead image"))
    # A plain page chooser: events must not import the press app's models.
    related_press_releases = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        verbose_name=_("related press releases"),
        blank=True,
        max_num=10,
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=rules.STATUSES, default=rules.SCHEDULED
    )
    status_note = models.TextField(
        _("note on the status"),
        blank=True,
        help_text=_("Shown to the public when the event is postponed or cancelled."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat"),
                FieldRowPanel(
                    [
                        FieldPanel("repeat_interval"),
                        FieldPanel("repeat_until"),
                        FieldPanel("repeat_count"),
                    ]
                ),
                InlinePanel("exceptions", label=_("Dates left out")),
            ],
            heading=_("Repetition"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        FieldPanel("category"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("contact"),
                FieldPanel("registration_url"),
                FieldPanel("accessibility"),
            ],
            heading=_("Practical details"),
        ),
        FieldPanel("related_press_releases"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_note")], heading=_("Postponed or cancelled")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
    ]
    # The read API (/api/v2/pages/) shows these and nothing else.
    api_fields = [
        "summary",
        "start",
        "end",
        "all_day",
        "repeat",
        "repeat_interval",
        "repeat_until",
        "repeat_count",
        APIField("occurrences", serializer=OccurrencesField()),
        "venue",
        "address",
        "latitude",
        "longitude",
        APIField("category", serializer=NamedField()),
        "organiser",
        "contact",
        "body",
        APIField("lead_image", serializer=PhotoField()),
        "registration_url",
        "accessibility",
        "status",
        "status_note",
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # Listing block and cards
    listing_filter_reads = ("minute",)  # its filter's statement changes every minute

    @classmethod
    def listing_filter(cls, queryset):
        # Still running at this minute: an event stays listed until the minute after its
        # last end (the listing's HTML is cached for minutes anyway).
        return queryset.filter(series_end__gte=this_minute()).exclude(status=rules.CANCELLED)

    @classmethod
    def listing_prefetch(cls, pages):
        # A series' card shows its next date: read for every series on the cards in one
        # query from the stored occurrences (the window next_occurrences() expands),
        # instead of loading each series' dates left out and expanding its rule per card
        # (a sixteenth of the uncached home page's time with two series on it).
        series = {page.pk: page for page in pages if page.repeat}
        if not series:
            return
        now = timezone.now()
        # SQL made once per process (cms.sql): compiling the ORM's grouped query cost
        # more than running it.
        using = EventOccurrence.objects.db
        adapt = connections[using].ops.adapt_datetimefield_value
        start = EventOccurrence._meta.get_field("start")
        found = sql.rows(
            _next_starts_sql(using, len(series)),
            [*series, adapt(now + dt.timedelta(days=UPCOMING_DAYS * 2)), adapt(now)],
            using,
        )
        firsts = {pk: sql.convert(start, first, using) for pk, first in found}
        for pk, page in series.items():
            page._next_start = rules.local(firsts[pk]) if pk in firsts else None

    @property
    def listing_summary(self):
        return self.summary or self.search_description

    @property
    def listing_date(self):
        # A card for a series shows its next date, not the day the series began.
        if self.repeat:
            if hasattr(self, "_next_start"):  # read with the other cards' (listing_prefetch)
                return self._next_start or self.start
            upcoming = self.next_occurrences(limit=1)
            if upcoming:
                return upcoming[0].start
        return self.start

    # Dates
    @property
    def recurrence(self):
        if not self.repeat:
            return rules.Recurrence()
        return rules.Recurrence(
            frequency=self.repeat,
            interval=self.repeat_interval or 1,
            until=self.repeat_until,
            count=self.repeat_count,
            exceptions=frozenset(item.date for item in self.exceptions.all()),
        )

    @property
    def is_cancelled(self):
        return self.status == rules.CANCELLED

    @property
    def is_postponed(self):
        return self.status == rules.POSTPONED

    @property
    def repeat_description(self):
        return rules.describe(self.start, self.recurrence)

    def occurrences_between(self, window_start, window_end):
        return rules.occurrences(
            self.start,
            self.end,
            self.recurrence,
            window_start,
            window_end,
            source=self,
            all_day=self.all_day,
        )

    def next_occurrences(self, limit=10):
        now = timezone.now()
        return self.occurrences_between(now, now + dt.timedelta(days=UPCOMING_DAYS * 2))[:limit]

    @property
    def map_url(self):
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=17/{self.latitude}/{self.longitude}"
        )

    def related_pages(self):
        """The chosen related pages that are live and public, in the editor's order."""
        ids = [item["value"] for item in self.related_press_releases.raw_data if item.get("value")]
        if not ids:
            return []
        by_id = {page.pk: page for page in public_live(Page.objects.filter(pk__in=ids))}
        return [by_id[pk] for pk in ids if pk in by_id]

    def clean(self):
        super().clean()
        if self.start and self.end and self.all_day:
            # An all-day event runs from the first day's midnight to the last day's end.
            first, last = rules.local(self.start).date(), rules.local(self.end).date()
            self.start = dt.datetime.combine(first, dt.time(0, 0), tzinfo=rules.ISTANBUL)
            self.end = dt.datetime.combine(last, dt.time(23, 59), tzinfo=rules.ISTANBUL)
        errors = {}
        if self.slug == CALENDAR_FILE:
            # /etkinlikler/takvim.ics is the whole calendar's file.
            errors["slug"] = _("This slug is reserved for the calendar file; choose another.")
        if self.start and self.end:
            errors.update(rules.validate(self.start, self.end, self.recurrence))
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.start and self.end:
            self.series_end = rules.series_end(self.start, self.end, self.recurrence)
        super().save(*args, **kwargs)
        # A draft saves only Wagtail's own columns (update_fields); the live dates, and so
        # the stored occurrences, change when a full save publishes them.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or DATE_FIELDS.intersection(update_fields):
            occurrences.store(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["occurrences"] = self.next_occurrences() if self.repeat else []
        context["related"] = self.related_pages()
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    def ics_url(self, request=None):
        """/etkinlikler/acilis-toreni.ics (served by events.views.calendar_file)."""
        return ics_url(self.get_url(request))

    def ics_file(self, request):
        body = ical.calendar_for_events(request, [self], name=self.title)
        return ics_response(body, f"{self.slug}.ics")

    @path("ical/")
    def old_ics(self, request):
        # The address of the .ics before it ended in .ics; phones may still have it.
        return redirect(self.ics_url(request), permanent=True)


class EventException(Orderable):
    """A date on which a repeating event does not take place (a holiday, a clash)."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("date left out")
        verbose_name_plural = _("dates left out")


@functools.lru_cache(maxsize=64)  # one per number of series on the cards
def _next_starts_sql(using, count):
    """Each series' first stored occurrence in a window: `EventOccurrence.objects.filter(
    event_id__in=…, start__lt=…, end__gte=…).values("event_id").annotate(Min("start"))`."""
    q = sql.quoter(using)
    meta = EventOccurrence._meta
    event, start, end = (meta.get_field(name).column for name in ("event", "start", "end"))
    return (
        f"SELECT o.{q(event)}, MIN(o.{q(start)}) FROM {q(meta.db_table)} o"  # noqa: S608 - names from the models
        f" WHERE o.{q(event)} IN ({sql.placeholders(count)})"
        f" AND o.{q(start)} < %s AND o.{q(end)} >= %s GROUP BY o.{q(event)}"
    )


class EventOccurrence(models.Model):
    """One time an event takes place, as its rule expands it (events.rules.every_occurrence):
    the month grid, the lists, the RSS, the lobby screens and the calendar API read these
    rows for a window instead of expanding every event's rule on each request. Written by
    EventPage.save (events.occurrences.store), never edited; a derived table, not history."""

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="stored_occurrences"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        verbose_name = _("event occurrence")
        verbose_name_plural = _("event occurrences")
        # A window's query: start before its end, end after its start.
        indexes = [models.Index(fields=["start", "end"], name="events_occurrence_window")]

    def __str__(self):
        return f"{self.event_id} {self.start:%Y-%m-%d %H:%M}"


class EventFeedEntry(models.Model):
    """An event's VEVENT as the whole-calendar .ics writes it, kept so that a calendar of
    thousands of events is assembled from stored text (events.ical.calendar_feed) instead
    of being built through the icalendar package on every first fetch after a publish.

    `fingerprint` digests everything the VEVENT is made of (the event's fields, its dates
    left out, its category's name, its address); an entry whose fingerprint no longer
    matches is rebuilt on the next fetch, so it cannot go stale when a category is renamed
    or the calendar moves, which change the text without saving the event.
    """

    event = models.OneToOneField(
        EventPage, primary_key=True, on_delete=models.CASCADE, related_name="feed_entry"
    )
    fingerprint = models.CharField(max_length=64)
    vevent = models.TextField()

    class Meta:
        verbose_name = _("calendar feed entry")
        verbose_name_plural = _("calendar feed entries")

    def __str__(self):
        return f"VEVENT {self.event_id}"


def ics_url(page_url, route=""):
    """A page (or route) URL as its .ics file: /etkinlikler/kategori/x/ -> …/kategori/x.ics"""
    if not page_url:
        return ""
    return (page_url + route).rstrip("/") + ".ics"


def ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class EventIndexPage(RoutablePageMixin, KalemPage):
    """The calendar: upcoming and past events, month grid, categories, feeds, and the
    mayor's public programme, all as routes of one page."""

    intro = models.TextField(_("introduction"), blank=True)
    programme_intro = models.TextField(
        _("introduction to the mayor's programme"),
        blank=True,
        help_text=_("Shown above the mayor's public programme."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("programme_intro")]
    api_fields = ["intro", "programme_intro"]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event calendar")
        verbose_name_plural = _("event calendars")

    def events(self):
        return public_live(EventPage.objects.child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Only categories this calendar actually uses, so no link leads to an empty list.
        context["categories"] = list(
            EventCategory.objects.filter(events__in=self.events().values("pk")).distinct()
        )
        context["this_month"] = timezone.localdate()
        return context

    @path("")
    def upcoming(self, request):
        items = paginate(request, occurrences.upcoming(self), UPCOMING_PER_PAGE)
        return self.render(
            request,
            context_overrides={
                "view": "upcoming",
                "items": items,
                "holidays": occurrences.upcoming_holidays(),
            },
        )

    @path("gecmis/")
    def past(self, request):
        items = paginate(request, occurrences.past(self), UPCOMING_PER_PAGE)
        return self.render(request, context_overrides={"view": "past", "items": items})

    @path("kategori/<slug:slug>/")
    def category(self, request, slug):
        category = get_object_or_404(EventCategory, slug=slug)
        items = paginate(request, occurrences.upcoming(self, category=category), UPCOMING_PER_PAGE)
        return self.render(
            request,
            context_overrides={"view": "category", "items": items, "category": category},
        )

    @path("<int:year>/<int:month>/")
    def month(self, request, year, month):
        try:
            grid = occurrences.month_calendar(self, year, month)
        except ValueError:
            raise Http404(_("There is no such month.")) from None
        # An event's address is the calendar's plus its slug (events are the calendar's
        # children): one address computed instead of Wagtail's routing for each of the
        # hundreds of entries a busy month has; the same text as {% pageurl %}.
        base = self.get_url(request)
        for event in grid.events:
            event.month_url = f"{base}{event.slug}/"
        return self.render(
            request,
            template="events/event_index_month.html",
            context_overrides={"view": "month", "grid": grid},
        )

    @path("bu-ay/")
    def this_month(self, request):
        today = timezone.localdate()
        return redirect(self.url + self.reverse_subpage("month", args=[today.year, f"{today:%m}"]))

    def ics_url(self, request=None, category=None):
        """/etkinlikler/takvim.ics, or /etkinlikler/kategori/kultur-sanat.ics for a category
        (served by events.views.calendar_file)."""
        if category is None:
            return ics_url(self.get_url(request), CALENDAR_FILE)
        return ics_url(
            self.get_url(request), self.reverse_subpage("category", args=[category.slug])
        )

    def ics_file(self, request, category=None):
        filename = f"{category.slug if category else CALENDAR_FILE}.ics"
        return ics_response(self.feed_ics(request, category), filename)

    # The addresses before the feeds ended in .ics: subscribed phones keep polling them.
    @path("ical/")
    def old_ics(self, request):
        return redirect(self.ics_url(request), permanent=True)

    @path("kategori/<slug:slug>/ical/")
    def old_category_ics(self, request, slug):
        category = get_object_or_404(EventCategory, slug=slug)
        return redirect(self.ics_url(request, category), permanent=True)

    def feed_ics(self, request, category=None):
        """The subscribed calendar's text. Every subscriber's phone polls it, so it is
        cached until any page is published or unpublished (cms.cache)."""
        key = {"page": self.pk, "category": category and category.pk, "host": request.get_host()}
        name = f"{self.title}: {category.name}" if category else self.title
        return cached_fragment(
            "events-ics",
            key,
            lambda: ical.calendar_feed(request, self, self.feed_events(category), name=name),
        )

    @path("rss/")
    def rss(self, request):
        return feeds.UpcomingEventsFeed(self)(request)

    @path("baskanin-programi/")
    def programme(self, request):
        return self.render(
            request,
            template="events/programme.html",
            context_overrides=occurrences.programme_coming(timezone.localdate()),
        )

    @path("baskanin-programi/<int:year>/<int:month>/<int:day>/")
    def programme_day(self, request, year, month, day):
        try:
            context = occurrences.programme_day(make_date(year, month, day))
        except ValueError:
            raise Http404(_("There is no such day.")) from None
        return self.render(request, template="events/programme.html", context_overrides=context)

    @path("baskanin-programi/hafta/<int:year>/<int:month>/<int:day>/")
    def programme_week(self, request, year, month, day):
        try:
            context = occurrences.programme_week(make_date(year, month, day))
        except ValueError:
            raise Http404(_("There is no such day.")) from None
        return self.render(request, template="events/programme.html", context_overrides=context)

    def feed_events(self, category=None):
        """Events a subscribed calendar carries: a year back and everything ahead."""
        since = timezone.now() - dt.timedelta(days=365)
        events = self.events().filter(series_end__gte=since)
        if category is not None:
            events = events.filter(category=category)
        return (
            events.defer_streamfields()
            .select_related("category")
            .prefetch_related("exceptions")
            .order_by("start", "pk")  # pk: the same order for events starting together
        )
