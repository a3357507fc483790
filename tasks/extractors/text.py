"""Plain text (.txt) and Markdown (.md) extraction.

Sections: form feeds always cut; Markdown also cuts before level-1/2 headings; any section
longer than SECTION_CHARS is cut again at paragraph boundaries so search hits stay local.
"""

from __future__ import annotations

import os
import re

from .base import ExtractedDocument, ExtractedPage
from .common import check_page_count
from .textclean import clean_text

SECTION_CHARS = 6000
_MD_HEADING = re.compile(r"^(#{1,2})[ \t]+\S", re.MULTILINE)
_SETEXT = re.compile(r"^[^\n]+\n(?:=+|-+)[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def extract_text_file(path: str | os.PathLike[str], fmt: str, *, max_pages: int) -> ExtractedDocument:
    with open(path, "rb") as fh:
        raw = decode_text(fh.read())
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    chunks: list[str] = []
    for block in raw.split("\f"):
        if fmt == "md":
            block = _FRONT_MATTER.sub("", block)
            starts = sorted({0, *(m.start() for m in _MD_HEADING.finditer(block))})
            starts += [m.start() for m in _SETEXT.finditer(block) if m.start() not in starts]
            starts = sorted(set(starts))
            pieces = [block[a:b] for a, b in zip(starts, starts[1:] + [len(block)], strict=True)]
            if not title:
                m = re.search(r"^#[ \t]+(.+)$", block, re.MULTILINE)
                title = m.group(1).strip() if m else ""
        else:
            pieces = [block]
        for piece in pieces:
            chunks.extend(_split_long(piece))
    texts = [t for t in (clean_text(c) for c in chunks) if t]
    check_page_count(len(texts), max_pages, "sections")
    pages = [ExtractedPage(i, t) for i, t in enumerate(texts, start=1)]
    return ExtractedDocument(format=fmt, unit="section", pages=pages, title=clean_text(title)[:500])


def _split_long(text: str) -> list[str]:
    if len(text) <= SECTION_CHARS:
        return [text]
    out: list[str] = []
    current: list[str] = []
    size = 0
    for para in re.split(r"\n[ \t]*\n", text):
        while len(para) > SECTION_CHARS:  # one giant paragraph: cut at a line or word boundary
            cut = para.rfind("\n", 0, SECTION_CHARS)
            if cut < SECTION_CHARS // 2:
                cut = para.rfind(" ", 0, SECTION_CHARS)
            if cut < SECTION_CHARS // 2:
                cut = SECTION_CHARS
            if current:
                out.append("\n\n".join(current))
                current, size = [], 0
            out.append(para[:cut])
            para = para[cut:]
        if size + len(para) > SECTION_CHARS and current:
            out.append("\n\n".join(current))
            current, size = [], 0
        current.append(para)
        size += len(para) + 2
    if current:
        out.append("\n\n".join(current))
    return out
