"""Background work of the events app (django-tasks)."""

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

# While a load is queued, asking again queues nothing (several staff may press the button).
QUEUED_KEY = "kalem:events:holidays-queued"
QUEUED_FOR = 15 * 60


@task()
def load_upcoming_holidays():
    """Put this year's and next year's official holidays on the calendar (idempotent).

    There is no scheduler: cron runs `load_holidays --upcoming` (see the README), and the
    admin dashboard offers this task when a year is missing."""
    from . import holidays

    years = holidays.upcoming_years()
    added, updated, removed = holidays.load(years)
    cache.delete(QUEUED_KEY)
    return {"years": years, "added": added, "updated": updated, "removed": removed}


def queue_upcoming_holidays():
    """Queue the load once the current transaction commits; False if one is queued already."""
    if not cache.add(QUEUED_KEY, True, QUEUED_FOR):
        return False
    transaction.on_commit(load_upcoming_holidays.enqueue)
    return True
