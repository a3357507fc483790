"""Celery tasks of the documents: extraction, then conversion to PDF for the viewer (stored names stay `tasks.…`, so
jobs queued before a deploy still run). The receivers in `resources/signals.py` enqueue the extraction; when it
finishes, `text_extracted` is sent and the search follows it (search/signal_handlers.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from resources import conversion, document_extraction
from resources.models import ResourceDocument
from resources.models.documents import text_extracted
from tasks.dispatch import enqueue


@shared_task(
    name="tasks.extract_document",
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def extract_document(self, document_id: int) -> str:
    status = document_extraction.extract_document(document_id, job_id=self.request.id or "")
    if status != "skipped":
        text_extracted.send(sender=ResourceDocument, document_id=document_id, status=status)
    if status in ("done", "no_text"):
        enqueue(convert_document, document_id)  # office documents to PDF for the viewer
    return status


@shared_task(name="tasks.convert_document", acks_late=True)
def convert_document(document_id: int) -> bool:
    return conversion.convert_document(document_id) is not None
