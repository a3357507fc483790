"""Sending tasks after the transaction commits, without ever losing one.

If the broker cannot take a task (Redis down), the task is written to the database (QueuedJob) and sent
again by `flush_queued_jobs`: on the next successful dispatch, when a worker starts, or by the
`dispatch_queued_jobs` command. Nothing an editor does fails because the broker is away.
"""

from __future__ import annotations

import logging

from celery import Task, current_app
from django.db import transaction

from tasks.models import QueuedJob

logger = logging.getLogger(__name__)


def _send(task_name: str, args: list) -> None:
    """Hand the task to Celery's current app (config/celery.py makes it current in every process): the dispatcher
    never imports the project's configuration."""
    app = current_app
    app.send_task(task_name, args=args) if not app.conf.task_always_eager else app.tasks[
        task_name
    ].apply(args=args)


def _send_or_keep(task_name: str, args: list) -> bool:
    try:
        _send(task_name, args)
    except Exception as exc:  # kombu/redis raise many kinds: any failure to hand over means keep it
        logger.warning(
            "broker unavailable, keeping %s%s for later: %s", task_name, tuple(args), exc
        )
        QueuedJob.objects.create(task_name=task_name, args=args, last_error=str(exc)[:1000])
        return False
    flush_queued_jobs()
    return True


def enqueue(task: Task, *args) -> None:
    """Send `task(*args)` once the current transaction has committed. Callers pass the task object itself, so a
    mistyped task fails when its module is imported, never as a job in the outbox that no worker can run."""
    if not isinstance(task, Task):
        raise TypeError(f"enqueue() takes a Celery task object, not {task!r}")
    name = task.name
    transaction.on_commit(lambda: _send_or_keep(name, list(args)), robust=True)


def flush_queued_jobs(limit: int = 500) -> int:
    """Send the jobs kept while the broker was away, oldest first. Returns how many were sent."""
    sent = 0
    for job in QueuedJob.objects.all()[:limit]:
        try:
            _send(job.task_name, job.args)
        except Exception as exc:
            QueuedJob.objects.filter(pk=job.pk).update(
                attempts=job.attempts + 1, last_error=str(exc)[:1000]
            )
            break
        job.delete()
        sent += 1
    return sent
