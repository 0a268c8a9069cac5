"""Read-only endpoints where the page API does not fit: the event calendar between two
dates (each repeating event's stored occurrences, official holidays beside
them), the mayor's public programme, the municipality's contact details, categories and
tags."""

import datetime as dt
from collections import Counter
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from taggit.models import TaggedItemBase
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Site

from cms.frontend_cache import listed
from cms.text import turkish_sort_key

from .views import parse_day, unrestricted

# A client asks for at most a year at a time: a calendar of a century is not a request.
CALENDAR_MAX_DAYS = 366
LIMIT_DEFAULT = 20
LIMIT_MAX = 100


class Occurrence(NamedTuple):
    """One time an event takes place (what the events app's own Occurrence carries)."""

    start: dt.datetime
    end: dt.datetime
    source: object
    all_day: bool


def _bad_request(exc):
    return JsonResponse({"message": str(exc)}, status=400)


def _check_params(request, known):
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        raise BadRequestError(
            _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)}
        )


def _whole_number(request, name, default, maximum=None):
    value = request.GET.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise BadRequestError(_("%(field)s must be a whole number.") % {"field": name})
    number = int(value)
    if maximum is not None and number > maximum:
        raise BadRequestError(
            _("%(field)s cannot be higher than %(max)s.") % {"field": name, "max": maximum}
        )
    return number


def _paginate(request, items):
    """(items of the requested page, meta): ?limit= and ?offset= as in the page API."""
    limit = _whole_number(request, "limit", LIMIT_DEFAULT, LIMIT_MAX)
    offset = _whole_number(request, "offset", 0)
    return items[offset : offset + limit], {"total_count": len(items)}


def _locale(request):
    code = request.GET.get("locale", settings.LANGUAGE_CODE)
    codes = [language for language, _name in settings.LANGUAGES]
    if code not in codes:
        raise BadRequestError(_("locale must be one of: %(codes)s.") % {"codes": ", ".join(codes)})
    return code


def _days(request):
    """(first, last) from ?start= and ?end=, both required, at most CALENDAR_MAX_DAYS."""
    for name in ("start", "end"):
        if not request.GET.get(name):
            raise BadRequestError(
                _("%(field)s is required (a date written as YYYY-MM-DD).") % {"field": name}
            )
    first = parse_day(request.GET["start"], "start")
    last = parse_day(request.GET["end"], "end")
    if last < first:
        raise BadRequestError(_("end cannot be before start."))
    if (last - first).days >= CALENDAR_MAX_DAYS:
        raise BadRequestError(
            _("Ask for at most %(days)s days at a time.") % {"days": CALENDAR_MAX_DAYS}
        )
    return first, last


def _local_midnight(day):
    """The start of a day in the site's time zone (Europe/Istanbul)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=timezone.get_default_timezone())


@require_GET
def calendar(request):
    """/api/v2/calendar/?start=2026-12-01&end=2026-12-31: every occurrence of a public
    event overlapping those days (both included), in time order, and the official holidays
    among them. ?category=<slug>, ?locale=tr|en, ?limit=, ?offset=."""
    try:
        _check_params(request, {"start", "end", "category", "locale", "limit", "offset"})
        first, last = _days(request)
        locale = _locale(request)
        with translation.override(locale):
            data = _calendar_data(request, first, last, locale)
    except BadRequestError as exc:
        return _bad_request(exc)
    return JsonResponse(data)


def _calendar_data(request, first, last, locale):
    EventPage = apps.get_model("events", "EventPage")
    EventOccurrence = apps.get_model("events", "EventOccurrence")
    OfficialHoliday = apps.get_model("events", "OfficialHoliday")
    window_start = _local_midnight(first)
    window_end = _local_midnight(last + dt.timedelta(days=1))
    events = unrestricted(EventPage.objects.live()).filter(
        locale__language_code=locale, start__lt=window_end, series_end__gte=window_start
    )
    slug = request.GET.get("category")
    if slug is not None:
        events = events.filter(category__slug=slug)
    events = events.defer_streamfields().select_related("category")
    by_pk = {event.pk: event for event in events}
    # The events app stores each event's occurrences (events.EventOccurrence): one query
    # for the window instead of expanding every series' rule.
    stored = EventOccurrence.objects.filter(
        event__in=events.values("pk"), start__lt=window_end, end__gte=window_start
    ).values_list("event_id", "start", "end")
    zone = timezone.get_default_timezone()
    occurrences = [
        # A series' times in Istanbul time, a single event's as stored (UTC): what the
        # rule expansion gave before the table, so the answers keep their offsets.
        Occurrence(start.astimezone(zone), end.astimezone(zone), by_pk[pk], by_pk[pk].all_day)
        if by_pk[pk].repeat
        else Occurrence(start, end, by_pk[pk], by_pk[pk].all_day)
        for pk, start, end in stored
        if pk in by_pk
    ]
    # Stable: equal start times ordered by title, then by page.
    occurrences.sort(key=lambda o: (o.start, o.source.title, o.source.pk))
    page, meta = _paginate(request, occurrences)
    holidays = OfficialHoliday.objects.filter(date__range=(first, last)).order_by("date")
    # A holiday added to these days must reach the cached answer (the events are pages,
    # whose every change purges the API).
    listed(OfficialHoliday)
    return {
        "meta": {**meta, "start": first.isoformat(), "end": last.isoformat(), "locale": locale},
        "items": [_occurrence_data(request, occurrence) for occurrence in page],
        "holidays": [
            {
                "date": holiday.date.isoformat(),
                "name": holiday.display_name,
                "half_day": holiday.half_day,
                "starts_at": holiday.starts_at.isoformat() if holiday.starts_at else None,
            }
            for holiday in holidays
        ],
    }


def _occurrence_data(request, occurrence):
    event = occurrence.source
    return {
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "all_day": occurrence.all_day,
        "event": {
            "id": event.pk,
            "title": event.title,
            "summary": event.summary,
            "venue": event.venue,
            "status": event.status,
            "status_note": event.status_note,
            "category": (
                {"slug": event.category.slug, "name": event.category.name}
                if event.category
                else None
            ),
            "html_url": event.get_full_url(request),
            "detail_url": request.build_absolute_uri(
                reverse("wagtailapi:pages:detail", args=[event.pk])
            ),
        },
    }


CATEGORY_MODELS = {"press": ("press", "Category"), "events": ("events", "EventCategory")}


@require_GET
def categories(request):
    """/api/v2/categories/?type=press|events: the subjects press items are filed under
    and the kinds of events, by name."""
    try:
        _check_params(request, {"type", "limit", "offset"})
        kind = request.GET.get("type")
        if kind is not None and kind not in CATEGORY_MODELS:
            raise BadRequestError(
                _("type must be one of: %(types)s.") % {"types": ", ".join(CATEGORY_MODELS)}
            )
        items = []
        for name, label in CATEGORY_MODELS.items():
            if kind in (None, name):
                model = apps.get_model(*label)
                listed(model)  # read with .values_list(): no row's own key comes with it
                items += [
                    {"type": name, "slug": slug, "name": title}
                    for slug, title in model.objects.order_by("name", "pk").values_list(
                        "slug", "name"
                    )
                ]
        page, meta = _paginate(request, items)
    except BadRequestError as exc:
        return _bad_request(exc)
    return JsonResponse({"meta": meta, "items": page})


@require_GET
def programme(request):
    """/api/v2/programme/?start=2026-12-01&end=2026-12-07: the mayor's appointments marked
    public and approved, with their public title and place only (events.Appointment's
    PUBLIC_FIELDS, read with .values(): no private field is ever loaded)."""
    try:
        _check_params(request, {"start", "end", "limit", "offset"})
        first, last = _days(request)
        Appointment = apps.get_model("events", "Appointment")
        # Read with .values(), so no row's key comes with the answer: a public appointment
        # added, moved or made private purges it through the model's list key.
        listed(Appointment)
        entries = Appointment.objects.between(
            _local_midnight(first), _local_midnight(last + dt.timedelta(days=1))
        ).public()
        entries = sorted(entries, key=lambda entry: (entry["start"], entry["pk"]))
        page, meta = _paginate(request, entries)
    except BadRequestError as exc:
        return _bad_request(exc)
    zone = timezone.get_default_timezone()
    items = [
        {
            "id": entry["pk"],
            "title": entry["public_title"],
            "place": entry["public_place"],
            "start": entry["start"].astimezone(zone).isoformat(),
            "end": entry["end"].astimezone(zone).isoformat(),
        }
        for entry in page
    ]
    meta.update(start=first.isoformat(), end=last.isoformat())
    return JsonResponse({"meta": meta, "items": items})


CONTACT_FIELDS = ("name", "unit_name", "address", "phone", "email", "kep_address")
SOCIAL_FIELDS = ("x_account", "facebook", "instagram", "youtube", "nsosyal")


@require_GET
def contact(request):
    """/api/v2/contact/: the municipality's name, address and channels, as the site's
    footer shows them."""
    from cms.models import MunicipalitySettings

    try:
        _check_params(request, set())
    except BadRequestError as exc:
        return _bad_request(exc)
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    details = MunicipalitySettings.for_site(site)
    data = {name: getattr(details, name) for name in CONTACT_FIELDS}
    data["social"] = {name: getattr(details, name) for name in SOCIAL_FIELDS}
    return JsonResponse(data)


def _page_tag_models():
    """The through models tagging page types the API shows (a tag on a page of another
    type, or on a snippet, is not public)."""
    from .views import api_page_models

    page_models = set(api_page_models())
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TaggedItemBase)
        and model._meta.get_field("content_object").related_model in page_models
    ]


@require_GET
def tags(request):
    """/api/v2/tags/: the tags of live public pages, in Turkish alphabetical order, each
    with how many such pages carry it; ?locale=tr|en. Filter pages by one with
    /api/v2/pages/?type=…&tags=<name>."""
    try:
        _check_params(request, {"locale", "limit", "offset"})
        locale = _locale(request)
        counts = Counter()
        for through in _page_tag_models():
            pages = unrestricted(
                through._meta.get_field("content_object").related_model.objects.live()
            ).filter(locale__language_code=locale)
            counts.update(
                dict(
                    through.objects.filter(content_object__in=pages.values("pk"))
                    .values_list("tag__name")
                    .annotate(count=Count("pk"))
                    .values_list("tag__name", "count")
                )
            )
        items = [
            {"name": name, "count": count}
            for name, count in sorted(counts.items(), key=lambda item: turkish_sort_key(item[0]))
        ]
        page, meta = _paginate(request, items)
    except BadRequestError as exc:
        return _bad_request(exc)
    return JsonResponse({"meta": {**meta, "locale": locale}, "items": page})
