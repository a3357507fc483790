"""The demo content (built from the seed) and the shared corpus files in the database with their text extracted
(OCR on) and indexed, as the relevance test and benchmark query them; the demo's titles they expect."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from resources.models import DocumentText, ResourceDocument
from search.indexing import rebuild

MEETING = "Comment identifier et mobiliser les acteurs de l'ESS pour répondre aux enjeux de mon territoire ?"
CENTIEME = {"Fiche DPV Le Centième Singe", "Le 100e Singe"}
RAFISTOLERIE = {"Fiche DPV la Rafistolerie", "La Rafistolerie"}
PICOJOULE = {"Diaporama sur Picojoule", "Picojoule"}
KIT = {
    "Connaître et mobiliser les acteurs de mon territoire",
    "Fiche n°4 du kit du RTES : Connaître et mobiliser les acteurs de mon territoire",
}
CRESS = "Chambre Régionale de l'Economie Sociale et Solidaire d'Occitanie"


@cache
def _extract(path: str):
    from extraction import ExtractionError, extract_file

    try:
        return extract_file(path, ocr=True)
    except ExtractionError:
        return None


def store_text(document: ResourceDocument, path: Path) -> None:
    extracted = _extract(str(path))
    if extracted is None:
        document.extraction_status = "failed"
        document.save()
        return
    document.extraction_status, document.extracted_unit = "done", extracted.unit
    document.page_count = len(extracted.pages)
    document.save()
    DocumentText.objects.bulk_create(
        [
            DocumentText(document=document, number=p.number, text=p.text, ocr=p.ocr)
            for p in extracted.pages
        ]
    )


def load_content(corpus_dir: Path) -> None:
    from home.demo.loader import load
    from testing import factories

    load(log=lambda message: None, with_admin=False)
    for document in ResourceDocument.objects.all():
        store_text(document, Path(document.file.path))
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix != ".tsv":
            store_text(factories.document(path, title=path.name), path)
    rebuild()
