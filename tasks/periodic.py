"""Periodic jobs: each is declared next to its task, with `periodic_job(name, schedule)`, and this registry is the
one list. Celery beat reads it in the full stack (config/celery.py fills `beat_schedule` from it once the apps are
loaded); `manage.py run_scheduler` (started by `make run` beside the server) runs it on the embedded default, each
due entry in-process. The scheduler remembers in the database when it last started each entry
(PeriodicRun.started_at), so a restart neither repeats an entry that just ran nor skips one that fell due while it
was stopped (it runs once, then follows its schedule). Schedules take Celery's forms: a number of seconds, a
timedelta, a `celery.schedules.crontab` or `schedule`, with optional `args` and `kwargs`.

Whichever process runs a periodic task records a heartbeat when it ends (PeriodicRun.finished_at, through Celery's
task_postrun signal, eager runs included); the admin dashboard warns when none is recent (`stale_since`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from celery.schedules import BaseSchedule, maybe_schedule
from django.conf import settings
from django.db import IntegrityError, close_old_connections
from django.utils import timezone

from tasks.models import PeriodicRun

logger = logging.getLogger(__name__)

MAX_SLEEP = 30.0  # seconds: a new or edited entry is picked up within this delay


def stale_after() -> timedelta:
    """How long without any finished periodic run before the admin warns (MAILLAGE_SCHEDULER_STALE_MINUTES)."""
    return timedelta(minutes=getattr(settings, "MAILLAGE_SCHEDULER_STALE_MINUTES", 10))


# --- The registry -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One declared periodic job. `task` is the task object (a shared_task proxy: its name is read when needed, once
    Celery's app is set up) or a registered task name."""

    name: str
    task: Any
    schedule: Any
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def task_name(self) -> str:
        return self.task if isinstance(self.task, str) else self.task.name


_jobs: dict[str, Job] = {}


def register(
    name: str, task: Any, schedule: Any, *, args: tuple = (), kwargs: dict[str, Any] | None = None
) -> None:
    """Declare `task` (a Celery task or its name) periodic under `name`. Declaring the same name twice with another
    task is a mistake two apps would make silently: it raises."""
    job = Job(name, task, schedule, tuple(args), dict(kwargs or {}))
    known = _jobs.get(name)
    if known is not None and known.task is not task:
        raise ValueError(f"periodic job {name!r} is already declared for another task")
    _jobs[name] = job


def periodic_job(
    name: str, schedule: Any, *, args: tuple = (), kwargs: dict[str, Any] | None = None
):
    """Decorator, above `@shared_task(...)`: the task runs every `schedule` (seconds, timedelta or crontab)."""

    def declare(task):
        register(name, task, schedule, args=args, kwargs=kwargs)
        return task

    return declare


def beat_schedule() -> dict[str, dict[str, Any]]:
    """The registry in the form of Celery's `beat_schedule` setting."""
    return {
        job.name: {
            "task": job.task_name,
            "schedule": job.schedule,
            "args": job.args,
            "kwargs": job.kwargs,
        }
        for job in _jobs.values()
    }


@dataclass
class Entry:
    name: str
    task_name: str
    schedule: BaseSchedule
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def is_interval(self) -> bool:
        return not hasattr(
            self.schedule, "minute"
        )  # crontab and solar have fixed moments; intervals have none


def entries(schedule: dict | None = None) -> list[Entry]:
    """The declared jobs (or `schedule`, in beat's form), as Celery beat reads them."""
    schedule = beat_schedule() if schedule is None else schedule
    return [
        Entry(
            name,
            spec["task"],
            maybe_schedule(spec["schedule"], app=current_app),
            tuple(spec.get("args", ())),
            dict(spec.get("kwargs", {})),
        )
        for name, spec in schedule.items()
    ]


def periodic_task_names() -> set[str]:
    return {job.task_name for job in _jobs.values()}


# --- Heartbeat ------------------------------------------------------------------------------------------------


def record_finished(task_name: str, succeeded: bool, error: str = "") -> None:
    """Heartbeat of every entry that runs `task_name` (called when such a task ends, in any process)."""
    now = timezone.now()
    for name in [job.name for job in _jobs.values() if job.task_name == task_name]:
        updated = PeriodicRun.objects.filter(name=name).update(
            task_name=task_name, finished_at=now, succeeded=succeeded, error=error[:2000]
        )
        if not updated:
            try:
                PeriodicRun.objects.create(
                    name=name,
                    task_name=task_name,
                    finished_at=now,
                    succeeded=succeeded,
                    error=error[:2000],
                )
            except (
                IntegrityError
            ):  # created meanwhile by another process: its row carries a heartbeat too
                pass


def last_heartbeat() -> datetime | None:
    return (
        PeriodicRun.objects.filter(name__in=list(_jobs), finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def stale_since() -> tuple[bool, datetime | None]:
    """(True, last heartbeat or None) when no periodic run finished within `stale_after()`."""
    last = last_heartbeat()
    return (last is None or timezone.now() - last > stale_after()), last


# --- The embedded scheduler -------------------------------------------------------------------------------------


class Scheduler:
    """Runs the due periodic jobs in this process, one after the other."""

    def __init__(self, schedule: dict | None = None):
        self.schedule = schedule
        current_app.loader.import_default_modules()  # registers every app's tasks, as a worker does

    def _claim(self, entry: Entry) -> bool:
        """True when `entry` is due and this process won it (a conditional update: two schedulers never both run
        it). An entry seen for the first time is due at once when it is an interval; a crontab waits its moment."""
        now = timezone.now()
        run, _ = PeriodicRun.objects.get_or_create(
            name=entry.name, defaults={"task_name": entry.task_name}
        )
        if run.started_at is None:
            # Never started: an interval runs now; a crontab counts from now (as beat does with a new entry).
            claimed = PeriodicRun.objects.filter(pk=run.pk, started_at=None).update(started_at=now)
            return bool(claimed) and entry.is_interval
        if not entry.schedule.is_due(run.started_at).is_due:
            return False
        return bool(
            PeriodicRun.objects.filter(pk=run.pk, started_at=run.started_at).update(started_at=now)
        )

    def _seconds_until_due(self, entry: Entry) -> float:
        run = PeriodicRun.objects.filter(name=entry.name).first()
        if run is None or run.started_at is None:
            return (
                0.0
                if entry.is_interval
                else entry.schedule.remaining_estimate(timezone.now()).total_seconds()
            )
        return max(0.0, entry.schedule.remaining_estimate(run.started_at).total_seconds())

    def tick(self) -> list[str]:
        """Runs every due entry once; returns their names."""
        ran = []
        for entry in entries(self.schedule):
            if not self._claim(entry):
                continue
            task = current_app.tasks.get(entry.task_name)
            if task is None:
                logger.error(
                    "Tâche périodique %s : tâche %s inconnue.", entry.name, entry.task_name
                )
                continue
            logger.info("Tâche périodique %s (%s)", entry.name, entry.task_name)
            result = task.apply(
                args=entry.args, kwargs=entry.kwargs
            )  # in-process; task_postrun records it
            if result.failed():
                logger.error("Tâche périodique %s en échec : %r", entry.name, result.result)
            ran.append(entry.name)
        return ran

    def next_wait(self) -> float:
        waits = [self._seconds_until_due(entry) for entry in entries(self.schedule)]
        return min([MAX_SLEEP, *waits]) if waits else MAX_SLEEP

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                close_old_connections()  # a long-running process: as Django does around each request
                self.tick()
                wait = self.next_wait()
            except (
                Exception
            ):  # a database that is briefly away (locked SQLite, restarting PostgreSQL): try again
                logger.exception(
                    "Planificateur : passage en échec, nouvel essai dans %s s", MAX_SLEEP
                )
                wait = MAX_SLEEP
            stop.wait(max(1.0, wait))
