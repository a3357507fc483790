"""The live server's threads share the test's in-memory SQLite connection: without testing.shared_sqlite, CPython's
sqlite3 deadlocks two of them (one inside a query calling Django's SQL functions, one binding a parameter), and the
whole run hangs, beyond pytest-timeout's reach. Here three threads hammer one shared connection in a child process:
with the cursors serialised it ends; checked by hand: without, it hangs within seconds (killed by the timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STRESS = """
import sys, threading, time
import django
django.setup()
from django.db import connections
from testing.shared_sqlite import serialise_sqlite_cursors

serialise_sqlite_cursors()
connection = connections["default"]
connection.settings_dict["NAME"] = "file:maillage-stress?mode=memory&cache=shared"
connection.settings_dict["OPTIONS"] = {"uri": True}
connection.inc_thread_sharing()
with connection.cursor() as c:
    c.execute("CREATE TABLE t (id integer primary key, d text)")
    c.executemany("INSERT INTO t (d) VALUES (%s)", [("2024-05-0%d" % (i % 9 + 1),) for i in range(3000)])
stop = time.monotonic() + float(sys.argv[1])
done = [0, 0]

def with_function():
    while time.monotonic() < stop:
        with connection.cursor() as c:
            c.execute("SELECT django_date_extract('year', d) FROM t")
            assert {row[0] for row in c.fetchall()} == {2024}
        done[0] += 1

def with_parameters():
    while time.monotonic() < stop:
        with connection.cursor() as c:
            c.execute("SELECT d FROM t WHERE id = %s", [done[1] % 3000 + 1])
            assert len(c.fetchall()) == 1
        done[1] += 1

threads = [threading.Thread(target=f) for f in (with_function, with_parameters, with_parameters)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("ended", done[0], done[1])
"""


def test_threads_sharing_the_in_memory_database_never_deadlock():
    root = Path(__file__).resolve().parents[2]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "OPENSEARCH_URL")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=str(root))
    result = subprocess.run(
        [sys.executable, "-c", STRESS, "4"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    ended, with_function, with_parameters = result.stdout.split()
    assert ended == "ended" and int(with_function) > 0 and int(with_parameters) > 0
