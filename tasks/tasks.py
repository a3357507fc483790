"""The Celery side's own tasks: Wagtail's scheduled publishing, the replay of tasks kept while the broker was away,
and the heartbeat of every periodic run. Each app keeps its jobs in its own `tasks.py` (resources: extraction and
conversion; search: the index; actors: Sirene; alerts, registrations), declared periodic there when they are."""

from __future__ import annotations

from celery import shared_task
from celery.signals import task_postrun, worker_ready
from django.core.management import call_command

from tasks import dispatch, periodic


@periodic.periodic_job("publish-scheduled-pages", 60.0)
@shared_task(name="tasks.publish_scheduled")
def publish_scheduled() -> None:
    """Wagtail's scheduled publishing and unpublishing, every minute."""
    call_command("publish_scheduled")


@periodic.periodic_job("dispatch-kept-tasks", 60.0)
@shared_task(name="tasks.flush_queued_jobs")
def flush_queued_jobs() -> int:
    return dispatch.flush_queued_jobs()


@worker_ready.connect
def _flush_on_start(sender=None, **kwargs):
    dispatch.flush_queued_jobs()


@task_postrun.connect
def _periodic_heartbeat(sender=None, state=None, retval=None, **kwargs):
    """A periodic task ended, in a worker fed by beat or in the embedded scheduler: heartbeat."""
    if sender is not None and sender.name in periodic.periodic_task_names():
        succeeded = state == "SUCCESS"
        periodic.record_finished(
            sender.name, succeeded, "" if succeeded else f"{state}: {retval!r}"
        )
