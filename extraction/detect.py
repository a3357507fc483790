"""Format detection by content: magic bytes, zip members, OLE2 (CFB) stream names.

The containers are opened here; what identifies each format inside them is its row's `Sniff` in formats.py."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

from . import formats
from .base import ExtractionError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Content labels that are not formats: a container none of the formats' rules recognised.
CONTAINER_LABELS = {
    "zip": "une archive ZIP",
    "ooxml-encrypted": "un document Office chiffré",
    "cfb": "un fichier Microsoft Office non reconnu",
    "binary": "un fichier binaire non reconnu",
}
_TEXT = next(
    f.name for f in formats.ALL if f.sniff.text
)  # what plain text is read as unless the name says


def label_of(name: str) -> str:
    """French label of a content label: « un PDF », « une archive ZIP »."""
    fmt = formats.get(name)
    return fmt.label if fmt else CONTAINER_LABELS.get(name, name)


def claimed_format(path: str | os.PathLike[str]) -> str | None:
    return formats.claimed_format(Path(path).name)


def sniff(path: str | os.PathLike[str]) -> str:
    """Content label: a format name (supported or not, formats.py) or one of CONTAINER_LABELS. Never raises on
    content."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if not head:
        return "empty"
    for fmt in formats.ALL:
        if fmt.sniff.magic_within and any(
            m in head[: fmt.sniff.magic_within] for m in fmt.sniff.magic
        ):
            return fmt.name
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(path)
    if head.startswith(CFB_MAGIC):
        return _sniff_cfb(path)
    for fmt in formats.ALL:
        if not fmt.sniff.magic_within and fmt.sniff.magic and head.startswith(fmt.sniff.magic):
            return fmt.name
    if _looks_like_text(head):
        lowered = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        for fmt in formats.ALL:
            if fmt.sniff.text_starts and lowered.startswith(fmt.sniff.text_starts):
                return fmt.name
        return _TEXT
    return "binary"


def detect_format(path: str | os.PathLike[str]) -> str:
    """Return the supported format of `path` judged by content ("pdf", "docx", "txt"...).

    Plain text is reported as the text format the file name claims ("md" for a .md file), content cannot tell
    them apart. Raises ExtractionError("empty_file") for a zero-byte file, ExtractionError("encrypted") for an
    encrypted Office file and ExtractionError("unsupported") for content that no extractor handles.
    """
    label = sniff(path)
    if label == "empty":
        raise ExtractionError("empty_file")
    if label == "ooxml-encrypted":
        raise ExtractionError("encrypted")
    fmt = formats.get(label)
    if fmt is None or not fmt.supported:
        raise ExtractionError(
            "unsupported",
            f"Format non pris en charge : le fichier contient {label_of(label)}. "
            f"Déposez {formats.accepted_formats()}.",
        )
    claimed = formats.get(claimed_format(path) or "")
    if not fmt.binary and claimed is not None and not claimed.binary:
        return claimed.name
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
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                found = _odf_format(zf.read("mimetype").decode("ascii", "replace").strip())
                if found:
                    return found
            if "content.xml" in names and "META-INF/manifest.xml" in names:
                return _odf_from_manifest(zf)
            has_types = "[Content_Types].xml" in names
            for fmt in formats.ALL:
                rule = fmt.sniff
                if any(part in names for part in rule.zip_parts) or (
                    has_types
                    and rule.zip_folder
                    and any(n.startswith(rule.zip_folder) for n in names)
                ):
                    return fmt.name
            if has_types:
                # An OOXML package without its main part: the extractor reports it as corrupt.
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size < 65536:
                    return _ooxml_from_content_types(zf.read(info))
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        # A local header but no readable central directory: a truncated/damaged zip-based document.
        return _sniff_broken_zip(path)
    return "zip"


def _odf_format(mimetype: str) -> str | None:
    return next((f.name for f in formats.ALL if mimetype in f.sniff.odf_mimetypes), None)


def _odf_from_manifest(zf: zipfile.ZipFile) -> str:
    manifest = zf.read("META-INF/manifest.xml")[:65536]
    for fmt in formats.ALL:
        for mime in fmt.sniff.odf_mimetypes:
            if f'manifest:media-type="{mime}"'.encode() in manifest:
                return fmt.name
    return "zip"


def _sniff_broken_zip(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as fh:
        head = fh.read(65536)
    for fmt in formats.ALL:
        if any(b"mimetype" + mime.encode() in head for mime in fmt.sniff.odf_mimetypes):
            return fmt.name
    for fmt in formats.ALL:
        if fmt.sniff.zip_folder and fmt.sniff.zip_folder.encode() in head:
            return fmt.name
    return _ooxml_from_content_types(_first_member(head, b"[Content_Types].xml"))


def _ooxml_from_content_types(xml: bytes) -> str:
    for fmt in formats.ALL:
        if fmt.sniff.ooxml_type and fmt.sniff.ooxml_type in xml:
            return fmt.name
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

_ENDOFCHAIN = 0xFFFFFFFE


def cfb_stream_names(path: str | os.PathLike[str], max_entries: int = 4096) -> list[str]:
    """Names of the entries of an OLE2 compound file's directory (bounded, never raises)."""
    return [name for name, _start, _size in cfb_entries(path, max_entries)]


def cfb_entries(
    path: str | os.PathLike[str], max_entries: int = 4096
) -> list[tuple[str, int, int]]:
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
        while (
            sect < _ENDOFCHAIN
            and sect not in seen
            and sect < max_sector
            and len(names) < max_entries
        ):
            seen.add(sect)
            fh.seek((sect + 1) * sector_size)
            data = fh.read(sector_size)
            for off in range(0, len(data) - 127, 128):
                name_len = struct.unpack_from("<H", data, off + 64)[0]
                if 2 <= name_len <= 64 and data[off + 66] in (1, 2, 5):
                    name = data[off : off + name_len - 2].decode("utf-16-le", "replace")
                    start, stream_size = struct.unpack_from("<IQ", data, off + 116)
                    names.append(
                        (
                            name,
                            start,
                            stream_size if sector_size == 4096 else stream_size & 0xFFFFFFFF,
                        )
                    )
            sect = fat_next(sect)
        return names


def _sniff_cfb(path: str | os.PathLike[str]) -> str:
    names = set(cfb_stream_names(path))
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return "ooxml-encrypted"
    for fmt in formats.ALL:
        if names.intersection(fmt.sniff.cfb_streams):
            return fmt.name
    return "cfb"


def admit(path: str | os.PathLike[str], name: str | None = None) -> tuple[str, list[str]]:
    """The format to read `path` as, judged by content, and warnings for the editor.

    `name` is the file name the user gave, when `path` is a temporary copy. Raises ExtractionError for
    empty, unsupported or mislabelled content. Content that is plain text while the name promises a binary
    document is refused as mislabelled (usually an HTML error page or a renamed export); content of another
    document format is read as what it is, with a warning.
    """
    fmt = formats.BY_NAME[detect_format(path)]
    label_source = name or path
    claimed = formats.get(claimed_format(label_source) or "")
    suffix = Path(label_source).suffix
    warnings: list[str] = []
    if claimed is not None and claimed != fmt and (fmt.binary or claimed.binary):
        if not fmt.binary:
            raise ExtractionError(
                "mislabelled",
                f"Le fichier porte l'extension {suffix} mais contient {fmt.label} : "
                "vérifiez qu'il s'agit du bon fichier et déposez-le à nouveau.",
            )
        warnings.append(
            f"L'extension {suffix} ne correspond pas au contenu ({fmt.label}) : "
            "le fichier a été lu d'après son contenu."
        )
    return fmt.name, warnings
