"""Legacy binary Office files (.doc, .ppt): LibreOffice converts them to ODF, then odf.py reads them.

The warm LibreOffice of office_server.py converts when it answers (tens to hundreds of milliseconds); otherwise
a LibreOffice is started for this file alone (1.3–2 s), with the child's limits.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
from pathlib import Path

from . import defaults, office_server
from .base import ExtractedDocument, ExtractionError
from .detect import cfb_read_head
from .odf import extract_odf

TARGETS = {"doc": ("odt", "odt"), "ppt": ("odp", "odp")}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def extract_legacy(path: str | os.PathLike[str], fmt: str, *, max_pages: int) -> ExtractedDocument:
    exe = soffice_path()
    if not exe:
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
        tmp_path = Path(tmp)
        src = tmp_path / f"source.{fmt}"
        shutil.copyfile(path, src)
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        if office_server.convert(src, out_dir / f"source.{ext}", ext):
            doc = extract_odf(out_dir / f"source.{ext}", odf_fmt, max_pages=max_pages)
            doc.format = fmt
            return doc
        profile = tmp_path / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            ext,
            "--outdir",
            str(out_dir),
            str(src),
        ]
        env = dict(os.environ, HOME=tmp, SAL_USE_VCLPLUGIN="svp")
        proc = subprocess.Popen(
            cmd,
            cwd=tmp,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=float(defaults.LEGACY_TIMEOUT))
        except subprocess.TimeoutExpired:
            raise ExtractionError("timeout") from None
        finally:
            # soffice may leave helper processes behind: end the whole group it started.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        result = out_dir / f"source.{ext}"
        if not result.exists() or result.stat().st_size == 0:
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
