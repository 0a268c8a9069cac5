import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# SMS go to cms.sms.outbox, never to a gateway.
KALEM_SMS_BACKEND = "cms.sms.LocmemSMSBackend"
# Local memory, or with REDIS_URL (the Redis pass of `make test`) the production client,
# under a key prefix per xdist worker so that workers sharing one Redis database never
# clear each other's keys (see tests/conftest.py, empty_cache).
CACHES = {"default": env.cache(f"kalem-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")}
STORAGES = {
    "default": {"BACKEND": "cms.storage.TurkishFileSystemStorage"},
    "private": {"BACKEND": "cms.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tasks run at once; the index updates after a save only in tests marked `indexed`.
TASKS = {"default": {"BACKEND": "tests.tasks.TestTaskBackend"}}
# Static files come straight from the app folders in tests; nothing is collected.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
# A small confidential model for tests/test_confidentiality.py (migrations included, so
# `makemigrations --check` stays clean under these settings).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.confidential_app"]  # noqa: F405
# The API's per-address limit is tested on its own (tests/test_api_limits.py): the
# suite's own requests all come from one address.
KALEM_API_RATE_LIMIT = ""
# Every statement kept by cms.sql.compiled is compiled again and compared on each use.
KALEM_VERIFY_COMPILED = True
# The page cache is tested on its own (tests/test_page_cache.py): elsewhere a test that
# changes a row and reads the page again means to see what the view makes now.
KALEM_PAGE_CACHE_SECONDS = env.integer("KALEM_PAGE_CACHE_SECONDS", 0)
