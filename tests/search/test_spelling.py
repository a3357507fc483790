"""Spelling corrections in both backends: words of the language and of the site are never rewritten, a
correction is run in place of the typed words only when nothing was found and it is confident, the cost is
bounded, and nothing removed from the public set is ever proposed."""

from __future__ import annotations

import pytest

from search import spelling
from search.models import SynonymGroup
from search.synonyms import clear as clear_synonyms
from tests.helpers.search_index import make_doc

pytestmark = pytest.mark.django_db


def api(client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.fixture
def glossary(db):
    SynonymGroup.objects.create(terms="recyclerie, ressourcerie")
    clear_synonyms()
    yield
    clear_synonyms()


DOCS = [
    make_doc(
        "page:1",
        "Recycler les textiles",
        summary="Recycler et réemployer les vêtements du territoire.",
    ),
    make_doc(
        "page:2", "La méthanisation agricole", summary="Une unité de méthanisation sur le canal."
    ),
    make_doc("page:3", "Glanage solidaire", summary="Le glanage des fruits avec les habitants."),
]


@pytest.fixture
def indexed(search_backend, glossary, synthetic_entries_public):
    search_backend.index_many([dict(d) for d in DOCS])
    return search_backend


def test_words_of_the_glossary_or_of_the_language_are_never_rewritten(client, indexed):
    # « recyclerie » is a word of the ESS glossary, « recycle » and « recyclée » French words: none is "corrected"
    # into the indexed « recycler », though each is one or two letters from it.
    for word in ("recyclerie", "recycle", "recyclée"):
        assert indexed.suggest(word) is None, word
    data = api(client, q="recyclerie")
    assert (
        data["query"] == "recyclerie"
        and data["corrected_from"] is None
        and data["suggestion"] is None
    )
    # a word of the public vocabulary neither
    assert indexed.suggest("méthanisation") is None
    # a misspelt word still is
    assert indexed.suggest("recyclr") == "recycler"


def test_the_french_word_list_is_read(settings):
    words = spelling.french_words()
    assert "recycler" in words and "economie" in words and "ressourcer" in words
    assert "recyclr" not in words and "zabrowski" not in words


def test_with_results_the_typed_words_stay_and_a_far_correction_is_only_proposed(client, indexed):
    # two letters wrong: proposed, never run in place of the typed words
    data = api(client, q="metanisaton")
    assert data["query"] == "metanisaton" and data["corrected_from"] is None
    assert data["suggestion"] == "méthanisation"  # as the content writes it, not folded
    # one letter wrong and nothing found: run in place, the typed words offered
    data = api(client, q="glanaje")
    assert data["corrected_from"] == "glanaje" and data["query"] == "glanage" and data["count"] == 1
    # something found as typed: the typed words stay, the correction is proposed
    data = api(client, q="glanage OR textils")
    assert (
        data["query"] == "glanage OR textils"
        and data["corrected_from"] is None
        and data["count"] >= 1
    )


def test_words_corrected_per_query_are_capped(indexed):
    typed = " ".join(["recyclr"] * 31)
    corrected = indexed.suggest(typed)
    assert corrected.split().count("recycler") == spelling.MAX_CHECKED
    assert corrected.split().count("recyclr") == 31 - spelling.MAX_CHECKED


def test_candidates_come_from_deletions_not_from_a_scan():
    assert spelling.lookup_keys("glanaje") >= {"glanae", "glanje"}
    assert spelling.distance("rafistolrie", "rafistolerie") == 1
    assert spelling.distance("ab", "ba") == 1
    assert spelling.best("glanaje", {"glanage": 3, "glaner": 10}) == "glanage"
    assert spelling.best("glanaje", {"planche": 3}) is None


def test_two_wrong_letters_in_a_long_word_are_corrected(indexed):
    # « methenisatiom »: two letters replaced (a → e, n → m), neither missing nor added
    assert spelling.distance("methenisatiom", "methanisation") == 2
    assert indexed.suggest("methenisatiom") == "méthanisation"
    assert indexed.suggest("unite de methenisatiom") == "unite de méthanisation"
    # a short word keeps one edit: two wrong letters in « glanage » (7 letters) are too far to guess
    assert indexed.suggest("glonoge") is None


def test_two_wrong_letters_have_bounded_keys():
    keys = spelling.lookup_keys("methenisatiom", two_wrong=True)
    assert keys & spelling.deletions("methanisation")  # meets a deletion of the vocabulary word
    assert not spelling.lookup_keys("methenisatiom") & spelling.deletions(
        "methanisation"
    )  # fuzzy matching: not
    assert len(keys) < 5000
    longest = "a" * spelling.TWO_WRONG_UP_TO
    assert (
        len(spelling.lookup_keys("ab" * 12, two_wrong=True))
        <= len(spelling.lookup_keys("ab" * 12)) + 1
    )
    assert spelling.lookup_keys(longest, two_wrong=True)


def test_a_suggestion_is_written_as_the_public_content_writes_it(client, search_backend, glossary):
    written = make_doc(
        "page:4", "Le Périscope", summary="Le Périscope, café associatif et épicerie."
    )
    plain = make_doc("page:5", "Periscope", summary="Une note sans accents : periscope.")
    search_backend.index_many([written, dict(DOCS[0])])
    assert search_backend.suggest("perisscope") == "périscope"
    data = api(client, q="perisscope OR recycler")  # found as typed: proposed
    assert data["suggestion"] == "périscope OR recycler", data
    data = api(client, q="perisscope")  # nothing found: run in place, as written
    assert data["corrected_from"] == "perisscope" and data["query"] == "périscope", data
    # the accented form leaves with the item that wrote it: only the unaccented one is public now
    search_backend.index_many([plain])
    search_backend.delete_many(["page:4"])
    assert search_backend.suggest("perisscope") == "periscope"


def test_a_surname_removed_by_redaction_is_never_proposed(client, search_backend, glossary):
    """A document's file replaced by a redacted one (and a document that leaves the public set): a near miss of
    the removed surname, written with OR beside a public word, is corrected into nothing of it."""
    original = make_doc(
        "document:7",
        "Compte rendu du comité",
        parts=[
            (1, "Présents : madame Zabrowski, chargée de mission, et les élus."),
            (2, "Le glanage solidaire."),
        ],
    )
    other = make_doc(
        "document:8", "Note du bureau", parts=[(1, "Monsieur Kowalczyk présente le budget.")]
    )
    search_backend.index_many([original, other, dict(DOCS[2])])
    assert (
        search_backend.suggest("zabrowsky") == "zabrowski"
    )  # while it is public, it may be proposed
    redacted = make_doc(
        "document:7",
        "Compte rendu du comité",
        parts=[
            (1, "Présents : [nom masqué], chargée de mission, et les élus."),
            (2, "Le glanage solidaire."),
        ],
    )
    search_backend.index_many([redacted])
    search_backend.delete_many(["document:8"])
    for typed in (
        "zabrowsky",
        "glanaje OR zabrowsky",
        "zabrowsky OR glanaje",
        "glanage OR zabrowsky",
        "kowalczik",
        "glanaje OR kowalczik",
    ):
        proposed = search_backend.suggest(typed) or ""
        assert "zabrowski" not in proposed and "kowalczyk" not in proposed, (typed, proposed)
        data = api(client, q=typed)
        shown = f"{data['query']} {data['suggestion']} {data['corrected_from']}".lower()
        assert "zabrowski" not in shown and "kowalczyk" not in shown, (typed, data)
    assert search_backend.suggest("glanaje OR zabrowsky") == "glanage OR zabrowsky"
