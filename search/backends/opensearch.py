"""OpenSearch backend: French analysis, acronym synonyms, facets, highlights with page numbers.

Queries are built from the parsed query tree (search.query), never from the visitor's raw text.
Documents keep their text per page/slide in a nested field, so a hit's inner hits say where it is.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, TransportError

from search.analysis import STOP_WORDS, synonym_rules
from search.backends.base import (
    FACETS,
    Highlight,
    Hit,
    Progress,
    SearchBackend,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
)
from search.query import Item

TOP_FIELDS = ["title^4", "summary^2", "body"]
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html", "fragment_size": 160}


def index_settings() -> dict[str, Any]:
    text_fr = {"type": "text", "analyzer": "fr_index", "search_analyzer": "fr_search"}
    return {
        "settings": {
            "index": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "max_inner_result_window": 100},
            "analysis": {
                "filter": {
                    "fr_elision": {
                        "type": "elision",
                        "articles_case": True,
                        "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu",
                                     "puisqu"],
                    },
                    "fr_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
                    "fr_stemmer": {"type": "stemmer", "language": "light_french"},
                    "fr_synonyms": {"type": "synonym_graph", "synonyms": synonym_rules(), "lenient": True},
                    "autocomplete_ngrams": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
                },
                "analyzer": {
                    "fr_index": {
                        "tokenizer": "standard",
                        "filter": ["fr_elision", "lowercase", "asciifolding", "fr_stop", "fr_stemmer"],
                    },
                    "fr_search": {
                        "tokenizer": "standard",
                        "filter": ["fr_elision", "lowercase", "asciifolding", "fr_synonyms", "fr_stop",
                                   "fr_stemmer"],
                    },
                    "folded": {"tokenizer": "standard", "filter": ["fr_elision", "lowercase", "asciifolding"]},
                    "autocomplete": {
                        "tokenizer": "standard",
                        "filter": ["fr_elision", "lowercase", "asciifolding", "autocomplete_ngrams"],
                    },
                },
            },
        },
        "mappings": {
            "dynamic": False,
            "properties": {
                "id": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "type": {"type": "keyword"},
                "title": {
                    **text_fr,
                    "copy_to": "spell",
                    "fields": {"autocomplete": {"type": "text", "analyzer": "autocomplete",
                                                "search_analyzer": "folded"}},
                },
                "summary": {**text_fr, "copy_to": "spell"},
                "body": text_fr,
                "parts": {"type": "nested", "properties": {"number": {"type": "integer"}, "text": text_fr}},
                "spell": {"type": "text", "analyzer": "folded"},
                "date": {"type": "date", "ignore_malformed": True},
                "year": {"type": "integer"},
                "themes": {"type": "keyword"},
                "territories": {"type": "keyword"},
                "url": {"type": "keyword", "index": False},
                "filename": {"type": "keyword"},
            },
        },
    }


def _match(item: Item, fields: list[str]) -> dict[str, Any]:
    if item.phrase:
        return {"multi_match": {"query": item.text, "fields": fields, "type": "phrase"}}
    return {"multi_match": {"query": item.text, "fields": fields, "operator": "and"}}


def _part_match(item: Item) -> dict[str, Any]:
    kind = "match_phrase" if item.phrase else "match"
    body: dict[str, Any] = {"query": item.text}
    if not item.phrase:
        body["operator"] = "and"
    return {kind: {"parts.text": body}}


def _item_clause(item: Item) -> dict[str, Any]:
    return {
        "bool": {
            "should": [
                _match(item, TOP_FIELDS),
                {"nested": {"path": "parts", "query": _part_match(item), "score_mode": "max"}},
            ],
            "minimum_should_match": 1,
        }
    }


def build_query(request: SearchRequest) -> dict[str, Any]:
    query = request.query
    filters = [{"terms": {facet: values}} for facet, values in request.filters.items() if values]
    if query.is_empty:
        main: dict[str, Any] = {"bool": {"filter": filters, "must": [{"match_all": {}}]}}
    else:
        must = [{"bool": {"should": [_item_clause(i) for i in group], "minimum_should_match": 1}}
                for group in query.groups]
        highlight_parts = {
            "nested": {
                "path": "parts",
                "query": {"bool": {"should": [_part_match(i) for i in query.items()]}},
                "score_mode": "max",
                "inner_hits": {
                    "name": "passages",
                    "size": request.highlights_per_hit,
                    "_source": ["parts.number"],
                    "highlight": {**HIGHLIGHT, "fields": {"parts.text": {"number_of_fragments": 1}}},
                },
            }
        }
        main = {
            "bool": {
                "must": must,
                "must_not": [_item_clause(i) for i in query.excluded],
                "should": [highlight_parts],
                "filter": filters,
            }
        }
    body: dict[str, Any] = {
        "query": main,
        "from": (request.page - 1) * request.per_page,
        "size": request.per_page,
        "track_total_hits": True,
        "_source": {"excludes": ["parts", "body"]},
        "aggs": {
            facet: {"terms": {"field": facet, "size": 500 if facet == "territories" else request.facet_size}}
            for facet in FACETS
        },
    }
    if not query.is_empty:
        body["highlight"] = {**HIGHLIGHT, "fields": {"summary": {"number_of_fragments": 1},
                                                     "body": {"number_of_fragments": 1}}}
    if request.sort == "date" or query.is_empty:
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    return body


class OpenSearchBackend(SearchBackend):
    name = "opensearch"

    def __init__(self, url: str, prefix: str = "maillage", timeout: float = 5.0, refresh: str | bool = "wait_for"):
        self.client = OpenSearch(hosts=[url], timeout=timeout, max_retries=1, retry_on_timeout=False)
        self.alias = f"{prefix}-content"
        self.refresh = refresh

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (OSConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(f"OpenSearch injoignable : {exc.__class__.__name__}") from exc
        except TransportError as exc:
            if isinstance(exc.status_code, int) and exc.status_code >= 500:
                raise SearchUnavailable(f"OpenSearch indisponible ({exc.status_code})") from exc
            raise

    def _new_index_name(self) -> str:
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"

    def ensure_index(self) -> None:
        if self._call(self.client.indices.exists_alias, name=self.alias):
            return
        name = self._new_index_name()
        self._call(self.client.indices.create, index=name, body=index_settings())
        try:
            self._call(self.client.indices.put_alias, index=name, name=self.alias)
        except TransportError:
            self._call(self.client.indices.delete, index=name, ignore_unavailable=True)
            raise

    def index_many(self, docs: list[dict[str, Any]]) -> None:
        if not docs:
            return
        self.ensure_index()
        actions = [{"_op_type": "index", "_index": self.alias, "_id": d["id"], "_source": d} for d in docs]
        self._call(helpers.bulk, self.client, actions, refresh=self.refresh, raise_on_error=True)

    def delete_many(self, ids: list[str]) -> None:
        if not ids:
            return
        self.ensure_index()
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids]
        self._call(helpers.bulk, self.client, actions, refresh=self.refresh, raise_on_error=False)

    def rebuild(self, docs: Iterable[dict[str, Any]], progress: Progress | None = None) -> int:
        name = self._new_index_name()
        body = index_settings()
        body["settings"]["index"]["refresh_interval"] = "-1"
        self._call(self.client.indices.create, index=name, body=body)
        total = 0
        try:
            for ok, _ in helpers.streaming_bulk(
                self.client,
                ({"_op_type": "index", "_index": name, "_id": d["id"], "_source": d} for d in docs),
                chunk_size=500,
                max_chunk_bytes=20 * 1024 * 1024,
                raise_on_error=True,
            ):
                total += ok
                if progress and total % 500 == 0:
                    progress(total)
            self._call(self.client.indices.put_settings, index=name, body={"index": {"refresh_interval": "1s"}})
            self._call(self.client.indices.refresh, index=name)
            self._call(self.client.cluster.health, index=name, wait_for_status="yellow", timeout="60s")
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = []
        if self._call(self.client.indices.exists_alias, name=self.alias):
            old = list(self._call(self.client.indices.get_alias, name=self.alias).keys())
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old] + [
            {"add": {"index": name, "alias": self.alias}}
        ]
        self._call(self.client.indices.update_aliases, body={"actions": actions})
        for index in old:
            self._call(self.client.indices.delete, index=index, ignore_unavailable=True)
        if progress:
            progress(total)
        return total

    def count(self) -> int:
        try:
            return self._call(self.client.count, index=self.alias)["count"]
        except NotFoundError:
            return 0

    def search(self, request: SearchRequest) -> SearchResponse:
        try:
            raw = self._call(self.client.search, index=self.alias, body=build_query(request))
        except NotFoundError:
            return SearchResponse(count=0, hits=[], facets={f: [] for f in FACETS})
        hits = []
        for hit in raw["hits"]["hits"]:
            highlights = []
            inner = hit.get("inner_hits", {}).get("passages", {}).get("hits", {}).get("hits", [])
            for part in inner:
                number = part.get("_source", {}).get("number")
                for fragment in part.get("highlight", {}).get("parts.text", []):
                    highlights.append(Highlight(text=fragment, page=number))
            for field in ("summary", "body"):
                for fragment in hit.get("highlight", {}).get(field, []):
                    highlights.append(Highlight(text=fragment, page=None))
            hits.append(Hit(id=hit["_id"], score=hit.get("_score") or 0.0, source=hit["_source"],
                            highlights=highlights[: request.highlights_per_hit]))
        aggregations = raw.get("aggregations", {})
        facets = {
            facet: [(str(b["key"]), b["doc_count"]) for b in aggregations.get(facet, {}).get("buckets", [])]
            for facet in FACETS
        }
        return SearchResponse(count=raw["hits"]["total"]["value"], hits=hits, facets=facets)

    def autocomplete(self, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
        body = {
            "size": limit,
            "_source": ["title", "url", "kind"],
            "query": {
                "bool": {
                    "must": [{"match": {"title.autocomplete": {"query": prefix[:100], "operator": "and"}}}],
                    "must_not": [{"term": {"kind": "document"}}],
                }
            },
        }
        try:
            raw = self._call(self.client.search, index=self.alias, body=body)
        except NotFoundError:
            return []
        return [h["_source"] for h in raw["hits"]["hits"]]

    def suggest(self, text: str) -> str | None:
        body = {"size": 0, "suggest": {"spell": {"text": text[:200], "term": {"field": "spell",
                                                                             "suggest_mode": "missing",
                                                                             "min_word_length": 4}}}}
        try:
            raw = self._call(self.client.search, index=self.alias, body=body)
        except NotFoundError:
            return None
        out, changed = [], False
        for entry in raw.get("suggest", {}).get("spell", []):
            options = entry.get("options") or []
            if options:
                out.append(options[0]["text"])
                changed = True
            else:
                out.append(entry["text"])
        return " ".join(out) if changed else None
