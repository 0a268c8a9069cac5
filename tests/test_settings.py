"""Configuration from the environment: production is safe, bad values stop start-up
with one line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cms.settings import environment as env

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k7$Qe9!vR2#mZ8pL4wX6yT1uN3bH5jD0cF7gS9aK2eM4rV6tY8iO1pQ3zW5xC7nB",
    "ALLOWED_HOSTS": "www.ornekkoy.bel.tr",
}


def manage(*args, **environment):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    base.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    environment = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", **environment)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Kalem configuration error: SECRET_KEY must be set"
        " (ortam değişkeni SECRET_KEY tanımlı değil)."
    ]


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", **{**PRODUCTION_ENV, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("DATABASE_URL", "postgres//nohost", "DATABASE_URL"),
        ("DATABASE_URL", "mysqlx://u@h/db", "DATABASE_URL"),
        ("LANGUAGE_CODE", "de", "LANGUAGE_CODE"),
        ("REDIS_URL", "http://localhost:6379", "REDIS_URL"),
        ("EMAIL_URL", "pigeon://loft", "EMAIL_URL"),
        ("DEBUG", "maybe", "DEBUG"),
    ],
)
def test_bad_environment_value_stops_start_up_with_one_line(variable, value, named):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Kalem configuration error:")
    assert named in lines[0]


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kalem")
    config = env.database(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "kalem"
    assert config["HOST"] == "127.0.0.1"


def test_without_database_url_the_default_is_a_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_redis_url_selects_the_redis_cache(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    assert env.cache("kalem")["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    monkeypatch.delenv("REDIS_URL")
    assert env.cache("kalem")["BACKEND"].endswith("LocMemCache")


def test_email_url_gives_smtp_settings(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtps://basin%40ornekkoy.bel.tr:s%C4%B1r@mail.ornekkoy.bel.tr")
    settings = env.email()
    assert settings["EMAIL_HOST"] == "mail.ornekkoy.bel.tr"
    assert settings["EMAIL_PORT"] == 465
    assert settings["EMAIL_HOST_USER"] == "basin@ornekkoy.bel.tr"
    assert settings["EMAIL_HOST_PASSWORD"] == "sır"
    assert settings["EMAIL_USE_SSL"] is True


def test_turkish_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "tr"
    assert settings.TIME_ZONE == "Europe/Istanbul"
    assert [code for code, _ in settings.LANGUAGES] == ["tr", "en"]


def test_pillow_refuses_images_above_the_configured_pixel_limit(settings):
    from PIL import Image

    assert Image.MAX_IMAGE_PIXELS == settings.KALEM_MAX_IMAGE_PIXELS
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.KALEM_MAX_IMAGE_PIXELS
