"""Plain text (.txt) and Markdown (.md) extraction.

Sections: form feeds always cut; Markdown also cuts before level-1/2 headings; any section
longer than SECTION_CHARS is cut again at paragraph, line or word boundaries so search hits stay
local. Everything runs in time linear in the text's length, and stops as soon as the section limit
is passed (a huge single-line file is refused in seconds, not minutes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from .base import ExtractedDocument, ExtractedPage, ExtractionError
from .textclean import clean_text

SECTION_CHARS = 6000
_MD_HEADING = re.compile(r"^(#{1,2})[ \t]+\S", re.MULTILINE)
_SETEXT = re.compile(r"^[^\n]+\n(?:=+|-+)[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def extract_text_file(
    path: str | os.PathLike[str], fmt: str, *, max_pages: int
) -> ExtractedDocument:
    with open(path, "rb") as fh:
        raw = decode_text(fh.read())
    if "\r" in raw:  # each copy of a 100 MB text counts against the child's memory limit
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    texts: list[str] = []
    for block in raw.split("\f") if "\f" in raw else (raw,):
        if fmt == "md":
            block = _FRONT_MATTER.sub("", block)
            starts = {0, *(m.start() for m in _MD_HEADING.finditer(block))}
            starts.update(m.start() for m in _SETEXT.finditer(block))
            bounds = sorted(starts)
            pieces = [block[a:b] for a, b in zip(bounds, bounds[1:] + [len(block)], strict=True)]
            if not title:
                m = re.search(r"^#[ \t]+(.+)$", block, re.MULTILINE)
                title = m.group(1).strip() if m else ""
        else:
            pieces = [block]
        for piece in pieces:
            for chunk in split_long(piece):
                text = clean_text(chunk)
                if text:
                    texts.append(text)
                    if len(texts) > max_pages:
                        raise _too_long(len(raw), max_pages)
    pages = [ExtractedPage(i, t) for i, t in enumerate(texts, start=1)]
    return ExtractedDocument(format=fmt, unit="section", pages=pages, title=clean_text(title)[:500])


def split_long(text: str) -> Iterator[str]:
    """Cut `text` into pieces of at most SECTION_CHARS characters, in linear time.

    Paragraphs are grouped up to the limit; a paragraph longer than the limit is cut at a line
    break, else a space, found in the second half of the window, else mid-word.
    """
    if len(text) <= SECTION_CHARS:
        yield text
        return
    current: list[str] = []
    size = 0
    for para in _PARAGRAPH_BREAK.split(text):
        if len(para) > SECTION_CHARS:
            if current:
                yield "\n\n".join(current)
                current, size = [], 0
            pos = (
                0  # walk the giant paragraph by index: slicing off its rest each time is quadratic
            )
            while len(para) - pos > SECTION_CHARS:
                limit = pos + SECTION_CHARS
                cut = para.rfind("\n", pos, limit)
                if cut < pos + SECTION_CHARS // 2:
                    cut = para.rfind(" ", pos, limit)
                if cut < pos + SECTION_CHARS // 2:
                    cut = limit
                yield para[pos:cut]
                pos = cut
            para = para[pos:]
        if size + len(para) > SECTION_CHARS and current:
            yield "\n\n".join(current)
            current, size = [], 0
        current.append(para)
        size += len(para) + 2
    if current:
        yield "\n\n".join(current)


def _too_long(chars: int, max_pages: int) -> ExtractionError:
    return ExtractionError(
        "too_many_pages",
        f"Le texte compte {_fr_int(chars)} caractères : il dépasse la limite de {_fr_int(max_pages)} "
        f"sections de {_fr_int(SECTION_CHARS)} caractères au plus (environ {_fr_int(max_pages * SECTION_CHARS)} "
        "caractères) que la recherche peut indexer pour un document. "
        "Découpez-le en plusieurs fichiers plus courts puis déposez-les séparément.",
    )


def _fr_int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")
