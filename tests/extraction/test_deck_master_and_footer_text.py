"""Legacy decks keep what Tika keeps (issue 16): the master slide's own text and the footers shown on each
slide, besides the slides' text; the notes master's fields ("<number>") stay out."""

from __future__ import annotations

from pathlib import Path

from extraction import extract_file_isolated, office_server
from extraction.odf import extract_odf

# A two-slide deck: a network's name on the master slide, a footer declared once and shown on both slides.
DECK = (Path(__file__).parent / "samples" / "club-deck.fodp").read_text(encoding="utf-8")
MASTER = "Réseau des collectivités pour une économie solidaire"
FOOTER = "Club ESS Occitanie, Ramonville, 30 novembre 2023"


def test_an_odf_deck_keeps_master_text_and_footers(tmp_path: Path) -> None:
    path = tmp_path / "club.fodp"
    path.write_text(DECK, encoding="utf-8")
    pages = extract_odf(path, "odp", max_pages=10).pages
    assert [p.text.splitlines()[0] for p in pages] == [
        "Identifier les acteurs du territoire",
        "Mobiliser les coopérations locales",
    ]
    for page in pages:
        assert MASTER in page.text and FOOTER in page.text and "<" not in page.text


def test_a_legacy_ppt_keeps_master_text_and_footers(tmp_path: Path) -> None:
    source = tmp_path / "club.fodp"
    source.write_text(DECK, encoding="utf-8")
    ppt = office_server.convert_cold(
        source, tmp_path / "out", "ppt", timeout=120
    )  # a real PowerPoint 97 file
    assert ppt is not None and ppt.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    doc = extract_file_isolated(ppt, ocr=False)
    assert doc.format == "ppt" and len(doc.pages) == 2
    for page in doc.pages:
        assert MASTER in page.text and FOOTER in page.text
