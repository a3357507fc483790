"""What each backend finds: French analysis, acronyms, operators. Runs against OpenSearch (full mode)
and the embedded backend (embedded mode) with the same assertions."""

from __future__ import annotations

import pytest

from search.query import parse
from tests.helpers.search_index import ids


@pytest.mark.parametrize(
    "q", ["economie", "ÉCONOMIE", "Économie", "l'économie", "l’economie", "économies"]
)
def test_accents_elision_and_plural_forms_find_the_same_page(corpus_index, q):
    assert "page:3" in ids(corpus_index, q)


@pytest.mark.parametrize("q", ["ressourceries", "ressourcerie", "Ressourcerie", "RESSOURCERIES"])
def test_plural_and_singular_match(corpus_index, q):
    assert ids(corpus_index, q)[0] == "page:1"


@pytest.mark.parametrize(
    "q", ["tiers-lieu", "tiers lieu", "tiers-lieux", "tiers lieux", "Tiers-Lieux", '"tiers lieux"']
)
def test_hyphenated_and_spaced_forms(corpus_index, q):
    assert ids(corpus_index, q)[0] == "page:2"


@pytest.mark.parametrize("q", ["aujourd'hui", "aujourd’hui", "Aujourd'hui"])
def test_apostrophe_forms(corpus_index, q):
    assert ids(corpus_index, q) == ["page:3"]


def test_stop_words_are_ignored_but_do_not_block(corpus_index):
    assert ids(corpus_index, "la rafistolerie") == ids(corpus_index, "rafistolerie") == ["page:1"]
    only_stop_words = parse("le et la")
    assert (
        only_stop_words.is_empty and only_stop_words.only_stop_words
    )  # the service answers with a message


@pytest.mark.parametrize(
    "q, expected",
    [
        ("SCIC", "page:4"),  # acronym → its expansion in the text
        ("scic", "page:4"),
        ("société coopérative d'intérêt collectif", "page:4"),
        (
            "pôle territorial de coopération économique",
            "page:5",
        ),  # expansion → the acronym in the text
        ('"pôles territoriaux de coopération économique"', "page:5"),
        ("économie sociale et solidaire", "page:6"),  # "Le mois de l'ESS"
        ("ESS", "page:3"),  # "… de l'économie sociale et solidaire …"
    ],
)
def test_acronyms_and_expansions_match_both_ways(corpus_index, q, expected):
    assert expected in ids(corpus_index, q)


def test_acronym_finds_expanded_text_in_document_pages(corpus_index):
    found = ids(corpus_index, "ACI")
    assert "actor:20" in found and "document:10" in found


def test_quoted_phrase_is_exact(corpus_index):
    assert ids(corpus_index, '"ressourcerie 3R"') == ["page:1"]
    assert ids(corpus_index, '"3R ressourcerie"') == []


def test_exclusion_and_or(corpus_index):
    assert set(ids(corpus_index, "emploi")) == {"document:10", "actor:20"}
    assert ids(corpus_index, "emploi -traiteur") == ["document:10"]
    assert ids(corpus_index, 'emploi -"ateliers chantiers"') == ["actor:20"]
    assert set(ids(corpus_index, "rafistolerie OR singe")) == {"page:1", "page:2"}
    assert set(ids(corpus_index, "rafistolerie OU singe")) == {"page:1", "page:2"}
    assert ids(corpus_index, "rafistolerie singe") == []


def test_title_matches_rank_first(corpus_index):
    assert ids(corpus_index, "sicoval")[0] == "page:3"


HOSTILE = [
    '"',
    '""',
    '"""',
    "-",
    "--",
    "OR",
    "OR OR",
    "| |",
    '-"',
    '" OR "',
    "*",
    "?",
    "~",
    "\\",
    "/",
    "()",
    "[]",
    "{}",
    "title:rafistolerie",
    "rafistolerie^10",
    "a AND (b OR",
    '+-!(){}[]^"~*?:\\/',
    "<script>alert(1)</script>",
    "'; DROP TABLE docs; --",
    "NEAR(a b)",
    "rafist*",
    'body:"x" AND kind:document',
    '{"query": {"match_all": {}}}',
    "\x00\x01\x02rafistolerie\x7f",
    "\u202erafistolerie",
    "rafistolerie" * 400,
    "é" * 5000,
    " " * 5000,
    "-rafistolerie",
    "- - -",
    '"unbalanced rafistolerie',
    "ﬁ ligature",
    "🙂 emoji",
    "日本語のテキスト",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_any_input_is_answered_without_error(corpus_index, q):
    ids(corpus_index, q)
    corpus_index.autocomplete(q)
    corpus_index.suggest(q)


def test_engine_syntax_is_read_as_words(corpus_index):
    assert (
        ids(corpus_index, "summary:rafistolerie") == []
    )  # "summary" is a word like any other: found nowhere
    assert ids(corpus_index, "castanet:rafistolerie") == ["page:1"]
    assert ids(corpus_index, "(rafistolerie*)~ [castanet]") == ["page:1"]
    assert ids(corpus_index, "\x00rafistolerie\x07") == ["page:1"]
    assert (
        ids(corpus_index, '"unbalanced rafistolerie') == []
    )  # read as two words: "unbalanced" is nowhere


def test_an_edited_synonym_list_works_without_reindexing(corpus_index):
    from search.models import SynonymGroup

    assert ids(corpus_index, "recyclothèque") == []
    group = SynonymGroup.objects.create(terms="recyclothèque, ressourcerie")
    assert ids(corpus_index, "recyclothèque") == ["page:1"]
    group.delete()
    assert ids(corpus_index, "recyclothèque") == []
