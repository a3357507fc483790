"""Word OOXML (.docx) extraction, read straight from the package XML.

Sections are cut at explicit page breaks, at non-continuous section breaks and before
level-1/2 headings. Tables, content controls and text boxes are included; deleted
revisions, field codes and the VML fallback copies of text boxes are not. Footnotes and
endnotes are appended to the last section.
"""

from __future__ import annotations

import os

from lxml import etree

from .base import ExtractedDocument
from .common import SectionBuilder, parse_iso_datetime, tidy_meta
from .safezip import SafeZip, relationships

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
CORE_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


def extract_docx(
    path: str | os.PathLike[str], fmt: str = "docx", *, max_pages: int
) -> ExtractedDocument:
    with SafeZip(path) as z:
        main = _main_part(z, "officeDocument", "word/document.xml")
        root = z.xml(main)
        rels = relationships(z, main)
        headings = _heading_styles(z, rels)
        builder = SectionBuilder(max_pages)
        body = root.find(f"{W}body")
        if body is not None:
            _DocxWalker(builder, headings).block(body)
        notes = []
        for rtype, target in rels.values():
            if rtype in ("footnotes", "endnotes") and z.has(target):
                for p in z.xml(target).iter(f"{W}p"):
                    notes.append(_paragraph_text(p))
        for note in notes:
            builder.add(note)
        doc = ExtractedDocument(format="docx", unit="section", pages=builder.pages())
        _core_metadata(z, doc)
        return doc


def _main_part(z: SafeZip, rel_type: str, fallback: str) -> str:
    for rtype, target in relationships(z, "").values():
        if rtype == rel_type and z.has(target):
            return target
    return fallback


def _core_metadata(z: SafeZip, doc: ExtractedDocument) -> None:
    target = next(
        (t for rt, t in relationships(z, "").values() if rt == "core-properties"),
        "docProps/core.xml",
    )
    core = z.xml_or_none(target)
    if core is None:
        return
    doc.title = tidy_meta(core.findtext("dc:title", namespaces=CORE_NS))
    doc.author = tidy_meta(core.findtext("dc:creator", namespaces=CORE_NS))
    doc.created = parse_iso_datetime(core.findtext("dcterms:created", namespaces=CORE_NS))


def _heading_styles(z: SafeZip, rels: dict[str, tuple[str, str]]) -> dict[str, int]:
    """styleId -> outline level (0 = Heading 1) for paragraph styles that are headings."""
    target = next((t for rt, t in rels.values() if rt == "styles"), "word/styles.xml")
    styles = z.xml_or_none(target)
    if styles is None:
        return {}
    direct: dict[str, int] = {}
    based_on: dict[str, str] = {}
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        if not sid:
            continue
        lvl = style.find(f"{W}pPr/{W}outlineLvl")
        name = (
            style.find(f"{W}name").get(f"{W}val", "") if style.find(f"{W}name") is not None else ""
        ).lower()
        if lvl is not None and (lvl.get(f"{W}val") or "").isdigit():
            direct[sid] = int(lvl.get(f"{W}val"))
        elif name in ("title", "titre"):
            direct[sid] = 0
        else:
            for prefix in ("heading ", "titre "):
                if name.startswith(prefix) and name[len(prefix) :].strip().isdigit():
                    direct[sid] = int(name[len(prefix) :].strip()) - 1
        parent = style.find(f"{W}basedOn")
        if parent is not None and parent.get(f"{W}val"):
            based_on[sid] = parent.get(f"{W}val")
    levels = dict(direct)
    for sid in based_on:
        seen, cur = set(), sid
        while cur not in levels and cur in based_on and cur not in seen:
            seen.add(cur)
            cur = based_on[cur]
        if cur in levels and sid not in levels:
            levels[sid] = levels[cur]
    return {sid: lvl for sid, lvl in levels.items() if lvl < 9}


class _DocxWalker:
    def __init__(self, builder: SectionBuilder, headings: dict[str, int]) -> None:
        self.b = builder
        self.headings = headings

    def block(self, parent: etree._Element) -> None:
        for el in parent:
            tag = el.tag
            if tag == f"{W}p":
                self.paragraph(el)
            elif tag == f"{W}tbl":
                self.b.add(_table_text(el))
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
                self.block(el.find(f"{W}sdtContent") if tag == f"{W}sdt" else el)
            elif tag == f"{W}sectPr" or tag == MC_FALLBACK:
                continue
            elif len(el):
                self.block(el)

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(f"{W}pPr")
        level = None
        if ppr is not None:
            if ppr.find(f"{W}pageBreakBefore") is not None and ppr.find(f"{W}pageBreakBefore").get(
                f"{W}val", "true"
            ) not in ("0", "false"):
                self.b.cut()
            style = ppr.find(f"{W}pStyle")
            if style is not None:
                level = self.headings.get(style.get(f"{W}val", ""))
            lvl = ppr.find(f"{W}outlineLvl")
            if lvl is not None and (lvl.get(f"{W}val") or "").isdigit():
                level = int(lvl.get(f"{W}val"))
        parts: list[str] = []
        _inline(p, parts, self._page_break(parts))
        if level is not None and level <= 1:
            self.b.heading("".join(parts))
        else:
            self.b.add("".join(parts), heading=level is not None)
        if ppr is not None:
            sect = ppr.find(f"{W}sectPr")
            if sect is not None:
                stype = sect.find(f"{W}type")
                if stype is None or stype.get(f"{W}val") != "continuous":
                    self.b.cut()

    def _page_break(self, parts: list[str]):
        def on_break() -> None:
            self.b.add("".join(parts))
            parts.clear()
            self.b.cut()

        return on_break


def _inline(el: etree._Element, parts: list[str], on_page_break=None) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab" or tag == f"{W}ptab":
            parts.append("\t")
        elif tag == f"{W}br":
            if child.get(f"{W}type") == "page" and on_page_break is not None:
                on_page_break()
            else:
                parts.append("\n")
        elif tag == f"{W}cr":
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}p":  # paragraphs inside text boxes
            parts.append("\n")
            _inline(child, parts)
            parts.append("\n")
        elif tag == f"{W}tbl":
            parts.append("\n" + _table_text(child) + "\n")
        elif tag in (
            MC_FALLBACK,
            f"{W}pPr",
            f"{W}rPr",
            f"{W}instrText",
            f"{W}delText",
            f"{W}del",
            f"{W}moveFrom",
        ):
            continue
        elif len(child):
            _inline(child, parts, on_page_break)


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    _inline(p, parts)
    return "".join(parts)


def _table_text(tbl: etree._Element) -> str:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not None and _nearest_table(tr) is not tbl:
            continue  # nested tables are rendered inside their cell
        cells = []
        for tc in tr.findall(f"{W}tc"):
            cell_parts = []
            for child in tc:
                if child.tag == f"{W}p":
                    cell_parts.append(_paragraph_text(child))
                elif child.tag == f"{W}tbl":
                    cell_parts.append(_table_text(child))
                elif child.tag == f"{W}sdt":
                    cell_parts.append(_paragraph_text(child))
            cells.append(" ".join(c.strip() for c in cell_parts if c.strip()))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    cur = el.getparent()
    while cur is not None and cur.tag != f"{W}tbl":
        cur = cur.getparent()
    return cur
