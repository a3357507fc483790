"""Index entries shaped like search/index_entries.py builds them, without any database row (`make_doc`, a small
`CORPUS`); the ids a query finds through a backend; dropping a backend's index."""

from __future__ import annotations

from typing import Any

from search.backends.base import SearchRequest
from search.query import parse


def make_doc(doc_id: str, title: str, **fields: Any) -> dict[str, Any]:
    """An index document as search.index_entries builds them; `parts` as [(number, text), …]."""
    kind = doc_id.split(":")[0]
    date = fields.pop("date", "2023-11-30" if kind != "actor" else None)
    parts = [{"number": n, "text": t} for n, t in fields.pop("parts", [])]
    doc = {
        "id": doc_id,
        "kind": kind,
        "type": {"document": "document", "actor": "actor"}.get(kind, "meetingreportpage"),
        "title": title,
        "url": f"/{kind}/{doc_id.split(':')[1]}/",
        "filename": f"{doc_id.split(':')[1]}.pdf" if kind == "document" else None,
        "summary": "",
        "body": "",
        "parts": parts,
        "date": date,
        "year": int(date[:4]) if date else None,
        "themes": [],
        "territories": [],
        "documents": [],
    }
    if kind == "document":
        doc.update(unit="page", attached_to=[])
    doc.update(fields)
    return doc


OCCITANIE = ["region-76"]
HAUTE_GARONNE = OCCITANIE + ["department-31"]
SICOVAL = HAUTE_GARONNE + ["epci-243100633"]
CASTANET = SICOVAL + ["commune-31113"]

CORPUS = [
    make_doc(
        "page:1",
        "Fiche DPV la Rafistolerie",
        type="learningvisitpage",
        summary="La Rafistolerie, ressourcerie 3R et insertion à Castanet-Tolosan.",
        body="Une ressourcerie collecte, valorise et revend des objets de réemploi.",
        themes=["reemploi", "insertion"],
        territories=CASTANET,
        date="2023-11-30",
    ),
    make_doc(
        "page:2",
        "Le tiers-lieu nourricier du 100e Singe",
        type="learningvisitpage",
        summary="Un tiers lieu agroécologique et nourricier.",
        themes=["alimentation", "tiers-lieux"],
        territories=HAUTE_GARONNE,
        date="2022-05-01",
    ),
    make_doc(
        "page:3",
        "Stratégie de l'économie sociale et solidaire du Sicoval",
        type="strategypage",
        body="Aujourd’hui, l’économie du territoire s’appuie sur douze acteurs hébergés au Périscope.",
        themes=["strategie-ess"],
        territories=SICOVAL,
        date="2021-01-15",
    ),
    make_doc(
        "page:4",
        "Créer une coopérative avec sa collectivité",
        type="toolkitpage",
        summary="La société coopérative d'intérêt collectif associe salariés, usagers et collectivités.",
        themes=["cooperation"],
        territories=["region-84", "department-69"],
        date="2024-02-02",
    ),
    make_doc(
        "page:5",
        "Le PTCE du pays de Morlaix",
        type="meetingreportpage",
        summary="Rencontre du PTCE breton et des élus du pays.",
        themes=["cooperation"],
        territories=["region-53", "department-29"],
        date="2020-06-10",
    ),
    make_doc(
        "page:6",
        "Le mois de l'ESS en Occitanie",
        type="meetingreportpage",
        summary="Programme des rencontres de novembre.",
        themes=["reseaux-d-acteurs"],
        territories=OCCITANIE,
        date="2023-10-01",
    ),
    make_doc(
        "document:10",
        "Compte rendu de la journée des clubs",
        parts=[
            (1, "Accueil des participants et tour de table des collectivités."),
            (
                2,
                "Les ateliers chantiers d'insertion du territoire emploient des personnes éloignées de l'emploi.",
            ),
            (3, "Conclusion : la méthanisation sur le canal, une expérimentation à suivre."),
        ],
        territories=SICOVAL,
        date="2023-11-30",
        attached_to=[{"title": "Fiche DPV la Rafistolerie", "url": "/page/1/"}],
    ),
    make_doc(
        "actor:20",
        "Les Tabliers Solidaires",
        summary="Traiteur et ACI qui emploie des femmes éloignées de l'emploi.",
        themes=["insertion", "alimentation"],
        territories=["region-76", "department-31"],
    ),
]


def ids(backend, q: str, **kwargs: Any) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(query=parse(q), **kwargs)).hits]


def drop_index(backend) -> None:
    if backend.name == "opensearch":
        backend.client.indices.delete(
            index=f"{backend.alias}*", ignore_unavailable=True, allow_no_indices=True
        )
    else:
        backend.path.unlink(missing_ok=True)
