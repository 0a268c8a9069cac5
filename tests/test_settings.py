"""Configuration from the environment: production is safe, bad values stop start-up
with one line naming the variable."""

import http.client
import os
import socket
import subprocess
import sys
import time
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
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a server never has it.
        if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
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


def test_postgresql_connections_turn_the_jit_off_and_keep_the_urls_options(monkeypatch, tmp_path):
    url = "postgres://postgres@127.0.0.1:5432/kalem?options=-c%20statement_timeout%3D5000"
    monkeypatch.setenv("DATABASE_URL", url)
    config = env.database(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL's JIT: the SQLite pass has none",
)
@pytest.mark.django_db
def test_the_running_postgresql_connection_has_the_jit_off():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_postgresql_statements_are_bound_and_prepared_by_the_server_unless_turned_off(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kalem")
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    options = env.database(tmp_path / "db.sqlite3")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5

    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")  # behind PgBouncer < 1.21
    options = env.database(tmp_path / "db.sqlite3")["OPTIONS"]
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL's prepared statements: the SQLite pass has none",
)
@pytest.mark.django_db
def test_a_page_statement_run_again_is_prepared_on_the_postgresql_connection():
    from django.db import connection
    from wagtail.models import Page

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    from cms.database import planned_per_value

    def run_six_times(field):
        for value in range(1, 7):  # the same statement, with a different value each time
            list(Page.objects.filter(**{field: value}).values_list("title", flat=True))

    run_six_times("depth")
    statements = [sql for sql in prepared() if '"wagtailcore_page"."depth" = $1' in sql]
    assert len(statements) == 1
    # Statements whose plan depends on their values are planned for them each time.
    with planned_per_value():
        run_six_times("numchild")
    assert not [sql for sql in prepared() if '"wagtailcore_page"."numchild" = $1' in sql]


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL's limit on bound parameters: SQLite has its own, which Django batches",
)
@pytest.mark.django_db
def test_a_statement_with_more_parameters_than_the_server_binds_still_runs():
    from django.db import connection
    from wagtail.models import Page

    from cms.database import MAX_BOUND_PARAMETERS

    pks = list(Page.objects.values_list("pk", flat=True))
    asked = [*pks, *range(10**9, 10**9 + MAX_BOUND_PARAMETERS)]  # 65,535 ids no page has
    assert Page.objects.filter(pk__in=asked).count() == len(pks)
    # Bound by the server, the same statement is refused by the protocol: the fallback
    # is what runs it.
    with connection.cursor() as cursor:
        from django.db.backends.postgresql.base import ServerBindingCursor

        bound = ServerBindingCursor(connection.connection)
        with pytest.raises(Exception, match="number of parameters must be between"):
            bound.execute(
                "SELECT COUNT(*) FROM wagtailcore_page WHERE id = ANY(ARRAY[%s])".replace(
                    "%s", ", ".join(["%s"] * len(asked))
                ),
                asked,
                prepare=False,
            )
        cursor.execute("SELECT 1")  # the connection is usable afterwards


def test_without_database_url_the_default_is_a_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_redis_url_gives_a_cache_that_survives_an_outage(monkeypatch):
    from django.utils.module_loading import import_string

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:9/1")  # nothing listens there
    config = env.cache("kalem")
    backend = import_string(config["BACKEND"])(config["LOCATION"], config)

    backend.set("anahtar", "değer")
    assert backend.get("anahtar", "yok") == "yok"
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module", params=["default", "hsts-opt-in"])
def production_server(request, tmp_path_factory):
    """gunicorn as README's production notes start it (gunicorn.conf.py from the project
    folder, cms.settings.production), on a loopback port."""
    workdir = tmp_path_factory.mktemp("production")
    port = free_port()
    environment = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{workdir}/kalem.sqlite3",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "ERROR",
    }
    if request.param == "hsts-opt-in":
        environment.update(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.3)
    yield request.param, port
    server.terminate()
    server.wait(timeout=30)


def fetch(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": "www.ornekkoy.bel.tr", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_production_server_sends_the_security_headers_and_does_not_name_itself(
    production_server,
):
    variant, port = production_server
    response = fetch(port, "/robots.txt", **{"X-Forwarded-Proto": "https"})

    assert response.status == 200
    assert response.getheader("Server") is None
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    expected_hsts = {
        "default": "max-age=31536000",
        "hsts-opt-in": "max-age=31536000; includeSubDomains; preload",
    }[variant]
    assert response.getheader("Strict-Transport-Security") == expected_hsts


def test_production_server_sends_plain_http_to_https(production_server):
    _, port = production_server
    response = fetch(port, "/robots.txt")

    assert response.status == 301
    assert response.getheader("Location") == "https://www.ornekkoy.bel.tr/robots.txt"
    assert response.getheader("Server") is None


def test_pillow_refuses_an_image_over_the_configured_pixel_limit_before_decoding(settings):
    import io
    import struct
    import zlib

    from PIL import Image

    # A PNG whose header claims more than twice the limit: Pillow must stop at the header.
    side = int((2 * settings.KALEM_MAX_IMAGE_PIXELS) ** 0.5) + 10
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"")
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(png))


def test_a_server_process_keeps_its_start_up_objects_out_of_full_collections(tmp_path):
    # A full collection over the objects made at start-up took about 180 ms, one request
    # in ten or twenty (bench/scale.py: the unfiltered archive's p95 280 ms, p50 88 ms).
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path}/kalem.sqlite3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "ERROR",
    }
    script = (
        "import gc; print(gc.get_freeze_count()); import cms.wsgi; print(gc.get_freeze_count())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    before, after = (int(line) for line in result.stdout.split())
    assert before == 0
    assert after > 100_000  # Django, Wagtail and the apps' modules and models
