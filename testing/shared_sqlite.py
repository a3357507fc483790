"""One thread at a time inside the test run's shared in-memory SQLite connection.

Django's live server shares the test's in-memory SQLite connection with every request thread. CPython's
sqlite3 then deadlocks two threads on one connection: thread A, inside `sqlite3_step` and so holding SQLite's
connection mutex, calls back into Python (Django's SQL functions: `django_date_extract`, `regexp`…) and waits
for the GIL; thread B holds the GIL and binds a parameter or reads a column, which waits for that mutex. Neither
moves, and since B never releases the GIL, not even pytest-timeout's signal handler can run: the run hangs until
CI's limit (seen in a browser journey, a listing page's year filter against a thumbnail request).

A lock taken around every call that enters SQLite through a cursor (execute, fetch) is released by a waiting
thread without the GIL, so A finishes its callback. Production is not concerned: there, every thread has its own
connection to a database file.
"""

from __future__ import annotations

import functools
import threading

_LOCK = threading.RLock()
_METHODS = (
    "execute",
    "executemany",
    "executescript",
    "fetchone",
    "fetchmany",
    "fetchall",
    "__next__",
)


def _serialised(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        with _LOCK:
            return method(self, *args, **kwargs)

    call.__maillage_serialised__ = True
    return call


def serialise_sqlite_cursors() -> None:
    """Wraps Django's SQLite cursor so that one thread at a time enters SQLite through it (idempotent)."""
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    for name in _METHODS:
        method = getattr(SQLiteCursorWrapper, name)
        if not getattr(method, "__maillage_serialised__", False):
            setattr(SQLiteCursorWrapper, name, _serialised(method))
