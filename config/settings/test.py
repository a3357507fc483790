"""Test settings. The mode follows the environment: with DATABASE_URL, CELERY_BROKER_URL and OPENSEARCH_URL
set (by scripts/run-tests.sh) the full stack is used; without them, the embedded default.

A run id shared with child processes (the Celery worker of the end-to-end tests) keeps media, index
names and the task queue of one test run apart from any other.
"""

import os

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, MAILLAGE_SEARCH, VAR_DIR

RUN_ID = os.environ.setdefault("MAILLAGE_TEST_RUN_ID", str(os.getpid()))

DEBUG = False
SECRET_KEY = "test-only-not-secret-maillage"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media" / RUN_ID
MAILLAGE_SEARCH = {
    **MAILLAGE_SEARCH,
    "INDEX_PREFIX": f"test-{RUN_ID}",
    "EMBEDDED_PATH": VAR_DIR / "test-search" / f"{RUN_ID}.sqlite3",
}
CELERY_TASK_DEFAULT_QUEUE = f"maillage-test-{RUN_ID}"
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests fetch no tile: the browser test that checks the tile template sets it and blocks the network.
MAILLAGE_MAP_TILES_URL = ""
ALLOWED_HOSTS = ["*"]
# Property-based tests call the API hundreds of times a minute: the rate limit's own test sets a small one.
MAILLAGE_API_RATE_LIMIT = (100_000, 60)
MAILLAGE_SEARCH_RATE_LIMIT = (100_000, 60)

# One test database per run, so that parallel runs (developers, CI) on one PostgreSQL never collide.
from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": f"test_maillage_{RUN_ID}"}
    # A statement waiting on a lock that a stray connection (a worker, a live-server thread) holds fails after two
    # minutes with PostgreSQL's message instead of hanging the run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c lock_timeout=120000"
