"""OpenSearch index settings and mapping: the same French analysis as search.analysis, in Lucene filters."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from search.analysis import (
    APOSTROPHES,
    DERIVED_AGE,
    ELISIONS,
    FEMININE_AIS,
    FOLDED_EE,
    PLURAL_S,
    PLURAL_X,
    SHORT_OR_NUMBER,
    STOP_WORDS,
    VOWEL_Y,
)
from search.facet_spec import FACETS

FRENCH_FILTERS = [
    "fr_split",
    "fr_elision",
    "lowercase",
    "fr_feminine_ais",
    "asciifolding",
    "fr_stop",
    "fr_plural_x",
    "fr_plural_s",
    "fr_folded_ee",
    "fr_keep",
    "fr_snowball",
    "fr_derived_age",
    "fr_vowel_y",
]


def analysis_settings() -> dict[str, Any]:
    return {
        "char_filter": {
            "fr_apostrophes": {"type": "mapping", "mappings": [f"{c}=>'" for c in APOSTROPHES]},
        },
        "filter": {
            # Words glued by punctuation inside one standard token ("dense.Readability", "www.rtes.fr", "2.2.1",
            # "foo_bar") are also indexed as their parts, as search.analysis.words splits them; the original
            # token is kept. Apostrophes count as letters here (elision handles them). Not the graph variant:
            # preserve_original would give multi-position tokens, which indexing does not accept.
            "fr_split": {
                "type": "word_delimiter",
                "preserve_original": True,
                "generate_word_parts": True,
                "generate_number_parts": True,
                "catenate_words": False,
                "catenate_numbers": False,
                "catenate_all": False,
                "split_on_case_change": False,
                "split_on_numerics": False,
                "stem_english_possessive": False,
                "type_table": ["' => ALPHA"],
            },
            "fr_elision": {"type": "elision", "articles_case": True, "articles": list(ELISIONS)},
            "fr_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
            "fr_plural_x": {"type": "pattern_replace", "pattern": PLURAL_X, "replacement": "$1"},
            "fr_plural_s": {"type": "pattern_replace", "pattern": PLURAL_S, "replacement": "$1"},
            "fr_keep": {"type": "keyword_marker", "keywords_pattern": SHORT_OR_NUMBER},
            "fr_snowball": {"type": "snowball", "language": "French"},
            "fr_folded_ee": {"type": "pattern_replace", "pattern": FOLDED_EE, "replacement": "$1"},
            "fr_feminine_ais": {
                "type": "pattern_replace",
                "pattern": FEMININE_AIS,
                "replacement": "$1",
            },
            "fr_derived_age": {
                "type": "pattern_replace",
                "pattern": DERIVED_AGE,
                "replacement": "$1",
            },
            "fr_vowel_y": {"type": "pattern_replace", "pattern": VOWEL_Y, "replacement": "$1i"},
            "autocomplete_ngrams": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
            "spell_shingles": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 2},
        },
        "analyzer": {
            "fr": {
                "tokenizer": "standard",
                "char_filter": ["fr_apostrophes"],
                "filter": FRENCH_FILTERS,
            },
            "folded": {
                "tokenizer": "standard",
                "char_filter": ["fr_apostrophes"],
                "filter": ["fr_elision", "lowercase", "asciifolding"],
            },
            "autocomplete": {
                "tokenizer": "standard",
                "char_filter": ["fr_apostrophes"],
                "filter": ["fr_elision", "lowercase", "asciifolding", "autocomplete_ngrams"],
            },
        },
    }


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """Names the French analysis an index was built with: its filters (the constants `search.analysis` applies in
    Python too), the Snowball release and the indexed fields. Both backends store it; another one means the index
    needs a rebuild."""
    described = json.dumps(
        [analysis_settings(), version("snowballstemmer"), properties()], sort_keys=True
    )
    return hashlib.sha256(described.encode()).hexdigest()[:16]


def properties() -> dict[str, Any]:
    """The mapping's fields."""
    text_fr = {"type": "text", "analyzer": "fr"}
    return {
        "id": {"type": "keyword"},
        **{facet.name: {"type": facet.mapping} for facet in FACETS},
        "title": {
            **text_fr,
            "copy_to": "spell",
            "fields": {
                "autocomplete": {
                    "type": "text",
                    "analyzer": "autocomplete",
                    "search_analyzer": "folded",
                }
            },
        },
        "summary": {**text_fr, "copy_to": "spell"},
        # Suggestions draw on every public word, documents' text included (`spell`).
        "body": {**text_fr, "copy_to": "spell"},
        # Names the item is tagged with (themes, labels): searched, never highlighted (not its text).
        "keywords": {**text_fr, "copy_to": "spell"},
        "parts": {
            "type": "nested",
            "properties": {"number": {"type": "integer"}, "text": {**text_fr, "copy_to": "spell"}},
        },
        "spell": {"type": "text", "analyzer": "folded"},
        "date": {"type": "date", "ignore_malformed": True},
        "documents": {"type": "integer"},
        "url": {"type": "keyword", "index": False},
        "filename": {"type": "keyword"},
    }


def index_settings(shards: int = 1) -> dict[str, Any]:
    return {
        "settings": {
            "index": {
                "number_of_shards": shards,
                "auto_expand_replicas": "0-1",
                "max_inner_result_window": 100,
            },
            "analysis": analysis_settings(),
        },
        "mappings": {
            "_meta": {"analysis": analysis_fingerprint()},
            "dynamic": False,
            "properties": properties(),
        },
    }
