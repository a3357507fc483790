"""Where the PDF derived from an office document is kept, and whether there is one (resources/conversion.py makes
it; the viewer's links, the thumbnails and the document's views read it).

`derived/<document id>/<content hash>.pdf` beside the media files: a replaced file gets a new one, and the folder
goes with the document. Documents are read by their attributes only: this module imports no model, so the
document model's URLs (resources/document_links.py) may ask whether the viewer can show a document.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings

from extraction import formats

CONVERTIBLE = formats.viewer_pdf_extensions()  # pptx, odp, docx, odt, ppt, doc


def folder(document_pk: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "derived" / str(document_pk)


def is_convertible(document: Any) -> bool:
    """Whether `document` (a ResourceDocument) is an office file the viewer shows through a derived PDF."""
    return document.file_extension.lower() in CONVERTIBLE


def derived_path(document: Any) -> Path:
    """Where the PDF of `document`'s current file is (or will be) kept."""
    return folder(document.pk) / f"{(document.file_hash or 'nohash')[:12]}.pdf"


def derived_pdf(document: Any) -> Path | None:
    """The PDF converted from `document`'s current file, when there is one."""
    if not is_convertible(document):
        return None
    path = derived_path(document)
    return path if path.exists() else None


def has_derived(document_pk: int) -> bool:
    """A converted PDF is kept for this document (the current file's: older ones are removed with the file)."""
    return any(folder(document_pk).glob("*.pdf"))


def delete_derived(document_pk: int) -> None:
    shutil.rmtree(folder(document_pk), ignore_errors=True)
