"""Facets, sorting, pagination, passages with page numbers, suggestions, autocomplete, rebuilds:
the same contract for both backends."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from search.backends.base import SearchRequest
from search.backends.opensearch import OpenSearchBackend
from search.query import parse
from tests.helpers.search_index import CORPUS, OCCITANIE, ids, make_doc


def search(backend, q: str = "", **kwargs):
    return backend.search(SearchRequest(query=parse(q), **kwargs))


def test_facet_counts_are_disjunctive(corpus_index):
    everything = search(corpus_index, "emploi OR ressourcerie OR singe")
    assert everything.count == 4
    assert dict(everything.facets["type"]) == {"learningvisitpage": 2, "document": 1, "actor": 1}
    assert dict(everything.facets["themes"])["insertion"] == 2
    assert set(everything.facets) == {
        "type",
        "themes",
        "territories",
        "year",
    }  # `kind` filters, is never counted
    only_actors = search(
        corpus_index, "emploi OR ressourcerie OR singe", filters={"type": ["actor"]}
    )
    assert only_actors.count == 1 and [h.id for h in only_actors.hits] == ["actor:20"]
    # The facet being filtered still counts every value; the other facets count the filtered hits.
    assert dict(only_actors.facets["type"]) == {"learningvisitpage": 2, "document": 1, "actor": 1}
    assert dict(only_actors.facets["themes"]) == {"insertion": 1, "alimentation": 1}
    by_kind = search(
        corpus_index, "emploi OR ressourcerie OR singe", filters={"kind": ["page", "document"]}
    )
    assert sorted(h.id for h in by_kind.hits) == ["document:10", "page:1", "page:2"]


def test_filters_combine_and_territories_include_lower_levels(corpus_index):
    def found(**filters):
        return set(ids(corpus_index, "", filters=filters, per_page=50))

    assert found(territories=["department-31"]) == {
        "page:1",
        "page:2",
        "page:3",
        "document:10",
        "actor:20",
    }
    assert found(territories=["epci-243100633"]) == {"page:1", "page:3", "document:10"}
    assert found(territories=["department-31"], year=["2023"]) == {"page:1", "document:10"}
    assert found(territories=["department-31"], year=["2023", "2022"]) == {
        "page:1",
        "page:2",
        "document:10",
    }
    assert found(themes=["cooperation"], territories=["region-53", "region-84"]) == {
        "page:4",
        "page:5",
    }
    assert found(type=["learningvisitpage"], themes=["alimentation"]) == {"page:2"}


def test_facet_include_restricts_the_values_counted(corpus_index):
    response = search(
        corpus_index,
        "",
        filters={"themes": ["insertion"]},
        facet_include={"territories": ["department-31", "epci-243100633", "region-99"]},
    )
    assert dict(response.facets["territories"]) == {"department-31": 2, "epci-243100633": 1}


def test_sort_by_date_and_pagination(corpus_index):
    q = "rafistolerie OR singe OR sicoval OR morlaix OR coopérative"
    by_date = ids(corpus_index, q, sort="date", per_page=10)
    assert by_date == ["page:4", "page:1", "page:2", "page:3", "page:5"]
    assert ids(corpus_index, q, sort="date", per_page=2, page=2) == ["page:2", "page:3"]
    assert ids(corpus_index, q, sort="date", per_page=2, page=3) == ["page:5"]
    assert ids(corpus_index, q, sort="date", per_page=2, page=4) == []
    assert search(corpus_index, q, per_page=2, page=3).count == 5
    # With no words, the newest first.
    assert ids(corpus_index, "", filters={"kind": ["page"]}, per_page=3) == [
        "page:4",
        "page:1",
        "page:6",
    ]


def test_passages_name_their_page(corpus_index):
    hit = search(corpus_index, "chantiers d'insertion").hits[0]
    assert hit.id == "document:10"
    assert [h.page for h in hit.highlights] == [2]
    assert "<mark>" in hit.highlights[0].text and "chantiers" in hit.highlights[0].text
    canal = search(corpus_index, "méthanisation").hits[0]
    assert canal.id == "document:10" and canal.highlights[0].page == 3
    page = search(corpus_index, "ressourcerie").hits[0]
    assert page.id == "page:1" and page.highlights and page.highlights[0].page is None
    assert "<mark>" in page.highlights[0].text
    assert "body" not in page.source and "parts" not in page.source


def test_passages_are_read_only_for_the_results_shown_in_both_backends(corpus_index, monkeypatch):
    # The search itself never scores every hit's pages for passages. OpenSearch: one small request, by ids, for
    # the documents of the page of results (os_query.passages_query); embedded: each shown hit's pages read.
    opensearch = hasattr(corpus_index, "client")
    name = "_search" if opensearch else "_highlights"
    calls = []
    real = getattr(corpus_index, name)
    monkeypatch.setattr(corpus_index, name, lambda *args: calls.append(args) or real(*args))
    response = search(corpus_index, "chantiers d'insertion", per_page=1)
    assert response.count > 1 and len(response.hits) == 1
    assert [h.page for h in response.hits[0].highlights] == [2]
    if opensearch:
        main, passages = [body for (body,) in calls]
        assert "inner_hits" not in str(main) and "aggs" in main
        assert passages["query"]["bool"]["filter"] == [{"ids": {"values": ["document:10"]}}]
    else:
        assert len(calls) == 1  # the one hit shown


def test_passages_are_escaped(search_backend, db):  # the query reads the synonym list
    search_backend.index_many(
        [make_doc("page:1", "Balises", summary="<b>gras</b> & balise <script>x</script>")]
    )
    text = search(search_backend, "balise").hits[0].highlights[0].text
    assert "<script>" not in text and "&lt;script&gt;" in text and "<mark>" in text


def test_matching_says_which_documents_match(corpus_index):
    assert corpus_index.matching(parse("ACI"), ["document:10", "document:99", "page:1"]) == {
        "document:10"
    }
    assert corpus_index.matching(parse("rafistolerie"), ["document:10"]) == set()


def test_the_matching_attached_documents_come_with_the_hits_in_both_backends(
    search_backend, db, monkeypatch
):
    # A page hit lists the documents it attaches that match too: read with the hits (OpenSearch: with the
    # passages, in one batch), never for the suggestion's count check (`with_matching=False`).
    attachments = [
        {"id": f"document:{n}", "title": t, "url": f"/documents/{n}/"}
        for n, t in [(10, "Guide"), (11, "Annexe")]
    ]
    search_backend.index_many(
        [
            make_doc("page:1", "Fiche ressourcerie", attachments=attachments),
            make_doc(
                "document:10", "Guide", parts=[(2, "Une ressourcerie solidaire en milieu rural.")]
            ),
            make_doc("document:11", "Annexe", parts=[(1, "Tableau des budgets.")]),
            make_doc("document:12", "Autre", parts=[(1, "Une ressourcerie en ville.")]),
        ]
    )
    opensearch = hasattr(search_backend, "client")
    round_trips = []
    if opensearch:
        for name in ("search", "msearch"):
            real = getattr(search_backend.client, name)
            monkeypatch.setattr(
                search_backend.client,
                name,
                lambda *a, _n=name, _r=real, **k: round_trips.append(_n) or _r(*a, **k),
            )
    response = search(search_backend, "ressourcerie")
    assert {h.id for h in response.hits} == {"page:1", "document:10", "document:12"}
    assert response.matching == {"document:10"}
    assert response.matching == search_backend.matching(
        parse("ressourcerie"), ["document:10", "document:11"]
    )
    if (
        opensearch
    ):  # the main search, then passages and matching side by side; then `matching` alone
        assert round_trips == ["search", "msearch", "search"]
    assert search(search_backend, "ressourcerie", with_matching=False).matching == set()


def test_suggestion_from_indexed_words(corpus_index):
    assert corpus_index.suggest("rafistolrie") == "rafistolerie"
    assert corpus_index.suggest("rafistolerie") is None
    # Only the misspelt words change: quotes, exclusions, OR, apostrophes and the other words stay as typed.
    assert corpus_index.suggest('"la Rafistolrie" -rafistolrie OU l\'Rafistolrie Sicoval') == (
        '"la rafistolerie" -rafistolerie OU l\'rafistolerie Sicoval'
    )


def test_autocomplete_titles_and_actors_not_documents(corpus_index):
    assert [i["title"] for i in corpus_index.autocomplete("rafis")] == ["Fiche DPV la Rafistolerie"]
    assert [i["title"] for i in corpus_index.autocomplete("Tabli")] == ["Les Tabliers Solidaires"]
    assert [i["title"] for i in corpus_index.autocomplete("econom")] == [
        "Stratégie de l'économie sociale et solidaire du Sicoval"
    ]
    assert [i["title"] for i in corpus_index.autocomplete("strat sico")] == [
        "Stratégie de l'économie sociale et solidaire du Sicoval"
    ]
    assert corpus_index.autocomplete("compte rendu") == []  # a document title: not proposed
    assert {"title", "url", "kind"} <= set(corpus_index.autocomplete("rafis")[0])


def test_delete_and_reindex(corpus_index):
    corpus_index.delete_many(["page:1"])
    assert ids(corpus_index, "ressourcerie") == []
    assert corpus_index.autocomplete("rafis") == []
    corpus_index.index_many(
        [make_doc("page:1", "Fiche DPV la Recyclerie", summary="Une ressourcerie.")]
    )
    corpus_index.index_many(
        [make_doc("page:1", "Fiche DPV la Recyclerie", summary="Une ressourcerie.")]
    )
    assert ids(corpus_index, "ressourcerie") == ["page:1"]
    assert corpus_index.count() == len(CORPUS)


def test_facet_counts_follow_every_change_of_the_index(corpus_index):
    """The embedded backend counts facets from arrays it keeps between searches: an edit that changes only a
    facet value, a new value, a removal and a rebuild are each seen by the next search."""

    def themes(q="glanage"):
        return dict(search(corpus_index, q).facets["themes"])

    corpus_index.index_many([make_doc("page:700", "Glanage solidaire", themes=["alimentation"])])
    assert themes() == {"alimentation": 1}
    corpus_index.index_many([make_doc("page:700", "Glanage solidaire", themes=["mobilite"])])
    assert themes() == {"mobilite": 1}
    corpus_index.index_many(
        [make_doc("page:701", "Glanage en ville", themes=["mobilite", "habitat"], year=2020)]
    )
    assert themes() == {"mobilite": 2, "habitat": 1}
    assert dict(
        search(corpus_index, "glanage", filters={"themes": ["habitat"]}).facets["year"]
    ) == {"2020": 1}
    corpus_index.delete_many(["page:700"])
    assert themes() == {"mobilite": 1, "habitat": 1}
    corpus_index.rebuild(iter([make_doc("page:702", "Glanage rural", themes=["culture"])]))
    assert themes() == {"culture": 1}


def test_a_search_without_words_lists_newest_first_and_follows_every_change(corpus_index):
    # Facet filters only (the embedded backend answers from its arrays in memory, FacetArrays.browse).
    occitanie = {"territories": ["region-76"]}
    listed = search(corpus_index, "", filters=occitanie, per_page=50)
    dates = [h.source["date"] for h in listed.hits]
    dated = sorted((d for d in dates if d), reverse=True)
    assert listed.count == len(listed.hits) >= 3 and dates == dated + [None] * (
        len(dates) - len(dated)
    )
    assert all("region-76" in h.source["territories"] for h in listed.hits)
    assert "body" not in listed.hits[0].source
    pages = [search(corpus_index, "", filters=occitanie, per_page=1, page=n).hits for n in (1, 2)]
    assert [h.id for hits in pages for h in hits] == [h.id for h in listed.hits[:2]]
    by_type = Counter(h.source["type"] for h in listed.hits)
    assert dict(listed.facets["type"]) == by_type
    # Counts are disjunctive: the territory facet counts without its own filter.
    assert dict(listed.facets["territories"]) == dict(
        search(corpus_index, "").facets["territories"]
    )
    without = search(corpus_index, "-rafistolerie", filters=occitanie, per_page=50)
    assert [h.id for h in without.hits] == [h.id for h in listed.hits if h.id != "page:1"]
    assert without.count == listed.count - 1
    corpus_index.index_many(
        [make_doc("page:703", "Fiche toute neuve", territories=OCCITANIE, date="2030-01-01")]
    )
    assert search(corpus_index, "", filters=occitanie).hits[0].id == "page:703"
    assert search(corpus_index, "", filters=occitanie).count == listed.count + 1
    corpus_index.delete_many(["page:703", "page:1"])
    assert [h.id for h in search(corpus_index, "", filters=occitanie, per_page=50).hits] == [
        h.id for h in without.hits
    ]


def test_rebuild_swaps_atomically_and_keeps_edits_made_meanwhile(corpus_index):
    seen_during = []

    def fresh_docs():
        for n in range(1200):
            if n == 700:  # mid-rebuild: the old index still answers, and an editor publishes a page
                seen_during.append(ids(corpus_index, "rafistolerie"))
                corpus_index.index_many(
                    [make_doc("page:9999", "Publiée pendant la reconstruction")]
                )
                corpus_index.delete_many(["page:1"])
            yield make_doc(f"page:{100 + n}", f"Ressource numéro {n}", summary="Glanage solidaire.")
        yield make_doc("page:1", "Fiche DPV la Rafistolerie")

    progress = []
    assert corpus_index.rebuild(fresh_docs(), progress=progress.append) == 1201
    assert seen_during == [["page:1"]]
    assert progress and progress[-1] == 1201
    assert search(corpus_index, "glanage").count == 1200
    assert ids(corpus_index, "reconstruction") == ["page:9999"]
    assert ids(corpus_index, "singe") == []  # the old index is gone
    assert corpus_index.count() == 1202


def test_failed_rebuild_leaves_the_index_in_service(corpus_index):
    def broken():
        yield make_doc("page:500", "Incomplète")
        raise RuntimeError("database went away")

    try:
        corpus_index.rebuild(broken())
    except RuntimeError:
        pass
    assert ids(corpus_index, "rafistolerie") == ["page:1"]
    assert ids(corpus_index, "incomplete") == []


@pytest.mark.fullstack
def test_processes_finding_no_index_at_once_create_one(settings):
    """Workers starting together on a fresh install each find no index: one index is created, one alias
    holds it, and every one of them can write."""
    backend = OpenSearchBackend(settings.OPENSEARCH_URL, prefix=f"race-{uuid.uuid4().hex[:8]}")
    workers = 8
    barrier = threading.Barrier(workers)

    def start_and_write(n: int) -> None:
        mine = OpenSearchBackend(
            settings.OPENSEARCH_URL, prefix=backend.alias.removesuffix("-content")
        )
        barrier.wait()
        mine.ensure_index()
        mine.index_many([make_doc(f"page:{n}", f"Fiche écrite par le processus {n}")])

    try:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(start_and_write, range(workers)))
        assert len(backend.client.indices.get_alias(name=backend.alias)) == 1
        assert backend.count() == workers
    finally:
        backend.client.indices.delete(
            index=f"{backend.alias}*", ignore_unavailable=True, allow_no_indices=True
        )


@pytest.mark.fullstack
def test_a_large_rebuild_spreads_the_index_over_the_nodes_processors(settings, db):
    """A rebuild told to expect many items gives the new index one shard per ITEMS_PER_SHARD items, at most one
    per processor of the data nodes (searched in parallel); a small one keeps a single shard."""
    from search.backends.opensearch import ITEMS_PER_SHARD

    backend = OpenSearchBackend(settings.OPENSEARCH_URL, prefix=f"shards-{uuid.uuid4().hex[:8]}")
    processors = sum(
        node["os"]["allocated_processors"]
        for node in backend.client.nodes.info(metric="os")["nodes"].values()
    )

    def shards() -> int:
        (settings_,) = backend.client.indices.get_settings(index=backend.alias).values()
        return int(settings_["settings"]["index"]["number_of_shards"])

    docs = [make_doc(f"page:{n}", f"Glanage numéro {n}") for n in range(5)]
    try:
        assert backend.rebuild(iter(docs), expected=len(docs)) == 5
        assert shards() == 1
        assert backend.rebuild(iter(docs), expected=4 * ITEMS_PER_SHARD) == 5
        assert shards() == min(4, processors) and processors >= 2  # this machine has 2 cores
        backend.refresh = True
        assert search(backend, "glanage").count == 5
    finally:
        backend.client.indices.delete(
            index=f"{backend.alias}*", ignore_unavailable=True, allow_no_indices=True
        )
