"""Test modes and shared fixtures.

`make test` runs the suite twice (scripts/run-tests.sh): MAILLAGE_TEST_MODE=full against real PostgreSQL,
Redis, OpenSearch and a Celery worker process, then MAILLAGE_TEST_MODE=embedded. Tests marked
`fullstack` belong to the first pass only, tests marked `embedded` to the second; all others run in both.
A missing service stops the run with an error: nothing is skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.helpers.environment import CORPUS_DIR, MODE, PROJECT_ROOT
from tests.helpers.ports import free_port
from tests.helpers.search_index import drop_index
from tests.helpers.smtp import SmtpServer


def _free_port_pair() -> int:
    """A port whose next one is free too (the warm LibreOffice listens on both: XML-RPC and UNO)."""
    for _ in range(100):
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no free pair of ports for the test run's LibreOffice")


# The warm LibreOffice of this run (extraction/office_server.py): its own port pair and state directory, inherited by
# the Celery worker the full-stack tests start, so that two suites on one machine never share or stop each other's.
OFFICE_DIR = Path(tempfile.mkdtemp(prefix="maillage-office-test-"))
os.environ["MAILLAGE_OFFICE_PORT"] = str(_free_port_pair())
os.environ["MAILLAGE_OFFICE_DIR"] = str(OFFICE_DIR)


def pytest_configure(config):
    if MODE not in ("full", "embedded"):
        raise pytest.UsageError(f"MAILLAGE_TEST_MODE must be 'full' or 'embedded', not {MODE!r}")
    if MODE == "full":
        missing = [
            v
            for v in ("DATABASE_URL", "CELERY_BROKER_URL", "OPENSEARCH_URL")
            if not os.environ.get(v)
        ]
        if missing:
            raise pytest.UsageError(
                f"Full-stack mode needs {', '.join(missing)}: run `make test` (it starts the services)."
            )


def pytest_sessionstart(session):
    if MODE != "full":
        from testing.shared_sqlite import serialise_sqlite_cursors

        serialise_sqlite_cursors()  # the live server's threads share the in-memory database (see the module)
        return
    problems = []
    try:
        import redis

        redis.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_connect_timeout=3).ping()
    except Exception as exc:
        problems.append(f"Redis at {os.environ['CELERY_BROKER_URL']}: {exc}")
    try:
        from opensearchpy import OpenSearch

        health = OpenSearch(hosts=[os.environ["OPENSEARCH_URL"]], timeout=5).cluster.health()
        if health["status"] == "red":
            problems.append(f"OpenSearch cluster is red: {health}")
    except Exception as exc:
        problems.append(f"OpenSearch at {os.environ['OPENSEARCH_URL']}: {exc}")
    try:
        import psycopg

        psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=3).close()
    except Exception as exc:
        problems.append(f"PostgreSQL: {exc}")
    if problems:
        raise pytest.UsageError(
            "Services missing for the full-stack pass:\n  " + "\n  ".join(problems)
        )


def pytest_collection_modifyitems(config, items):
    other = "embedded" if MODE == "full" else "fullstack"
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker(other) else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_sessionfinish(session, exitstatus):
    from extraction import office_server

    office_server.stop()  # the warm LibreOffice that legacy extraction started
    shutil.rmtree(OFFICE_DIR, ignore_errors=True)


def pytest_report_header(config):
    return f"maillage test mode: {MODE}"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.fail(f"Corpus folder not found at {CORPUS_DIR} (set MAILLAGE_CORPUS_DIR).")
    return CORPUS_DIR


@pytest.fixture
def search_backend(settings):
    """The configured public search backend, with an empty index for this test."""
    from search.backends import get_backend

    backend = get_backend()
    drop_index(backend)
    backend.ensure_index()
    yield backend
    drop_index(backend)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


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
    from config.celery import app

    # Tests without a worker leave their tasks in the queue; this worker must only see this test's tasks.
    app.control.purge()
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    proc = subprocess.Popen(
        [
            str(celery),
            "-A",
            "config",
            "worker",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "-c",
            "1",
            "-n",
            f"test-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "--pidfile",
            str(log.with_suffix(".pid")),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
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


@pytest.fixture(autouse=True)
def _fresh_search_labels():
    """Territory and theme labels, synonyms are cached per process; tests create and flush them freely. Django's
    cache (local memory) goes too: Wagtail keeps renditions there, which would outlive a test's media folder."""
    from django.core.cache import caches

    from search import labels, synonyms

    labels.clear()
    synonyms.clear()
    yield
    labels.clear()
    synonyms.clear()
    for cache in caches.all():
        cache.clear()


# Shared across folders: the content a test starts from, the territory reference, a real SMTP server.


@pytest.fixture
def index(db, media_root):
    """Home page as site root, with a published resource listing under it."""
    from testing.factories import site_tree

    return site_tree()


@pytest.fixture
def demo(db, media_root):
    """The demo content built by `load_demo` from the seed (without the admin account)."""
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    from resources.models import MeetingReportPage

    return MeetingReportPage.objects.get(
        slug="club-occitanie-identifier-mobiliser-acteurs-ess-2023"
    )


@pytest.fixture(scope="session")
def etalab_source() -> Path:
    """The unpacked @etalab/decoupage-administratif package; fetched once with npm if absent."""
    from taxonomy import territories

    try:
        return territories.data_dir()
    except territories.SourceMissing:
        result = subprocess.run(
            ["bash", str(PROJECT_ROOT / territories.FETCH_SCRIPT)], capture_output=True, text=True
        )
        if result.returncode:
            pytest.fail(f"Cannot fetch the territory reference: {result.stderr}", pytrace=False)
        return territories.data_dir()


@pytest.fixture
def occitanie(db, etalab_source):
    """Occitanie (region 76) and what it needs, loaded from the real reference."""
    from taxonomy import territories

    return territories.load(etalab_source, {"76"})


@pytest.fixture
def smtp_server(tmp_path, settings, monkeypatch):
    """Starts `python -m aiosmtpd` on a free port; Django (and a Celery worker started after) sends to it."""
    port = free_port()
    maildir = tmp_path / "maildir"
    log = tmp_path / "smtp.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"aiosmtpd did not start:\n{log.read_text()}")
            time.sleep(0.1)
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "MAILLAGE_ALERTS_INDEX_LAG": "0",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)  # for the Celery worker process, started after this fixture
    settings.EMAIL_BACKEND = env["EMAIL_BACKEND"]
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.MAILLAGE_ALERTS = {**settings.MAILLAGE_ALERTS, "INDEX_LAG_SECONDS": 0}
    yield SmtpServer(maildir, port)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
