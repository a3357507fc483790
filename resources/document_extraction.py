"""Extracting a stored document's text into the database: a plain function the Celery task calls."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.search import index as wagtail_index
from wagtail.utils.file import hash_filelike

from extraction import ExtractionError, defaults, extract_file_isolated
from extraction.common import meaningful_title
from extraction.ocr import OcrUnavailable, languages_for
from resources.models import DocumentText, ExtractionStatus, ResourceDocument

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Erreur inattendue pendant la lecture du fichier. Réessayez l'extraction depuis l'administration ; "
    "si l'échec persiste, enregistrez le document dans un autre format (PDF par exemple)."
)

OCR_UNAVAILABLE = (
    "OCR indisponible sur ce serveur. Le document semble numérisé (pages sans couche texte) ; "
    "il sera relu dès que la reconnaissance de texte sera installée (manage.py reextract --failed)."
)
NO_TEXT_FOUND = (
    "aucun texte lisible, même par reconnaissance de texte (OCR) : vérifiez le fichier ou déposez une version "
    "avec une couche texte."
)


def unread_reason(result, ocr_enabled: bool) -> str:
    """Why a document read without error has no text at all; empty when it has some."""
    if any(ch.isalnum() for page in result.pages for ch in page.text):
        return ""
    if result.pages and result.format == "pdf" and not ocr_ready(ocr_enabled):
        return OCR_UNAVAILABLE
    return NO_TEXT_FOUND


def ocr_ready(enabled: bool) -> bool:
    """OCR is switched on and tesseract has one of the configured languages."""
    if not enabled:
        return False
    try:
        languages_for(str(defaults.OCR_LANGUAGES))
    except OcrUnavailable:
        return False
    return True


@contextmanager
def local_path(field_file) -> Iterator[str]:
    """A filesystem path for a stored file: the file itself on local storage, else a temporary copy."""
    try:
        yield field_file.path
        return
    except NotImplementedError:
        pass
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp, field_file.open("rb") as src:
        shutil.copyfileobj(src, tmp)
        tmp.flush()
        yield tmp.name


def claim(document_id: int, job_id: str = "") -> bool:
    """Mark the document as running unless another job is on it.

    The same job may claim again (a message redelivered after its worker died); a claim older than the
    extraction time limit is stale (the child process doing the work has been killed by then).
    """
    stale = timezone.now() - timedelta(seconds=settings.MAILLAGE_EXTRACTION["TIMEOUT"] + 60)
    free = ResourceDocument.objects.filter(pk=document_id).filter(
        ~Q(extraction_status=ExtractionStatus.RUNNING)
        | Q(extraction_started_at__lt=stale)
        | Q(extraction_job=job_id or "-")
    )
    return (
        free.update(
            extraction_status=ExtractionStatus.RUNNING,
            extraction_started_at=timezone.now(),
            extraction_job=job_id,
        )
        == 1
    )


def extract_document(document_id: int, job_id: str = "") -> str:
    """Extract the text of one document; returns its final status. Never raises for a bad file.

    The content hash of the file read is kept with a full text (`extracted_hash`): the same bytes uploaded again
    keep it without another extraction (`ResourceDocument.file_content_changed`)."""
    if not claim(document_id, job_id):
        return "skipped"
    document = ResourceDocument.objects.get(pk=document_id)
    limits = settings.MAILLAGE_EXTRACTION
    try:
        with local_path(document.file) as path:
            result = extract_file_isolated(
                path,
                timeout=limits["TIMEOUT"],
                memory_limit_mb=limits["MEMORY_LIMIT_MB"],
                max_bytes=limits["MAX_BYTES"],
                max_pages=limits["MAX_PAGES"],
                ocr=limits["OCR"],
                isolation=limits.get("ISOLATION"),
            )
            content_hash = file_hash(path)
    except ExtractionError as exc:
        return _fail(document_id, exc.message)
    except FileNotFoundError:
        return _fail(
            document_id, "Le fichier est introuvable sur le serveur : déposez-le à nouveau."
        )
    except Exception:
        logger.exception("unexpected extraction failure for document %s", document_id)
        return _fail(document_id, UNEXPECTED)
    reason = unread_reason(result, limits["OCR"])
    status = ExtractionStatus.NO_TEXT if reason else ExtractionStatus.DONE
    with transaction.atomic():
        DocumentText.objects.filter(document_id=document_id).delete()
        DocumentText.objects.bulk_create(
            [
                DocumentText(document_id=document_id, number=p.number, text=p.text, ocr=p.ocr)
                for p in result.pages
            ],
            batch_size=500,
        )
        ResourceDocument.objects.filter(pk=document_id).update(
            extraction_status=status,
            extraction_error=reason,
            extracted_at=timezone.now(),
            extracted_format=result.format,
            extracted_unit=result.unit,
            page_count=len(result.pages),
            doc_title=(result.title or "")[:500],
            doc_author=(result.author or "")[:255],
            extracted_hash=content_hash if status == ExtractionStatus.DONE else "",
        )
        adopt_file_title(document, result.title)
    return status


def adopt_file_title(document: ResourceDocument, file_title: str | None) -> bool:
    """When the editor left the file's name as the title, take the title the file carries (PDF Info or XMP,
    Office core.xml, ODF meta.xml), unless it is a placeholder (« Untitled », « Microsoft Word - doc1.docx »).
    Every upload path (single, multiple, chooser, import_documents) leads here; a title the editor typed
    meanwhile is kept (the update applies only to the title read before extraction)."""
    title = meaningful_title(file_title)[:255]
    if not title or not document.title_is_file_name():
        return False
    if not ResourceDocument.objects.filter(pk=document.pk, title=document.title).update(
        title=title
    ):
        return False
    transaction.on_commit(
        lambda: wagtail_index.insert_or_update_object(ResourceDocument.objects.get(pk=document.pk))
    )
    return True


def file_hash(path: str) -> str:
    """The content hash Wagtail keeps in `file_hash` (SHA-1), of the file at `path`."""
    with open(path, "rb") as fh:
        return hash_filelike(fh)


def _fail(document_id: int, message: str) -> str:
    with transaction.atomic():
        DocumentText.objects.filter(document_id=document_id).delete()
        ResourceDocument.objects.filter(pk=document_id).update(
            extraction_status=ExtractionStatus.FAILED,
            extraction_error=message,
            extracted_at=timezone.now(),
            page_count=None,
            extracted_hash="",
        )
    return ExtractionStatus.FAILED
