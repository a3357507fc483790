"""Fixtures for the alert tests (the SMTP server is the root conftest's `smtp_server`)."""

from __future__ import annotations

import pytest


@pytest.fixture
def alerts_worker(smtp_server, task_worker):
    """The Celery worker (full mode), started once the SMTP server's address is in its environment."""
    return task_worker
