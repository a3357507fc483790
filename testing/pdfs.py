"""Small real PDFs with distinctive words, so that titles and passages can be checked in the public index."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def pdf(*pages: str) -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    for text in pages:
        sheet.drawString(72, 760, text)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def scanned_pdf(source: Path, pages: int, target: Path) -> Path:
    """A PDF of `pages` image-only pages (copies of the first page of a scan): slow to read, OCR on every page."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    for _ in range(pages):
        out.import_pages(src, [0])
    out.save(str(target))
    return target
