"""Fixtures for the search tests: index documents shaped like search/documents.py builds them."""

from __future__ import annotations

from typing import Any

import pytest

from search.backends.base import SearchRequest
from search.query import parse


def make_doc(doc_id: str, title: str, **fields: Any) -> dict[str, Any]:
    """An index document as search.documents builds them; `parts` as [(number, text), …]."""
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


@pytest.fixture
def synthetic_entries_public(monkeypatch):
    """Index entries made with `make_doc` have no database row, so the read-time check of the public set
    (`search.public_set.public_only`) would drop them all from /api/search/. For ranking tests on such entries,
    those without a row count as public; entries of real rows are still checked. The check itself is tested on
    real rows in tests/privacy/test_writes_without_signals.py."""
    from search import public_set

    real = public_set.public_ids

    def public_ids(among=None):
        if among is None:
            return real(None)
        among = set(among)
        by_kind = public_set._split(among)
        models = {"page": public_set.ResourcePage, "document": public_set.ResourceDocument,
                  "actor": public_set.Organisation}
        with_rows = {f"{kind}:{pk}" for kind, pks in by_kind.items() if kind in models
                     for pk in models[kind].objects.filter(pk__in=pks).values_list("pk", flat=True)}
        return real(with_rows) | (among - with_rows)

    monkeypatch.setattr(public_set, "public_ids", public_ids)


OCCITANIE = ["region-76"]
HAUTE_GARONNE = OCCITANIE + ["department-31"]
SICOVAL = HAUTE_GARONNE + ["epci-243100633"]
CASTANET = SICOVAL + ["commune-31113"]

CORPUS = [
    make_doc("page:1", "Fiche DPV la Rafistolerie", type="learningvisitpage",
             summary="La Rafistolerie, ressourcerie 3R et insertion à Castanet-Tolosan.",
             body="Une ressourcerie collecte, valorise et revend des objets de réemploi.",
             themes=["reemploi", "insertion"], territories=CASTANET, date="2023-11-30"),
    make_doc("page:2", "Le tiers-lieu nourricier du 100e Singe", type="learningvisitpage",
             summary="Un tiers lieu agroécologique et nourricier.", themes=["alimentation", "tiers-lieux"],
             territories=HAUTE_GARONNE, date="2022-05-01"),
    make_doc("page:3", "Stratégie de l'économie sociale et solidaire du Sicoval", type="strategypage",
             body="Aujourd’hui, l’économie du territoire s’appuie sur douze acteurs hébergés au Périscope.",
             themes=["strategie-ess"], territories=SICOVAL, date="2021-01-15"),
    make_doc("page:4", "Créer une coopérative avec sa collectivité", type="toolkitpage",
             summary="La société coopérative d'intérêt collectif associe salariés, usagers et collectivités.",
             themes=["cooperation"], territories=["region-84", "department-69"], date="2024-02-02"),
    make_doc("page:5", "Le PTCE du pays de Morlaix", type="meetingreportpage",
             summary="Rencontre du PTCE breton et des élus du pays.", themes=["cooperation"],
             territories=["region-53", "department-29"], date="2020-06-10"),
    make_doc("page:6", "Le mois de l'ESS en Occitanie", type="meetingreportpage",
             summary="Programme des rencontres de novembre.", themes=["reseaux-d-acteurs"],
             territories=OCCITANIE, date="2023-10-01"),
    make_doc("document:10", "Compte rendu de la journée des clubs", parts=[
        (1, "Accueil des participants et tour de table des collectivités."),
        (2, "Les ateliers chantiers d'insertion du territoire emploient des personnes éloignées de l'emploi."),
        (3, "Conclusion : la méthanisation sur le canal, une expérimentation à suivre."),
    ], territories=SICOVAL, date="2023-11-30", attached_to=[{"title": "Fiche DPV la Rafistolerie", "url": "/page/1/"}]),
    make_doc("actor:20", "Les Tabliers Solidaires", summary="Traiteur et ACI qui emploie des femmes éloignées "
             "de l'emploi.", themes=["insertion", "alimentation"], territories=["region-76", "department-31"]),
]


@pytest.fixture(autouse=True)
def _fresh_label_cache():
    """Each test has its own database content: forget the territory and theme names of the previous one."""
    from search import labels

    labels.clear()
    yield
    labels.clear()


@pytest.fixture(autouse=True)
def _immediate_refresh():
    """Tests read right after writing: refresh at once instead of waiting for the next periodic refresh."""
    from search.backends import get_backend

    backend = get_backend()
    previous = getattr(backend, "refresh", None)
    if backend.name == "opensearch":
        backend.refresh = True
    yield
    if backend.name == "opensearch":
        backend.refresh = previous


@pytest.fixture
def file_synonyms(db) -> None:
    """The synonym list as shipped (search/synonyms_fr.txt), also after a transactional test emptied the table."""
    from search.synonyms import seed_from_file

    seed_from_file()


@pytest.fixture
def corpus_index(search_backend, file_synonyms):
    search_backend.index_many([dict(d) for d in CORPUS])
    return search_backend


def ids(backend, q: str, **kwargs: Any) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(query=parse(q), **kwargs)).hits]
