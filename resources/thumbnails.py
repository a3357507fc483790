"""Page thumbnails of documents, rendered with PDFium and cached beside the media files.

A thumbnail's name carries the file's content hash, so a replaced file gets new images; the old
ones are removed when the next one is rendered, and all of them when the document is deleted.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings

from resources.conversion import derived_pdf
from resources.models import ExtractionStatus, ResourceDocument

WIDTH = 160  # pixels: a small image beside a passage or on a card
# PDFium is not thread-safe: two requests rendering at once in a threaded server crash the process (seen with
# a results page asking for several thumbnails together). One render at a time per process.
_PDFIUM = threading.Lock()


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
    with _PDFIUM:
        if target.exists():  # rendered by the request this one waited for
            return target
        return _render(source, page, folder, key, target)


def _render(source: Path, page: int, folder: Path, key: str, target: Path) -> Path | None:
    try:
        pdf = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError:
        return None
    try:
        if page > len(pdf):
            return None
        sheet = pdf[page - 1]
        scale = WIDTH / max(sheet.get_width(), 1)
        image = sheet.render(scale=scale).to_pil()
    finally:
        pdf.close()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.png"):
        if not stale.name.startswith(f"{key}-"):
            stale.unlink(missing_ok=True)
    partial = target.with_suffix(".tmp")
    image.save(partial, format="PNG", optimize=True)
    partial.replace(target)
    return target


def delete_thumbnails(document_pk: int) -> None:
    shutil.rmtree(_folder(document_pk), ignore_errors=True)
