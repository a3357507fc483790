"""Format detection by content: magic bytes, zip members, OLE2 (CFB) stream names."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

from .base import ExtractionError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.presentation-template": "odp",
}

# Extension -> the format it claims (used only to name the mismatch, never to choose the parser).
EXTENSIONS = {
    ".pdf": "pdf",
    ".pptx": "pptx",
    ".pptm": "pptx",
    ".ppsx": "pptx",
    ".potx": "pptx",
    ".odp": "odp",
    ".otp": "odp",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".odt": "odt",
    ".ott": "odt",
    ".txt": "txt",
    ".text": "txt",
    ".csv": "txt",
    ".md": "md",
    ".markdown": "md",
    ".ppt": "ppt",
    ".pps": "ppt",
    ".doc": "doc",
    ".dot": "doc",
}

# Internal labels that are recognised but not extracted.
NOT_SUPPORTED_LABELS = {
    "xlsx": "un classeur Excel",
    "ods": "un classeur OpenDocument",
    "xls": "un classeur Excel",
    "zip": "une archive ZIP",
    "html": "une page HTML",
    "rtf": "un document RTF",
    "image": "une image",
    "ooxml-encrypted": "un document Office chiffré",
    "cfb": "un fichier Microsoft Office non reconnu",
    "binary": "un fichier binaire non reconnu",
}

FORMAT_LABELS = {
    "pdf": "un PDF",
    "pptx": "une présentation PowerPoint (.pptx)",
    "odp": "une présentation OpenDocument (.odp)",
    "docx": "un document Word (.docx)",
    "odt": "un document OpenDocument (.odt)",
    "txt": "du texte brut",
    "md": "du texte Markdown",
    "ppt": "une présentation PowerPoint ancienne (.ppt)",
    "doc": "un document Word ancien (.doc)",
    **NOT_SUPPORTED_LABELS,
}


def claimed_format(path: str | os.PathLike[str]) -> str | None:
    return EXTENSIONS.get(Path(path).suffix.lower())


def sniff(path: str | os.PathLike[str]) -> str:
    """Content label: a supported format name or one of NOT_SUPPORTED_LABELS. Never raises on content."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(path)
    if head.startswith(CFB_MAGIC):
        return _sniff_cfb(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if _looks_like_text(head):
        lowered = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return "html"
        return "txt"
    return "binary"


def detect_format(path: str | os.PathLike[str]) -> str:
    """Return the supported format of `path` judged by content ("pdf", "docx", "txt"...).

    "txt" content is reported as "md" when the file name says Markdown (content cannot tell them apart).
    Raises ExtractionError("empty_file") for a zero-byte file and ExtractionError("unsupported") for
    content that no extractor handles.
    """
    label = sniff(path)
    if label == "empty":
        raise ExtractionError("empty_file")
    if label == "ooxml-encrypted":
        raise ExtractionError("encrypted")
    if label in NOT_SUPPORTED_LABELS:
        raise ExtractionError(
            "unsupported",
            f"Format non pris en charge : le fichier contient {FORMAT_LABELS[label]}. "
            "Déposez un PDF, un document Word ou OpenDocument, une présentation PowerPoint "
            "ou Impress, ou un fichier texte.",
        )
    if label == "txt" and claimed_format(path) == "md":
        return "md"
    return label


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM
        return True
    if b"\x00" in head:
        return False
    sample = head
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is fine.
        if exc.start >= len(sample) - 4:
            return True
    # Legacy 8-bit text (cp1252): reject if many C0 controls.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(sample) // 100


def _sniff_zip(path: str | os.PathLike[str]) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mime = zf.read("mimetype").decode("ascii", "replace").strip()
                    if mime in ODF_MIMETYPES:
                        return ODF_MIMETYPES[mime]
                    if mime.startswith("application/vnd.oasis.opendocument.spreadsheet"):
                        return "ods"
            if "content.xml" in names and "META-INF/manifest.xml" in names:
                return _odf_from_manifest(zf)
            if "word/document.xml" in names or (
                "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
            ):
                return "docx"
            if "ppt/presentation.xml" in names:
                return "pptx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "[Content_Types].xml" in names:
                # An OOXML package without its main part: the extractor reports it as corrupt.
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size < 65536:
                    return _ooxml_from_content_types(zf.read(info))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        # A local header but no readable central directory: a truncated/damaged zip-based document.
        return _sniff_broken_zip(path)
    return "zip"


def _odf_from_manifest(zf: zipfile.ZipFile) -> str:
    manifest = zf.read("META-INF/manifest.xml")[:65536]
    for mime, fmt in ODF_MIMETYPES.items():
        if f'manifest:media-type="{mime}"'.encode() in manifest:
            return fmt
    return "zip"


def _sniff_broken_zip(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
        return "odt"
    if b"mimetypeapplication/vnd.oasis.opendocument.presentation" in head:
        return "odp"
    if b"word/" in head:
        return "docx"
    if b"ppt/" in head:
        return "pptx"
    return _ooxml_from_content_types(_first_member(head, b"[Content_Types].xml"))


_OOXML_KINDS = ((b"wordprocessingml", "docx"), (b"presentationml", "pptx"), (b"spreadsheetml", "xlsx"))


def _ooxml_from_content_types(xml: bytes) -> str:
    for marker, fmt in _OOXML_KINDS:
        if marker in xml:
            return fmt
    return "zip"


def _first_member(head: bytes, name: bytes) -> bytes:
    """Content of the local zip entry `name` found in `head` (deflated or stored), or b""."""
    at = head.find(b"PK\x03\x04")
    while at >= 0 and at + 30 <= len(head):
        method = int.from_bytes(head[at + 8 : at + 10], "little")
        name_len = int.from_bytes(head[at + 26 : at + 28], "little")
        extra_len = int.from_bytes(head[at + 28 : at + 30], "little")
        data_at = at + 30 + name_len + extra_len
        if head[at + 30 : at + 30 + name_len] == name:
            data = head[data_at:]
            if method == 0:
                return data
            if method == 8:
                try:
                    return zlib.decompressobj(-15).decompress(data, 65536)
                except zlib.error:
                    return b""
            return b""
        at = head.find(b"PK\x03\x04", at + 4)
    return b""


# --- OLE2 / Compound File Binary -------------------------------------------------------------

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE


def cfb_stream_names(path: str | os.PathLike[str], max_entries: int = 4096) -> list[str]:
    """Names of the entries of an OLE2 compound file's directory (bounded, never raises)."""
    return [name for name, _start, _size in cfb_entries(path, max_entries)]


def cfb_entries(path: str | os.PathLike[str], max_entries: int = 4096) -> list[tuple[str, int, int]]:
    """(name, start sector, size) of the directory entries of an OLE2 file (bounded, never raises)."""
    try:
        return _cfb_entries(path, max_entries)
    except (OSError, struct.error, ValueError, IndexError):
        return []


def cfb_read_head(path: str | os.PathLike[str], stream: str, count: int = 64) -> bytes:
    """First bytes of a stream stored in regular sectors (streams of 4096 bytes or more)."""
    for name, start, size in cfb_entries(path):
        if name == stream and size >= 4096 and start < _ENDOFCHAIN:
            try:
                with open(path, "rb") as fh:
                    fh.seek(0x1E)
                    sector_size = 1 << struct.unpack("<H", fh.read(2))[0]
                    fh.seek((start + 1) * sector_size)
                    return fh.read(count)
            except (OSError, struct.error, ValueError, OverflowError):
                return b""
    return b""


def _cfb_entries(path: str | os.PathLike[str], max_entries: int) -> list[tuple[str, int, int]]:
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        header = fh.read(512)
        if len(header) < 512 or not header.startswith(CFB_MAGIC):
            return []
        sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
        if sector_shift not in (9, 12):
            return []
        sector_size = 1 << sector_shift
        first_dir = struct.unpack_from("<I", header, 0x30)[0]
        first_difat = struct.unpack_from("<I", header, 0x44)[0]
        n_difat = struct.unpack_from("<I", header, 0x48)[0]
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _ENDOFCHAIN]
        max_sector = size // sector_size + 1
        # Follow the DIFAT chain for large files.
        sect, hops = first_difat, 0
        while sect < _ENDOFCHAIN and hops < min(n_difat, 10000):
            fh.seek((sect + 1) * sector_size)
            data = fh.read(sector_size)
            if len(data) < sector_size:
                break
            entries = struct.unpack(f"<{sector_size // 4}I", data)
            fat_sectors.extend(s for s in entries[:-1] if s < _ENDOFCHAIN)
            sect, hops = entries[-1], hops + 1

        def fat_next(sector: int) -> int:
            per = sector_size // 4
            index = sector // per
            if index >= len(fat_sectors):
                return _ENDOFCHAIN
            fh.seek((fat_sectors[index] + 1) * sector_size + (sector % per) * 4)
            raw = fh.read(4)
            return struct.unpack("<I", raw)[0] if len(raw) == 4 else _ENDOFCHAIN

        names: list[tuple[str, int, int]] = []
        sect, seen = first_dir, set()
        while sect < _ENDOFCHAIN and sect not in seen and sect < max_sector and len(names) < max_entries:
            seen.add(sect)
            fh.seek((sect + 1) * sector_size)
            data = fh.read(sector_size)
            for off in range(0, len(data) - 127, 128):
                name_len = struct.unpack_from("<H", data, off + 64)[0]
                if 2 <= name_len <= 64 and data[off + 66] in (1, 2, 5):
                    name = data[off : off + name_len - 2].decode("utf-16-le", "replace")
                    start, stream_size = struct.unpack_from("<IQ", data, off + 116)
                    names.append(
                        (name, start, stream_size if sector_size == 4096 else stream_size & 0xFFFFFFFF)
                    )
            sect = fat_next(sect)
        return names


def _sniff_cfb(path: str | os.PathLike[str]) -> str:
    names = set(cfb_stream_names(path))
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return "ooxml-encrypted"
    if "WordDocument" in names:
        return "doc"
    if "PowerPoint Document" in names:
        return "ppt"
    if "Workbook" in names or "Book" in names:
        return "xls"
    return "cfb"


# Content that is plain text while the name promises a binary document is refused as mislabelled
# (it is usually an HTML error page or a renamed export); content of another document format is
# read as what it is, with a warning.
_BINARY_FORMATS = {"pdf", "pptx", "odp", "docx", "odt", "ppt", "doc"}


def admit(path: str | os.PathLike[str], name: str | None = None) -> tuple[str, list[str]]:
    """The format to read `path` as, judged by content, and warnings for the editor.

    `name` is the file name the user gave, when `path` is a temporary copy. Raises ExtractionError for
    empty, unsupported or mislabelled content.
    """
    fmt = detect_format(path)
    label_source = name or path
    claimed = claimed_format(label_source)
    suffix = Path(label_source).suffix
    warnings: list[str] = []
    if claimed and claimed != fmt and {claimed, fmt} != {"txt", "md"}:
        if fmt in ("txt", "md") and claimed in _BINARY_FORMATS:
            raise ExtractionError(
                "mislabelled",
                f"Le fichier porte l'extension {suffix} mais contient {FORMAT_LABELS[fmt]} : "
                "vérifiez qu'il s'agit du bon fichier et déposez-le à nouveau.",
            )
        warnings.append(
            f"L'extension {suffix} ne correspond pas au contenu ({FORMAT_LABELS[fmt]}) : "
            "le fichier a été lu d'après son contenu."
        )
    return fmt, warnings
