"""/api/v2/videos/: a program reads the videos the site shows (in a live album or a page's
video block), with the site's MP4, the poster, the captions and the credit; never a video
no page shows, one that may no longer be used, one in a private section, nor the
original file."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from wagtail.models import PageViewRestriction

from archive.models import Video
from tests.factories.archive import AlbumFactory, PhotographerFactory, VideoFactory, archive_index
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nBaskan toreni acti.\n"


def ready(video, **fields):
    """The video as processing leaves it (the site copy and poster stored), without
    running ffmpeg: the API reads the records, not the files."""
    Video.objects.filter(pk=video.pk).update(
        processing_status=Video.READY,
        web_file=f"videos/abc{video.pk}/tören-{video.pk}.mp4",
        poster=f"videos/abc{video.pk}/poster.jpg",
        duration=61.5,
        width=1920,
        height=1080,
        **fields,
    )
    video.refresh_from_db()
    return video


def ids(client, **params):
    answer = client.get("/api/v2/videos/", params)
    assert answer.status_code == 200, answer.content
    return [item["id"] for item in answer.json()["items"]]


@pytest.mark.indexed
def test_a_video_in_a_live_album_is_listed_with_its_public_files(client, home):
    album = publish_child(archive_index(home), AlbumFactory(title="Bayram töreni"))
    video = ready(
        VideoFactory(
            album=album,
            title="Bayram töreni konuşması",
            place="Cumhuriyet Meydanı",
            recorded_on=dt.date(2026, 10, 29),
            captions_tr=ContentFile(VTT, name="tr.vtt"),
        )
    )
    listing = client.get("/api/v2/videos/").json()
    assert listing["meta"]["total_count"] == 1
    [item] = listing["items"]
    assert (item["id"], item["title"], item["recorded_on"]) == (
        video.pk,
        "Bayram töreni konuşması",
        "2026-10-29",
    )
    assert item["files"]["video"] == {
        "url": f"http://testserver{video.web_file.url}",
        "type": "video/mp4",
    }
    detail = client.get(f"/api/v2/videos/{video.pk}/").json()
    assert detail["credit"] == "Video: Basın Birimi"
    assert (detail["duration"], detail["width"], detail["height"]) == (61.5, 1920, 1080)
    assert detail["files"]["poster"] == f"http://testserver{video.poster.url}"
    assert detail["files"]["captions"] == [
        {"language": "tr", "url": f"http://testserver{video.captions_tr.url}"}
    ]
    # The original stays private: its address is nowhere in the answer.
    assert video.file.name not in client.get(f"/api/v2/videos/{video.pk}/").content.decode()


@pytest.mark.indexed
def test_a_video_block_on_a_live_page_puts_the_video_in_the_api(client, home):
    video = ready(VideoFactory())
    assert ids(client) == []
    publish_child(home, StandardPageFactory(body=[("video", {"video": video, "caption": ""})]))
    assert ids(client) == [video.pk]


@pytest.mark.clock("2026-11-24T10:00")
@pytest.mark.indexed
def test_videos_no_public_page_shows_or_that_may_not_be_used_are_not_there(client, home):
    index = archive_index(home)
    shown = ready(VideoFactory(album=publish_child(index, AlbumFactory())))
    unprocessed = VideoFactory(album=shown.album)
    on_no_page = ready(VideoFactory())
    consent_ended = ready(VideoFactory(album=shown.album), consent_expires=dt.date(2026, 11, 23))
    do_not_use = ready(VideoFactory(album=shown.album), do_not_use=True)
    private_album = publish_child(index, AlbumFactory(title="İç tören"))
    PageViewRestriction.objects.create(page=private_album, restriction_type="login")
    in_private_section = ready(VideoFactory(album=private_album))
    draft_album = AlbumFactory(title="Taslak", live=False)
    index.add_child(instance=draft_album)
    in_draft_album = ready(VideoFactory(album=draft_album))

    assert ids(client) == [shown.pk]
    for hidden in (
        unprocessed,
        on_no_page,
        consent_ended,
        do_not_use,
        in_private_section,
        in_draft_album,
    ):
        assert client.get(f"/api/v2/videos/{hidden.pk}/").status_code == 404


@pytest.mark.indexed
def test_the_list_costs_the_same_queries_for_one_video_or_twenty(client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    album = publish_child(archive_index(home), AlbumFactory())
    photographer = PhotographerFactory(name="Ali Kaya")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("/api/v2/videos/", {"limit": 20, "fields": "*"})
        assert answer.status_code == 200
        return len(captured), answer.json()["items"]

    ready(VideoFactory(album=album, photographer=photographer, credit_line=""))
    one, items = queries()
    assert len(items) == 1
    for _number in range(19):
        ready(
            VideoFactory(album=album, photographer=photographer, credit_line="", file="v.mp4"),
            captions_tr="videos/abc/tr.vtt",
        )
    twenty, items = queries()
    assert len(items) == 20
    assert {item["credit"] for item in items} == {"Ali Kaya (Basın Birimi)"}
    assert 0 < twenty == one
