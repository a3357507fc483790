"""OpenSearch query bodies, built from the parsed query tree (search.query), never from raw text.

Facet counts are disjunctive: the count of each value of a facet is computed with the filters of the
*other* facets, so choosing "Fiche DPV" still shows how many strategies there are. The filters themselves
apply to the hits through `post_filter`.
"""

from __future__ import annotations

from typing import Any

from search.backends.base import SearchRequest, Variants
from search.facet_spec import BY_NAME, COUNTED
from search.query import (
    ALL_WORDS_BONUS,
    COVER_SCORE,
    FOREIGN_COVER,
    LANGUAGE_BONUS,
    PROXIMITY_BOOST,
    PROXIMITY_SLOP,
    SITE_LANGUAGE,
    TYPED_BONUS,
    Item,
    ParsedQuery,
)

TOP_FIELDS = ["title^4", "summary^2", "body", "keywords"]
HIGHLIGHT = {
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "encoder": "html",
    "fragment_size": 160,
    "type": "unified",
}
# A synonym expansion ("ESS" for "économie sociale et solidaire") counts for less than what was typed, so a
# page holding the typed phrase outranks short items matched only through the acronym.
EXPANSION_BOOST = 0.2


def proximity_clauses(query: ParsedQuery) -> list[dict[str, Any]]:
    """A phrase match with some slop for the typed words that earn a proximity boost (ParsedQuery.near_words)."""
    out = []
    for words in query.near_words():
        text = " ".join(words)
        out += [
            {
                "multi_match": {
                    "query": text,
                    "fields": TOP_FIELDS,
                    "type": "phrase",
                    "slop": PROXIMITY_SLOP,
                    "boost": PROXIMITY_BOOST,
                }
            },
            {
                "nested": {
                    "path": "parts",
                    "score_mode": "max",
                    "query": {
                        "match_phrase": {
                            "parts.text": {
                                "query": text,
                                "slop": PROXIMITY_SLOP,
                                "boost": PROXIMITY_BOOST,
                            }
                        }
                    },
                }
            },
        ]
    return out


def _match(item: Item, fields: list[str]) -> dict[str, Any]:
    if item.phrase:
        return {"multi_match": {"query": item.text, "fields": fields, "type": "phrase"}}
    return {"multi_match": {"query": item.text, "fields": fields, "operator": "and"}}


def _part_match(item: Item) -> dict[str, Any]:
    boost = {"boost": EXPANSION_BOOST} if item.expansion else {}
    if item.phrase:
        return {"match_phrase": {"parts.text": {"query": item.text, **boost}}}
    return {"match": {"parts.text": {"query": item.text, "operator": "and", **boost}}}


def _close(item: Item, variants: Variants | None) -> list[Item]:
    """The item and, for a fuzzy word of the graded stage, its close words of the index's vocabulary
    (OpenSearchBackend.close_variants), which weigh as synonyms do."""
    return [item, *(Item(w, expansion=True) for w in (variants or {}).get(item.text, []))]


def item_clause(item: Item, variants: Variants | None = None) -> dict[str, Any]:
    should = []
    for one in _close(item, variants):
        match = _match(one, TOP_FIELDS)
        if one.expansion:
            match["multi_match"]["boost"] = EXPANSION_BOOST
        should += [
            match,
            {"nested": {"path": "parts", "query": _part_match(one), "score_mode": "max"}},
        ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _group_clause(group: list[Item], variants: Variants | None = None) -> dict[str, Any]:
    return {
        "bool": {
            "should": [item_clause(i, variants) for i in group],
            "minimum_should_match": 1,
        }
    }


def group_name(index: int) -> str:
    """The name of the coverage clause of a ranked query's loose group (in a hit's `matched_queries`)."""
    return f"group-{index}"


def text_query(query: ParsedQuery, variants: Variants | None = None) -> dict[str, Any]:
    """Hits of the query text alone (no facet filter), without highlighting. A ranked query (search.query)
    requires its strict groups and `needed` of the others: each loose group held adds COVER_SCORE × its weight
    (FOREIGN_COVER of it for an item in another language; a named clause, so that each hit tells which it
    holds), all of them ALL_WORDS_BONUS, and its text score."""
    required, loose, needed = query.split()
    must = [_group_clause(g) for g in required]
    should: list[dict[str, Any]] = []
    if needed == len(loose):
        must += [_group_clause(g, variants) for g in loose]
    else:
        clauses = [_group_clause(g, variants) for g in loose]
        must.append(
            {
                "bool": {
                    "should": [
                        _cover_clause(clause, COVER_SCORE * weight, group_name(i), query.language)
                        for i, (clause, weight) in enumerate(
                            zip(clauses, query.loose_weights(), strict=True)
                        )
                    ],
                    "minimum_should_match": needed,
                }
            }
        )
        should = [
            {"constant_score": {"filter": {"bool": {"must": clauses}}, "boost": ALL_WORDS_BONUS}}
        ]
    out: dict[str, Any] = {
        "bool": {"must": must, "must_not": [item_clause(i) for i in query.excluded]}
    }
    if should:
        out["bool"]["should"] = should
    return out


def in_language(language: str) -> dict[str, Any]:
    """Items in `language`; for the site's language, also items of unknown language (search.facet_spec
    `language`)."""
    clauses: list[dict[str, Any]] = [{"term": {"language": language}}]
    if language == SITE_LANGUAGE:
        clauses.append({"bool": {"must_not": {"exists": {"field": "language"}}}})
    return {"bool": {"should": clauses}}


def language_clause(language: str) -> dict[str, Any]:
    """LANGUAGE_BONUS for items in the query's language (search.query.typed_language)."""
    return {"constant_score": {"filter": in_language(language), "boost": LANGUAGE_BONUS}}


def _cover_clause(clause: dict[str, Any], cover: float, name: str, language: str) -> dict[str, Any]:
    """Matches what `clause` matches, scoring its text score plus `cover`, or FOREIGN_COVER of it for an item in
    another language than `language` (the group's text is scored here, not in a clause of its own: read once)."""
    return {
        "bool": {
            "must": [clause],
            "should": [
                {"constant_score": {"filter": {"match_all": {}}, "boost": cover * FOREIGN_COVER}},
                {
                    "constant_score": {
                        "filter": in_language(language),
                        "boost": cover * (1 - FOREIGN_COVER),
                    }
                },
            ],
            "_name": name,
        }
    }


def frequency_query(query: ParsedQuery, variants: Variants | None = None) -> dict[str, Any]:
    """How many items hold each loose group of a ranked query (for search.query.coverage_weights), and the
    size of the index: one request, no hit."""
    _, loose, _ = query.split()
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"match_all": {}},
        "aggs": {
            group_name(i): {"filter": _group_clause(g, variants)} for i, g in enumerate(loose)
        },
    }


def _filter_clauses(filters: dict[str, list[str]], skip: str | None = None) -> list[dict[str, Any]]:
    return [
        {"terms": {facet: values}} for facet, values in filters.items() if values and facet != skip
    ]


def _facet_aggs(request: SearchRequest) -> dict[str, Any]:
    aggs = {}
    for facet in COUNTED:
        include = request.facet_include.get(facet)
        terms: dict[str, Any] = {"field": facet, "size": BY_NAME[facet].size or request.facet_size}
        if include is not None:
            terms.update(include=include or ["-"], size=max(1, len(include)))
        others = _filter_clauses(request.filters, skip=facet)
        # Counted within the filters of the other facets; without any, a plain terms aggregation (a filter
        # aggregation matching everything still costs a check per hit: 8 % of a search of 70,000 hits).
        aggs[facet] = (
            {"filter": {"bool": {"filter": others}}, "aggs": {"values": {"terms": terms}}}
            if others
            else {"terms": terms}
        )
    return aggs


def facet_buckets(aggregation: dict[str, Any]) -> list[dict[str, Any]]:
    """The buckets of a facet's aggregation (`_facet_aggs`), within a filter aggregation or not."""
    return aggregation.get("values", aggregation).get("buckets", [])


def build_query(request: SearchRequest, variants: Variants | None = None) -> dict[str, Any]:
    query = request.query
    if query.is_empty:
        main: dict[str, Any] = {
            "bool": {
                "must": [{"match_all": {}}],
                "must_not": [item_clause(i) for i in query.excluded],
            }
        }
    else:
        main = text_query(query, variants)
        main["bool"]["should"] = (
            main["bool"].get("should", [])
            + [
                {"constant_score": {"filter": _group_clause(typed), "boost": TYPED_BONUS}}
                for typed in query.typed_alternatives()
            ]
            + proximity_clauses(query)
            + [language_clause(request.query.language)]
        )
    body: dict[str, Any] = {
        "query": main,
        "from": (request.page - 1) * request.per_page,
        "size": request.per_page,
        "track_total_hits": True,
        "_source": {"excludes": ["parts", "body", "keywords"]},
    }
    if request.with_facets:
        body["aggs"] = _facet_aggs(request)
    filters = _filter_clauses(request.filters)
    if filters:
        body["post_filter"] = {"bool": {"filter": filters}}
    if not query.is_empty:
        body["highlight"] = {
            **HIGHLIGHT,
            "fields": {"summary": {"number_of_fragments": 1}, "body": {"number_of_fragments": 1}},
        }
    if request.sort == "date" or query.is_empty:
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score", {"id": "asc"}]
    else:
        body["sort"] = ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return body


def passages_query(
    query: ParsedQuery, ids: list[str], per_hit: int, variants: Variants | None = None
) -> dict[str, Any]:
    """The best passages (pages) of the documents `ids` for the query's words, highlighted: asked once the page of
    hits is known, so that the search itself never scores every hit's pages a second time."""
    return {
        "query": {
            "bool": {
                "filter": [{"ids": {"values": ids}}],
                "must": [
                    {
                        "nested": {
                            "path": "parts",
                            "query": {
                                "bool": {
                                    "should": [
                                        _part_match(one)
                                        for i in query.items()
                                        for one in _close(i, variants)
                                    ]
                                }
                            },
                            "score_mode": "max",
                            "inner_hits": {
                                "name": "passages",
                                "size": per_hit,
                                "_source": ["parts.number"],
                                "highlight": {
                                    **HIGHLIGHT,
                                    "fields": {"parts.text": {"number_of_fragments": 1}},
                                },
                            },
                        }
                    }
                ],
            }
        },
        "size": len(ids),
        "_source": False,
    }


def matching_ids_query(
    query: ParsedQuery, ids: list[str], variants: Variants | None = None
) -> dict[str, Any]:
    """Which of `ids` match the query text (for "a document attached to this page matches too")."""
    body = text_query(query, variants)
    body["bool"]["filter"] = [{"ids": {"values": ids}}]
    return {"query": body, "size": len(ids), "_source": False}
