"""Property-based: whatever a visitor types, the parser returns a safe tree and the API answers 200."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import parse

ENGINE_SYNTAX = [
    '"',
    "(",
    ")",
    ":",
    "*",
    "?",
    "~",
    "^",
    "\\",
    "/",
    "[",
    "]",
    "{",
    "}",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "|",
    "&&",
    "title:",
    "_all",
    "<script>",
    "\x00",
    "\x1b",
    "\u202e",
    "é",
    "’",
    "l'",
]
queries = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(ENGINE_SYNTAX) | st.text(max_size=8), max_size=40).map(" ".join),
)


@pytest.mark.django_db  # the parser expands the query with the synonym list, kept in the database
@given(queries)
@settings(max_examples=400, deadline=None)
def test_parser_never_fails_and_keeps_only_plain_words(raw):
    parsed = parse(raw)
    for item in parsed.items() + list(parsed.excluded):
        assert item.text.strip()
        assert all(c.isprintable() for c in item.text)
        assert not any(c in item.text for c in '"()[]{}:*?~^\\/<>|&')


@pytest.mark.django_db
def test_very_long_query_is_cut_and_said():
    parsed = parse("économie " * 1000)
    assert parsed.truncated


@pytest.mark.django_db
@given(queries)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_api_answers_every_query(client, search_backend, raw):
    response = client.get("/api/search/", {"q": raw})
    assert response.status_code == 200
    assert "results" in response.json()
    page = client.get("/recherche/", {"q": raw})
    assert page.status_code == 200
