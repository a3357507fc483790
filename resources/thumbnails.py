"""Page thumbnails of documents, rendered with PDFium and cached beside the media files.

A thumbnail's name carries the file's content hash, so a replaced file gets new images; the old
ones are removed when the next one is rendered, and all of them when the document is deleted.

Rendering runs in the extractors' isolated child (extraction/isolate.py), never in the web process: with a
memory limit, a time limit and an image of at most WIDTH × MAX_HEIGHT pixels, so an uploaded page of a hostile
shape costs an anonymous visitor's request a bounded time and never the web process's memory.
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from django.conf import settings

from extraction.base import ExtractionError
from extraction.isolate import run_isolated
from resources.derived import derived_pdf
from resources.models import ExtractionStatus, ResourceDocument

WIDTH = 160  # pixels: a small image beside a passage or on a card
MAX_HEIGHT = (
    4 * WIDTH
)  # a taller page is drawn smaller (a 1 × 14,400 pt strip: 640 px tall, not 2.3 million)
RENDER_TIMEOUT = 15  # seconds of the child's wall clock
RENDER_MEMORY_MB = 512
# One render at a time per process: a results page asks for several thumbnails together, and each is a child.
_RENDERING = threading.Lock()
logger = logging.getLogger(__name__)


def _folder(document_pk: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "thumbnails" / str(document_pk)


def source_pdf(document: ResourceDocument) -> Path | None:
    """The PDF whose pages are shown for `document`: the file itself when it is a PDF, else the PDF converted from
    an office document (resources/conversion.py), if any; none for a document the extraction could not read
    (corrupt, encrypted…): no broken thumbnail and no viewer for it, anywhere."""
    if document.extraction_status == ExtractionStatus.FAILED:
        return None
    path = Path(document.file.path)
    if path.suffix.lower() == ".pdf" and path.exists():
        return path
    return derived_pdf(document)


def thumbnail(document: ResourceDocument, page: int) -> Path | None:
    """The PNG of `page` (1-based) of `document`, rendered once; None when there is no such page."""
    source = source_pdf(document)
    if source is None or page < 1:
        return None
    key = (document.file_hash or str(int(source.stat().st_mtime)))[:12]
    folder = _folder(document.pk)
    target = folder / f"{key}-{page}.png"
    if target.exists():
        return target
    with _RENDERING:
        if target.exists():  # rendered by the request this one waited for
            return target
        return _render(source, page, folder, key, target)


def _render(source: Path, page: int, folder: Path, key: str, target: Path) -> Path | None:
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.png"):
        if not stale.name.startswith(f"{key}-"):
            stale.unlink(missing_ok=True)
    try:
        result = run_isolated(
            "extraction.render:render_page",
            [str(source), page, str(target), WIDTH, MAX_HEIGHT],
            {},
            timeout=RENDER_TIMEOUT,
            memory_limit_mb=RENDER_MEMORY_MB,
        )
    except (
        ExtractionError,
        MemoryError,
    ) as exc:  # too large, too long, or a crash: no thumbnail, the page stays
        logger.warning("thumbnail of page %s of %s not rendered: %r", page, source.name, exc)
        return None
    return target if result and result.get("rendered") and target.exists() else None


def delete_thumbnails(document_pk: int) -> None:
    shutil.rmtree(_folder(document_pk), ignore_errors=True)
