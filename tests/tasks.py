"""The tests' task backend: every task runs at once, as django-tasks' ImmediateBackend
runs it, except the two index updates Wagtail queues after every save, which run only in
tests marked `indexed` (tests/conftest.py, `index_updates`).

Why: a published page is saved three times (added, revised, published), and each save
queued an update of the search index and one of the reference index. In production the
worker runs them after the request; in tests they ran inline and were a fifth of the
suite's CPU, for the tests that read either index (a search, a "used by" count, the
videos a page shows). Those tests say so with the marker, and a test that reads either
index without it fails (tests/conftest.py, `index_updates`) rather than pass on an empty
one.
"""

from django_tasks.backends.immediate import ImmediateBackend

INDEX_UPDATES = {
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
}

# Set per test by tests/conftest.py; one flag for the process, so that a live server's
# threads follow the test that started them.
index_updates = False


class TestTaskBackend(ImmediateBackend):
    def _execute_task(self, task_result):
        if not index_updates and task_result.task.module_path in INDEX_UPDATES:
            return  # left queued (READY), as if the worker had not reached it yet
        super()._execute_task(task_result)
