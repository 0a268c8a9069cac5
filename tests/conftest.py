import contextlib
import datetime as dt
import io
import os
import zoneinfo

import pytest
import time_machine
from django.core.files.images import ImageFile
from PIL import Image

from cms.roles import apply_grants, registered_grants

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")


def instant(value):
    """An ISO 8601 date and time; without an offset it is Istanbul time."""
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=ISTANBUL)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Sets the clock around a test's setup, call and teardown (so its fixtures are built
    at the same instant):

    - `@pytest.mark.clock("2027-06-02T10:00")`: a test whose outcome depends on the date
      pins it (the clock ticks on from there unless `tick=False`);
    - otherwise KALEM_TEST_NOW, if set: CI runs one pass of the suite at a hard date (a
      Sunday night at the year end), so a test that depends on the day it runs fails in
      CI, not on some Sunday next year.
    """
    marker = item.get_closest_marker("clock")
    if marker is not None:
        destination, tick = instant(marker.args[0]), marker.kwargs.get("tick", True)
    elif os.environ.get("KALEM_TEST_NOW", "").strip():
        destination, tick = instant(os.environ["KALEM_TEST_NOW"].strip()), True
    else:
        return (yield)
    with time_machine.travel(destination, tick=tick):
        return (yield)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture, with databases copied from one migrated template
    (tests/testdb.py) instead of migrated in every worker."""
    from pytest_django.fixtures import _get_databases_for_setup

    from tests.testdb import setup_test_database

    _aliases, serialized = _get_databases_for_setup(request.session.items)
    keep = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        database = setup_test_database(serialize=bool(serialized), keep=keep)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            database.teardown()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def turkish_after_each_test():
    """A request to /en/ switches the thread to English; the next test must start in
    Turkish, as a fresh request would."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        # Redis: only this worker's keys (FLUSHDB would empty the other workers' too).
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture
def home(db):
    from cms.models import HomePage

    return HomePage.objects.get(depth=2, locale__language_code="tr")


@pytest.fixture
def roles(db):
    """The staff groups with every permission the apps grant them."""
    apply_grants(list(registered_grants()))


@pytest.fixture
def user_with_role(roles, django_user_model):
    def make(role, username=None):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(
            username=username or role.lower().replace(" ", "-"), password="test-password"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def superuser(django_user_model, db):
    return django_user_model.objects.create_superuser("root", "root@example.com", "test-password")


def jpeg_bytes(size=(320, 200), color="#0b4f8a", **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


@pytest.fixture
def jpeg():
    return jpeg_bytes


@pytest.fixture
def image_file():
    def make(name="photo.jpg", size=(320, 200)):
        return ImageFile(io.BytesIO(jpeg_bytes(size)), name=name)

    return make


def pytest_terminal_summary(terminalreporter):
    """Say where the browser tests put their screenshots (one per journey step and page
    type, at phone and desktop size), so they can be looked at after `make test`."""
    from tests.e2e.browser import SCREENSHOTS

    shots = list(SCREENSHOTS.glob("*/*.png")) if SCREENSHOTS.exists() else []
    if shots:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(shots)} screenshots in {SCREENSHOTS}")


def pytest_collection_modifyitems(items):
    """Transactional tests (browser tests, backups, concurrent numbering) end by emptying
    the database. `make test` runs them in a pytest run of their own, after the others, so
    no test that expects the migrations' data (home page, site, roles) runs after one on
    the same xdist worker."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction"):
            item.add_marker(pytest.mark.flushes_db)
        if item.get_closest_marker("browser"):
            # The pages are served from another thread, out of `index_updates`' sight;
            # the journeys search, so every browser test keeps the indexes up to date.
            item.add_marker(pytest.mark.indexed)


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    from cms import sms

    sms.outbox.clear()


# Wagtail's search index (modelsearch's table; on SQLite also its FTS table) and its
# reference index ("used by").
INDEX_TABLES = ("wagtailsearch_indexentry", "modelsearch_indexentry", "wagtailcore_referenceindex")


@pytest.fixture(autouse=True)
def index_updates(request):
    """Saves update the search and reference indexes, as the worker does in production,
    only in a test marked `indexed` (tests/tasks.py says why); elsewhere their tasks wait
    unrun, and a test that reads either index fails with a note to mark it."""
    from django.db import connections

    from tests import tasks

    marked = request.node.get_closest_marker("indexed") is not None
    tasks.index_updates = marked
    if marked:
        yield
        tasks.index_updates = False
        return

    def refuse_index_reads(execute, sql, params, many, context):
        # Deleting a row still removes its entries at once (Wagtail does that in the request).
        writes = sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE")
        if not writes and any(table in sql for table in INDEX_TABLES):
            pytest.fail(
                "This test reads the search or reference index, which saves update only "
                "in tests marked @pytest.mark.indexed (tests/tasks.py): mark it.",
                pytrace=False,
            )
        return execute(sql, params, many, context)

    with contextlib.ExitStack() as wrappers:
        for alias in connections:
            wrappers.enter_context(connections[alias].execute_wrapper(refuse_index_reads))
        yield
