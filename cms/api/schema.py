"""The OpenAPI 3.1 description of the read API, served at /api/v2/schema/.

Hand-written: Wagtail's API v2 views build their serializers per request from the page
type and ?fields=, which no schema generator can read. Objects a client receives whole
(a photo, an occurrence) forbid additional properties, so a test validating real
answers against this file also fails if a field the description does not promise
appears.
"""

from dataclasses import dataclass, field

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail import hooks

from .fields import RENDITION_SIZES

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}


def closed(properties, required=None):
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


RENDITION = closed({"url": STRING, "width": INTEGER, "height": INTEGER})
PHOTO = closed(
    {
        "id": INTEGER,
        "title": STRING,
        "caption": STRING,
        "credit": STRING,
        "width": INTEGER,
        "height": INTEGER,
        "renditions": closed({name: RENDITION for name in RENDITION_SIZES}),
    }
)
NULLABLE_PHOTO = {"oneOf": [PHOTO, {"type": "null"}]}
NAMED = closed({"slug": STRING, "name": STRING})
ERROR = closed({"message": STRING})

PAGE_META = {
    "type": "object",
    "properties": {
        "type": STRING,
        "detail_url": STRING,
        "html_url": NULLABLE_STRING,
        "slug": STRING,
        "first_published_at": NULLABLE_DATETIME,
        "locale": STRING,
        "show_in_menus": BOOLEAN,
        "seo_title": STRING,
        "search_description": STRING,
        "alias_of": {"type": ["object", "null"]},
        "parent": {"type": ["object", "null"]},
    },
    "required": ["type", "detail_url"],
    "additionalProperties": False,
}

# Every field a page type lists in its api_fields, with its type. Pages are open objects
# (?fields= chooses among these) but no other name may appear.
PAGE_FIELDS = {
    "id": INTEGER,
    "meta": PAGE_META,
    "title": STRING,
    # press items
    "date": DATE,
    "summary": STRING,
    "lead_image": NULLABLE_PHOTO,
    "body": {"type": "array"},
    "categories": {"type": "array", "items": NAMED},
    "tags": {"type": "array", "items": STRING},
    "change_notes": {"type": "array"},
    "withdrawn": BOOLEAN,
    "withdrawn_at": NULLABLE_DATETIME,
    "withdrawal_note": STRING,
    "valid_from": NULLABLE_DATE,
    "valid_until": NULLABLE_DATE,
    # events
    "start": DATETIME,
    "end": DATETIME,
    "all_day": BOOLEAN,
    "repeat": STRING,
    "repeat_interval": INTEGER,
    "repeat_until": NULLABLE_DATE,
    "repeat_count": {"type": ["integer", "null"]},
    "occurrences": {
        "type": "array",
        "items": closed({"start": DATETIME, "end": DATETIME}),
    },
    "venue": STRING,
    "address": STRING,
    "latitude": NULLABLE_STRING,
    "longitude": NULLABLE_STRING,
    "category": {"oneOf": [NAMED, {"type": "null"}]},
    "organiser": STRING,
    "contact": STRING,
    "registration_url": STRING,
    "accessibility": STRING,
    "status": STRING,
    "status_note": STRING,
    # standard pages, sections, home
    "intro": STRING,
    "programme_intro": STRING,
    "hero_title": STRING,
    "hero_text": STRING,
    "hero_image": NULLABLE_PHOTO,
    # publications (press/publications): the series and its issues with their PDF
    "kind": STRING,
    "number": STRING,
    "contents": {"type": "array"},
    "pdf": {
        "oneOf": [
            closed(
                {
                    "url": STRING,
                    "size": INTEGER,
                    "pages": INTEGER,
                    "cover": NULLABLE_STRING,
                }
            ),
            {"type": "null"},
        ]
    },
    # albums
    "description": STRING,
    "cover": NULLABLE_PHOTO,
    "photos": {"type": "array", "items": PHOTO},
}
PAGE = {
    "type": "object",
    "properties": PAGE_FIELDS,
    "required": ["id", "meta"],
    "additionalProperties": False,
}
IMAGE = closed(
    {
        **{name: PHOTO["properties"][name] for name in ("id", "title", "caption", "credit")},
        **{name: PHOTO["properties"][name] for name in ("width", "height", "renditions")},
        "meta": closed({"type": STRING, "detail_url": STRING}),
    },
    required=["id", "meta"],
)

DOCUMENT = closed(
    {
        "id": INTEGER,
        "title": STRING,
        "created_at": DATETIME,
        "meta": closed({"type": STRING, "detail_url": STRING, "download_url": STRING}),
    },
    required=["id", "meta"],
)


def listing(item):
    return closed(
        {"meta": closed({"total_count": INTEGER}), "items": {"type": "array", "items": item}}
    )


OCCURRENCE = closed(
    {
        "start": DATETIME,
        "end": DATETIME,
        "all_day": BOOLEAN,
        "event": closed(
            {
                "id": INTEGER,
                "title": STRING,
                "summary": STRING,
                "venue": STRING,
                "status": STRING,
                "status_note": STRING,
                "category": {"oneOf": [NAMED, {"type": "null"}]},
                "html_url": NULLABLE_STRING,
                "detail_url": STRING,
            }
        ),
    }
)
HOLIDAY = closed({"date": DATE, "name": STRING, "half_day": BOOLEAN, "starts_at": NULLABLE_STRING})
CALENDAR = closed(
    {
        "meta": closed({"total_count": INTEGER, "start": DATE, "end": DATE, "locale": STRING}),
        "items": {"type": "array", "items": OCCURRENCE},
        "holidays": {"type": "array", "items": HOLIDAY},
    }
)
CATEGORIES = listing(
    closed({"type": {"enum": ["press", "events"]}, "slug": STRING, "name": STRING})
)

PROGRAMME = closed(
    {
        "meta": closed({"total_count": INTEGER, "start": DATE, "end": DATE}),
        "items": {
            "type": "array",
            "items": closed(
                {
                    "id": INTEGER,
                    "title": STRING,
                    "place": STRING,
                    "start": DATETIME,
                    "end": DATETIME,
                }
            ),
        },
    }
)
CONTACT = closed(
    {
        **{name: STRING for name in ("name", "unit_name", "address", "phone", "email")},
        "kep_address": STRING,
        "social": closed(
            {name: STRING for name in ("x_account", "facebook", "instagram", "youtube", "nsosyal")}
        ),
    }
)
TAGS = closed(
    {
        "meta": closed({"total_count": INTEGER, "locale": STRING}),
        "items": {"type": "array", "items": closed({"name": STRING, "count": INTEGER})},
    }
)


def param(name, description, schema=STRING, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


PAGING = [
    param("limit", "Items per answer (at most 20 for pages and images, 100 otherwise).", INTEGER),
    param("offset", "Items to skip.", INTEGER),
]
ID = {"name": "id", "in": "path", "required": True, "schema": INTEGER}


def answer(schema, description="OK"):
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": STRING},
            "Last-Modified": {"schema": STRING},
            "Cache-Control": {"schema": STRING},
        },
        "content": {"application/json": {"schema": schema}},
    }


ERRORS = {
    "304": {"description": "Not modified (If-None-Match or If-Modified-Since matched)."},
    "400": {
        "description": "A bad filter or value; the message names it.",
        "content": {"application/json": {"schema": ERROR}},
    },
}
NOT_FOUND = {
    "404": {
        "description": "No such public item.",
        "content": {"application/json": {"schema": ERROR}},
    }
}

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Kalem read API",
        "version": "2",
        "description": (
            "What a citizen may see on the municipality's site, for programs: live public "
            "pages, photos cleared for public use, public documents, the event calendar, "
            "the mayor's public programme, the municipality's contact details, categories "
            "and tags. "
            "Every answer carries Cache-Control, ETag and Last-Modified."
        ),
    },
    "paths": {
        "/api/v2/pages/": {
            "get": {
                "summary": "Live public pages",
                "parameters": [
                    param("type", "A page type, e.g. press.AnnouncementPage, events.EventPage."),
                    param("fields", "Fields to add (a,b), remove (-a) or all (*)."),
                    param("order", "A field to order by, - for descending, e.g. -date."),
                    param("search", "Words to search for (the site's search)."),
                    param("locale", "tr or en.", {"enum": ["tr", "en"]}),
                    param("category", "A category slug (with type)."),
                    param("date", "Items of this day (with type).", DATE),
                    param("date_from", "Items of this day or later (with type).", DATE),
                    param("date_to", "Items of this day or earlier (with type).", DATE),
                    param("child_of", "Pages under this page id.", INTEGER),
                    param("descendant_of", "Pages anywhere below this page id.", INTEGER),
                    param("tags", "Pages carrying this tag (with type)."),
                    *PAGING,
                ],
                "responses": {"200": answer(listing(PAGE)), **ERRORS},
            }
        },
        "/api/v2/pages/{id}/": {
            "get": {
                "summary": "One live public page with its public fields",
                "parameters": [ID],
                "responses": {"200": answer(PAGE), **ERRORS, **NOT_FOUND},
            }
        },
        "/api/v2/images/": {
            "get": {
                "summary": "Photos cleared for public use that a public page shows",
                "parameters": [param("search", "Words to search for."), *PAGING],
                "responses": {"200": answer(listing(IMAGE)), **ERRORS},
            }
        },
        "/api/v2/images/{id}/": {
            "get": {
                "summary": "One photo: renditions at named sizes, caption, credit",
                "parameters": [ID],
                "responses": {"200": answer(IMAGE), **ERRORS, **NOT_FOUND},
            }
        },
        "/api/v2/documents/": {
            "get": {
                "summary": "Documents anyone may download from the site",
                "parameters": [param("search", "Words to search for."), *PAGING],
                "responses": {"200": answer(listing(DOCUMENT)), **ERRORS},
            }
        },
        "/api/v2/documents/{id}/": {
            "get": {
                "summary": "One public document: title and download address",
                "parameters": [ID],
                "responses": {"200": answer(DOCUMENT), **ERRORS, **NOT_FOUND},
            }
        },
        "/api/v2/calendar/": {
            "get": {
                "summary": "Occurrences of public events between two days, and holidays",
                "parameters": [
                    param("start", "First day.", DATE, required=True),
                    param("end", "Last day (at most 366 days after start).", DATE, required=True),
                    param("category", "An event category slug."),
                    param("locale", "tr or en.", {"enum": ["tr", "en"]}),
                    *PAGING,
                ],
                "responses": {"200": answer(CALENDAR), **ERRORS},
            }
        },
        "/api/v2/categories/": {
            "get": {
                "summary": "Press and event categories",
                "parameters": [param("type", "press or events.", {"enum": ["press", "events"]})],
                "responses": {"200": answer(CATEGORIES), **ERRORS},
            }
        },
        "/api/v2/programme/": {
            "get": {
                "summary": "The mayor's public programme between two days",
                "parameters": [
                    param("start", "First day.", DATE, required=True),
                    param("end", "Last day (at most 366 days after start).", DATE, required=True),
                    *PAGING,
                ],
                "responses": {"200": answer(PROGRAMME), **ERRORS},
            }
        },
        "/api/v2/contact/": {
            "get": {
                "summary": "The municipality's name, address and channels",
                "responses": {"200": answer(CONTACT), **ERRORS},
            }
        },
        "/api/v2/tags/": {
            "get": {
                "summary": "Tags of live public pages, with how many carry each",
                "parameters": [param("locale", "tr or en.", {"enum": ["tr", "en"]}), *PAGING],
                "responses": {"200": answer(TAGS), **ERRORS},
            }
        },
    },
}


# An app adds an endpoint of its own to the read API (its viewset and its part of this
# description) from its wagtail_hooks.py:
#     @hooks.register(API_ENDPOINTS_HOOK)
#     def endpoints():
#         return [APIEndpoint("videos", PublicVideosAPIViewSet, SCHEMA_PATHS)]
API_ENDPOINTS_HOOK = "kalem_api_endpoints"


@dataclass(frozen=True)
class APIEndpoint:
    name: str
    viewset: type
    paths: dict = field(default_factory=dict)


def registered_endpoints():
    for endpoints in hooks.get_hooks(API_ENDPOINTS_HOOK):
        yield from endpoints()


def description():
    paths = dict(SCHEMA["paths"])
    for endpoint in registered_endpoints():
        paths.update(endpoint.paths)
    return {**SCHEMA, "paths": paths}


@require_GET
def schema(request):
    return JsonResponse(description())
