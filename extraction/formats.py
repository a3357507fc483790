"""The document formats: one row per format, from which every list of formats in the project is derived.

Adding a format touches this table, its extractor module and a test, nothing else:
- the upload allow-list (`WAGTAILDOCS_EXTENSIONS` in config/settings/base.py) and `import_documents`' file filter
  come from `upload_extensions()`;
- detection by content (detect.py) reads each row's `Sniff` (magic bytes, zip members, ODF mimetypes, OLE2
  streams, text), rows in table order;
- the French messages naming a format (`label`) or the accepted formats (`accepted_formats()`);
- dispatch: `extract_file` imports `extractor` ("module:function") and sets the result's `unit`;
- the zygote imports the extractor modules and `preload` (native libraries) once (`preload_modules()`);
- `office` formats get the warm LibreOffice started before their extraction, `viewer_pdf` ones are converted
  to PDF for the viewer (resources/conversion.py).

An extractor is called as `function(path, fmt, max_pages=N)`, plus `ocr=` and `ocr_timeout_per_page=` when the
row says `ocr=True`, and returns an ExtractedDocument (base.py) or raises ExtractionError.
Rows without an extractor are formats recognised by content but refused, with their label in the message.

Stdlib only: the settings and the parent process (which never imports a parser) read this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

# What a document's numbered parts are called, in French (« 12 diapositives »).
UNIT_LABELS = {"page": "page", "slide": "diapositive", "section": "section"}


@dataclass(frozen=True)
class Sniff:
    """How the content is recognised; detect.py tries the rows in table order within each container."""

    magic: tuple[bytes, ...] = ()  # the file starts with one of these
    magic_within: int = (
        0  # ... or, when set, holds the first one within its first N bytes (PDF: 1024)
    )
    odf_mimetypes: tuple[
        str, ...
    ] = ()  # zip: the ODF `mimetype` member or the manifest's root media type
    zip_parts: tuple[str, ...] = ()  # zip: a member that identifies the format (OOXML main part)
    zip_folder: str = (
        ""  # zip: an OOXML folder ("word/"), with [Content_Types].xml or in a damaged zip
    )
    ooxml_type: bytes = b""  # zip: marker of the main content type in [Content_Types].xml
    cfb_streams: tuple[str, ...] = ()  # OLE2 compound file: a stream name (legacy Office)
    text: bool = False  # plain text (content cannot tell .txt from .md: the file name decides)
    text_starts: tuple[
        bytes, ...
    ] = ()  # text whose first bytes, lowercased, start with one of these


@dataclass(frozen=True)
class Format:
    name: str  # "pdf", the value of ExtractedDocument.format and ResourceDocument.extracted_format
    label: str  # French, in messages: « le fichier contient un PDF »
    sniff: Sniff
    extensions: tuple[str, ...] = ()  # accepted for upload (without the dot)
    other_extensions: tuple[
        str, ...
    ] = ()  # also name this format (templates, macros): a mismatch warning only
    unit: str = "section"  # "page", "slide" or "section" (UNIT_LABELS)
    accepted_as: str = (
        ""  # French, in the list of accepted formats: « un document Word ou OpenDocument »
    )
    extractor: str = ""  # "module:function"; empty: recognised but refused
    ocr: bool = False  # the extractor takes ocr= and ocr_timeout_per_page=
    preload: tuple[
        str, ...
    ] = ()  # native libraries the extractor needs (imported once in the zygote)
    office: bool = False  # read through LibreOffice: the warm one is started before the extraction
    viewer_pdf: bool = False  # converted to PDF for the viewer

    @property
    def binary(self) -> bool:
        """Plain text under this format's extension is a mislabelled file (an error page saved as .pdf)."""
        return not self.sniff.text

    @property
    def supported(self) -> bool:
        return bool(self.extractor)

    @property
    def module(self) -> str:
        return self.extractor.partition(":")[0]


_WORD = "un document Word ou OpenDocument"
_DECK = "une présentation PowerPoint ou Impress"
_LXML = ("lxml.etree",)
_ODF = "application/vnd.oasis.opendocument."

ALL: tuple[Format, ...] = (
    Format(
        "pdf",
        "un PDF",
        Sniff(magic=(b"%PDF-",), magic_within=1024),
        extensions=("pdf",),
        unit="page",
        accepted_as="un PDF",
        extractor="extraction.pdf:extract_pdf",
        ocr=True,
        preload=("pypdfium2", "PIL.Image"),
    ),
    Format(
        "docx",
        "un document Word (.docx)",
        Sniff(zip_parts=("word/document.xml",), zip_folder="word/", ooxml_type=b"wordprocessingml"),
        extensions=("docx",),
        other_extensions=("docm", "dotx"),
        accepted_as=_WORD,
        extractor="extraction.docx:extract_docx",
        preload=_LXML,
        viewer_pdf=True,
    ),
    Format(
        "odt",
        "un document OpenDocument (.odt)",
        Sniff(odf_mimetypes=(_ODF + "text", _ODF + "text-template")),
        extensions=("odt",),
        other_extensions=("ott",),
        accepted_as=_WORD,
        extractor="extraction.odf:extract_odf",
        preload=_LXML,
        viewer_pdf=True,
    ),
    Format(
        "doc",
        "un document Word ancien (.doc)",
        Sniff(cfb_streams=("WordDocument",)),
        extensions=("doc",),
        other_extensions=("dot",),
        accepted_as=_WORD,
        extractor="extraction.legacy:extract_legacy",
        preload=_LXML,
        office=True,
        viewer_pdf=True,
    ),
    Format(
        "pptx",
        "une présentation PowerPoint (.pptx)",
        Sniff(zip_parts=("ppt/presentation.xml",), zip_folder="ppt/", ooxml_type=b"presentationml"),
        extensions=("pptx",),
        other_extensions=("pptm", "ppsx", "potx"),
        unit="slide",
        accepted_as=_DECK,
        extractor="extraction.pptx:extract_pptx",
        preload=_LXML,
        viewer_pdf=True,
    ),
    Format(
        "odp",
        "une présentation OpenDocument (.odp)",
        Sniff(odf_mimetypes=(_ODF + "presentation", _ODF + "presentation-template")),
        extensions=("odp",),
        other_extensions=("otp",),
        unit="slide",
        accepted_as=_DECK,
        extractor="extraction.odf:extract_odf",
        preload=_LXML,
        viewer_pdf=True,
    ),
    Format(
        "ppt",
        "une présentation PowerPoint ancienne (.ppt)",
        Sniff(cfb_streams=("PowerPoint Document",)),
        extensions=("ppt",),
        other_extensions=("pps",),
        unit="slide",
        accepted_as=_DECK,
        extractor="extraction.legacy:extract_legacy",
        preload=_LXML,
        office=True,
        viewer_pdf=True,
    ),
    Format(
        "txt",
        "du texte brut",
        Sniff(text=True),
        extensions=("txt",),
        other_extensions=("text", "csv"),
        accepted_as="un fichier texte",
        extractor="extraction.text:extract_text_file",
    ),
    Format(
        "md",
        "du texte Markdown",
        Sniff(text=True),
        extensions=("md",),
        other_extensions=("markdown",),
        accepted_as="un fichier texte",
        extractor="extraction.text:extract_text_file",
    ),
    # Recognised by content, refused with a precise message.
    Format(
        "xlsx",
        "un classeur Excel",
        Sniff(zip_parts=("xl/workbook.xml",), zip_folder="xl/", ooxml_type=b"spreadsheetml"),
    ),
    Format(
        "ods",
        "un classeur OpenDocument",
        Sniff(odf_mimetypes=(_ODF + "spreadsheet", _ODF + "spreadsheet-template")),
    ),
    Format("xls", "un classeur Excel", Sniff(cfb_streams=("Workbook", "Book"))),
    Format("rtf", "un document RTF", Sniff(magic=(b"{\\rtf",))),
    Format(
        "image",
        "une image",
        Sniff(magic=(b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")),
    ),
    Format("html", "une page HTML", Sniff(text_starts=(b"<!doctype html", b"<html"))),
)

BY_NAME: dict[str, Format] = {f.name: f for f in ALL}
SUPPORTED: tuple[Format, ...] = tuple(f for f in ALL if f.supported)


def get(name: str) -> Format | None:
    return BY_NAME.get(name)


def upload_extensions() -> list[str]:
    """Extensions (no dot) accepted for upload and import: pdf, docx, odt…"""
    return [ext for f in SUPPORTED for ext in f.extensions]


def claimed_format(filename: str | PurePath) -> str | None:
    """The format a file name claims by its extension (any recognised one), None when it names none."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    for f in ALL:
        if suffix and (suffix in f.extensions or suffix in f.other_extensions):
            return f.name
    return None


def accepted_formats() -> str:
    """« un PDF, un document Word ou OpenDocument, une présentation PowerPoint ou Impress, ou un fichier texte »."""
    groups = list(dict.fromkeys(f.accepted_as for f in SUPPORTED if f.accepted_as))
    if len(groups) < 2:
        return "".join(groups)
    return ", ".join(groups[:-1]) + ", ou " + groups[-1]


def native_libraries() -> tuple[str, ...]:
    """The native libraries of every extractor, in table order, once each."""
    return tuple(dict.fromkeys(lib for f in SUPPORTED for lib in f.preload))


def preload_modules() -> tuple[str, ...]:
    """What the zygote imports once for all its children: the extractor modules and their native libraries."""
    return tuple(dict.fromkeys([*(f.module for f in SUPPORTED), *native_libraries()]))


def viewer_pdf_extensions() -> set[str]:
    """Extensions of the files converted to PDF for the viewer (pptx, odp, docx…)."""
    return {ext for f in SUPPORTED if f.viewer_pdf for ext in f.extensions}
