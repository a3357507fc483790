"""A real Celery worker process for the full-stack end-to-end tests (eager tasks in embedded mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MODE, PROJECT_ROOT


@pytest.fixture
def task_worker(transactional_db, settings, tmp_path):
    """Yields the worker's log path in full mode; None in embedded mode where tasks run in-process."""
    if MODE != "full":
        assert settings.CELERY_TASK_ALWAYS_EAGER
        yield None
        return
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    proc = subprocess.Popen(
        [str(celery), "-A", "config", "worker", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-c", "1",
         "-n", f"test-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"Celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    yield log
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_for(predicate, timeout: float = 90, interval: float = 0.3, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)
