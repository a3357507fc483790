"""Module-level limits used when a caller passes no explicit value: the one source of their defaults.

The Django settings (`MAILLAGE_EXTRACTION`, config/settings/base.py) start from these values and let
environment variables override them. Callers (e.g. the Django app, from MAILLAGE_EXTRACTION_* settings)
override them with `extraction.configure(max_bytes=..., ...)` or by assigning these attributes.
They are read at call time, never at import time.
"""

from __future__ import annotations

MAX_BYTES = 100 * 1024 * 1024  # refuse larger files ("too_large")
MAX_PAGES = 5000  # refuse documents with more pages/slides/sections ("too_many_pages")
OCR = True  # run OCR on PDF pages without a text layer
OCR_TIMEOUT_PER_PAGE = 60.0  # seconds for one tesseract run
OCR_MAX_PAGES = 300  # OCR at most this many pages of one document (the rest gets a warning)
OCR_DPI = 300
OCR_LANGUAGES = "fra+eng"
OCR_MAX_PIXELS = 60_000_000  # lower the DPI for huge pages so one bitmap stays bounded
PDF_SPLIT_MIN_PAGES = (
    300  # in the isolated child, a PDF this long is read by two processes (0: never)
)
OCR_SPLIT_MIN_PAGES = (
    2  # ... and a scanned one (first page OCR'd) with this many pages left (0: never)
)
SPLIT_MAX_LOAD = None  # no helper above this 1-minute load average (None: the number of cores)
TIMEOUT = 600.0  # wall-clock seconds for extract_file_isolated (RLIMIT_CPU is this plus 5 s)
MEMORY_LIMIT_MB = 1024  # RLIMIT_AS of the isolated child (soffice and tesseract inherit it)
FILE_SIZE_LIMIT_MB = 1024  # RLIMIT_FSIZE of the isolated child: largest file it may write
OUTPUT_LIMIT_MB = 256  # largest JSON result the parent accepts from the child
ISOLATION = "fork"  # "fork": children of a warm zygote; "fresh": a new interpreter per document
LEGACY_TIMEOUT = 120.0  # seconds for one LibreOffice conversion (.doc/.ppt)
ZIP_MAX_UNCOMPRESSED = (
    1024 * 1024 * 1024
)  # declared total uncompressed size of a zip-based document
ZIP_MAX_RATIO = 200  # compression ratio above which a large member counts as a bomb
ZIP_RATIO_MIN_SIZE = 10 * 1024 * 1024  # members smaller than this are never judged by ratio
ZIP_MAX_MEMBERS = 20000
XML_MAX_BYTES = 256 * 1024 * 1024  # largest single XML part we agree to parse

_NAMES = {
    "max_bytes": "MAX_BYTES",
    "max_pages": "MAX_PAGES",
    "ocr": "OCR",
    "ocr_timeout_per_page": "OCR_TIMEOUT_PER_PAGE",
    "ocr_max_pages": "OCR_MAX_PAGES",
    "ocr_dpi": "OCR_DPI",
    "ocr_languages": "OCR_LANGUAGES",
    "ocr_max_pixels": "OCR_MAX_PIXELS",
    "pdf_split_min_pages": "PDF_SPLIT_MIN_PAGES",
    "ocr_split_min_pages": "OCR_SPLIT_MIN_PAGES",
    "split_max_load": "SPLIT_MAX_LOAD",
    "timeout": "TIMEOUT",
    "memory_limit_mb": "MEMORY_LIMIT_MB",
    "file_size_limit_mb": "FILE_SIZE_LIMIT_MB",
    "output_limit_mb": "OUTPUT_LIMIT_MB",
    "isolation": "ISOLATION",
    "legacy_timeout": "LEGACY_TIMEOUT",
    "zip_max_uncompressed": "ZIP_MAX_UNCOMPRESSED",
    "zip_max_ratio": "ZIP_MAX_RATIO",
    "zip_ratio_min_size": "ZIP_RATIO_MIN_SIZE",
    "zip_max_members": "ZIP_MAX_MEMBERS",
    "xml_max_bytes": "XML_MAX_BYTES",
}


def configure(**values: object) -> None:
    """Override defaults, e.g. configure(max_bytes=50_000_000, timeout=120)."""
    g = globals()
    for key, value in values.items():
        try:
            g[_NAMES[key]] = value
        except KeyError:
            raise TypeError(f"unknown extraction setting: {key}") from None


def snapshot() -> dict[str, object]:
    """Current values, keyed by configure() names (sent to the isolated child)."""
    g = globals()
    return {key: g[name] for key, name in _NAMES.items()}


def configure_from_settings(settings: object, prefix: str = "MAILLAGE_EXTRACTION") -> None:
    """Apply Django-style settings without importing Django: any object with attributes works.

    Reads a dict `MAILLAGE_EXTRACTION = {"MAX_BYTES": ..., "TIMEOUT": ...}` (unknown keys ignored)
    and/or flat attributes such as `MAILLAGE_EXTRACTION_MAX_BYTES`; flat attributes win.
    """
    values: dict[str, object] = {}
    block = getattr(settings, prefix, None)
    if isinstance(block, dict):
        for key, value in block.items():
            if str(key).lower() in _NAMES:
                values[str(key).lower()] = value
    for key in _NAMES:
        name = f"{prefix}_{key.upper()}"
        if hasattr(settings, name):
            values[key] = getattr(settings, name)
    configure(**values)
