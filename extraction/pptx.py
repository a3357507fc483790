"""PowerPoint OOXML (.pptx) extraction, read straight from the package XML.

One page per slide, in presentation order: text frames, grouped shapes, table cells,
chart titles/series/categories, SmartArt text, then the speaker notes.
"""

from __future__ import annotations

import os

from lxml import etree

from .base import ExtractedDocument, ExtractedPage
from .common import check_page_count, parse_iso_datetime, tidy_meta
from .docx import CORE_NS, _main_part
from .safezip import SafeZip, relationships
from .textclean import clean_text

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

SKIP_PLACEHOLDERS_SLIDE = {"sldNum", "dt"}
SKIP_PLACEHOLDERS_NOTES = {"sldNum", "dt", "hdr", "ftr", "sldImg"}


def extract_pptx(
    path: str | os.PathLike[str], fmt: str = "pptx", *, max_pages: int
) -> ExtractedDocument:
    with SafeZip(path) as z:
        pres_part = _main_part(z, "officeDocument", "ppt/presentation.xml")
        pres = z.xml(pres_part)
        pres_rels = relationships(z, pres_part)
        slide_parts = []
        id_list = pres.find(f"{P}sldIdLst")
        if id_list is not None:
            for sld in id_list.findall(f"{P}sldId"):
                rel = pres_rels.get(sld.get(f"{R}id", ""))
                if rel and z.has(rel[1]):
                    slide_parts.append(rel[1])
        check_page_count(len(slide_parts), max_pages, "diapositives")
        pages = []
        for number, part in enumerate(slide_parts, start=1):
            pages.append(ExtractedPage(number, clean_text(_slide_text(z, part))))
        doc = ExtractedDocument(format="pptx", unit="slide", pages=pages)
        target = next(
            (t for rt, t in relationships(z, "").values() if rt == "core-properties"),
            "docProps/core.xml",
        )
        core = z.xml_or_none(target)
        if core is not None:
            doc.title = tidy_meta(core.findtext("dc:title", namespaces=CORE_NS))
            doc.author = tidy_meta(core.findtext("dc:creator", namespaces=CORE_NS))
            doc.created = parse_iso_datetime(core.findtext("dcterms:created", namespaces=CORE_NS))
        return doc


def _slide_text(z: SafeZip, part: str) -> str:
    rels = relationships(z, part)
    lines: list[str] = []
    walker = _ShapeWalker(z, rels, SKIP_PLACEHOLDERS_SLIDE, lines)
    walker.walk(z.xml(part))
    for rtype, target in rels.values():
        if rtype == "notesSlide" and z.has(target):
            notes: list[str] = []
            _ShapeWalker(z, relationships(z, target), SKIP_PLACEHOLDERS_NOTES, notes).walk(
                z.xml(target)
            )
            if any(n.strip() for n in notes):
                lines.append("")
                lines.extend(notes)
    return "\n".join(lines)


class _ShapeWalker:
    def __init__(
        self, z: SafeZip, rels: dict[str, tuple[str, str]], skip: set[str], out: list[str]
    ) -> None:
        self.z, self.rels, self.skip, self.out = z, rels, skip, out

    def walk(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == MC_FALLBACK:
                continue
            if tag == f"{P}sp" and self._skipped_placeholder(child):
                continue
            if tag in (f"{P}txBody", f"{A}txBody"):
                self.out.extend(_text_body(child))
            elif tag == f"{A}tbl":
                self.out.extend(_table_rows(child))
            elif tag == f"{C}chart":
                self._chart(child.get(f"{R}id", ""))
            elif tag == f"{DGM}relIds":
                self._diagram(child.get(f"{R}dm", ""))
            elif tag in (
                f"{P}nvSpPr",
                f"{P}nvGrpSpPr",
                f"{P}nvPicPr",
                f"{P}spPr",
                f"{P}grpSpPr",
                f"{P}style",
            ):
                continue
            elif len(child):
                self.walk(child)

    def _skipped_placeholder(self, sp: etree._Element) -> bool:
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        return ph is not None and ph.get("type") in self.skip

    def _chart(self, rid: str) -> None:
        rel = self.rels.get(rid)
        if not rel or not self.z.has(rel[1]):
            return
        chart = self.z.xml(rel[1])
        seen: set[str] = set()
        for el in chart.iter(f"{C}title", f"{C}tx", f"{C}cat"):
            if el.tag == f"{C}title":
                texts = ["".join(t.text or "" for t in p.iter(f"{A}t")) for p in el.iter(f"{A}p")]
            else:
                texts = [v.text or "" for v in el.iter(f"{C}v")]
            for text in texts:
                text = text.strip()
                if text and text not in seen and not _is_number(text):
                    seen.add(text)
                    self.out.append(text)

    def _diagram(self, rid: str) -> None:
        rel = self.rels.get(rid)
        if not rel or not self.z.has(rel[1]):
            return
        data = self.z.xml(rel[1])
        for t in data.iter(f"{DGM}t"):
            self.out.extend(_text_body(t))


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _text_body(body: etree._Element) -> list[str]:
    lines = []
    for p in body.iter(f"{A}p"):
        parts = []
        for el in p:
            if el.tag in (f"{A}r", f"{A}fld"):
                parts.append(el.findtext(f"{A}t") or "")
            elif el.tag == f"{A}br":
                parts.append("\n")
        lines.append("".join(parts))
    return lines


def _table_rows(tbl: etree._Element) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{A}tr"):
        cells = []
        for tc in tr.findall(f"{A}tc"):
            if tc.get("hMerge") or tc.get("vMerge"):
                continue
            body = tc.find(f"{A}txBody")
            cells.append(
                " ".join(line.strip() for line in _text_body(body) if line.strip())
                if body is not None
                else ""
            )
        if any(cells):
            rows.append("\t".join(cells))
    return rows
