"""Guarded access to zip-based documents (OOXML, OpenDocument) and a hardened XML parser."""

from __future__ import annotations

import os
import posixpath
import zipfile
import zlib

from lxml import etree

from . import defaults
from .base import ExtractionError

# No DTD loading, no entity expansion, no network, no huge-tree mode: a DTD-based attack
# (billion laughs, external entities) has nothing to work with. Documents that declare a DTD
# are refused before parsing anyway.
_PARSER_KW = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


class SafeZip:
    """A zip archive whose directory was checked against decompression bombs."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        try:
            self.zf = zipfile.ZipFile(path)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            raise ExtractionError("corrupt") from None
        check_bomb(infos)
        self.names = {info.filename for info in infos}

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str, limit: int | None = None) -> bytes:
        """Read one member; declared sizes bound what zipfile decompresses, `limit` bounds the member."""
        limit = defaults.XML_MAX_BYTES if limit is None else limit
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise ExtractionError("corrupt") from None
        if info.file_size > limit:
            raise ExtractionError("too_large")
        if info.flag_bits & 0x1:
            raise ExtractionError("encrypted")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(limit + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ):
            raise ExtractionError("corrupt") from None
        if len(data) > limit:
            raise ExtractionError("bomb")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name))

    def xml_or_none(self, name: str | None) -> etree._Element | None:
        if not name or name not in self.names:
            return None
        return self.xml(name)


def check_bomb(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives whose central directory announces an abnormal decompressed volume."""
    if len(infos) > defaults.ZIP_MAX_MEMBERS:
        raise ExtractionError("bomb")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= defaults.ZIP_RATIO_MIN_SIZE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > defaults.ZIP_MAX_RATIO:
                raise ExtractionError("bomb")
    if total > defaults.ZIP_MAX_UNCOMPRESSED:
        raise ExtractionError("bomb")


def parse_xml(data: bytes) -> etree._Element:
    # Office XML never carries a DTD; one in the prolog is an attack or garbage.
    prolog_end = data.find(b"<", data.find(b"?>") + 1 if data.startswith(b"<?xml") else 0)
    head = data[: max(prolog_end, 0) + 4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ExtractionError("corrupt")
    parser = etree.XMLParser(**_PARSER_KW)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        # Be tolerant of slightly broken XML as Office applications are.
        try:
            root = etree.fromstring(data, etree.XMLParser(recover=True, **_PARSER_KW))
        except (etree.XMLSyntaxError, ValueError):
            root = None
        if root is None:
            raise ExtractionError("corrupt") from None
    return root


def resolve_target(source_part: str, target: str) -> str:
    """Resolve a relationship target relative to the part that owns the relationship."""
    if target.startswith("/"):
        return target.lstrip("/")
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target))


def rels_path(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def relationships(z: SafeZip, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type suffix, resolved part name) for internal relationships of `part`."""
    rp = rels_path(part)
    if not z.has(rp):
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in z.xml(rp).iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        rid, rtype, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target")
        if rid and target:
            out[rid] = (rtype.rsplit("/", 1)[-1], resolve_target(part, target))
    return out
