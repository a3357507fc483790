"""Text extraction: pure functions from a file to text per page, slide or section.

No Django here. Limits come from `extraction.defaults` (override with `configure(...)`)
unless passed explicitly.

    doc = extract_file_isolated(path)        # in a child process: use this for uploads
    doc = extract_file(path)                 # in-process (trusted files, tests, benchmarks)
    for page in doc.pages: page.number, page.text, page.ocr

The formats, their detection and their extractor modules are listed once, in `formats.py`.
"""

from __future__ import annotations

import importlib
import os

from . import defaults, formats
from .base import ExtractedDocument, ExtractedPage, ExtractionError, check_size
from .defaults import configure, configure_from_settings
from .detect import admit, detect_format
from .isolate import extract_file_isolated

__all__ = [
    "ExtractedDocument",
    "ExtractedPage",
    "ExtractionError",
    "admit",
    "check_size",
    "configure",
    "configure_from_settings",
    "defaults",
    "detect_format",
    "extract_file",
    "extract_file_isolated",
    "formats",
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

    check_size(_file_size(path), max_bytes)
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


def _dispatch(
    path: str | os.PathLike[str], fmt: str, *, max_pages: int, ocr: bool, ocr_timeout: float
) -> ExtractedDocument:
    """Run the format's extractor (formats.py). Its module is imported here, in the process that reads the
    file (the isolated child or the zygote that preloaded it), never by a parent that only sends files."""
    spec = formats.get(fmt)
    if spec is None or not spec.supported:
        raise ExtractionError("unsupported")
    module_name, _, function_name = spec.extractor.partition(":")
    extract = getattr(importlib.import_module(module_name), function_name)
    options = {"ocr": ocr, "ocr_timeout_per_page": ocr_timeout} if spec.ocr else {}
    doc = extract(path, fmt, max_pages=max_pages, **options)
    doc.format, doc.unit = spec.name, spec.unit
    return doc


def _file_size(path: str | os.PathLike[str]) -> int:
    try:
        st = os.stat(path)
    except OSError:
        raise ExtractionError("not_found") from None
    if not os.path.isfile(path):
        raise ExtractionError("not_found")
    return st.st_size
