"""A graded query: all words first; when that finds nothing, all loose words but one, then any of them ranked
by how many match, with a French notice. Words between quotes and exclusions stay strict."""

from __future__ import annotations

import pytest

from search.backends import SearchRequest, get_backend
from search.indexing import rebuild
from search.query import parse
from search.service import ANY_WORDS_MESSAGE, FUZZY_MESSAGE, MOST_WORDS_MESSAGE
from testing import factories
from tests.helpers.search_index import make_doc


def api(client, q: str) -> dict:
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def titles(data: dict) -> list[str]:
    return [r["title"] for r in data["results"]]


@pytest.fixture
def site(db, search_backend, media_root):
    index = factories.site_tree()
    factories.meeting(index, "Rencontre A", summary="Le compostage collectif dans chaque quartier.")
    factories.meeting(index, "Rencontre B", summary="Le compostage collectif en pied d'immeuble.")
    factories.meeting(index, "Rencontre C", summary="Le compostage au jardin.")
    rebuild()


def test_all_words_first_without_notice(client, site):
    data = api(client, "compostage collectif quartier")
    assert titles(data) == ["Rencontre A"] and data["message"] == ""


def test_all_but_one_word_when_all_find_nothing(client, site):
    data = api(client, "compostage collectif zeppelin")
    assert sorted(titles(data)) == ["Rencontre A", "Rencontre B"]
    assert data["message"] == MOST_WORDS_MESSAGE


def test_then_any_word_ranked_by_how_many_match(client, site):
    data = api(client, "compostage collectif zeppelin")  # 3 words: precise, then graded
    assert data["message"] == MOST_WORDS_MESSAGE
    data = api(
        client, "compostage collectif zeppelin dirigeable cerceau"
    )  # none holds 3 of the 5 words
    assert data["message"] == ANY_WORDS_MESSAGE
    assert set(titles(data)) == {"Rencontre A", "Rencontre B", "Rencontre C"}
    assert titles(data)[-1] == "Rencontre C"  # one word matched, against two for the others
    assert data["results"][-1]["missing"] == ["collectif", "zeppelin", "dirigeable", "cerceau"]


def test_four_words_or_more_need_half_of_them_without_notice(client, site):
    data = api(client, "compostage collectif zeppelin dirigeable")
    assert sorted(titles(data)) == ["Rencontre A", "Rencontre B"] and data["message"] == ""
    assert [r["missing"] for r in data["results"]] == [["zeppelin", "dirigeable"]] * 2


def test_quoted_phrases_and_exclusions_stay_strict(client, site):
    data = api(client, '"compostage collectif" jardin zeppelin')
    assert (
        titles(data) == [] and data["count"] == 0
    )  # the phrase is required: C has jardin but not it
    data = api(client, '"compostage collectif" quartier zeppelin')
    assert titles(data) == ["Rencontre A"] and data["message"] == ANY_WORDS_MESSAGE
    data = api(client, "compostage collectif zeppelin -quartier")
    assert titles(data) == ["Rencontre B"] and data["message"] == MOST_WORDS_MESSAGE


def test_nothing_at_any_level_stays_empty(client, site):
    data = api(client, "zeppelin dirigeable")
    assert data["count"] == 0 and data["message"] == ""


def test_relaxed_query_keeps_what_is_strict(db):
    query = parse('"économie circulaire" compostage zeppelin -quartier')
    required, loose, needed = query.relaxed(1).split()
    assert (
        [g[0].text for g in required] == ["économie circulaire"] and len(loose) == 2 and needed == 1
    )
    assert query.split()[2] == 2 and query.excluded


def test_typos_tolerated_in_the_graded_stage_unless_exact(client, site):
    # "colectif" is corrected only if the whole corrected query finds something, and "zeppelin" finds nothing:
    # the graded stage meets the typo (one edit from 5 letters) and keeps the two words that match.
    data = api(client, "compostage colectif zeppelin")
    assert data["corrected_from"] is None
    assert (
        sorted(titles(data)) == ["Rencontre A", "Rencontre B"]
        and data["message"] == MOST_WORDS_MESSAGE
    )
    data = client.get("/api/search/", {"q": "compostage colectif zeppelin", "exact": "1"}).json()
    assert (
        len(titles(data)) == 3 and data["message"] == ANY_WORDS_MESSAGE
    )  # exact: "colectif" as typed
    data = api(client, "compostage collectif quartier")
    assert titles(data) == ["Rencontre A"] and data["message"] == ""  # the strict query sufficed


def test_all_words_with_typos_tolerated_come_before_dropping_one(
    client, db, search_backend, media_root
):
    # "colectif" is a word of the vocabulary (a typo in a public text), so no spelling suggestion replaces it;
    # with typos tolerated, every word still matches the page that holds them correctly spelt.
    index = factories.site_tree()
    factories.meeting(index, "Rencontre A", summary="Le compostage collectif dans chaque quartier.")
    factories.meeting(index, "Note", summary="Un colectif d'habitants.")
    rebuild()
    data = api(client, "compostage colectif")
    assert titles(data) == ["Rencontre A"] and data["message"] == FUZZY_MESSAGE
    assert data["corrected_from"] is None and data["suggestion"] is None
    html = client.get("/recherche/", {"q": "compostage colectif"}).content.decode()
    assert (
        '<p class="notice" role="status">Aucun résultat avec l&#x27;orthographe exacte ; résultats avec des mots '
        "proches.</p>" in html
    )


def test_the_strict_query_pays_for_no_fallback(client, site, monkeypatch):
    # Enough results for what was typed: one request to the engine, no suggestion, no relaxed query.
    backend = get_backend()
    calls = []
    for name in ("search", "suggest"):
        real = getattr(backend, name)
        monkeypatch.setattr(
            backend, name, lambda *args, _name=name, _real=real: calls.append(_name) or _real(*args)
        )
    data = api(client, "compostage")
    assert data["count"] == 3 and data["message"] == "" and calls == ["search"]
    calls.clear()
    api(
        client, "compostage collectif zeppelin"
    )  # nothing as typed: the suggestion, then the graded levels
    assert calls[:2] == ["search", "suggest"] and calls.count("search") > 1


def test_typos_of_the_graded_stage_keep_the_first_letter_in_both_backends(db, search_backend):
    # The close words of both backends (`close_variants`) keep the first letter, although the spelling's
    # suggestions (search.spelling) may change it.
    search_backend.index_many(
        [make_doc("page:1", "Le glanage en ville", summary="Glaner les fruits des arbres.")]
    )

    def found(q: str) -> list[str]:
        query = parse(q).relaxed(1)
        assert query.fuzzy_words() == {q}
        return [h.id for h in search_backend.search(SearchRequest(query=query)).hits]

    assert found("glanaje") == ["page:1"]
    assert found("flanage") == []


def test_attached_documents_match_a_graded_query_with_its_typos_in_both_backends(
    db, search_backend
):
    # "a document attached to this page matches too" counts the words held with their close words, as the hits do
    search_backend.index_many(
        [make_doc("page:1", "Le compostage collectif", summary="Dans chaque quartier.")]
    )
    query = parse("compostage colectif zeppelin").relaxed(2)
    assert query.ranked and "colectif" in query.fuzzy_words()
    assert [h.id for h in search_backend.search(SearchRequest(query=query)).hits] == ["page:1"]
    assert search_backend.matching(query, ["page:1"]) == {"page:1"}


def test_a_ranked_level_and_the_next_one_are_one_search(client, site, monkeypatch):
    # « none holds 3 of the 5 words »: the typo-tolerant level (3 of them) and the any-word level share their
    # candidates; one search answers both (SearchResponse.fell_back).
    backend = get_backend()
    calls = []
    real = backend.search
    monkeypatch.setattr(backend, "search", lambda request: calls.append(request) or real(request))
    data = api(client, "compostage collectif zeppelin dirigeable cerceau")
    assert data["message"] == ANY_WORDS_MESSAGE
    assert set(titles(data)) == {"Rencontre A", "Rencontre B", "Rencontre C"}
    graded = [r.query for r in calls if r.query.tolerant]
    assert [(q.min_loose, q.fallback_loose) for q in graded] == [(3, 1)]


@pytest.fixture
def two_years(db, search_backend, media_root):
    import datetime

    index = factories.site_tree()
    factories.meeting(
        index,
        "Rencontre 2023",
        summary="Compostage collectif de quartier.",
        date=datetime.date(2023, 5, 2),
    )
    factories.meeting(
        index, "Rencontre 2024", summary="Le compostage.", date=datetime.date(2024, 5, 2)
    )
    rebuild()


@pytest.mark.parametrize(
    ("min_loose", "filters", "fell_back", "found"),
    [
        (
            2,
            {},
            False,
            ["Rencontre 2023"],
        ),  # one item holds 2 of the 4 words (or more): no fallback
        (3, {}, False, ["Rencontre 2023"]),  # it holds 3 of them
        # the item holding 2 words is filtered out (year): nothing at 2 among those kept, so any word
        (2, {"year": ["2024"]}, True, ["Rencontre 2024"]),
        (3, {"year": ["2024"]}, True, ["Rencontre 2024"]),
    ],
)
def test_the_fallback_level_answers_as_its_own_search_would_in_both_backends(
    two_years, min_loose, filters, fell_back, found
):
    backend = get_backend()
    query = parse("compostage collectif quartier zeppelin")
    merged = backend.search(
        SearchRequest(query=query.relaxed(min_loose, False, fallback=1), filters=filters)
    )
    alone = backend.search(
        SearchRequest(query=query.relaxed(1 if fell_back else min_loose, False), filters=filters)
    )
    assert merged.fell_back is fell_back
    assert [h.source["title"] for h in merged.hits] == found
    assert [h.id for h in merged.hits] == [h.id for h in alone.hits]
    assert merged.count == alone.count and merged.facets == alone.facets
    assert [h.matched for h in merged.hits] == [h.matched for h in alone.hits]


def test_a_level_no_item_can_reach_costs_no_search_in_both_backends(site, monkeypatch):
    # Only « compostage » is held by any item: the groups' frequencies (read first, cheaply) tell that no item
    # holds 2 of the 4 words, so the ranked level reads no candidate and its fallback level is searched at once.
    backend = get_backend()
    reads = []
    name = (
        "_candidates" if hasattr(backend, "_candidates") else "_search"
    )  # embedded: scoring the candidates
    real = getattr(backend, name)
    monkeypatch.setattr(backend, name, lambda *args: reads.append(args) or real(*args))

    def searches() -> int:
        if name == "_candidates":
            return len(reads)
        return sum(1 for (body,) in reads if body.get("query") != {"match_all": {}})

    query = parse("compostage zeppelin dirigeable cerceau")
    assert query.min_loose == 2
    strict = backend.search(SearchRequest(query=query))
    assert (strict.count, strict.hits, strict.fell_back, searches()) == (0, [], False, 0)
    merged = backend.search(SearchRequest(query=query.relaxed(2, False, fallback=1)))
    assert merged.fell_back and searches() == 1
    assert sorted(h.source["title"] for h in merged.hits) == [
        "Rencontre A",
        "Rencontre B",
        "Rencontre C",
    ]
    alone = backend.search(SearchRequest(query=query.relaxed(1, False)))
    assert [h.id for h in merged.hits] == [h.id for h in alone.hits]
    assert merged.count == alone.count == 3 and merged.facets == alone.facets
