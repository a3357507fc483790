"""Office documents (PPTX, ODP, DOCX, ODT, PPT, DOC) converted to a derived PDF, so that the viewer and the
thumbnails show them too (« Diapositive 2 » opens at slide 2).

After extraction a worker runs LibreOffice headless (`soffice --convert-to pdf`) in its own session and temporary
profile, with a time limit and a memory limit; the PDF is kept beside the media files under
`derived/<document id>/<content hash>.pdf` (resources/derived.py), so a replaced file gets a new one, and it goes
with the document.
Without LibreOffice nothing is converted: the page says the document downloads.
"""

from __future__ import annotations

import logging
import resource
import shutil
import tempfile
from pathlib import Path

from extraction import ExtractionError, office_server
from resources.derived import derived_path, derived_pdf, folder, is_convertible
from resources.models import ExtractionStatus, ResourceDocument

logger = logging.getLogger(__name__)

TIMEOUT = 180  # seconds for one conversion
MEMORY_MB = 2048  # address space of LibreOffice (it reserves much more than it uses)


def soffice_path() -> str | None:
    return office_server.soffice_path()


def why_not_viewable(document: ResourceDocument) -> str:
    """Why a document downloads rather than opens in the site (French, for the document's page)."""
    if document.extraction_status == ExtractionStatus.FAILED:
        return "il n'a pas pu être lu (fichier endommagé, protégé par un mot de passe ou illisible)"
    if not is_convertible(document):
        return "seuls les PDF et les documents bureautiques convertis s'ouvrent dans le lecteur"
    if soffice_path() is None:
        return "la conversion en PDF des documents bureautiques (LibreOffice) n'est pas installée sur ce serveur"
    return "sa conversion en PDF n'est pas encore faite ou a échoué"


def _limits() -> (
    None
):  # in the child, before exec (its own session is set by office_server.convert_cold)
    limit = MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT, TIMEOUT + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def convert_document(document_pk: int) -> Path | None:
    """Convert the document's file to PDF once (kept until the file changes); None if not convertible, no
    LibreOffice, or a failed conversion (logged; the document still downloads)."""
    document = ResourceDocument.objects.filter(pk=document_pk).first()
    if document is None or not is_convertible(document):
        return None
    existing = derived_pdf(document)
    if existing is not None:
        return existing
    if soffice_path() is None:
        return None
    target = derived_path(document)
    with tempfile.TemporaryDirectory(prefix="maillage-topdf-") as tmp:
        source = Path(tmp) / f"source.{document.file_extension.lower()}"
        with document.file.open("rb") as src, source.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        result = convert_file(source, Path(tmp) / "out")
        if result is None:
            logger.warning("PDF conversion of document %s failed or timed out", document.pk)
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in folder(document.pk).glob("*.pdf"):
            stale.unlink(missing_ok=True)
        partial = target.with_suffix(".tmp")
        shutil.copyfile(result, partial)
        partial.replace(target)
    return target


def convert_file(source: Path, out: Path) -> Path | None:
    """`source` converted to PDF in `out`: by the warm LibreOffice when it answers, else by one of its own
    (session, profile, limits); None on failure."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{source.stem}.pdf"
    try:
        if office_server.ensure_running() and office_server.convert(source, target, "pdf"):
            return target
        return office_server.convert_cold(source, out, "pdf", timeout=TIMEOUT, preexec=_limits)
    except ExtractionError:  # timed out
        return None
