"""A worker killed mid-extraction, PostgreSQL restarted under a running site: the work completes once,
the site recovers by itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection, connections

from resources.models import ExtractionStatus, ResourceDocument
from testing import factories
from testing.pdfs import scanned_pdf
from tests.helpers.environment import PROJECT_ROOT
from tests.helpers.waiting import wait_for

pytestmark = [
    pytest.mark.fullstack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pool_children(worker_log: Path) -> list[int]:
    """PIDs of the Celery pool processes (children of the worker's main process)."""
    main = int(worker_log.with_suffix(".pid").read_text())
    out = subprocess.run(
        ["ps", "--ppid", str(main), "-o", "pid="], capture_output=True, text=True
    ).stdout
    return [int(p) for p in out.split()]


def test_worker_killed_mid_extraction_runs_the_job_again_to_completion(
    corpus_dir, tmp_path, search_backend, task_worker
):
    path = scanned_pdf(corpus_dir / "c02-22.pdf", 6, tmp_path / "scan-6-pages.pdf")
    document = factories.document(path, title="Compte rendu scanné")
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status
            == ExtractionStatus.RUNNING
        ),
        timeout=60,
        interval=0.05,
        message="the extraction to start",
    )
    children = pool_children(task_worker)
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(pid, signal.SIGKILL)

    # The message was not acknowledged (acks_late): the worker requeues it and runs it again.
    wait_for(
        lambda: (
            ResourceDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE
        ),
        timeout=180,
        message="the extraction to be run again and complete",
    )
    document.refresh_from_db()
    assert document.page_count == 6
    assert list(document.texts.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert all(t.ocr for t in document.texts.all())
    assert "garden" in document.texts.get(number=6).text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_site_recovers_after_postgresql_restart_without_restarting_itself(services, tmp_path):
    factories.site_tree()
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--env",
            "DJANGO_SETTINGS_MODULE=config.settings.test",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/ressources/"

    def status() -> int:
        try:
            return urllib.request.urlopen(url, timeout=5).status
        except Exception as exc:  # noqa: BLE001 - any failure is "not yet"
            return getattr(exc, "code", 0)

    try:
        wait_for(lambda: status() == 200, timeout=60, message="the site to answer")
        services.restart("postgres")
        connections.close_all()  # this test process's own connection died with the server
        started = time.monotonic()
        wait_for(
            lambda: status() == 200,
            timeout=30,
            message="the site to answer again after the restart",
        )
        assert time.monotonic() - started < 30
        assert server.poll() is None, "the site process must not have been restarted"
    finally:
        server.terminate()
        server.wait(timeout=20)
