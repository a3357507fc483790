"""Celery tasks: thin wrappers that take primary keys and call plain functions.

Index tasks retry with exponential backoff while the search engine is away, so index work is kept
and replayed when it returns. Tasks are acknowledged late (settings) so a killed worker's job runs again.
"""

from __future__ import annotations

from celery import shared_task
from celery.signals import task_postrun, worker_ready
from django.core.management import call_command
from django.db import DatabaseError

from actors.sirene.refresh import refresh_from_settings
from resources import conversion
from resources.models import ResourceDocument
from resources.visibility import pages_attaching
from search import indexing
from search.backends import SearchUnavailable
from tasks import dispatch, extraction, periodic

INDEX_RETRY = {
    "autoretry_for": (SearchUnavailable, ConnectionError, TimeoutError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 50,
}


@shared_task(name="tasks.extract_document", bind=True, acks_late=True,
             autoretry_for=(DatabaseError,), retry_backoff=5, retry_backoff_max=300, max_retries=10)
def extract_document(self, document_id: int) -> str:
    status = extraction.extract_document(document_id, job_id=self.request.id or "")
    if status != "skipped":
        dispatch.enqueue(index_document_and_pages, document_id)
    if status in ("done", "no_text"):
        dispatch.enqueue(convert_document, document_id)  # office documents to PDF for the viewer
    return status


@shared_task(name="tasks.convert_document", acks_late=True)
def convert_document(document_id: int) -> bool:
    return conversion.convert_document(document_id) is not None


@shared_task(name="tasks.index_object", **INDEX_RETRY)
def index_object(kind: str, pk: int) -> bool:
    return indexing.index_object(kind, pk)


@shared_task(name="tasks.index_objects", **INDEX_RETRY)
def index_objects(kind: str, pks: list[int]) -> int:
    return indexing.index_many(kind, pks)


@shared_task(name="tasks.index_document_and_pages", **INDEX_RETRY)
def index_document_and_pages(document_id: int) -> None:
    indexing.index_object("document", document_id)
    document = ResourceDocument.objects.filter(pk=document_id).first()
    for page in pages_attaching(document) if document else []:
        indexing.index_object("page", page.pk)


@shared_task(name="tasks.index_page", **INDEX_RETRY)
def index_page(page_id: int) -> None:
    indexing.index_page_with_documents(page_id)


@shared_task(name="tasks.reindex_entries", **INDEX_RETRY)
def reindex_entries(ids: list[str]) -> None:
    indexing.reindex_ids(ids)


@shared_task(name="tasks.reconcile_index", **INDEX_RETRY)
def reconcile_index() -> dict[str, int]:
    """The index compared with the public set, drift fixed (search.indexing.reconcile); run by Celery beat."""
    return indexing.reconcile()


@shared_task(name="tasks.unindex", **INDEX_RETRY)
def unindex(ids: list[str]) -> None:
    indexing.unindex(ids)


@shared_task(name="tasks.publish_scheduled")
def publish_scheduled() -> None:
    """Wagtail's scheduled publishing and unpublishing, run every minute by Celery beat."""
    call_command("publish_scheduled")


@shared_task(name="tasks.refresh_sirene", acks_late=True)
def refresh_sirene() -> str:
    """Re-imports INSEE's Sirene stock files when the operator put new ones in place (actors/sirene/refresh.py)."""
    return refresh_from_settings()


@shared_task(name="tasks.flush_queued_jobs")
def flush_queued_jobs() -> int:
    return dispatch.flush_queued_jobs()


@worker_ready.connect
def _flush_on_start(sender=None, **kwargs):
    dispatch.flush_queued_jobs()


@task_postrun.connect
def _periodic_heartbeat(sender=None, state=None, retval=None, **kwargs):
    """A periodic task (an entry of CELERY_BEAT_SCHEDULE) ended, here or in the embedded scheduler: heartbeat."""
    if sender is not None and sender.name in periodic.periodic_task_names():
        succeeded = state == "SUCCESS"
        periodic.record_finished(sender.name, succeeded, "" if succeeded else f"{state}: {retval!r}")
