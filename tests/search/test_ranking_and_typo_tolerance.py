"""Ranking that respects what was typed, and typo tolerance in the graded stage: the same in both backends."""

from __future__ import annotations

import pytest

from search.backends.base import SearchRequest
from search.query import parse
from tests.helpers.search_index import ids, make_doc

FILLER = " ".join(
    ["Les collectivités ont échangé sur leurs pratiques d'accompagnement des projets locaux."] * 40
)


@pytest.fixture
def widened(search_backend, file_synonyms):
    search_backend.index_many(
        [
            make_doc(
                "page:1",
                "Rencontre du club des collectivités",
                body=f"{FILLER} Les acteurs de l'économie sociale et solidaire du territoire. {FILLER}",
            ),
            make_doc("page:2", "Stratégie ESS", summary="La stratégie ESS."),
            make_doc("page:3", "Mois de l'ESS", summary="Programme du mois de l'ESS."),
            make_doc("actor:4", "Réseau ESS", summary="Réseau ESS."),
            make_doc(
                "document:5",
                "Compte rendu",
                parts=[
                    (1, "Le compostage dans chaque quartier."),
                    (
                        2,
                        "Compostage collectif : un composteur partagé par quartier, entretenu par les habitants.",
                    ),
                    (3, "Le collectif des habitants du quartier."),
                ],
            ),
        ]
    )
    return search_backend


def test_typed_phrase_beats_items_found_only_through_the_acronym(widened):
    found = ids(widened, "economie sociale et solidaire")
    assert found[0] == "page:1" and set(found[1:]) == {"page:2", "page:3", "actor:4"}
    # Typing the acronym itself keeps the short ESS items first.
    assert ids(widened, "ESS")[-1] == "page:1"


def test_first_passage_is_on_the_page_with_most_query_words(widened):
    hit = widened.search(SearchRequest(query=parse("compostage collectif quartier"))).hits[0]
    assert hit.id == "document:5" and hit.highlights[0].page == 2


def test_relaxed_query_tolerates_typos_in_long_words_only(widened, db):
    strict = parse("compostage colectif quartier")
    assert strict.fuzzy_words() == set() and ids(widened, "compostage colectif quartier") == []
    relaxed = strict.relaxed(3)
    assert relaxed.fuzzy_words() == {"compostage", "colectif", "quartier"}
    assert [h.id for h in widened.search(SearchRequest(query=relaxed)).hits] == ["document:5"]
    # Acronyms and their synonyms, phrases, quoted words, exclusions and short words are never approximate.
    other = parse('scic "compostage" ptce quartir toit mobiliser-acteurs -colectif').relaxed(2)
    assert other.fuzzy_words() == {"quartir"}
