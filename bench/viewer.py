"""Thumbnail cost per page against text extraction per page of the same PDFs (the reference, same run).

    .venv/bin/python -m bench.viewer [file.pdf …]   (default: three multi-page PDFs of the corpus)
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import django
import pypdfium2 as pdfium

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from resources.thumbnails import WIDTH  # noqa: E402

CORPUS = Path("/work/shared/corpus")
DEFAULT = ["tracemonkey.pdf", "federal-register-2020-17221.pdf", "pdkids.pdf"]


def main(paths: list[Path]) -> None:
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        pages = len(pdf)
        start = time.perf_counter()
        for i in range(pages):
            pdf[i].get_textpage().get_text_range()
        text = (time.perf_counter() - start) / pages
        start, size = time.perf_counter(), 0
        for i in range(pages):
            sheet = pdf[i]
            buffer = io.BytesIO()
            sheet.render(scale=WIDTH / sheet.get_width()).to_pil().save(buffer, format="PNG", optimize=True)
            size += buffer.tell()
        thumb = (time.perf_counter() - start) / pages
        pdf.close()
        print(f"{path.name}: {pages} pages; text {text * 1000:.1f} ms/page; thumbnail {thumb * 1000:.1f} ms/page "
              f"(ratio {thumb / text:.1f}); {size / pages / 1024:.1f} KiB/page; "
              f"all pages {size / 1024:.0f} KiB vs file {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [CORPUS / name for name in DEFAULT])
