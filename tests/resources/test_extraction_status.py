"""The extraction status wherever a document appears, and an honest status for a scan read without OCR."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from resources.document_extraction import extract_document
from resources.models import ExtractionStatus, ResourceDocument
from testing import factories
from tests.helpers.admin_forms import form_data, post_data
from tests.helpers.extraction_samples import make_mixed_pdf, make_pdf

SCANNED_LINES = ["Recyclerie solidaire", "Bilan annuel 2023"]


def scanned_document(tmp_path) -> ResourceDocument:
    """Two pages without a text layer (an empty page, then a picture of text), as a scanner makes."""
    return factories.document(
        make_mixed_pdf(tmp_path / "scan.pdf", "", SCANNED_LINES), title="Bilan scanné"
    )


def ocr(settings, enabled: bool) -> None:
    settings.MAILLAGE_EXTRACTION = {**settings.MAILLAGE_EXTRACTION, "OCR": enabled}


def test_scan_without_ocr_is_not_text_extracted_and_reextract_reads_it(
    db, settings, media_root, tmp_path, search_backend
):
    ocr(settings, False)
    document = scanned_document(tmp_path)
    assert extract_document(document.pk) == ExtractionStatus.NO_TEXT
    document.refresh_from_db()
    assert document.extraction_status == "no_text"
    assert document.extraction_summary.startswith("Texte non lu : OCR indisponible sur ce serveur.")
    assert "Texte extrait" not in document.extraction_summary
    assert not document.extraction_ok

    # Once OCR is available, `reextract --failed` picks the document up and reads it.
    ocr(settings, True)
    out = io.StringIO()
    call_command("reextract", "--failed", stdout=out)
    document.refresh_from_db()
    assert "1 document(s) : 1 extrait(s), 0 sans texte lu" in out.getvalue()
    assert document.extraction_status == ExtractionStatus.DONE
    assert any("Recyclerie" in text for text in document.texts.values_list("text", flat=True))
    assert document.extraction_summary == "Texte extrait — 2 pages"


def test_pdf_with_no_text_even_with_ocr_says_so(db, settings, media_root, tmp_path):
    ocr(settings, True)
    document = factories.document(
        make_pdf(tmp_path / "blank.pdf", ["", ""]), title="Pages blanches"
    )
    assert extract_document(document.pk) == ExtractionStatus.NO_TEXT
    document.refresh_from_db()
    assert document.extraction_summary.startswith(
        "Texte non lu : aucun texte lisible, même par reconnaissance"
    )


def test_text_pdf_is_extracted_with_its_page_count(db, settings, media_root, tmp_path):
    document = factories.document(make_pdf(tmp_path / "ok.pdf", ["Une page", "Deux pages"]))
    assert extract_document(document.pk) == ExtractionStatus.DONE
    document.refresh_from_db()
    assert document.extraction_ok and document.extraction_summary == "Texte extrait — 2 pages"


def test_status_on_document_edit_page_and_in_chooser(
    client, admin_user, settings, media_root, tmp_path
):
    ocr(settings, False)
    document = scanned_document(tmp_path)
    extract_document(document.pk)
    client.force_login(admin_user)
    html = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert 'data-extraction-status="no_text"' in html
    assert "Texte non lu : OCR indisponible sur ce serveur." in html
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert "Extraction du texte" in chooser
    assert "Texte non lu : OCR indisponible" in chooser
    results = client.get(
        reverse("wagtaildocs_chooser:choose_results"), {"q": "scanné"}
    ).content.decode()
    assert "Texte non lu" in results


def test_page_attaching_unread_document_warns_but_publishes(
    client, admin_user, settings, media_root, tmp_path
):
    ocr(settings, False)
    index = factories.site_tree()
    document = scanned_document(tmp_path)
    extract_document(document.pk)
    good = factories.document(
        make_pdf(tmp_path / "ok.pdf", ["Lisible"]), title="Compte rendu lisible"
    )
    extract_document(good.pk)
    page = factories.meeting(
        index, "Rencontre avec un scan", publish=False, documents=[document, good]
    )
    client.force_login(admin_user)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Document « Bilan scanné » — Texte non lu : OCR indisponible" in html
    assert "Document « Compte rendu lisible »" not in html

    data = post_data(form_data(html), **{"action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    text = response.content.decode()
    page.refresh_from_db()
    assert page.live, "the warning must not block publishing"
    assert "Document « Bilan scanné » — Texte non lu" in text
