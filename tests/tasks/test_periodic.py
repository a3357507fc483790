"""Periodic jobs are declared next to their task (`periodic_job`) and Celery beat reads that registry; the embedded
scheduler runs every declared job (intervals and crontabs), remembers its last runs in the database so that a
restart neither repeats nor skips an entry, and every periodic run records the heartbeat the admin dashboard checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tasks import periodic
from tasks.models import PeriodicRun

pytestmark = pytest.mark.django_db

SCHEDULE = {
    "every-minute": {"task": "tasks.flush_queued_jobs", "schedule": 60.0},
    "monday-morning": {
        "task": "tasks.publish_scheduled",
        "schedule": crontab(minute=0, hour=7, day_of_week=1),
    },
}


def started(name: str):
    return PeriodicRun.objects.get(name=name).started_at


@pytest.fixture
def declare(monkeypatch):
    """The registry of periodic jobs for one test: `declare(SCHEDULE, keep=True)` adds to the project's jobs (or
    replaces them), as each app's tasks module declares its own."""

    def use(schedule: dict, keep: bool = False) -> None:
        monkeypatch.setattr(periodic, "_jobs", dict(periodic._jobs) if keep else {})
        for name, spec in schedule.items():
            periodic.register(
                name,
                spec["task"],
                spec["schedule"],
                args=tuple(spec.get("args", ())),
                kwargs=spec.get("kwargs"),
            )

    return use


def test_every_job_is_declared_next_to_its_task_and_beat_runs_the_registry():
    """The jobs the project had in CELERY_BEAT_SCHEDULE, each with its schedule, now declared by the apps."""
    from config.celery import app

    app.finalize()
    expected = {
        "publish-scheduled-pages": ("tasks.publish_scheduled", 60.0),
        "dispatch-kept-tasks": ("tasks.flush_queued_jobs", 60.0),
        "send-alert-digests": ("alerts.send_digests", 600.0),
        "refresh-sirene-register": ("tasks.refresh_sirene", 86400.0),
        "send-meeting-reminders": ("registrations.send_reminders", 3600.0),
        "purge-old-registrations": ("registrations.purge_registrations", 86400.0),
        "reconcile-search-index": ("tasks.reconcile_index", 300.0),
    }
    schedule = periodic.beat_schedule()
    assert {name: (spec["task"], spec["schedule"]) for name, spec in schedule.items()} == expected
    assert app.conf.beat_schedule == schedule
    assert all(spec["task"] in app.tasks for spec in schedule.values())
    assert {entry.name for entry in periodic.entries()} == set(expected)
    with pytest.raises(ValueError):  # two apps cannot declare one name for different tasks
        periodic.register("send-alert-digests", "tasks.flush_queued_jobs", 60.0)


def test_intervals_and_crontabs_run_once_per_period_across_restarts(declare):
    declare(SCHEDULE)
    # An interval runs at once; a crontab seen for the first time waits for its moment.
    assert periodic.Scheduler().tick() == ["every-minute"]
    assert PeriodicRun.objects.get(name="every-minute").finished_at is not None
    assert PeriodicRun.objects.get(name="monday-morning").finished_at is None
    # A restart right after: nothing is repeated.
    assert periodic.Scheduler().tick() == []
    # Stopped for three minutes: the interval runs once, not three times; then waits again.
    PeriodicRun.objects.filter(name="every-minute").update(
        started_at=timezone.now() - timedelta(minutes=3)
    )
    scheduler = periodic.Scheduler()
    assert scheduler.tick() == ["every-minute"]
    assert scheduler.tick() == []
    assert (
        scheduler.next_wait() == periodic.MAX_SLEEP
    )  # next run in about a minute: sleeps its longest
    # Stopped over a Monday 7:00: the crontab entry runs once at restart (not skipped).
    PeriodicRun.objects.filter(name="monday-morning").update(
        started_at=timezone.now() - timedelta(days=8)
    )
    assert periodic.Scheduler().tick() == ["monday-morning"]
    assert periodic.Scheduler().tick() == []
    run = PeriodicRun.objects.get(name="monday-morning")
    assert run.succeeded and run.finished_at >= run.started_at


def test_two_schedulers_never_run_the_same_entry_twice(declare):
    declare({"every-minute": SCHEDULE["every-minute"]})
    first, second = periodic.Scheduler(), periodic.Scheduler()
    assert first.tick() == ["every-minute"]
    assert second.tick() == []


def test_a_new_entry_added_to_the_schedule_runs_with_its_task(declare):
    """Another engineer's entry (any registered task, with its arguments) runs without touching the scheduler."""
    declare(
        {
            "reconcile": {
                "task": "tasks.flush_queued_jobs",
                "schedule": timedelta(hours=6),
                "kwargs": {},
            }
        },
        keep=True,
    )
    out = call_command_output("run_scheduler", "--once")
    assert "reconcile" in out and "publish-scheduled-pages" in out and "send-alert-digests" in out
    assert set(PeriodicRun.objects.values_list("name", flat=True)) == set(periodic.beat_schedule())


def test_a_failing_entry_is_recorded_and_the_others_still_run(declare):
    declare(
        {
            "broken": {
                "task": "tasks.index_objects",
                "schedule": 60.0,
                "args": ["nothing-of-that-kind", [1]],
            },
            "every-minute": SCHEDULE["every-minute"],
        }
    )
    assert periodic.Scheduler().tick() == ["broken", "every-minute"]
    broken = PeriodicRun.objects.get(name="broken")
    assert broken.finished_at and not broken.succeeded and broken.error
    assert PeriodicRun.objects.get(name="every-minute").succeeded


def test_the_dashboard_warns_when_no_periodic_run_is_recent(settings):
    editor = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "mot-de-passe"
    )
    client = Client()
    client.force_login(editor)  # django-axes refuses an authenticate() without its request
    warning = "Tâches périodiques arrêtées"
    page = client.get("/admin/").content.decode()
    assert warning in page and "Aucune tâche périodique n'a encore tourné" in page
    assert "make run" in page or "beat" in page
    periodic.Scheduler().tick()
    assert warning not in client.get("/admin/").content.decode()
    # Silent for longer than MAILLAGE_SCHEDULER_STALE_MINUTES: the warning is back, with the last run's date.
    PeriodicRun.objects.update(
        finished_at=timezone.now()
        - timedelta(minutes=settings.MAILLAGE_SCHEDULER_STALE_MINUTES, seconds=5)
    )
    page = client.get("/admin/").content.decode()
    assert warning in page and "Aucune tâche périodique n'a tourné depuis le" in page


def call_command_output(*args: str) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.fullstack
# Transactional like every test with a worker: restored, not flushed, so the next such test finds its content types.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_celery_beat_and_a_worker_record_the_same_heartbeat(task_worker, settings, tmp_path):
    """The full stack: Celery beat sends the schedule's tasks, the worker that runs them records the heartbeat."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    from tests.helpers.environment import PROJECT_ROOT
    from tests.helpers.waiting import wait_for

    assert periodic.stale_since()[0]
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    log = tmp_path / "beat.log"
    beat = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(tmp_path / "celerybeat-schedule"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(
            lambda: PeriodicRun.objects.filter(
                name="publish-scheduled-pages", finished_at__isnull=False, succeeded=True
            ).exists(),
            timeout=100,
            message="the heartbeat of publish-scheduled-pages",
            log=task_worker,
        )
    finally:
        beat.terminate()
        beat.wait(timeout=20)
    assert not periodic.stale_since()[0]
