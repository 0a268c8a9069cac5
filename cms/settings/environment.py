"""Reading Kalem's configuration from environment variables.

Every reader fails with `ConfigurationError`, whose message is one line naming the
variable, so an operator sees at once which value to fix (manage.py and wsgi.py print
just that line).
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured):
    """A bad or missing environment variable."""


def text(name, default=None, *, required=False):
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ConfigurationError(f"{name} must be set (ortam değişkeni {name} tanımlı değil).")
    return default


def boolean(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on", "evet"}:
        return True
    if value in {"0", "false", "no", "off", "hayir", "hayır"}:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a boolean (use 1/0, true/false).")


def integer(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from None


def word_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def database(default_sqlite_path: Path):
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            # IMMEDIATE: the site and the task worker write at the same time in the demo;
            # taking the write lock up front avoids "database is locked" on upgrade.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as error:
        raise ConfigurationError(f"DATABASE_URL is malformed: {error}") from None
    if not config.get("ENGINE"):
        raise ConfigurationError("DATABASE_URL is malformed: no database engine in the scheme.")
    if config["ENGINE"].endswith("sqlite3"):
        config.pop("CONN_MAX_AGE", None)
        config["CONN_HEALTH_CHECKS"] = False
    elif not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL is malformed: it names no database.")
    if config["ENGINE"].endswith("postgresql"):
        # PostgreSQL compiles a query with its JIT once the planner's *estimate* passes
        # jit_above_cost, and the estimates of a page query joined to several page types'
        # tables and filtered by view restrictions run into the hundreds of thousands for
        # twenty rows: 0.4 s of compiling for 0.2 ms of work (the uncached home page, 442
        # → 66 ms). Kalem's queries are all short; options given in the URL are kept.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        if boolean("DATABASE_PREPARED_STATEMENTS", True):
            # Parameters bound by the server, and a statement run five times on a
            # connection prepared there (psycopg's threshold): PostgreSQL then skips
            # parsing and planning it. Kalem's page statements repeat with only their
            # values changing (cms.sql keeps their text), and parsing and planning was most
            # of PostgreSQL's CPU per page: 5.6 → 1.4 ms on the uncached home page. The
            # exceptions (statements planned per value, oversized ones) are in
            # cms/database.py. Off behind a pooler that cannot keep prepared statements
            # (PgBouncer in transaction mode before 1.21), see docs/operations.md.
            options["server_side_binding"] = True
            options["prepare_threshold"] = 5
    return config


def cache(prefix):
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": prefix}
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigurationError(
            f"REDIS_URL={url!r} must start with redis://, rediss:// or unix://."
        )
    return {
        # django-redis: one connection pool per process, and an outage of Redis is
        # logged (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS) and served as cache misses
        # instead of answering 500: the site is slower, not down.
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            # Short timeouts so a dead Redis costs each request milliseconds, not seconds.
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email(default="console://"):
    """Parse EMAIL_URL: smtp://user:password@host:587 (STARTTLS), smtps://…:465 (TLS), console://."""
    url = os.environ.get("EMAIL_URL", "").strip() or default
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_BACKENDS:
        known = ", ".join(sorted(EMAIL_BACKENDS))
        raise ConfigurationError(
            f"EMAIL_URL scheme {parts.scheme!r} is unknown (use one of {known})."
        )
    settings = {"EMAIL_BACKEND": EMAIL_BACKENDS[parts.scheme]}
    if EMAIL_BACKENDS[parts.scheme].endswith("smtp.EmailBackend"):
        if not parts.hostname:
            raise ConfigurationError("EMAIL_URL is malformed: it names no host.")
        try:
            port = parts.port
        except ValueError:
            raise ConfigurationError("EMAIL_URL is malformed: the port is not a number.") from None
        settings.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if parts.scheme == "smtps" else 587),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=parts.scheme != "smtps",
        )
    return settings


def language(name, supported):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return supported[0]
    if value not in supported:
        raise ConfigurationError(
            f"{name}={value!r} is not a supported language ({', '.join(supported)})."
        )
    return value
