"""Backups that are proven by restoring them (`manage.py backup`, `manage.py restore`).

A backup is a folder:

    manifest.json          what is inside: row counts of every table, SHA-256 of every file
    database.dump          pg_dump custom format (PostgreSQL), or
    database.sqlite3       a copy made through SQLite's online backup API
    storage/default/...    every file of the public storage (renditions, documents)
    storage/private/...    every file of the private storage (originals, tekzip, reports)

On PostgreSQL the row counts and pg_dump read one exported snapshot, so the manifest
describes exactly the dump even while editors keep working. Files are never overwritten
in Kalem's storages, so listing them after the snapshot finds every file it refers to.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import dj_database_url
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.db.utils import load_backend
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
STORAGE_ALIASES = ("default", "private")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def sha256_of(fileobj):
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def storage_files(storage, folder=""):
    """Every file name in `storage`, walking its folders (none if its folder is not made yet)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, str(PurePosixPath(folder, sub)) if folder else sub)


def storage_hashes(storage):
    hashes = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as handle:
            hashes[name] = sha256_of(handle)
    return hashes


def is_postgresql(connection):
    return connection.vendor == "postgresql"


def table_counts(cursor, table_names):
    counts = {}
    for table in sorted(table_names):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def pg_environment(settings_dict):
    environment = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")]:
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return environment


def run(command, environment=None):
    # Fixed programs (pg_dump, pg_restore) with arguments built here, never a shell.
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def dump_postgresql(connection, target):
    """pg_dump of the database, and the row counts of the same snapshot."""
    params = connection.get_connection_params()
    snapshot_connection = connection.get_new_connection(params)
    try:
        snapshot_connection.autocommit = False
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            counts = table_counts(cursor, [row[0] for row in cursor.fetchall()])
            run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    connection.settings_dict["NAME"],
                ],
                pg_environment(connection.settings_dict),
            )
        snapshot_connection.rollback()
    finally:
        snapshot_connection.close()
    return counts


def copy_sqlite(connection, target):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        names = [row[0] for row in cursor.fetchall() if not row[0].startswith("sqlite_")]
        return table_counts(cursor, names)
    finally:
        copy.close()


def make_backup(destination, log=print):
    """Write a backup of the default database and both storages into `destination`, which
    must not exist yet or be empty (a backup is never written over another)."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; a backup needs a new folder.")
    destination.mkdir(parents=True, exist_ok=True)
    connection = connections["default"]
    if is_postgresql(connection):
        database_file, engine = "database.dump", "postgresql"
        log("Dumping the PostgreSQL database (pg_dump, custom format)…")
        counts = dump_postgresql(connection, destination / database_file)
    elif connection.vendor == "sqlite":
        database_file, engine = "database.sqlite3", "sqlite"
        log("Copying the SQLite database (online backup)…")
        counts = copy_sqlite(connection, destination / database_file)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    with open(destination / database_file, "rb") as handle:
        database_hash = sha256_of(handle)

    files = {}
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        files[alias] = {}
        for name in storage_files(storage):
            target = destination / "storage" / alias / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                    digest.update(chunk)
                    copy.write(chunk)
            files[alias][name] = digest.hexdigest()
        log(f"Copied {len(files[alias])} files of the {alias} storage.")

    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": {"engine": engine, "file": database_file, "sha256": database_hash},
        "counts": counts,
        "files": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    log(f"Backup written to {destination}: {sum(counts.values())} rows in {len(counts)} tables.")
    return manifest


def read_manifest(source):
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: unknown backup format {manifest.get('format')!r}.")
    return manifest


def check_backup(source, manifest):
    """Refuse a backup whose own files no longer match their hashes."""
    source = Path(source)
    database = manifest["database"]
    with open(source / database["file"], "rb") as handle:
        if sha256_of(handle) != database["sha256"]:
            raise BackupError(f"{database['file']} does not match its SHA-256 in the manifest.")
    for alias, files in manifest["files"].items():
        for name, expected in files.items():
            with open(source / "storage" / alias / name, "rb") as handle:
                if sha256_of(handle) != expected:
                    raise BackupError(f"storage/{alias}/{name} does not match its SHA-256.")


@contextmanager
def database_connection(url=None):
    """The Django connection of `url` (a DATABASE_URL), or the default one."""
    if not url:
        yield connections["default"]
        return
    # A connection of its own, not registered among the project's databases.
    alias = "kalem_restore_target"
    config = connections.configure_settings({"default": {}, alias: dj_database_url.parse(url)})
    target = load_backend(config[alias]["ENGINE"]).DatabaseWrapper(config[alias], alias)
    try:
        yield target
    finally:
        target.close()


def existing_tables(connection):
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore_database(source, manifest, connection):
    engine = manifest["database"]["engine"]
    if engine != connection.vendor:
        raise BackupError(
            f"The backup is of a {engine} database; the target is {connection.vendor}."
        )
    dump = Path(source) / manifest["database"]["file"]
    if engine == "postgresql":
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            pg_environment(connection.settings_dict),
        )
    else:
        connection.close()
        backup = sqlite3.connect(dump)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            backup.backup(target)
        finally:
            backup.close()
            target.close()


def check_storages_empty():
    for alias in STORAGE_ALIASES:
        if next(iter(storage_files(storages[alias])), None) is not None:
            raise BackupError(f"The {alias} storage is not empty; restore only into empty storage.")


def restore_files(source, manifest, log=print):
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in manifest["files"].get(alias, {}):
            with open(Path(source) / "storage" / alias / name, "rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{alias}:{name} was stored as {saved}.")
        log(f"Restored {len(manifest['files'].get(alias, {}))} files of the {alias} storage.")


def verify(manifest, connection):
    """Differences between the manifest and what the database and storages hold now: a
    list of lines, empty when everything matches."""
    problems = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = table_counts(cursor, [t for t in tables if t in manifest["counts"]])
    for table, expected in sorted(manifest["counts"].items()):
        if table not in counts:
            problems.append(f"table {table} is missing")
        elif counts[table] != expected:
            problems.append(f"table {table}: {counts[table]} rows, the backup has {expected}")
    for alias, files in manifest["files"].items():
        present = storage_hashes(storages[alias])
        for name, expected in sorted(files.items()):
            if name not in present:
                problems.append(f"{alias}:{name} is missing")
            elif present[name] != expected:
                problems.append(f"{alias}:{name} differs (SHA-256)")
    return problems


def restore_backup(source, database_url=None, check=False, log=print):
    manifest = read_manifest(source)
    check_backup(source, manifest)
    with database_connection(database_url) as connection:
        # Both targets are checked before anything is written: no half-restored state.
        if existing_tables(connection):
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty; "
                "restore only into a new, empty database."
            )
        check_storages_empty()
        log(f"Restoring the database into {connection.settings_dict['NAME']}…")
        restore_database(source, manifest, connection)
        restore_files(source, manifest, log)
        problems = verify(manifest, connection) if check else []
    return manifest, problems
