"""Relevance test set: the demo content (built from the seed) plus the shared corpus files, queried through
the public API. Prints recall@3 and MRR; the floors below must not regress (raise them when it improves).

    pytest tests/search/test_relevance.py -s     # to see the figures and every miss
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from testing.demo_corpus import CENTIEME, CRESS, KIT, MEETING, PICOJOULE, RAFISTOLERIE, load_content
from tests.helpers.environment import MODE

RECALL_AT_3_FLOOR = 0.97
MRR_FLOOR = 0.95


# Query → titles that count as a right answer. French forms, acronyms both ways, accents, typos aside.
FRENCH_QUERIES: list[tuple[str, set[str]]] = [
    ("rafistolerie", RAFISTOLERIE),
    ("ressourceries castanet", RAFISTOLERIE),
    ("tiers lieux nourricier", CENTIEME),
    ("centieme singe", CENTIEME),
    ("agroecologique", CENTIEME),
    ("société coopérative d'intérêt collectif", {MEETING}),
    ("SCIC", {MEETING}),
    ("PTCE", {MEETING}),
    ("pôle territorial de coopération économique", {MEETING}),
    ("atelier chantier d'insertion", {"Les Tabliers Solidaires", MEETING}),
    ("ACI traiteur", {"Les Tabliers Solidaires", MEETING}),
    ("visites apprenantes", {"Fiche DPV Le Centième Singe", "Fiche DPV la Rafistolerie", MEETING}),
    ("DPV", {"Fiche DPV Le Centième Singe", "Fiche DPV la Rafistolerie"}),
    ("méthanisation péniches", PICOJOULE),
    ("canal du midi", PICOJOULE),
    ("eaux usees", PICOJOULE),
    ("fablab", {"Diaporama sur le Fabriquet", "FabLab Le F@bRiquet"}),
    ("stratégie ess sicoval", {"Stratégie ESS du Sicoval"}),
    (
        "feuille de route toulouse",
        {
            "Stratégie Toulouse Métropole Impact 2021-2026",
            "Feuille de route 2021-2026 de Toulouse Métropole Impact",
        },
    ),
    ("chambre régionale de l'économie sociale et solidaire", {CRESS}),
    ("CRESS", {CRESS}),
    ("RTES kit", KIT),
    ("qualifier les acteurs base de données", KIT | {MEETING}),
    ("bus mutualisé", {"Totocar"}),
    ("lancement visioconférence", {"Lancement du club des collectivités pour l'ESS en Occitanie"}),
    ("l’économie sociale et solidaire en Occitanie", {CRESS, MEETING}),
    ("collectivités adhérentes", {MEETING}),
    ("Périscope tiers-lieu", {"Le Périscope", MEETING, "Stratégie ESS du Sicoval"}),
    ("cotisations sociales", {"160F-2019.pdf"}),
    ("protéger sa vie privée", {"bug1868759.pdf"}),
    ("verificateur d’avis amazon", {"bug1868759.pdf"}),
    ("repertoire telephonique", {"Bug51890.doc"}),
]


def expected_phrases(corpus_dir: Path) -> list[tuple[str, set[str]]]:
    rows = [
        line
        for line in (corpus_dir / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    out = []
    for row in csv.reader(rows[1:], delimiter="\t"):
        for phrase in row[1:]:
            phrase = phrase.removeprefix("needs OCR:").strip()
            if phrase:
                out.append((phrase, {row[0]}))
    return out


def rank_of(results: list[dict], wanted: set[str]) -> int | None:
    for position, result in enumerate(results, start=1):
        if result["title"] in wanted:
            return position
    return None


@pytest.mark.django_db
def test_relevance(client, corpus_dir, search_backend, media_root, file_synonyms):
    load_content(corpus_dir)
    queries = FRENCH_QUERIES + expected_phrases(corpus_dir)
    ranks, misses = [], []
    for q, wanted in queries:
        response = client.get("/api/search/", {"q": q})
        assert response.status_code == 200
        results = response.json()["results"]
        rank = rank_of(results, wanted)
        ranks.append(rank)
        if rank is None or rank > 3:
            misses.append(f"  {q!r}: rank {rank}; top 3 = {[r['title'] for r in results[:3]]}")
    recall = sum(1 for r in ranks if r and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    print(f"\nrelevance ({MODE}): {len(ranks)} queries, recall@3 = {recall:.3f}, MRR = {mrr:.3f}")
    print("\n".join(misses) or "  no miss")
    assert recall >= RECALL_AT_3_FLOOR, "\n".join(misses)
    assert mrr >= MRR_FLOOR, "\n".join(misses)
