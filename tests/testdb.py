"""Test databases copied from one migrated template.

Migrating an empty database takes about 45 seconds of CPU. pytest-django would do it in
every xdist worker, and on SQLite (in memory) again in every pytest run, so `make test`
migrated five times on two engines. Here the first worker migrates a template under a
file lock and every worker copies it: PostgreSQL with `CREATE DATABASE ... TEMPLATE`,
SQLite through sqlite3's backup API into its in-memory database.

The template is named after a hash of the project's Python code (migrations import the
apps' code for their data) and of the installed packages, so a change to either builds a
new one; nothing else decides whether it is current. `--reuse-db` keeps a worker's
database between runs (the Redis and transactional runs of `make test`), `--create-db`
copies it anew from the template.
"""

import contextlib
import fcntl
import hashlib
import importlib.metadata
import sqlite3
import sysconfig
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
CODE = ("cms", "press", "events", "archive", "tests/confidential_app")


def code_hash():
    digest = hashlib.sha256()
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    # Installed packages only: under pytest the checkout itself is on sys.path too.
    site = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    distributions = importlib.metadata.distributions(path=sorted(site))
    packages = sorted({f"{d.name}=={d.version}" for d in distributions})
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:10]


@contextlib.contextmanager
def locked(name):
    with open(Path(tempfile.gettempdir()) / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def migrate_into(connection, name):
    """Migrates a new database called `name` (Django's own test database creation)."""
    test_settings = connection.settings_dict["TEST"]
    configured, test_settings["NAME"] = test_settings.get("NAME"), name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    test_settings["NAME"] = configured


def point_at(connection, name):
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name


class PostgreSQL:
    def __init__(self, connection):
        self.connection = connection
        self.original_name = connection.settings_dict["NAME"]
        self.target = connection.creation._get_test_db_name()
        place = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
        self.prefix = f"test_{self.original_name[:24]}_t{place}_"

    def exists(self, cursor, name):
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None

    def setup(self, keep):
        template = self.prefix + code_hash()
        quote = self.connection.ops.quote_name
        with locked(self.prefix):
            with self.connection._nodb_cursor() as cursor:
                missing = not self.exists(cursor, template)
            if missing:
                migrate_into(self.connection, template)
                point_at(self.connection, self.original_name)
                with self.connection._nodb_cursor() as cursor:
                    # Older templates of this checkout (the code has changed since).
                    cursor.execute(
                        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                        [self.prefix.replace("_", r"\_") + "%", template],
                    )
                    for (old,) in cursor.fetchall():
                        cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                    " WHERE datname = %s",
                    [self.target],
                )
                row = cursor.fetchone()
                if not (keep and row and row[0] == template):
                    cursor.execute(f"DROP DATABASE IF EXISTS {quote(self.target)}")
                    cursor.execute(
                        f"CREATE DATABASE {quote(self.target)} TEMPLATE {quote(template)}"
                    )
                    # Which template the copy came from: --reuse-db keeps it only if current.
                    # A utility statement takes no bound parameter (server-side binding).
                    comment = self.connection.ops.compose_sql(
                        f"COMMENT ON DATABASE {quote(self.target)} IS %s", [template]
                    )
                    cursor.execute(comment)
        point_at(self.connection, self.target)

    def teardown(self):
        point_at(self.connection, self.original_name)
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(self.target)}")


class SQLite:
    """The template is a file; each worker's test database stays in memory."""

    def __init__(self, connection):
        self.connection = connection

    def setup(self, keep):
        place = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
        prefix = f"kalem-test-{place}-"
        template = Path(tempfile.gettempdir()) / f"{prefix}{code_hash()}.sqlite3"
        with locked(prefix):
            if not template.exists():
                for old in template.parent.glob(f"{prefix}*.sqlite3"):
                    old.unlink()
                building = template.with_suffix(".building")
                migrate_into(self.connection, str(building))
                building.rename(template)
            self.connection.settings_dict["TEST"]["NAME"] = None
            memory = self.connection.creation._get_test_db_name()
            copy = sqlite3.connect(memory, uri=True)
            source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
            source.backup(copy)
            source.close()
        point_at(self.connection, memory)
        # The in-memory database lives while a connection to it is open.
        self.connection.connect()
        copy.close()

    def teardown(self):
        self.connection.close()


def setup_test_database(serialize, keep):
    connection = connections["default"]
    database = (PostgreSQL if connection.vendor == "postgresql" else SQLite)(connection)
    database.setup(keep)
    if serialize:
        # For transactional tests with serialized_rollback: the migrations' data.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return database
