"""The embedded backend's term postings: scores equal to FTS5's bm25, and stale postings never counted."""

from __future__ import annotations

import sqlite3

import pytest

from search.backends import SearchRequest
from search.backends import embedded_postings as postings
from search.backends.embedded import EmbeddedBackend
from search.backends.embedded_facets import cached
from search.backends.embedded_scoring import DocArrays, Scorer
from search.query import parse
from tests.helpers.search_index import make_doc

pytestmark = pytest.mark.django_db

DOCS = [
    make_doc(
        "page:1", "Recyclerie de quartier", summary="Une recyclerie associative.", body="Dons."
    ),
    make_doc("page:2", "Jardin partagé", body="Le jardin accueille une recyclerie le samedi. " * 3),
    make_doc(
        "document:3",
        "Rapport annuel",
        body="Bilan de la recyclerie et du jardin.",
        parts=[(1, "La recyclerie a collecté dix tonnes."), (2, "Le jardin partagé a grandi.")],
    ),
    make_doc("actor:4", "Épicerie solidaire", keywords=["alimentation", "jardin"]),
    make_doc("page:5", "Ressourcerie et recyclerie", summary="Réemploi, recyclerie, jardin."),
]


@pytest.fixture
def index(tmp_path):
    backend = EmbeddedBackend(tmp_path / "index.sqlite3")
    backend.index_many([dict(d) for d in DOCS])
    return backend


def fts5_scores(backend: EmbeddedBackend, expression: str) -> dict[int, float]:
    with sqlite3.connect(backend.path) as conn:
        return dict(
            conn.execute(
                "SELECT rowid, -bm25(doc_terms, 4.0, 2.0, 1.0, 1.0, 1.0) FROM doc_terms "
                "WHERE doc_terms MATCH ?",
                (expression,),
            ).fetchall()
        )


def scores(backend: EmbeddedBackend, phrases: list[tuple[str, ...]]) -> dict[int, float]:
    with sqlite3.connect(backend.path) as conn:
        scorer = Scorer(conn, cached(conn, str(backend.path), DocArrays.load))
        mask = scorer.holders(phrases)
        bm25 = scorer.bm25(phrases)
        return {int(d): float(bm25[d]) for d in mask.nonzero()[0]}


@pytest.mark.parametrize("terms", [["recycler"], ["jardin"], ["recycler", "jardin", "epicer"]])
def test_word_scores_are_fts5_bm25(index, terms):
    expression = " OR ".join(f'"{t}"' for t in terms)
    expected = fts5_scores(index, expression)
    assert expected  # the words are in the index
    found = scores(index, [(t,) for t in terms])
    assert found.keys() == expected.keys()
    for doc, score in expected.items():
        assert found[doc] == pytest.approx(score, rel=1e-6)


def titles(backend: EmbeddedBackend, q: str) -> list[str]:
    return [h.source["title"] for h in backend.search(SearchRequest(query=parse(q))).hits]


def test_rewritten_and_removed_items_leave_their_postings_behind(index):
    assert set(titles(index, "recyclerie")) == {
        "Recyclerie de quartier",
        "Jardin partagé",
        "Rapport annuel",
        "Ressourcerie et recyclerie",
    }
    index.index_many([make_doc("page:2", "Jardin partagé", body="Un potager de quartier.")])
    index.delete_many(["page:5"])
    assert set(titles(index, "recyclerie")) == {"Recyclerie de quartier", "Rapport annuel"}
    assert titles(index, "potager") == ["Jardin partagé"]
    assert index.search(SearchRequest(query=parse("recyclerie"))).count == 2
    # many more writes: the term's rows are merged, the answers stay the same
    for n in range(postings.MAX_SEGMENTS + 3):
        index.index_many([make_doc("page:1", "Recyclerie de quartier", body=f"Version {n}.")])
    with sqlite3.connect(index.path) as conn:
        rows = conn.execute("SELECT count(*) FROM postings WHERE term = 'recycler'").fetchone()[0]
    assert rows <= postings.MAX_SEGMENTS
    assert set(titles(index, "recyclerie")) == {"Recyclerie de quartier", "Rapport annuel"}
    assert titles(index, "version") == ["Recyclerie de quartier"]


def test_a_rebuild_leaves_one_row_per_term_and_the_same_answers(index):
    before = {q: titles(index, q) for q in ("recyclerie", "jardin partagé", "tonnes")}
    index.rebuild(iter([dict(d) for d in DOCS]))
    with sqlite3.connect(index.path) as conn:
        assert conn.execute(
            "SELECT count(*) FROM (SELECT term FROM postings GROUP BY term HAVING count(*) > 1)"
        ).fetchone() == (0,)
    assert {q: titles(index, q) for q in before} == before
