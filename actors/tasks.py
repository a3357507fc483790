"""Celery tasks of the directory: the Sirene register refreshed daily (its stored name stays `tasks.…`)."""

from __future__ import annotations

from celery import shared_task

from actors.sirene.refresh import refresh_from_settings
from tasks.periodic import periodic_job


# INSEE's Sirene stock, published monthly: re-imported when new files are at the configured paths.
@periodic_job("refresh-sirene-register", 86400.0)
@shared_task(name="tasks.refresh_sirene", acks_late=True)
def refresh_sirene() -> str:
    """Re-imports INSEE's Sirene stock files when the operator put new ones in place (actors/sirene/refresh.py)."""
    return refresh_from_settings()
