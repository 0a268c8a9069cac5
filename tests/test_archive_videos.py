"""The video archive: upload through the admin (real ffprobe and ffmpeg on 1 s, 64×36
videos), poster frame and site copy, captions, the player block, press downloads, rights,
the album page and the archive search."""

import io
import json
import subprocess
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from archive.models import Video
from archive.videos.testing import video_bytes
from cms.roles import PHOTO_ARCHIVE, PRESS
from tests.factories.archive import (
    AlbumFactory,
    VideoFactory,
    archive_index,
    photo_bytes,
)
from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db

VTT_TR = b"WEBVTT\n\n00:00.000 --> 00:01.000\nBa\xc5\x9fkan t\xc3\xb6reni a\xc3\xa7t\xc4\xb1.\n"
VTT_EN = b"WEBVTT\n\n00:00.000 --> 00:01.000\nThe mayor opened the ceremony.\n"
ADD_URL = reverse("wagtailsnippets_archive_video:add")


def ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
        capture_output=True,
        check=True,
    ).stdout
    return json.loads(out)


def upload(client, content, name="tören.mp4", **fields):
    data = {
        "title": "Cumhuriyet Bayramı töreni",
        "file": SimpleUploadedFile(name, content),
        "licence": "own",
        "credit_line": "Video: Ayşe Yılmaz / Belediye",
        "place": "Cumhuriyet Meydanı",
        "recorded_on": "2026-10-29",
        **fields,
    }
    return client.post(ADD_URL, data)


@pytest.fixture
def editor(client, user_with_role):
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    return client


def test_an_old_camera_file_is_probed_converted_and_gets_a_poster(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor, video_bytes("avi"), name="Kamera Kaydı.AVI")
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.processing_status == Video.READY, video.processing_error
    # What ffprobe read from the original.
    assert (video.width, video.height) == (64, 36)
    assert video.duration == pytest.approx(1.0, abs=0.1)
    assert (video.video_codec, video.audio_codec, video.container) == ("mpeg4", "mp2", "avi")
    assert video.converted is True
    # The original stays in private storage, unchanged.
    assert storages["private"].exists(video.file.name)
    with storages["private"].open(video.file.name) as original:
        assert original.read() == video_bytes("avi")
    assert not default_storage.exists(video.file.name)
    # The site's copy plays in browsers: H.264 and AAC in MP4.
    web = ffprobe(default_storage.path(video.web_file.name))
    codecs = {s["codec_type"]: s["codec_name"] for s in web["streams"]}
    assert codecs == {"video": "h264", "audio": "aac"}
    assert "mp4" in web["format"]["format_name"]
    # The poster is a real frame of the video.
    with default_storage.open(video.poster.name) as poster:
        picture = Image.open(poster)
        picture.load()
    assert (picture.format, picture.size) == ("JPEG", (64, 36))
    # The editor sees the status in the list.
    listing = editor.get(reverse("wagtailsnippets_archive_video:list")).content.decode()
    assert "Hazır · 0:01 · 64×36" in listing


def test_a_web_friendly_upload_is_only_rewrapped_without_its_metadata(
    editor, django_capture_on_commit_callbacks
):
    content = video_bytes("mp4", metadata=(("location", "+38.4192+027.1287/"),))
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, content)
    video = Video.objects.get()
    assert video.converted is False
    web = ffprobe(default_storage.path(video.web_file.name))
    assert {s["codec_name"] for s in web["streams"]} == {"h264", "aac"}
    # The camera's position is in the original, not in the public copy.
    assert "location" in ffprobe(storages["private"].path(video.file.name))["format"]["tags"]
    assert "location" not in web["format"].get("tags", {})


@pytest.mark.parametrize(
    "content,name",
    [
        (b"Bu bir video degil, sadece metin.\n" * 10, "video.mp4"),
        (photo_bytes(size=(64, 36)), "foto.mp4"),
        (video_bytes("mp4")[:2000], "kesik.mp4"),
    ],
    ids=["text", "jpeg", "truncated"],
)
def test_a_file_ffprobe_cannot_read_is_refused_in_turkish_and_nothing_is_saved(
    editor, content, name
):
    response = upload(editor, content, name=name)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == ["Dosya video olarak okunamadı (ffprobe içinde video bulamadı)."]
    assert Video.objects.count() == 0
    assert not storages["private"].exists("video-originals")


def test_an_oversize_upload_is_refused_before_it_is_read(editor, settings):
    settings.KALEM_MAX_VIDEO_UPLOAD_BYTES = 5 * 1024 * 1024
    response = upload(editor, b"\0" * (5 * 1024 * 1024 + 1))
    assert response.context["form"].errors["file"] == [
        "Video 5 MB'tan büyük; kabul edilen en büyük boyut bu."
    ]
    assert Video.objects.count() == 0


def test_captions_must_be_webvtt(editor):
    response = upload(
        editor,
        video_bytes("mp4"),
        captions_tr=SimpleUploadedFile(
            "altyazi.srt", b"1\n00:00:00,000 --> 00:00:01,000\nMerhaba\n"
        ),
    )
    assert response.context["form"].errors["captions_tr"] == [
        "Altyazı dosyası WebVTT değil: ilk satırı “WEBVTT” olmalı."
    ]
    assert Video.objects.count() == 0


def _processed(**fields):
    video = VideoFactory(**fields)
    video.process()
    assert video.processing_status == Video.READY, video.processing_error
    return video


def test_the_video_block_plays_with_poster_and_both_captions_on_a_page(client, home):
    video = _processed(
        captions_tr=ContentFile(VTT_TR, name="tr.vtt"),
        captions_en=ContentFile(VTT_EN, name="en.vtt"),
    )
    page = StandardPageFactory(body=[("video", {"video": video, "caption": "Açılış konuşması"})])
    publish_child(home, page)
    html = client.get(page.url).content.decode()
    assert f'<video controls preload="none" playsinline poster="{video.poster.url}"' in html
    assert f'<source src="{video.web_file.url}" type="video/mp4">' in html
    assert (
        f'<track kind="captions" srclang="tr" label="Türkçe" src="{video.captions_tr.url}" default>'
        in html
    )
    assert (
        f'<track kind="captions" srclang="en" label="English" src="{video.captions_en.url}">'
        in html
    )
    assert "Açılış konuşması" in html
    assert '<span class="credit">Video: Basın Birimi</span>' in html


@pytest.mark.clock("2026-11-24T10:00")
@pytest.mark.parametrize(
    "rights",
    [
        {"do_not_use": True},
        {"consent_expires": date(2026, 11, 23)},
        {"licence_expires": date(2026, 11, 1)},
    ],
    ids=["do-not-use", "consent-expired", "licence-ended"],
)
def test_a_video_that_may_no_longer_be_used_leaves_the_page(client, home, rights):
    video = _processed()
    page = StandardPageFactory(body=[("video", {"video": video, "caption": ""})])
    publish_child(home, page)
    assert "<video" in client.get(page.url).content.decode()
    Video.objects.filter(pk=video.pk).update(**rights)
    assert "<video" not in client.get(page.url).content.decode()


@pytest.mark.clock("2026-11-24T10:00")
def test_consent_ending_today_still_allows_the_video():
    # The photo archive's rule: consent "until" a day covers that whole day.
    video = VideoFactory(consent_expires=date(2026, 11, 24))
    assert video.is_usable
    assert Video.objects.usable().filter(pk=video.pk).exists()
    video.consent_expires = date(2026, 11, 23)
    assert video.unusable_reason == ("consent", date(2026, 11, 23))


@pytest.mark.indexed
def test_an_editor_replaces_the_poster_and_reprocessing_keeps_it(editor):
    video = _processed()
    url = reverse("wagtailsnippets_archive_video:edit", args=[video.pk])
    form = editor.get(url).context["form"]
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("file", "poster", "tags", "captions_tr", "captions_en")
    }
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), "#c00000").save(buffer, "PNG")
    data["poster"] = SimpleUploadedFile("kapak.png", buffer.getvalue())
    response = editor.post(url, data)
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.poster_from_editor
    video.process()
    with default_storage.open(video.poster.name) as poster:
        assert Image.open(poster).size == (320, 180)


def edit_form_data(client, video):
    form = client.get(reverse("wagtailsnippets_archive_video:edit", args=[video.pk])).context[
        "form"
    ]
    return {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("file", "poster", "tags", "captions_tr", "captions_en")
    }


@pytest.mark.indexed
def test_do_not_use_takes_the_public_copy_and_poster_away_and_untick_brings_them_back(
    editor, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks
    video = _processed()
    web, poster = video.web_file.name, video.poster.name
    assert default_storage.exists(web) and default_storage.exists(poster)
    url = reverse("wagtailsnippets_archive_video:edit", args=[video.pk])
    data = edit_form_data(editor, video)

    with commit(execute=True):
        assert editor.post(url, {**data, "do_not_use": "on"}).status_code == 302
    video.refresh_from_db()
    assert not default_storage.exists(web)
    assert not default_storage.exists(poster)
    assert (video.web_file.name, video.poster.name) == ("", "")
    assert storages["private"].exists(video.file.name)  # the original stays

    data.pop("do_not_use", None)
    with commit(execute=True):
        assert editor.post(url, data).status_code == 302
    video.refresh_from_db()
    assert video.is_playable
    assert default_storage.exists(video.web_file.name)
    with default_storage.open(video.poster.name) as frame:
        assert Image.open(frame).size == (64, 36)


@pytest.mark.indexed
def test_an_editors_poster_waits_in_private_storage_while_the_video_may_not_be_used(
    editor, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks
    video = _processed()
    url = reverse("wagtailsnippets_archive_video:edit", args=[video.pk])
    data = edit_form_data(editor, video)
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), "#c00000").save(buffer, "PNG")
    with commit(execute=True):
        editor.post(url, {**data, "poster": SimpleUploadedFile("kapak.png", buffer.getvalue())})
    video.refresh_from_db()
    poster = video.poster.name

    with commit(execute=True):
        editor.post(url, {**edit_form_data(editor, video), "do_not_use": "on"})
    assert not default_storage.exists(poster)
    assert storages["private"].exists(poster)

    data = edit_form_data(editor, video)
    data.pop("do_not_use", None)
    with commit(execute=True):
        editor.post(url, data)
    video.refresh_from_db()
    assert video.poster.name == poster
    with default_storage.open(poster) as frame:
        assert Image.open(frame).size == (320, 180)
    assert not storages["private"].exists(poster)


@pytest.mark.clock("2026-11-24T10:00")
def test_the_daily_run_withdraws_a_video_whose_consent_ended(django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    from django.core.management import call_command

    video = _processed(consent_expires=date(2026, 11, 30))
    web = video.web_file.name
    with commit(execute=True):
        call_command("withdraw_unusable_photos", stdout=io.StringIO())
    assert default_storage.exists(web)  # consent runs until the 30th
    Video.objects.filter(pk=video.pk).update(consent_expires=date(2026, 11, 23))
    out = io.StringIO()
    with commit(execute=True):
        call_command("withdraw_unusable_photos", stdout=out)
    assert "1 video(s) queued for withdrawal" in out.getvalue()
    assert not default_storage.exists(web)
    assert Video.objects.get(pk=video.pk).web_file.name == ""


def test_press_download_carries_the_credit_in_its_name_and_metadata(
    client, user_with_role, tmp_path
):
    video = _processed(title="Sahil Parkı açılışı", credit_line="Video: Ayşe Yılmaz")
    client.force_login(user_with_role(PRESS))
    response = client.get(reverse("archive_video_download", args=[video.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="sahil-parki-acilisi_video-ayse-yilmaz.mp4"'
    )
    downloaded = tmp_path / "indirilen.mp4"
    downloaded.write_bytes(b"".join(response.streaming_content))
    tags = ffprobe(str(downloaded))["format"]["tags"]
    assert (tags["artist"], tags["title"]) == ("Video: Ayşe Yılmaz", "Sahil Parkı açılışı")
    # Press staff never get the original.
    assert client.get(reverse("archive_video_original", args=[video.pk])).status_code == 302


@pytest.mark.clock("2026-11-24T10:00")
def test_press_cannot_download_a_video_that_may_not_be_used_but_its_editor_can(
    client, user_with_role
):
    video = _processed(do_not_use=True)
    url = reverse("archive_video_download", args=[video.pk])
    client.force_login(user_with_role(PRESS))
    assert client.get(url).status_code == 302  # Wagtail's answer to PermissionDenied
    client.force_login(user_with_role(PHOTO_ARCHIVE))
    assert client.get(url).status_code == 200


@pytest.mark.indexed
def test_album_page_shows_videos_beside_photos_and_the_archive_search_finds_them(client, home):
    index = archive_index(home)
    album = publish_child(index, AlbumFactory(title="Sahil Parkı"))
    video = _processed(
        title="Kurdele kesimi", place="Sahil Parkı", album=album, recorded_on=date(2026, 9, 12)
    )
    hidden = _processed(title="Kurdele provası", album=album, do_not_use=True)
    html = client.get(album.url).content.decode()
    assert f'<source src="{video.web_file.url}"' in html
    assert hidden.web_file.url not in html
    found = client.get(index.url, {"q": "kurdele"})
    assert [v.pk for v in found.context["videos"]] == [video.pk]
    places = next(f for f in found.context["facets"] if f["name"] == "place")
    assert [(o["label"], o["count"]) for o in places["options"]] == [("Sahil Parkı", 1)]
    assert client.get(index.url, {"q": "balkon"}).context["videos"] == []


def test_external_video_embeds_from_youtube_nocookie(client, home):
    url = "https://www.youtube.com/watch?v=abc123XYZ00"
    Embed.objects.create(
        hash=get_embed_hash(url, None, None),
        url=url,
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/abc123XYZ00?feature=oembed"></iframe>',
        provider_name="YouTube",
        width=480,
        height=270,
    )
    page = StandardPageFactory(body=[("embed", url)])
    publish_child(home, page)
    html = client.get(page.url).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/abc123XYZ00?feature=oembed"' in html
    assert "www.youtube.com/embed" not in html
