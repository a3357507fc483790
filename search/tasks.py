"""Celery tasks of the search index: thin wrappers that take primary keys and call search/indexing.py. Their stored
names stay `tasks.…`, so jobs queued before a deploy still run.

Index tasks retry with exponential backoff while the search engine is away, so index work is kept
and replayed when it returns. Tasks are acknowledged late (settings) so a killed worker's job runs again.
The receivers that enqueue them are in search/signal_handlers.py.
"""

from __future__ import annotations

from celery import shared_task

from resources.models import ResourceDocument
from resources.visibility import pages_attaching
from search import indexing
from search.backends import SearchUnavailable
from tasks.periodic import periodic_job

INDEX_RETRY = {
    "autoretry_for": (SearchUnavailable, ConnectionError, TimeoutError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 50,
}


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


# The index against the public set: what writes without signals left behind (search/indexing.py).
@periodic_job("reconcile-search-index", 300.0)
@shared_task(name="tasks.reconcile_index", **INDEX_RETRY)
def reconcile_index() -> dict[str, int]:
    """The index compared with the public set, drift fixed (search.indexing.reconcile)."""
    return indexing.reconcile()


@shared_task(name="tasks.unindex", **INDEX_RETRY)
def unindex(ids: list[str]) -> None:
    indexing.unindex(ids)
