"""Text as good as pdftotext on hard pages (issue 16): overprinted "fake bold" words come out once, rotated and
vertical labels come out as words, and the letters a real text doubles stay doubled."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extraction import extract_file, extract_file_isolated

NORMAL = "Texte normal : agréée, créée, Hawaii, villa, (ii), iii, 1100 habitants."


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def overprinted_pdf(path: Path, shift: float) -> Path:
    """A title in fake bold (every letter drawn twice, `shift` points apart), then a line of normal text."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 14)
    x = 50.0
    for char in "Municipalité de Ramonville-Saint-Agne, équipements sportifs 2024":
        pdf.drawString(x, 760, char)
        pdf.drawString(x + shift, 760, char)
        x += pdf.stringWidth(char, "Helvetica", 14)
    for dx in (0, shift):  # the whole line drawn twice
        pdf.drawString(50 + dx, 730, "Conseil communautaire du Sicoval")
    pdf.drawString(50, 700, NORMAL)
    pdf.showPage()
    pdf.save()
    return path


def rotated_pdf(path: Path) -> Path:
    """A plan's labels: turned a quarter both ways and along a diagonal, around a normal caption."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(50, 800, "Plan du quartier")
    for x, y, angle, label in (
        (300, 400, 90, "Boulevard des Pyrénées"),
        (420, 650, -90, "Avenue de Toulouse"),
        (100, 300, 45, "Ressourcerie solidaire"),
    ):
        pdf.saveState()
        pdf.translate(x, y)
        pdf.rotate(angle)
        pdf.drawString(0, 0, label)
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return path


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(
    "shift", [0.3, 1.2, 1.5]
)  # PDFium itself merges the copies at 0.3, not above
def test_fake_bold_comes_out_once(tmp_path: Path, shift: float) -> None:
    path = overprinted_pdf(tmp_path / "gras.pdf", shift)
    text = extract_file_isolated(path, ocr=False).text
    for word in (
        "Municipalité",
        "Ramonville-Saint-Agne",
        "équipements",
        "sportifs",
        "2024",
        "Conseil",
        "communautaire",
        "Sicoval",
    ):
        assert word in text, (word, text)
    assert NORMAL in text  # real doubled letters and digits stay
    assert not re.search(r"(\w)\1(\w)\2(\w)\3", text)  # no "MMuunn…" left


def test_rotated_labels_come_out_as_words(tmp_path: Path) -> None:
    path = rotated_pdf(tmp_path / "plan.pdf")
    text = extract_file(path, ocr=False).text
    for label in (
        "Boulevard des Pyrénées",
        "Avenue de Toulouse",
        "Ressourcerie solidaire",
        "Plan du quartier",
    ):
        assert label in text, (label, text)
    reference = words(pdftotext(path))
    assert {"boulevard", "pyrénées", "avenue", "toulouse"} <= reference & words(text)


def test_ligatures_and_real_doubles_in_a_real_pdf(corpus: Path) -> None:
    # tracemonkey.pdf's last page sets "Efficient" with an ffi ligature: its letters share one box.
    pages = extract_file(corpus / "tracemonkey.pdf", ocr=False).pages
    assert "Efficient Bytecode Verification" in pages[13].text
