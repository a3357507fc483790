"""Per-format behaviour on generated documents, and text hygiene."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extraction import ExtractedDocument, ExtractedPage, detect_format, extract_file
from extraction.textclean import clean_text
from tests.helpers.extraction_samples import make_mixed_pdf, make_odf, make_pdf

# --- text hygiene ------------------------------------------------------------------------------


def test_clean_text_ligatures_hyphens_and_controls() -> None:
    raw = "L’écono-\nmie sociale et soli\u00addaire ; ﬁnancement\u00a0: ﬂux\x00\x07 cafe\u0301\r\nﬀ ﬃ ﬄ"
    assert (
        clean_text(raw) == "L’économie\nsociale et solidaire ; financement : flux café\nff ffi ffl"
    )


def test_clean_text_keeps_real_hyphens() -> None:
    assert clean_text("Île-de-France\nCOVID-\n19\nAuvergne-\nRhône-Alpes") == (
        "Île-de-France\nCOVID-\n19\nAuvergne-\nRhône-Alpes"
    )


def test_clean_text_pdfium_soft_break_marker() -> None:
    assert clean_text("diffi\x02\r\ncile à com\x02piler") == "difficile à compiler"


def test_clean_text_whitespace() -> None:
    assert clean_text("  a \t b  \n\n\n\n c \u202f!  ") == "a b\n\nc !"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_properties(text: str) -> None:
    out = clean_text(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in out)
    assert not any(ch in out for ch in "\u00ad\ufb00\ufb01\ufb02\ufb03\ufb04")
    assert out == out.strip()
    assert "  " not in out and "\n\n\n" not in out
    assert clean_text(out) == clean_text(clean_text(out))


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_pages_and_numbers(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "a.pdf", ["Première page : ﬁnancement", "Deuxième page", "Troisième page"]
    )
    doc = extract_file(path)
    assert (doc.format, doc.unit) == ("pdf", "page")
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].text == "Première page : financement"
    assert not any(p.ocr for p in doc.pages)


def test_pdf_mixing_text_and_scanned_pages(tmp_path: Path) -> None:
    path = make_mixed_pdf(
        tmp_path / "mixte.pdf",
        "Compte rendu du conseil communautaire",
        ["Rapport annuel sur la cooperation", "entre les collectivites locales"],
    )
    doc = extract_file(path)
    assert len(doc.pages) == 2
    assert doc.pages[0].ocr is False and "conseil communautaire" in doc.pages[0].text
    assert doc.pages[1].ocr is True
    assert "rapport annuel" in doc.pages[1].text.lower()
    assert "collectivites locales" in doc.pages[1].text.lower()


def test_pdf_ocr_disabled(tmp_path: Path) -> None:
    path = make_mixed_pdf(tmp_path / "mixte.pdf", "Texte", ["Rapport annuel"])
    doc = extract_file(path, ocr=False)
    assert doc.pages[1].text == "" and not doc.pages[1].ocr


def test_pdf_ocr_timeout_is_a_warning(tmp_path: Path) -> None:
    path = make_mixed_pdf(tmp_path / "mixte.pdf", "Texte", ["Rapport annuel"])
    doc = extract_file(path, ocr_timeout_per_page=0.01)
    assert doc.pages[1].text == ""
    assert any("OCR interrompu" in w and "2" in w for w in doc.warnings)


# --- decks -------------------------------------------------------------------------------------


def test_pptx_shapes_tables_groups_charts_notes(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = Presentation()
    s1 = prs.slides.add_slide(prs.slide_layouts[5])
    s1.shapes.title.text = "Économie sociale et solidaire"
    group = s1.shapes.add_group_shape()
    group.shapes.add_textbox(
        Inches(1), Inches(2), Inches(3), Inches(1)
    ).text_frame.text = "Texte groupé"
    table = s1.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    table.cell(0, 0).text, table.cell(1, 1).text = "Budget", "Subvention régionale"
    s1.notes_slide.notes_text_frame.text = "Note de l'orateur"

    s2 = prs.slides.add_slide(prs.slide_layouts[5])
    s2.shapes.title.text = "Financements"
    data = CategoryChartData()
    data.categories = ["Communes", "Départements"]
    data.add_series("Montants 2024", (10.5, 20.25))
    frame = s2.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(6), Inches(4), data
    )
    frame.chart.has_title = True
    frame.chart.chart_title.text_frame.text = "Répartition des aides"
    path = tmp_path / "deck.pptx"
    prs.save(path)

    doc = extract_file(path)
    assert (doc.format, doc.unit, len(doc.pages)) == ("pptx", "slide", 2)
    first, second = doc.pages[0].text, doc.pages[1].text
    for phrase in (
        "Économie sociale et solidaire",
        "Texte groupé",
        "Budget",
        "Subvention régionale",
    ):
        assert phrase in first
    assert first.rstrip().endswith("Note de l'orateur")
    for phrase in (
        "Financements",
        "Répartition des aides",
        "Communes",
        "Départements",
        "Montants 2024",
    ):
        assert phrase in second
    assert "20.25" not in second


def test_odp_slides_notes_tables(tmp_path: Path) -> None:
    body = (
        "<office:presentation>"
        '<draw:page draw:name="p1"><draw:frame><draw:text-box><text:p>Atelier '
        "<text:span>ESS</text:span><text:s text:c='2'/>territorial</text:p></draw:text-box></draw:frame>"
        "<draw:g><draw:frame><draw:text-box><text:p>Forme groupée</text:p></draw:text-box></draw:frame>"
        "</draw:g>"
        "<presentation:notes><draw:page-thumbnail/><draw:frame><draw:text-box><text:p>Notes orales</text:p>"
        "</draw:text-box></draw:frame></presentation:notes></draw:page>"
        '<draw:page draw:name="p2"><draw:frame><table:table><table:table-row><table:table-cell>'
        "<text:p>Cellule A</text:p></table:table-cell><table:table-cell><text:p>Cellule B</text:p>"
        "</table:table-cell></table:table-row></table:table></draw:frame></draw:page>"
        "</office:presentation>"
    )
    path = make_odf(tmp_path / "d.odp", "application/vnd.oasis.opendocument.presentation", body)
    doc = extract_file(path)
    assert (doc.format, doc.unit) == ("odp", "slide")
    assert doc.pages[0].text == "Atelier ESS territorial\nForme groupée\n\nNotes orales"
    assert doc.pages[1].text == "Cellule A Cellule B"
    assert doc.title == "Guide ESS" and doc.author == "Région test" and doc.created.year == 2024


# --- text documents ----------------------------------------------------------------------------


def test_docx_sections_on_page_breaks_and_headings(tmp_path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.core_properties.title = "Plan d'action"
    d.core_properties.author = "Service ESS"
    d.add_heading("Introduction", level=1)
    d.add_paragraph("Le territoire compte de nombreuses structures.")
    d.add_heading("Diagnostic", level=1)
    d.add_paragraph("Premier constat.")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Après le saut de page.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Acteur", "Coopérative"
    path = tmp_path / "plan.docx"
    d.save(path)

    doc = extract_file(path)
    assert (doc.format, doc.unit) == ("docx", "section")
    texts = [p.text for p in doc.pages]
    assert texts == [
        "Introduction\nLe territoire compte de nombreuses structures.",
        "Diagnostic\nPremier constat.",
        "Après le saut de page.\nActeur Coopérative",
    ]
    assert doc.title == "Plan d'action" and doc.author == "Service ESS"


def test_odt_sections_headings_notes_frames(tmp_path: Path) -> None:
    body = (
        "<office:text>"
        '<text:h text:outline-level="1">Partie un</text:h><text:p>Contenu un<text:note><text:note-citation>1'
        "</text:note-citation><text:note-body><text:p>Note de bas de page</text:p></text:note-body>"
        "</text:note>"
        "</text:p>"
        '<text:p text:style-name="P1">Nouvelle page</text:p>'
        "<text:list><text:list-item><text:p>Élément de liste</text:p></text:list-item></text:list>"
        '<text:h text:outline-level="3">Sous-partie</text:h><text:p>Suite</text:p>'
        "</office:text>"
    )
    styles = (
        '<style:style style:name="P1" style:family="paragraph">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
    )
    path = make_odf(
        tmp_path / "t.odt", "application/vnd.oasis.opendocument.text", body, automatic_styles=styles
    )
    doc = extract_file(path)
    assert [p.text for p in doc.pages] == [
        "Partie un\nContenu un\nNote de bas de page",
        "Nouvelle page\nÉlément de liste\nSous-partie\nSuite",
    ]


def test_txt_and_md(tmp_path: Path) -> None:
    txt = tmp_path / "notes.txt"
    txt.write_bytes("Première partie\fSeconde partie écrite en cp1252".encode("cp1252"))
    doc = extract_file(txt)
    assert (doc.format, [p.text for p in doc.pages]) == (
        "txt",
        ["Première partie", "Seconde partie écrite en cp1252"],
    )

    md = tmp_path / "guide.md"
    md.write_text(
        "# Guide\nIntro\n\n## Étape 1\nFaire ceci\n\n### Détail\nx\n## Étape 2\nFin\n",
        encoding="utf-8",
    )
    doc = extract_file(md)
    assert doc.format == "md" and doc.title == "Guide"
    assert [p.text for p in doc.pages] == [
        "# Guide\nIntro",
        "## Étape 1\nFaire ceci\n\n### Détail\nx",
        "## Étape 2\nFin",
    ]


def test_long_text_is_split_into_sections(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(
        "\n\n".join(f"Paragraphe {i} " + "mot " * 100 for i in range(100)), encoding="utf-8"
    )
    doc = extract_file(path)
    assert len(doc.pages) > 5
    assert all(len(p.text) <= 6000 for p in doc.pages)
    assert "Paragraphe 99" in doc.pages[-1].text


def test_detect_format_by_content_not_extension(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.docx", ["x"])
    assert detect_format(pdf) == "pdf"


def test_document_round_trips_through_dict() -> None:
    doc = ExtractedDocument(
        "pdf", "page", [ExtractedPage(1, "a", ocr=True)], title="T", warnings=["w"]
    )
    assert ExtractedDocument.from_dict(doc.to_dict()) == doc
