"""/api/v2/videos/: the videos a citizen may watch on the site, for programs (the mobile
app, the lobby screens). Registered with the read API through cms's endpoint hook
(cms.api.router.API_ENDPOINTS_HOOK), described in its OpenAPI document by SCHEMA_PATHS.

A video is in the API when it may be used, its site copy is ready, and a live public page
shows it: its album, or a page with a video block. Given: the site copy, the poster and the
captions (the public files), title, description, date, place, credit, duration and size;
never the original (private, with the camera's metadata) nor who is in it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, IntegerField, Q
from django.db.models.functions import Cast
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page, ReferenceIndex

from cms.api.schema import (
    ERRORS,
    ID,
    INTEGER,
    NOT_FOUND,
    NULLABLE_DATE,
    NULLABLE_STRING,
    PAGING,
    STRING,
    answer,
    closed,
    listing,
    param,
)
from cms.api.views import (
    CheckedFieldsFilter,
    PublicAPIMixin,
    StableOrderingFilter,
    api_page_models,
    unrestricted,
)
from cms.frontend_cache import listed

from .models import Video


def shown_videos():
    """A filter for videos a live public page shows: in its album, or in a video block."""
    pages = unrestricted(Page.objects.live())
    albums = [model for model in api_page_models() if model._meta.label == "archive.PhotoAlbumPage"]
    condition = Q(album__in=unrestricted(albums[0].objects.live()).values("pk")) if albums else Q()
    blocks = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(Video),
        object_id__in=pages.annotate(text_pk=Cast("pk", CharField())).values("text_pk"),
    ).annotate(video_pk=Cast("to_object_id", IntegerField()))
    return condition | Q(pk__in=blocks.values("video_pk"))


def _url(request, file):
    return request.build_absolute_uri(file.url) if file else None


class VideoFilesField(Field):
    """The public files: the site's MP4, its poster and the WebVTT captions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, video):
        request = self.context["request"]
        captions = [
            {"language": language, "url": _url(request, file)}
            for language, file in (("tr", video.captions_tr), ("en", video.captions_en))
            if file
        ]
        return {
            "video": {"url": _url(request, video.web_file), "type": "video/mp4"},
            "poster": _url(request, video.poster),
            "captions": captions,
        }


class CreditField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, video):
        return video.credit


class PublicVideosAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    model = Video
    filter_backends = [
        CheckedFieldsFilter,
        StableOrderingFilter,
        *BaseAPIViewSet.filter_backends[2:],
    ]
    body_fields = [
        "id",
        "title",
        "description",
        "recorded_on",
        "place",
        "duration",
        "width",
        "height",
    ]
    meta_fields = ["type", "detail_url"]
    listing_default_fields = ["id", "type", "detail_url", "title", "recorded_on", "files"]
    nested_default_fields = ["id", "type", "detail_url", "title"]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(
            [
                *cls.body_fields,
                APIField("credit", serializer=CreditField()),
                APIField("files", serializer=VideoFilesField()),
            ]
        )

    def get_queryset(self):
        listed(Video)  # a video whose site copy became ready, or usable again, joins
        # Narrowed by a subquery of ids: the search backend filters on indexed fields only.
        shown = Video.objects.playable().filter(shown_videos()).values("pk")
        return (
            Video.objects.filter(pk__in=shown)
            .select_related("photographer")
            .order_by(F("recorded_on").desc(nulls_last=True), "-created_at", "-pk")
        )


URL = NULLABLE_STRING
VIDEO = closed(
    {
        "id": INTEGER,
        "title": STRING,
        "description": STRING,
        "recorded_on": NULLABLE_DATE,
        "place": STRING,
        "duration": {"type": ["number", "null"]},
        "width": {"type": ["integer", "null"]},
        "height": {"type": ["integer", "null"]},
        "credit": STRING,
        "files": closed(
            {
                "video": closed({"url": URL, "type": STRING}),
                "poster": URL,
                "captions": {
                    "type": "array",
                    "items": closed({"language": STRING, "url": URL}),
                },
            }
        ),
        "meta": closed({"type": STRING, "detail_url": STRING}),
    },
    required=["id", "meta"],
)
SCHEMA_PATHS = {
    "/api/v2/videos/": {
        "get": {
            "summary": "Videos a public page shows: the site's MP4, poster and captions",
            "parameters": [param("search", "Words to search for."), *PAGING],
            "responses": {"200": answer(listing(VIDEO)), **ERRORS},
        }
    },
    "/api/v2/videos/{id}/": {
        "get": {
            "summary": "One video: its public files, credit, duration and size",
            "parameters": [ID],
            "responses": {"200": answer(VIDEO), **ERRORS, **NOT_FOUND},
        }
    },
}
