"""Generators of small test documents (valid, hostile or broken), all made offline."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.helpers.environment import PROJECT_ROOT

# Bitstream Vera ships with reportlab and has the fi/fl ligature glyphs and French accents.
pdfmetrics.registerFont(
    TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"))
)


def corpus_dir() -> Path:
    env = os.environ.get("MAILLAGE_CORPUS_DIR")
    return Path(env) if env else (PROJECT_ROOT.parent / "shared" / "corpus").resolve()


def corpus_missing_message() -> str | None:
    d = corpus_dir()
    for name in ("MANIFEST.tsv", "EXPECTED.tsv"):
        if not (d / name).is_file():
            return (
                f"Extraction corpus not found: {d / name} is missing. Set MAILLAGE_CORPUS_DIR "
                "or place the shared corpus at <project root>/../shared/corpus."
            )
    return None


def make_pdf(path: Path, pages: list[str], *, encrypt=None) -> Path:
    """One page per string (lines split on \\n), Vera 12 pt (embedded TrueType)."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for text in pages:
        y = 780
        for line in text.split("\n"):
            c.setFont("Vera", 12)
            c.drawString(60, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


def make_mixed_pdf(path: Path, text_page: str, scanned_lines: list[str]) -> Path:
    """Page 1 with a text layer; page 2 a picture of text (no text layer), as a scanner makes."""
    import pypdfium2 as pdfium

    # Draw the "scanned" page as a real PDF page first, then rasterise it with PDFium.
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 760
    for line in scanned_lines:
        c.setFont("Helvetica", 22)
        c.drawString(60, y, line)
        y -= 34
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    page = pdf[0]
    image = page.render(scale=200 / 72, grayscale=True).to_pil()
    page.close()
    pdf.close()
    img_buf = io.BytesIO()
    image.save(img_buf, format="PNG")
    img_buf.seek(0)

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(60, 780, text_page)
    c.showPage()
    width, height = A4
    c.drawImage(ImageReader(img_buf), 0, 0, width=width, height=height)
    c.showPage()
    c.save()
    return path


PAGE_OBJ = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 3 0 R/Resources<</Font<</F1 4 0 R>>>>>>"


PAGE_OBJ = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 3 0 R/Resources<</Font<</F1 4 0 R>>>>>>"


def many_pages_pdf(path: Path, n: int) -> Path:
    """A valid PDF of n pages sharing one content stream: tiny to write, huge page count."""
    objs: list[bytes] = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"",
        b"<</Length 44>>stream\nBT /F1 12 Tf 72 720 Td (Page) Tj ET\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    kids = []
    for i in range(n):
        kids.append(f"{5 + i} 0 R".encode())
        objs.append(PAGE_OBJ)
    objs[1] = b"<</Type/Pages/Count " + str(n).encode() + b"/Kids[" + b" ".join(kids) + b"]>>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer<</Size {len(objs) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def make_zip(
    path: Path, members: dict[str, bytes | str], *, stored_first: str | None = None
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_first:
            zf.writestr(stored_first, members[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != stored_first:
                zf.writestr(name, data)
    return path


CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def raw_docx(path: Path, document_xml: str | bytes) -> Path:
    return make_zip(
        path, {"[Content_Types].xml": CONTENT_TYPES_DOCX, "word/document.xml": document_xml}
    )


def bomb_docx(path: Path, megabytes: int = 300) -> Path:
    """A .docx whose document.xml inflates from ~300 KB to `megabytes` MB."""
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(
                f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
            )
            for _ in range(megabytes):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def make_odf(
    path: Path, mimetype: str, body: str, *, automatic_styles: str = "", prolog: str = ""
) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {ODF_NS} office:version="1.3">'
        f"<office:automatic-styles>{automatic_styles}</office:automatic-styles>"
        f"<office:body>{body}</office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS}><office:meta>'
        "<dc:title>Guide ESS</dc:title><meta:initial-creator>Région test</meta:initial-creator>"
        "<meta:creation-date>2024-03-01T10:00:00</meta:creation-date></office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:media-type="{mimetype}" manifest:full-path="/"/>'
        '<manifest:file-entry manifest:media-type="text/xml" manifest:full-path="content.xml"/>'
        "</manifest:manifest>"
    )
    return make_zip(
        path,
        {
            "mimetype": mimetype,
            "content.xml": content,
            "meta.xml": meta,
            "META-INF/manifest.xml": manifest,
        },
        stored_first="mimetype",
    )
