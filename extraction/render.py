"""Page images of PDFs, for the thumbnails of the public site, meant to run in the isolated child (isolate.py).

The size of the image is bounded whatever the page's shape: a page 1 pt wide and 14,400 pt tall would otherwise be
rendered 160 px wide and 2.3 million px tall (1.1 GB of pixels). The scale fits the page inside `width` ×
`max_height` pixels.
"""

from __future__ import annotations

import os
from typing import Any


def render_page(source: str, page: int, target: str, width: int, max_height: int) -> dict[str, Any]:
    """Writes page `page` (1-based) of the PDF `source` as a PNG at `target`, at most `width` × `max_height` px.
    {"rendered": bool} (False: no such page, or not a PDF PDFium can open)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(source)
    except pdfium.PdfiumError:
        return {"rendered": False}
    try:
        if not 1 <= page <= len(pdf):
            return {"rendered": False}
        sheet = pdf[page - 1]
        page_width, page_height = max(sheet.get_width(), 1.0), max(sheet.get_height(), 1.0)
        scale = min(width / page_width, max_height / page_height)
        image = sheet.render(scale=scale).to_pil()
    finally:
        pdf.close()
    partial = f"{target}.{os.getpid()}.tmp"
    image.save(partial, format="PNG", optimize=True)
    os.replace(partial, target)
    return {"rendered": True}
