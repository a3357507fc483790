"""Helpers shared by the extractors: section building, metadata parsing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from .base import ExtractedPage, ExtractionError
from .textclean import clean_text


class SectionBuilder:
    """Accumulates paragraphs and cuts sections at page breaks and top-level headings."""

    def __init__(self, max_sections: int) -> None:
        self.max_sections = max_sections
        self.sections: list[list[str]] = []
        self.current: list[str] = []
        self.has_body = False  # the current section holds more than headings

    def add(self, text: str, *, heading: bool = False) -> None:
        if text and text.strip():
            self.current.append(text)
            self.has_body = self.has_body or not heading

    def heading(self, text: str) -> None:
        """A top-level heading starts a new section unless only headings precede it."""
        if self.has_body:
            self.cut()
        self.add(text, heading=True)

    def cut(self) -> None:
        if any(p.strip() for p in self.current):
            self.sections.append(self.current)
            if len(self.sections) > self.max_sections:
                raise ExtractionError(
                    "too_many_pages",
                    f"Le document compte plus de {self.max_sections} sections : "
                    "déposez-le en plusieurs parties.",
                )
        self.current = []
        self.has_body = False

    def pages(self) -> list[ExtractedPage]:
        self.cut()
        pages = []
        for paragraphs in self.sections:
            text = clean_text("\n".join(paragraphs))
            if text:
                pages.append(ExtractedPage(len(pages) + 1, text))
        return pages


def check_page_count(count: int, max_pages: int, unit: str = "pages") -> None:
    if count > max_pages:
        raise ExtractionError(
            "too_many_pages",
            f"Le document compte {count} {unit}, au-delà de la limite de {max_pages} : "
            "déposez-le en plusieurs parties.",
        )


def parse_iso_datetime(value: str | None) -> datetime | None:
    """W3CDTF / ISO 8601 dates of OOXML core.xml and ODF meta.xml."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?", value)
    if not m:
        return None
    try:
        return datetime(*(int(g or 0) for g in m.groups()))  # type: ignore[misc]
    except ValueError:
        return None


_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+\-])\s*(\d{2})?'?(\d{2})?'?)?"
)


def parse_pdf_date(value: str | None) -> datetime | None:
    """PDF dates: D:YYYYMMDDHHmmSSOHH'mm' with every part after the year optional."""
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, sign, tzh, tzm = m.groups()
    try:
        dt = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if sign in ("Z", "z"):
        return dt.replace(tzinfo=UTC)
    if sign in ("+", "-") and tzh:
        offset = timedelta(hours=int(tzh), minutes=int(tzm or 0))
        if offset < timedelta(hours=15):
            return dt.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    return dt


def tidy_meta(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return clean_text(value).replace("\n", " ")[:500]


# Titles that office suites and PDF printers write by themselves: not the author's, so never a document's title.
_JUNK_TITLE = re.compile(
    r"^(untitled|sans titre|sans nom|document\s*\d*|doc\s*\d*|présentation\s*\d*|presentation\s*\d*|"
    r"diapositive\s*\d*|slide\s*\d*|titre|title|powerpoint presentation|présentation powerpoint|"
    r"microsoft (word|powerpoint|excel)\b.*|.*\.(docx?|pptx?|odt|odp|pdf|xlsx?|rtf|txt|indd|qxp)|"
    r"[\W\d_]*)$",
    re.I,
)


def meaningful_title(title: str | None) -> str:
    """`title` when an author wrote it, else "": the blanks and placeholders of office suites (« Untitled »,
    « Document1 », « Présentation PowerPoint »), a printer driver's « Microsoft Word - doc1.docx », a file name,
    digits and punctuation alone, or fewer than 4 letters."""
    text = " ".join((title or "").split())
    if len(re.findall(r"[^\W\d_]", text)) < 4 or _JUNK_TITLE.match(text):
        return ""
    return text
