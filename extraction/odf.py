"""OpenDocument text (.odt) and presentation (.odp) extraction from content.xml.

ODP: one page per draw:page (slide): frames, text boxes, tables, grouped shapes, chart
titles/labels, then the speaker notes. ODT: sections cut before level-1/2 headings and at
paragraphs whose style forces a page break.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable

from lxml import etree

from . import defaults
from .base import ExtractedDocument, ExtractedPage, ExtractionError
from .common import SectionBuilder, check_page_count, parse_iso_datetime, tidy_meta
from .safezip import SafeZip, parse_xml
from .textclean import clean_text

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
PRES = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
CHART = "{urn:oasis:names:tc:opendocument:xmlns:chart:1.0}"
META_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}

# Elements whose text is never document content.
SKIPPED = {
    f"{SVG}title",
    f"{SVG}desc",
    f"{OFFICE}annotation",
    f"{OFFICE}annotation-end",
    f"{TEXT}tracked-changes",
    f"{TEXT}note-citation",
    f"{TEXT}table-of-content",
    f"{TEXT}sequence-decls",
    f"{TEXT}variable-decls",
    f"{TEXT}user-field-decls",
    f"{OFFICE}forms",
    f"{DRAW}page-thumbnail",
    f"{OFFICE}event-listeners",
    f"{TABLE}covered-table-cell",
}


class FlatOdf:
    """A flat ODF file (.fodt/.fodp: one XML document, what the warm LibreOffice writes fastest) seen through
    SafeZip's interface: content, styles and meta are all the one root."""

    PARTS = ("content.xml", "styles.xml", "meta.xml")

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if os.path.getsize(path) > int(defaults.XML_MAX_BYTES):
            raise ExtractionError("bomb")
        with open(path, "rb") as f:
            self.root = parse_xml(f.read())

    def __enter__(self) -> FlatOdf:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def has(self, name: str) -> bool:
        return name in self.PARTS

    def xml(self, name: str) -> etree._Element:
        return self.root

    def xml_or_none(self, name: str | None) -> etree._Element | None:
        return self.root if name in self.PARTS else None


def extract_odf(path: str | os.PathLike[str], fmt: str, *, max_pages: int) -> ExtractedDocument:
    opener = FlatOdf if os.fspath(path).endswith((".fodt", ".fodp")) else SafeZip
    with opener(path) as z:
        if z.has("META-INF/manifest.xml") and b"encryption-data" in z.read(
            "META-INF/manifest.xml"
        ):  # zip only
            raise ExtractionError("encrypted")
        if not z.has("content.xml"):
            raise ExtractionError("corrupt")
        content = z.xml("content.xml")
        body = content.find(f"{OFFICE}body")
        if body is None:
            raise ExtractionError("corrupt")
        if fmt == "odp":
            pages = _presentation(z, body, max_pages)
            doc = ExtractedDocument(format="odp", unit="slide", pages=pages)
        else:
            styles = _break_styles(content, z.xml_or_none("styles.xml"))
            doc = ExtractedDocument(
                format="odt", unit="section", pages=_text_document(body, styles, max_pages)
            )
        meta = z.xml_or_none("meta.xml")
        if meta is not None:
            doc.title = tidy_meta(meta.findtext(".//dc:title", namespaces=META_NS))
            doc.author = tidy_meta(
                meta.findtext(".//meta:initial-creator", namespaces=META_NS)
                or meta.findtext(".//dc:creator", namespaces=META_NS)
            )
            doc.created = parse_iso_datetime(
                meta.findtext(".//meta:creation-date", namespaces=META_NS)
            )
        return doc


# --- inline text -----------------------------------------------------------------------------


class _Collector:
    """Flattens ODF text into lines; frames met inside a paragraph are emitted after it."""

    def __init__(self, z: SafeZip | None = None) -> None:
        self.z = z
        self.lines: list[str] = []

    def block(self, el: Iterable[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag in (f"{TEXT}p", f"{TEXT}h"):
                self.paragraph(child)
            elif tag == f"{TABLE}table":
                self.table(child)
            elif tag == f"{DRAW}object":
                self.embedded_object(child)
            else:
                self.block(child)

    def paragraph(self, p: etree._Element) -> None:
        parts: list[str] = [p.text or ""]
        pending: list[etree._Element] = []
        self._inline(p, parts, pending)
        self.lines.append("".join(parts))
        for frame in pending:
            self.block(frame)

    def _inline(self, el: etree._Element, parts: list[str], pending: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in SKIPPED:
                if tag == f"{TEXT}s":
                    count = child.get(f"{TEXT}c", "1")
                    parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
                elif tag == f"{TEXT}tab":
                    parts.append("\t")
                elif tag == f"{TEXT}line-break":
                    parts.append("\n")
                elif tag == f"{TEXT}note":
                    pending.append(
                        child.find(f"{TEXT}note-body")
                        if child.find(f"{TEXT}note-body") is not None
                        else child
                    )
                elif tag.startswith(DRAW) or tag == f"{TABLE}table":
                    pending.append(child)
                else:
                    parts.append(child.text or "")
                    self._inline(child, parts, pending)
            parts.append(child.tail or "")

    def table(self, tbl: etree._Element) -> None:
        for row in tbl.iter(f"{TABLE}table-row"):
            if _nearest(row, f"{TABLE}table") is not tbl:
                continue
            cells = []
            for cell in row.findall(f"{TABLE}table-cell"):
                sub = _Collector(self.z)
                sub.block(cell)
                cells.append(" ".join(line.strip() for line in sub.lines if line.strip()))
            if any(cells):
                self.lines.append("\t".join(cells))

    def embedded_object(self, obj: etree._Element) -> None:
        """Charts and other embedded ODF objects ("./Object 1" -> "Object 1/content.xml")."""
        root = obj.find(f"{OFFICE}document")  # a flat ODF file holds its objects inline
        if root is None:
            href = obj.get(f"{XLINK}href", "")
            if self.z is None or not href or href.startswith(("http:", "https:", "/")):
                return
            part = posixpath.normpath(posixpath.join(href.removeprefix("./"), "content.xml"))
            if not self.z.has(part):
                return
            root = self.z.xml(part)
        chart = root.find(f".//{CHART}chart")
        if chart is None:
            body = root.find(f"{OFFICE}body")
            if body is not None:
                self.block(body)
            return
        seen: set[str] = set()
        for p in chart.iter(f"{TEXT}p"):
            text = "".join(p.itertext()).strip()
            if text and text not in seen and not _is_number(text):
                seen.add(text)
                self.lines.append(text)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        return True
    except ValueError:
        return False


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    cur = el.getparent()
    while cur is not None and cur.tag != tag:
        cur = cur.getparent()
    return cur


# --- presentations ---------------------------------------------------------------------------


# Placeholders of a master slide that hold no text of their own (the slide's title and outline, the notes, the
# header/footer/date/number fields filled per slide).
MASTER_PLACEHOLDERS = {
    "title",
    "outline",
    "subtitle",
    "notes",
    "header",
    "footer",
    "date-time",
    "page-number",
    "page",
    "handout",
}


PLACEHOLDER = re.compile(r"<[^<>]{1,40}>")


def _master_texts(z: SafeZip | FlatOdf) -> dict[str, list[str]]:
    """master page name -> the lines of its own text boxes (a logo's caption, a network's name on every slide)."""
    styles = z.xml_or_none("styles.xml")
    masters = styles.find(f"{OFFICE}master-styles") if styles is not None else None
    out: dict[str, list[str]] = {}
    for master in masters if masters is not None else []:
        if master.tag != f"{STYLE}master-page":
            continue
        collector = _Collector(z)
        for frame in master:
            if frame.tag == f"{DRAW}frame" and frame.get(f"{PRES}class") in MASTER_PLACEHOLDERS:
                continue
            if (
                frame.tag not in SKIPPED and frame.tag != f"{PRES}notes"
            ):  # the notes master: no slide text
                collector.block([frame])
        # Fields show their placeholder on a master ("<number>", "<date/time>"): not text of the deck.
        lines = [
            line
            for line in collector.lines
            if line.strip() and not PLACEHOLDER.fullmatch(line.strip())
        ]
        if lines:
            out[master.get(f"{STYLE}name", "")] = lines
    return out


def _presentation(
    z: SafeZip | FlatOdf, body: etree._Element, max_pages: int
) -> list[ExtractedPage]:
    pres = body.find(f"{OFFICE}presentation")
    if pres is None:
        raise ExtractionError("corrupt")
    slides = pres.findall(f"{DRAW}page")
    check_page_count(len(slides), max_pages, "diapositives")
    # Footers and headers declared once and shown on the slides that name them; the master slides' own text.
    declared = {
        (kind, decl.get(f"{PRES}name")): "".join(decl.itertext()).strip()
        for kind in ("footer", "header")
        for decl in pres.iter(f"{PRES}{kind}-decl")
    }
    masters = _master_texts(z)
    pages = []
    for number, slide in enumerate(slides, start=1):
        main = _Collector(z)
        notes_el = None
        for child in slide:
            if child.tag == f"{PRES}notes":
                notes_el = child
            elif child.tag not in SKIPPED:
                main.block([child])
        lines = main.lines
        extra = list(masters.get(slide.get(f"{DRAW}master-page-name", ""), []))
        for kind in ("header", "footer"):
            text = declared.get((kind, slide.get(f"{PRES}use-{kind}-name")))
            if text:
                extra.append(text)
        if extra:
            lines = lines + [""] + extra
        if notes_el is not None:
            notes = _Collector(z)
            notes.block(notes_el)
            if any(n.strip() for n in notes.lines):
                lines = lines + [""] + notes.lines
        pages.append(ExtractedPage(number, clean_text("\n".join(lines))))
    return pages


# --- text documents --------------------------------------------------------------------------


def _break_styles(
    content: etree._Element, styles: etree._Element | None
) -> dict[str, tuple[bool, bool]]:
    """style name -> (page break before, page break after), following parent styles."""
    own: dict[str, tuple[bool, bool]] = {}
    parents: dict[str, str] = {}
    for root in (styles, content):
        if root is None:
            continue
        for st in root.iter(f"{STYLE}style"):
            name = st.get(f"{STYLE}name")
            if not name:
                continue
            props = st.find(f"{STYLE}paragraph-properties")
            before = after = False
            if props is not None:
                before = props.get(f"{FO}break-before") == "page"
                after = props.get(f"{FO}break-after") == "page"
            if st.get(f"{STYLE}master-page-name"):
                before = True
            own[name] = (before, after)
            if st.get(f"{STYLE}parent-style-name"):
                parents[name] = st.get(f"{STYLE}parent-style-name")
    resolved: dict[str, tuple[bool, bool]] = {}
    for name in own:
        flags, cur, hops = own[name], name, 0
        while not any(flags) and cur in parents and hops < 20:
            cur, hops = parents[cur], hops + 1
            flags = own.get(cur, (False, False))
        resolved[name] = flags
    return resolved


def _text_document(
    body: etree._Element, styles: dict[str, tuple[bool, bool]], max_pages: int
) -> list[ExtractedPage]:
    text = body.find(f"{OFFICE}text")
    if text is None:
        raise ExtractionError("corrupt")
    builder = SectionBuilder(max_pages)
    _walk_text(text, builder, styles)
    return builder.pages()


def _walk_text(
    parent: etree._Element, builder: SectionBuilder, styles: dict[str, tuple[bool, bool]]
) -> None:
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag in (f"{TEXT}p", f"{TEXT}h"):
            before, after = styles.get(child.get(f"{TEXT}style-name", ""), (False, False))
            level = child.get(f"{TEXT}outline-level", "1") if tag == f"{TEXT}h" else None
            if before:
                builder.cut()
            col = _Collector()
            col.paragraph(child)
            top_heading = level is not None and (not level.isdigit() or int(level) <= 2)
            for i, line in enumerate(col.lines):
                if i == 0 and top_heading:
                    builder.heading(line)
                else:
                    builder.add(line, heading=i == 0 and level is not None)
            if after:
                builder.cut()
        elif tag == f"{TABLE}table":
            col = _Collector()
            col.table(child)
            for line in col.lines:
                builder.add(line)
        else:
            _walk_text(child, builder, styles)
