"""Hostile and broken inputs: each must end in a clean ExtractionError (code + French message), fast."""

from __future__ import annotations

import random
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib import pdfencrypt

from extraction import ExtractionError, configure, detect_format, extract_file
from tests.helpers.extraction_samples import (
    CONTENT_TYPES_DOCX,
    W_NS,
    bomb_docx,
    make_odf,
    make_pdf,
    make_zip,
    many_pages_pdf,
    raw_docx,
)

FRENCH_HINT = re.compile(r"[éèàùç]|déposez|fichier|document", re.IGNORECASE)
FAST = 10.0  # seconds: every refusal below is decided long before this


def assert_fails(path: Path, code: str, **kw) -> ExtractionError:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_file(path, **kw)
    elapsed = time.monotonic() - started
    assert info.value.code == code, f"{info.value.code}: {info.value.message}"
    assert info.value.message and FRENCH_HINT.search(info.value.message), info.value.message
    assert "Traceback" not in info.value.message
    assert elapsed < FAST, f"took {elapsed:.1f}s"
    return info.value


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "vide.pdf"
    path.write_bytes(b"")
    err = assert_fails(path, "empty_file")
    assert "vide" in err.message


def test_missing_file(tmp_path: Path) -> None:
    assert_fails(tmp_path / "absent.pdf", "not_found")


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6, 0.95])
def test_truncated_pdf(tmp_path: Path, fraction: float) -> None:
    full = make_pdf(tmp_path / "full.pdf", ["Première page", "Deuxième page"])
    data = full.read_bytes()
    path = tmp_path / "tronque.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert_fails(path, "corrupt")


def test_pdf_header_only(tmp_path: Path) -> None:
    path = tmp_path / "entete.pdf"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert_fails(path, "corrupt")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 40))
def test_flipped_bytes_never_crash(tmp_path: Path, seed: int, flips: int) -> None:
    """Random byte corruption of a PDF and of a DOCX: a document or a clean error, never anything else."""
    rng = random.Random(seed)
    pdf = tmp_path / "base.pdf"
    if not pdf.exists():
        make_pdf(pdf, ["Économie sociale et solidaire", "Collectivités territoriales"])
        raw_docx(tmp_path / "base.docx", _docx_xml(["Premier paragraphe", "Second paragraphe"]))
    for base in (pdf, tmp_path / "base.docx"):
        data = bytearray(base.read_bytes())
        for _ in range(flips):
            # Keep the magic bytes so the damaged file still claims its format.
            data[rng.randrange(8, len(data))] = rng.randrange(256)
        damaged = tmp_path / f"abime{base.suffix}"
        damaged.write_bytes(bytes(data))
        started = time.monotonic()
        try:
            doc = extract_file(damaged, ocr=False)
            assert all(isinstance(p.text, str) for p in doc.pages)
        except ExtractionError as exc:
            assert exc.code in {"corrupt", "unsupported", "encrypted", "bomb", "too_large"}, (
                exc.code
            )
            assert FRENCH_HINT.search(exc.message)
        assert time.monotonic() - started < FAST


def test_zip_bomb_docx(tmp_path: Path) -> None:
    path = bomb_docx(tmp_path / "bombe.docx", megabytes=300)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_fails(path, "bomb")


def test_zip_bomb_by_total_size(tmp_path: Path) -> None:
    """Many members, each below the ratio threshold, adding up past the total limit."""
    members = {"[Content_Types].xml": CONTENT_TYPES_DOCX, "word/document.xml": _docx_xml(["x"])}
    members.update({f"word/media/pad{i}.bin": b"\0" * 200_000 for i in range(30)})
    path = make_zip(tmp_path / "gonfle.docx", members)
    configure(zip_max_uncompressed=5_000_000)
    assert_fails(path, "bomb")


def test_zip_with_too_many_members(tmp_path: Path) -> None:
    members = {"[Content_Types].xml": CONTENT_TYPES_DOCX, "word/document.xml": _docx_xml(["x"])}
    members.update({f"word/n{i}.xml": b"" for i in range(300)})
    path = make_zip(tmp_path / "membres.docx", members)
    configure(zip_max_members=200)
    assert_fails(path, "bomb")


def test_xml_entity_expansion_refused(tmp_path: Path) -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>'
    )
    assert_fails(raw_docx(tmp_path / "lol.docx", lol), "corrupt")


def test_xml_external_entity_refused(tmp_path: Path) -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>'
    )
    assert_fails(raw_docx(tmp_path / "xxe.docx", xxe), "corrupt")
    odt = make_odf(
        tmp_path / "xxe.odt",
        "application/vnd.oasis.opendocument.text",
        "<office:text><text:p>&e;</text:p></office:text>",
        prolog='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    )
    assert_fails(odt, "corrupt")


def test_mislabelled_text_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_text("<p>Erreur 404 : page introuvable</p>\n" * 20, encoding="utf-8")
    err = assert_fails(path, "mislabelled")
    assert ".pdf" in err.message


def test_mislabelled_docx_as_pdf_is_read_by_content(tmp_path: Path) -> None:
    path = raw_docx(tmp_path / "compte-rendu.pdf", _docx_xml(["Conseil municipal du 3 mars"]))
    assert detect_format(path) == "docx"
    doc = extract_file(path)
    assert doc.format == "docx"
    assert "Conseil municipal du 3 mars" in doc.text
    assert any(".pdf" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "name, data",
    [
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10),
        ("classeur.docx", None),
        ("bruit.odt", random.Random(1).randbytes(5000)),
        ("page.txt", b"<!DOCTYPE html><html><body>Bonjour</body></html>"),
        ("lettre.doc", b"{\\rtf1\\ansi Bonjour}"),
    ],
)
def test_unknown_content_unsupported(tmp_path: Path, name: str, data: bytes | None) -> None:
    path = tmp_path / name
    if data is None:
        make_zip(path, {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    else:
        path.write_bytes(data)
    assert_fails(path, "unsupported")


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "gros.pdf", ["Texte " * 50] * 5)
    err = assert_fails(path, "too_large", max_bytes=1000)
    assert "Ko" in err.message or "octets" in err.message


def test_max_bytes_from_module_defaults(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "gros.pdf", ["Texte"])
    configure(max_bytes=100)
    assert_fails(path, "too_large")


def test_password_pdf_made_with_reportlab(tmp_path: Path) -> None:
    enc = pdfencrypt.StandardEncryption("motdepasse", ownerPassword="proprietaire", canCopy=0)
    path = make_pdf(tmp_path / "protege.pdf", ["Délibération confidentielle"], encrypt=enc)
    err = assert_fails(path, "encrypted")
    assert "mot de passe" in err.message


def test_owner_password_only_pdf_is_extracted(tmp_path: Path) -> None:
    enc = pdfencrypt.StandardEncryption("", ownerPassword="proprietaire", canCopy=0, canPrint=0)
    path = make_pdf(tmp_path / "restreint.pdf", ["Délibération publique"], encrypt=enc)
    assert extract_file(path).pages[0].text == "Délibération publique"


def test_encrypted_odf(tmp_path: Path) -> None:
    path = tmp_path / "chiffre.odt"
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:media-type="application/vnd.oasis.opendocument.text" '
        'manifest:full-path="/"/><manifest:file-entry manifest:full-path="content.xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry></manifest:manifest>'
    )
    make_zip(
        path,
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": b"\x8f\x01garbage",
            "META-INF/manifest.xml": manifest,
        },
        stored_first="mimetype",
    )
    assert_fails(path, "encrypted")


def test_encrypted_ooxml_container(tmp_path: Path) -> None:
    """Office writes password-protected .docx/.pptx as an OLE2 file with an EncryptedPackage stream."""
    path = tmp_path / "protege.docx"
    path.write_bytes(_cfb_with_streams(["EncryptionInfo", "EncryptedPackage"]))
    assert_fails(path, "encrypted")


def test_enormous_page_count(tmp_path: Path) -> None:
    path = many_pages_pdf(tmp_path / "enorme.pdf", 100_000)
    err = assert_fails(path, "too_many_pages", max_pages=2000)
    assert "100000" in err.message and "2000" in err.message


def test_many_slides_over_limit(tmp_path: Path) -> None:
    from pptx import Presentation

    prs = Presentation()
    for i in range(12):
        prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = f"Diapositive {i}"
    path = tmp_path / "long.pptx"
    prs.save(path)
    assert_fails(path, "too_many_pages", max_pages=10)
    assert len(extract_file(path, max_pages=12).pages) == 12


def test_corrupt_zip_document(tmp_path: Path) -> None:
    good = raw_docx(tmp_path / "bon.docx", _docx_xml(["Texte"]))
    path = tmp_path / "casse.docx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert_fails(path, "corrupt")


def test_docx_missing_document_part(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "vide.docx",
        {"[Content_Types].xml": CONTENT_TYPES_DOCX, "word/styles.xml": "<x/>"},
    )
    assert_fails(path, "corrupt")


def test_zip_member_lying_about_its_size(tmp_path: Path) -> None:
    """A member whose data inflates past its declared size is cut at the declared size (CRC fails)."""
    path = raw_docx(tmp_path / "menteur.docx", _docx_xml(["A" * 50_000]))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    # Patch the declared uncompressed size in the central directory and local header to 100 bytes.
    for off in _all(data, b"word/document.xml"):
        if data[off - 46 : off - 42] == b"PK\x01\x02":
            data[off - 46 + 24 : off - 46 + 28] = (100).to_bytes(4, "little")
        elif data[off - 30 : off - 26] == b"PK\x03\x04":
            data[off - 30 + 22 : off - 30 + 26] = (100).to_bytes(4, "little")
    assert info.file_size > 100
    path.write_bytes(bytes(data))
    assert_fails(path, "corrupt")


# --- helpers -----------------------------------------------------------------------------------


def _docx_xml(paragraphs: list[str]) -> str:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
        f"<w:body>{body}</w:body></w:document>"
    )


def _all(data: bytes | bytearray, needle: bytes) -> list[int]:
    out, start = [], 0
    while (pos := data.find(needle, start)) != -1:
        out.append(pos)
        start = pos + 1
    return out


def _cfb_with_streams(names: list[str]) -> bytes:
    """A minimal OLE2 compound file: header, one FAT sector, one directory sector."""
    import struct

    sector = 512
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<H", header, 0x20, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)
    header[0x4C:0x200] = b"\xff" * (0x200 - 0x4C)
    struct.pack_into("<I", header, 0x4C, 0)  # FAT is sector 0
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(sector)
    for i, name in enumerate(["Root Entry", *names][:4]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = 5 if i == 0 else 2
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory[i * 128 : (i + 1) * 128] = entry
    return bytes(header + fat + directory)


def test_docx_with_only_its_package_parts_is_corrupt(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "tronque.docx",
        {"[Content_Types].xml": CONTENT_TYPES_DOCX, "_rels/.rels": "<Relationships/>"},
    )
    assert detect_format(path) == "docx"
    assert_fails(path, "corrupt")


def test_docx_truncated_after_its_content_types_is_corrupt(tmp_path: Path) -> None:
    good = tmp_path / "bon.docx"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        zf.writestr("docProps/thumbnail.bin", random.Random(1).randbytes(200_000))
        zf.writestr("word/document.xml", _docx_xml(["Texte"]))
    path = tmp_path / "tronque.docx"
    path.write_bytes(good.read_bytes()[:1000])
    assert detect_format(path) == "docx"
    assert_fails(path, "corrupt")
