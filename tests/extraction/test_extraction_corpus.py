"""Every real document of the shared corpus: expected phrases, clean failures, page counts."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest

from extraction import ExtractionError, extract_file, extract_file_isolated
from tests.helpers.extraction_samples import corpus_dir, corpus_missing_message

FRENCH_HINT = re.compile(r"[éèàùç]|déposez|fichier|document", re.IGNORECASE)
PER_FILE_SECONDS = 60


def fold(text: str) -> str:
    """Case, whitespace and apostrophe folding (OCR and typographers write ’ where phrases have ')."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u02bc", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (corpus_dir() / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("file\t"):
            continue
        rows.append(line.split("\t"))
    return rows


def expected_rows() -> list:
    if corpus_missing_message():
        return [pytest.param("<corpus missing>", [], id="corpus-missing")]
    return [
        pytest.param(r[0], [c for c in r[1:] if c.strip()], id=r[0])
        for r in read_tsv("EXPECTED.tsv")
    ]


def manifest_counts() -> dict[str, int]:
    """file -> pages/slides from MANIFEST.tsv where the count is a rendered one (not docx/odt app.xml)."""
    counts = {}
    if corpus_missing_message():
        return counts
    for row in read_tsv("MANIFEST.tsv"):
        m = re.fullmatch(r"(\d+) (pages?|slides?)", row[2].strip()) if len(row) > 2 else None
        if m:
            counts[row[0]] = int(m.group(1))
    return counts


@pytest.mark.parametrize("name, phrases", expected_rows())
def test_corpus_document(name: str, phrases: list[str], corpus: Path) -> None:
    path = corpus / name
    assert path.is_file(), f"{name} listed in EXPECTED.tsv but missing from {corpus}"
    started = time.monotonic()
    if not phrases:
        # Encrypted or malformed: a clean, French, actionable failure.
        with pytest.raises(ExtractionError) as info:
            extract_file(path)
        assert info.value.code in {"encrypted", "corrupt"}, info.value
        assert FRENCH_HINT.search(info.value.message), info.value.message
        assert time.monotonic() - started < PER_FILE_SECONDS
        return

    doc = extract_file(path)
    assert time.monotonic() - started < PER_FILE_SECONDS
    text = fold(doc.text)
    missing = [p for p in phrases if fold(p.removeprefix("needs OCR:")) not in text]
    assert not missing, f"{name}: phrases not found: {missing}"
    if any(p.startswith("needs OCR:") for p in phrases):
        assert any(page.ocr for page in doc.pages), f"{name}: expected OCR pages"
    else:
        assert not any(page.ocr for page in doc.pages)

    expected_count = manifest_counts().get(name)
    if expected_count is not None and doc.unit in ("page", "slide"):
        assert len(doc.pages) == expected_count, f"{name}: {len(doc.pages)} {doc.unit}s"
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    for page in doc.pages:
        assert unicodedata.is_normalized("NFC", page.text)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u00ad\ufb00-\ufb06]", page.text)


def test_every_corpus_file_is_covered(corpus: Path) -> None:
    listed = {r[0] for r in read_tsv("EXPECTED.tsv")}
    present = {p.name for p in corpus.iterdir() if p.is_file() and p.suffix.lower() != ".tsv"}
    assert present <= listed, f"corpus files without expectations: {sorted(present - listed)}"


@pytest.mark.parametrize(
    "name, code",
    [
        ("testPDF.pdf", None),
        ("testWORD.docx", None),
        ("testPPT.pptx", None),
        ("testOpenOffice2.odt", None),
        ("libreoffice-writer-password.pdf", "encrypted"),
        ("invalid.pdf", "corrupt"),
    ],
)
def test_corpus_isolated_matches_in_process(name: str, code: str | None, corpus: Path) -> None:
    if code:
        with pytest.raises(ExtractionError) as info:
            extract_file_isolated(corpus / name, timeout=60)
        assert info.value.code == code
        assert FRENCH_HINT.search(info.value.message)
        return
    isolated = extract_file_isolated(corpus / name, timeout=60)
    local = extract_file(corpus / name)
    assert isolated == local


def test_corpus_metadata(corpus: Path) -> None:
    doc = extract_file(corpus / "pr-138-example.pdf")
    assert doc.title == "Home Loan Interest Rates"
    assert doc.created is not None and doc.created.year == 2019
    doc = extract_file(corpus / "testWORD_formattingFlipUnderlineOrder.docx")
    assert doc.author == "Przemek Ośka"


def test_pdf_keeps_line_breaks_pdfium_bounded_text_drops() -> None:
    # PDFium's get_text_bounded() joins these two lines of the table into one.
    path = corpus_dir() / "pr-138-example.pdf"
    if not path.exists():
        pytest.fail(corpus_missing_message())
    lines = extract_file(path).pages[0].text.splitlines()
    assert any(line.rstrip().endswith("Residential Equity Rate*") for line in lines), lines
