"""Media on S3 object storage (an S3 API server on loopback: moto's server mode): public
renditions in the public bucket, originals only in the private bucket and only through a
short-lived pre-signed URL after Kalem's check; `move_media` there and back, verified."""

import hashlib
import io
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from archive.models import Photo
from cms.storage import PrivateS3Storage
from tests.factories.archive import ArchivePhotoFactory

pytestmark = pytest.mark.django_db

ACCESS = {"aws_access_key_id": "kalem-test", "aws_secret_access_key": "kalem-test-secret"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def public_read_policy(bucket):
    import json

    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def buckets(s3_endpoint, settings):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **ACCESS)
    suffix = uuid.uuid4().hex[:8]
    names = SimpleNamespace(public=f"kalem-public-{suffix}", private=f"kalem-private-{suffix}")
    client.create_bucket(Bucket=names.public)
    client.create_bucket(Bucket=names.private)
    # What deploy/ sets up: anyone may read the public bucket, nobody the private one.
    client.put_bucket_policy(Bucket=names.public, Policy=public_read_policy(names.public))
    settings.KALEM_S3 = {
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": ACCESS["aws_access_key_id"],
        "secret_key": ACCESS["aws_secret_access_key"],
        "public_bucket": names.public,
        "private_bucket": names.private,
        "public_domain": "",
        "url_protocol": "http:",
        "signed_url_seconds": 60,
    }
    names.client = client
    return names


def keys(client, bucket):
    listing = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def body(client, bucket, key):
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.fixture
def on_s3(buckets, settings, monkeypatch):
    """STORAGES as production sets them when the buckets are named."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "cms.storage.PublicS3Storage"},
        "private": {"BACKEND": "cms.storage.PrivateS3Storage"},
    }
    # Model fields resolve their storage once, at import; production starts with S3.
    monkeypatch.setattr(Photo._meta.get_field("file"), "storage", storages["private"])
    return buckets


def test_original_goes_to_the_private_bucket_and_renditions_to_the_public_one(on_s3):
    photo = ArchivePhotoFactory(title="Kent meydanı")
    rendition = photo.get_rendition("fill-120x80")

    assert keys(on_s3.client, on_s3.private) == [photo.file.name]
    assert keys(on_s3.client, on_s3.public) == [rendition.file.name]
    # A citizen's browser fetches the rendition without any signature.
    url = rendition.url
    assert "X-Amz-Signature" not in url
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == body(on_s3.client, on_s3.public, rendition.file.name)


def test_private_original_only_through_a_short_signed_link_after_the_check(
    on_s3, client, superuser
):
    photo = ArchivePhotoFactory(title="Gizli toplantı")
    original = body(on_s3.client, on_s3.private, photo.file.name)
    link = photo.file.url
    assert link.startswith("/admin/")

    anonymous = client.get(link)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]

    client.force_login(superuser)
    response = client.get(link)
    assert response.status_code == 302
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    signed = response["Location"]
    assert on_s3.private in signed
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    downloaded = requests.get(signed, timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == original
    # The object itself, without the signature, is refused.
    unsigned = signed.split("?")[0]
    assert requests.get(unsigned, timeout=10).status_code == 403


def test_a_second_file_of_the_same_name_never_overwrites_the_first(buckets):
    storage = PrivateS3Storage()
    first = storage.save("tekzip/mektup.pdf", ContentFile(b"first letter"))
    second = storage.save("tekzip/mektup.pdf", ContentFile(b"second letter"))
    assert first == "tekzip/mektup.pdf"
    assert second != first
    assert body(buckets.client, buckets.private, first) == b"first letter"
    assert body(buckets.client, buckets.private, second) == b"second letter"


def local_files(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_move_media_to_s3_resumes_verifies_and_comes_back(buckets, settings, tmp_path):
    photo = ArchivePhotoFactory(title="Taşınacak fotoğraf")
    rendition = photo.get_rendition("fill-60x40")
    (settings.PRIVATE_MEDIA_ROOT / "tekzip").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "tekzip" / "mektup.pdf").write_bytes(b"%PDF-1.4 tekzip")
    public_before = local_files(settings.MEDIA_ROOT)
    private_before = local_files(settings.PRIVATE_MEDIA_ROOT)
    assert rendition.file.name in public_before
    assert len(private_before) == 2

    # Interrupted after one file, then run again: it finishes without copying twice.
    first = io.StringIO()
    call_command("move_media", to="s3", limit=1, stdout=first)
    assert "Stopped after 1 files" in first.getvalue()
    second = io.StringIO()
    call_command("move_media", to="s3", stdout=second)
    assert "already there" in second.getvalue()
    assert "Copied 2 files, 1 were already there" in second.getvalue()
    assert "SHA-256 matches" in second.getvalue()
    assert keys(buckets.client, buckets.public) == sorted(public_before)
    assert keys(buckets.client, buckets.private) == sorted(private_before)
    for name, digest in private_before.items():
        stored = body(buckets.client, buckets.private, name)
        assert hashlib.sha256(stored).hexdigest() == digest

    # Back to empty folders on another machine: the same bytes come home.
    settings.MEDIA_ROOT = tmp_path / "back" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "back" / "private"
    call_command("move_media", to="local", stdout=io.StringIO())
    assert local_files(settings.MEDIA_ROOT) == public_before
    assert local_files(settings.PRIVATE_MEDIA_ROOT) == private_before


def test_move_media_verification_finds_a_damaged_copy(buckets, settings):
    (settings.PRIVATE_MEDIA_ROOT / "raporlar").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "raporlar" / "ekim.pdf").write_bytes(b"%PDF-1.4 rapor")
    settings.MEDIA_ROOT.mkdir(parents=True)
    call_command("move_media", to="s3", stdout=io.StringIO())
    # Same size, different bytes: only the SHA-256 pass can tell.
    buckets.client.put_object(
        Bucket=buckets.private, Key="raporlar/ekim.pdf", Body=b"%PDF-1.4 RAPOR"
    )
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 files differ"):
        call_command("move_media", to="s3", stdout=io.StringIO(), stderr=errors)
    assert "private:raporlar/ekim.pdf differs (SHA-256)" in errors.getvalue()


def production_storages(**variables):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KALEM_S3_", "DATABASE_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k7$Qe9!vR2#mZ8pL4wX6yT1uN3bH5jD0cF7gS9aK2eM4rV6tY8iO1pQ3zW5xC7nB",
        ALLOWED_HOSTS="www.ornekkoy.bel.tr",
        **variables,
    )
    code = (
        "from django.conf import settings; s = settings.STORAGES; "
        "print(s['default']['BACKEND'], s['private']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_puts_media_on_s3_when_both_buckets_are_named():
    result = production_storages(
        KALEM_S3_PUBLIC_BUCKET="kalem-public", KALEM_S3_PRIVATE_BUCKET="kalem-private"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cms.storage.PublicS3Storage", "cms.storage.PrivateS3Storage"]


def test_production_refuses_half_an_object_storage_configuration():
    result = production_storages(KALEM_S3_PUBLIC_BUCKET="kalem-public")
    assert result.returncode != 0
    assert "KALEM_S3_PUBLIC_BUCKET and KALEM_S3_PRIVATE_BUCKET must be set together" in (
        result.stderr
    )
