"""Background work of the weekly reports (django-tasks)."""

from django_tasks import task


@task()
def build_weekly_report(compiled_id):
    """Compile the mayor's weekly report of a queued request (archive.weekly.compile)."""
    from .compile import build

    return build(compiled_id)
