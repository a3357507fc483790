"""Text extraction: pure functions from a file to text per page, slide or section.

No Django here. Limits come from `tasks.extractors.defaults` (override with `configure(...)`)
unless passed explicitly.

    doc = extract_file_isolated(path)        # in a child process: use this for uploads
    doc = extract_file(path)                 # in-process (trusted files, tests, benchmarks)
    for page in doc.pages: page.number, page.text, page.ocr
"""

from __future__ import annotations

import os

from . import defaults
from .base import FORMATS, UNIT_BY_FORMAT, ExtractedDocument, ExtractedPage, ExtractionError
from .defaults import configure, configure_from_settings
from .detect import admit, detect_format
from .isolate import extract_file_isolated

__all__ = [
    "FORMATS",
    "UNIT_BY_FORMAT",
    "ExtractedDocument",
    "ExtractedPage",
    "ExtractionError",
    "configure",
    "configure_from_settings",
    "defaults",
    "detect_format",
    "extract_file",
    "extract_file_isolated",
]

def extract_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    ocr: bool | None = None,
    ocr_timeout_per_page: float | None = None,
) -> ExtractedDocument:
    """Extract the text of `path` in this process. Raises ExtractionError on any expected failure."""
    max_bytes = int(defaults.MAX_BYTES if max_bytes is None else max_bytes)
    max_pages = int(defaults.MAX_PAGES if max_pages is None else max_pages)
    ocr = bool(defaults.OCR if ocr is None else ocr)
    ocr_timeout = float(
        defaults.OCR_TIMEOUT_PER_PAGE if ocr_timeout_per_page is None else ocr_timeout_per_page
    )

    size = _file_size(path)
    if size == 0:
        raise ExtractionError("empty_file")
    if size > max_bytes:
        raise ExtractionError(
            "too_large",
            f"Le fichier pèse {_human_size(size)}, au-delà de la limite de {_human_size(max_bytes)} : "
            "déposez une version allégée (images compressées) ou découpez le document.",
        )
    fmt, warnings = admit(path)
    try:
        doc = _dispatch(path, fmt, max_pages=max_pages, ocr=ocr, ocr_timeout=ocr_timeout)
    except ExtractionError:
        raise
    except MemoryError:
        raise ExtractionError("too_large") from None
    except RecursionError:
        raise ExtractionError("corrupt") from None
    except ImportError:
        raise  # a broken installation is not the file's fault
    except Exception as exc:
        # Parsers report damaged input with all sorts of exceptions (zlib.error, struct.error, KeyError...):
        # a damaged file must end in a clean error; the cause stays chained for the logs.
        raise ExtractionError("corrupt") from exc
    doc.warnings[:0] = warnings
    return doc


def _dispatch(path: str | os.PathLike[str], fmt: str, *, max_pages: int, ocr: bool, ocr_timeout: float):
    if fmt == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(path, max_pages=max_pages, ocr=ocr, ocr_timeout_per_page=ocr_timeout)
    if fmt == "docx":
        from .docx import extract_docx

        return extract_docx(path, max_pages=max_pages)
    if fmt == "pptx":
        from .pptx import extract_pptx

        return extract_pptx(path, max_pages=max_pages)
    if fmt in ("odt", "odp"):
        from .odf import extract_odf

        return extract_odf(path, fmt, max_pages=max_pages)
    if fmt in ("txt", "md"):
        from .text import extract_text_file

        return extract_text_file(path, fmt, max_pages=max_pages)
    if fmt in ("doc", "ppt"):
        from .legacy import extract_legacy

        return extract_legacy(path, fmt, max_pages=max_pages)
    raise ExtractionError("unsupported")


def _file_size(path: str | os.PathLike[str]) -> int:
    try:
        st = os.stat(path)
    except OSError:
        raise ExtractionError("not_found") from None
    if not os.path.isfile(path):
        raise ExtractionError("not_found")
    return st.st_size


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} Mo".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} Ko"
    return f"{n} octets"
