"""Jobs are enqueued by task object: a name string is refused at once, never kept in the outbox where no
worker could run it; a task object goes out after the commit, under its registered name."""

from __future__ import annotations

import pytest

from search.tasks import index_page
from tasks.dispatch import enqueue
from tasks.models import QueuedJob


@pytest.mark.django_db
def test_a_task_name_string_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(TypeError, match="Celery task object"):
            enqueue("tasks.index_pgae", 1)
    assert callbacks == [] and not QueuedJob.objects.exists()


@pytest.mark.django_db
def test_a_task_object_is_sent_after_the_commit(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("tasks.dispatch._send", lambda name, args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(index_page, 42)
        assert sent == []  # not before the commit
    assert sent == [("tasks.index_page", [42])]
