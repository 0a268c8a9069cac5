"""Django set up on a throwaway SQLite database and media folder, for the benchmarks."""

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def configure(workdir, **environment):
    """Point Django at `workdir` (database, media, static) and set it up."""
    sys.path.insert(0, str(PROJECT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="0",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="ERROR",
        **environment,
    )
    (workdir / "static").mkdir(exist_ok=True)
    import django

    django.setup()
