import gc
import os
import sys

from django.core.wsgi import get_wsgi_application

from cms.settings.environment import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    sys.exit(f"Kalem configuration error: {error}")

# The objects made at start-up (modules, settings, models, apps) live as long as the
# process. Frozen, the collector's full passes leave them out: at the start they were
# about 240,000 objects and a full pass over them took about 180 ms, one request in ten
# or twenty (the unfiltered archive at 100,000 photos: p50 88 ms, p95 280 ms, bench/scale.py,
# issue 20). gunicorn loads this module in each worker, or once before forking with
# --preload, where freezing also keeps the shared pages from being copied.
gc.collect()
gc.freeze()
