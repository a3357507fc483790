"""Legacy binary Office files (.doc, .ppt): LibreOffice converts them to ODF, then odf.py reads them.

The warm LibreOffice of office_server.py converts when it answers (tens to hundreds of milliseconds); otherwise
a LibreOffice is started for this file alone (1.3–2 s), with the child's limits.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
from pathlib import Path

from . import defaults, office_server
from .base import ExtractedDocument, ExtractionError
from .detect import cfb_read_head
from .odf import extract_odf

# Flat ODF (one XML file): LibreOffice writes it about twice as fast as the zipped .odt/.odp.
TARGETS = {"doc": ("fodt", "odt"), "ppt": ("fodp", "odp")}


def soffice_path() -> str | None:
    return office_server.soffice_path()


def extract_legacy(path: str | os.PathLike[str], fmt: str, *, max_pages: int) -> ExtractedDocument:
    if not soffice_path():
        raise ExtractionError(
            "unsupported",
            "Format non pris en charge ici : les anciens fichiers Word (.doc) et PowerPoint (.ppt) "
            "ne peuvent pas être lus sur ce serveur. Enregistrez-le au format .docx, .pptx ou PDF "
            "puis déposez-le à nouveau.",
        )
    if fmt == "doc" and _doc_is_encrypted(path):
        raise ExtractionError("encrypted")
    ext, odf_fmt = TARGETS[fmt]
    with tempfile.TemporaryDirectory(prefix="maillage-soffice-") as tmp:
        src = Path(tmp) / f"source.{fmt}"
        shutil.copyfile(path, src)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        result = out_dir / f"source.{ext}"
        if not office_server.convert(src, result, ext):
            # No warm LibreOffice answered: one for this file alone, under the child's limits.
            result = office_server.convert_cold(
                src, out_dir, ext, timeout=float(defaults.LEGACY_TIMEOUT)
            )
        if result is None:
            raise ExtractionError(
                "corrupt",
                "Le fichier n'a pas pu être converti (fichier endommagé, protégé ou d'un format "
                "trop ancien) : "
                "ré-enregistrez-le au format .docx, .pptx ou PDF puis déposez-le à nouveau.",
            )
        doc = extract_odf(result, odf_fmt, max_pages=max_pages)
    doc.format = fmt
    return doc


def _doc_is_encrypted(path: str | os.PathLike[str]) -> bool:
    """Word 97-2003: FIB flag fEncrypted (bit 8 of the flags word at offset 0x0A of WordDocument)."""
    head = cfb_read_head(path, "WordDocument", 12)
    if len(head) < 12:
        return False
    ident, flags = struct.unpack_from("<H", head, 0)[0], struct.unpack_from("<H", head, 0x0A)[0]
    return ident == 0xA5EC and bool(flags & 0x0100)
