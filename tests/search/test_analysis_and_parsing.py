"""French analysis and query parsing (no engine; the synonym list comes from the database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import analyze, fold, stem
from search.backends.base import SearchRequest
from search.backends.embedded_read import text_expression
from search.backends.os_query import build_query
from search.query import MAX_ITEMS, MAX_QUERY_CHARS, Item, parse, parse_syntax
from search.synonyms import synonym_index


@pytest.mark.parametrize(
    "a, b",
    [
        ("économie", "economie"),
        ("Économies", "ECONOMIE"),
        ("l'économie", "économie"),
        ("l’économie", "economie"),
        ("d’insertion", "insertion"),
        ("ressourceries", "ressourcerie"),
        ("coopératives", "coopérative"),
        ("tiers-lieux", "tiers lieu"),
        ("potagers", "potager"),
        ("lieux", "lieu"),
        ("réseaux", "réseau"),
        ("œuvre", "oeuvre"),
        ("qu’il", "il"),
        ("jusqu’au", "au"),
    ],
)
def test_forms_that_must_analyse_alike(a, b):
    assert analyze(a, keep_stop_words=True) == analyze(b, keep_stop_words=True)


def test_stop_words_elision_and_apostrophes():
    assert analyze("la ressourcerie et le tiers-lieu") == analyze("ressourcerie tiers lieu")
    assert analyze("aujourd’hui") == analyze("aujourd'hui") == analyze("Aujourd‘hui")
    assert fold("L’Économie") == "l'economie"
    assert stem("ess") == "ess" and stem("2023") == "2023"


def synonyms_of(text: str) -> list[str]:
    """Other phrasings of `text` according to the synonym list ("SCIC" → "société coopérative …")."""
    return list(synonym_index().get(tuple(analyze(text)), []))


def test_synonyms_both_ways_and_editable(file_synonyms):
    from search.models import SynonymGroup

    assert "économie sociale et solidaire" in synonyms_of("ESS")
    assert "ess" in synonyms_of("Économie sociale et solidaire")
    assert "scic" in synonyms_of("sociétés coopératives d'intérêt collectif")

    SynonymGroup.objects.all().delete()
    SynonymGroup.objects.create(terms="glanage, glanerie, ramassage solidaire")
    assert synonyms_of("ramassage solidaire") == ["glanage", "glanerie"]
    assert synonyms_of("ESS") == []


def test_parse_operators():
    q = parse_syntax('"tiers lieu" rafistolerie OR ressourcerie -toulouse -"club des"')
    assert q.groups == [[Item("tiers lieu", True)], [Item("rafistolerie"), Item("ressourcerie")]]
    assert q.excluded == [Item("toulouse"), Item("club des", True)]
    assert parse_syntax("OR rafistolerie OR").groups == [[Item("rafistolerie")]]
    assert parse_syntax('"ouvert').groups == [[Item("ouvert")]]
    assert parse_syntax("tiers-lieu aujourd'hui").groups == [
        [Item("tiers-lieu", True)],
        [Item("aujourd'hui", True)],
    ]


def test_expansion_merges_typed_expansions_and_drops_stop_words(file_synonyms):
    q = parse("la économie sociale et solidaire en Occitanie")
    assert q.groups[0][0] == Item("économie sociale et solidaire", True)
    assert Item("ess") in q.groups[0]
    assert q.groups[1] == [Item("Occitanie")]
    assert parse("SCIC").groups[0][:2] == [
        Item("SCIC"),
        Item("société coopérative d'intérêt collectif", True),
    ]
    assert parse("-ESS rafistolerie").excluded[:2] == [
        Item("ESS"),
        Item("économie sociale et solidaire", True),
    ]
    only = parse("le la les")
    assert only.is_empty and only.only_stop_words


def test_long_input_is_bounded():
    q = parse_syntax("mot " * 5000)
    assert q.truncated and len(q.groups) + len(q.excluded) <= MAX_ITEMS
    assert len(parse_syntax("x" * 20000).raw) <= MAX_QUERY_CHARS


@pytest.mark.django_db  # the synonym list is read from the database
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600))
def test_any_text_parses_into_plain_items(raw):
    q = parse(raw)
    for item in q.items() + q.excluded:
        assert item.text and item.text == item.text.strip()
        assert not set(item.text) & set('"()[]{}:^~*?\\!+<>=&|;\x00')
    # Both backends build their query from it without error.
    text_expression(q)
    build_query(SearchRequest(query=q, filters={"type": ["x"]}))
