"""The tests' own rule for Wagtail's index updates (tests/tasks.py): they run only in
tests marked `indexed`, and an unmarked test that reads an index fails instead of
passing on an empty one. If a Wagtail upgrade renamed the tasks, the first test here
would see them run again; if the guard stopped watching, the second would pass a read."""

import pytest
from django_tasks import TaskResultStatus
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, ReferenceIndex
from wagtail.tasks import update_reference_index_task

from tests.factories.cms import StandardPageFactory, publish_child

pytestmark = pytest.mark.django_db


def queued_for(page):
    args = (page._meta.app_label, page._meta.model_name, str(page.pk))
    return [insert_or_update_object_task.enqueue(*args), update_reference_index_task.enqueue(*args)]


def test_without_the_marker_the_index_updates_wait_and_reading_an_index_fails(home):
    page = publish_child(home, StandardPageFactory(title="Asfalt Çalışması"))
    assert [result.status for result in queued_for(page)] == [TaskResultStatus.READY] * 2
    with pytest.raises(pytest.fail.Exception, match="mark it"):
        list(Page.objects.live().search("asfalt"))
    with pytest.raises(pytest.fail.Exception, match="mark it"):
        ReferenceIndex.objects.count()


@pytest.mark.indexed
def test_with_the_marker_a_published_page_is_indexed_and_found(home):
    page = publish_child(home, StandardPageFactory(title="Asfalt Çalışması"))
    assert [result.status for result in queued_for(page)] == [TaskResultStatus.SUCCESSFUL] * 2
    assert [found.title for found in Page.objects.live().search("asfalt")] == ["Asfalt Çalışması"]
