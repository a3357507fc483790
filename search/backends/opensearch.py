"""OpenSearch backend: French analysis, facets, highlights with page numbers, atomic rebuilds.

Queries are built from the parsed query tree (search.backends.os_query), never from the visitor's raw
text. Documents keep their text per page/slide in a nested field, so a hit's inner hits say where it is.

The public alias `<prefix>-content` always points at one complete index. A rebuild fills a fresh index
(reachable through the `<prefix>-content-building` alias meanwhile, so that edits made during the rebuild
reach it too), then moves the public alias to it in one `update_aliases` call.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, NotFoundError, RequestError, TransportError

from search.analysis import fold, normalise_apostrophes
from search.backends.base import (
    Highlight,
    Hit,
    Progress,
    SearchBackend,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
    Variants,
    attached_ids,
    respelled,
)
from search.backends.os_mapping import analysis_fingerprint, index_settings
from search.backends.os_query import (
    build_query,
    facet_buckets,
    frequency_query,
    group_name,
    matching_ids_query,
    passages_query,
)
from search.facet_spec import COUNTED
from search.query import FUZZY_MIN_LENGTH, ParsedQuery, coverage_weights
from search.spelling import CLOSE_WORDS, MIN_LENGTH, best, max_edits, to_check

BULK_CHUNK = 500
ITEMS_PER_SHARD = (
    50_000  # a rebuild gives a larger index several shards (OpenSearchBackend._shards)
)
WRITTEN_SAMPLE = 10  # items whose text tells how a suggested word is written
ELIDED = re.compile(r"^[^\W\d_]{1,2}'")


class OpenSearchBackend(SearchBackend):
    name = "opensearch"

    # Writes refresh the index at once ("true") rather than waiting for the next periodic refresh ("wait_for",
    # up to 1 s): an upload is searchable as soon as it is indexed (bench.time_to_searchable). Editorial writes
    # come a few per minute; rebuilds write with refresh off.
    def __init__(
        self, url: str, prefix: str = "maillage", timeout: float = 5.0, refresh: str | bool = "true"
    ):
        # OPENSEARCH_URL may list several nodes, comma-separated: a request to a node that is down is
        # retried on the next one, so search keeps answering from replicas when one node stops.
        hosts = [u.strip() for u in url.split(",") if u.strip()]
        self.client = OpenSearch(
            hosts=hosts, timeout=timeout, max_retries=max(1, len(hosts)), retry_on_timeout=False
        )
        self.alias = f"{prefix}-content"
        self.building_alias = f"{self.alias}-building"
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

    def _aliased(self, alias: str) -> list[str]:
        try:
            return list(self._call(self.client.indices.get_alias, name=alias).keys())
        except NotFoundError:
            return []

    def analysis_outdated(self) -> bool:
        try:
            mappings = self._call(self.client.indices.get_mapping, index=self.alias)
        except NotFoundError:
            return True
        return any(
            (m["mappings"].get("_meta") or {}).get("analysis") != analysis_fingerprint()
            for m in mappings.values()
        )

    # --- writing ---------------------------------------------------------------------------
    def ensure_index(self) -> None:
        """The first index is created with its alias in one request and under one name for every process:
        two processes that find no index at once (workers starting on a fresh install) create it once,
        never two indices behind the alias, which leaves it with no write index."""
        if self._call(self.client.indices.exists_alias, name=self.alias):
            return
        name = f"{self.alias}-initial"
        try:
            self._call(
                self.client.indices.create,
                index=name,
                body={**index_settings(), "aliases": {self.alias: {}}},
            )
        except RequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
            self._call(self.client.indices.put_alias, index=name, name=self.alias)

    def _bulk(self, actions: list[dict[str, Any]], raise_on_error: bool) -> None:
        self.ensure_index()
        self._call(
            helpers.bulk,
            self.client,
            [{**a, "_index": self.alias} for a in actions],
            refresh=self.refresh,
            raise_on_error=raise_on_error,
        )
        for index in self._aliased(
            self.building_alias
        ):  # a rebuild is running: keep its index in step
            self._call(
                helpers.bulk,
                self.client,
                [{**a, "_index": index} for a in actions],
                raise_on_error=False,
            )

    def index_many(self, docs: list[dict[str, Any]]) -> None:
        if docs:
            self._bulk(
                [{"_op_type": "index", "_id": d["id"], "_source": d} for d in docs],
                raise_on_error=True,
            )

    def delete_many(self, ids: list[str]) -> None:
        if ids:
            self._bulk([{"_op_type": "delete", "_id": i} for i in ids], raise_on_error=False)

    def _shards(self, expected: int | None) -> int:
        """One shard per ITEMS_PER_SHARD items, at most one per processor of the data nodes: a shard is searched
        by one thread, so a large index answers faster in several (at 100,000 items on 2 cores, 2 shards: p95 of
        /api/search/ 220 → 148 ms, bench/README.md); a small one keeps one (its words' statistics whole)."""
        wanted = math.ceil((expected or 0) / ITEMS_PER_SHARD)
        if wanted <= 1:
            return 1
        nodes = self._call(self.client.nodes.info, metric="os")["nodes"].values()
        processors = sum(
            n.get("os", {}).get("allocated_processors", 1)
            for n in nodes
            if "data" in n.get("roles", ["data"])
        )
        return max(1, min(wanted, processors))

    def rebuild(
        self,
        docs: Iterable[dict[str, Any]],
        progress: Progress | None = None,
        expected: int | None = None,
    ) -> int:
        for stale in self._aliased(self.building_alias):  # left over by an interrupted rebuild
            self._call(self.client.indices.delete, index=stale, ignore_unavailable=True)
        name = self._new_index_name()
        body = index_settings(self._shards(expected))
        body["settings"]["index"].update(refresh_interval="-1", number_of_replicas=0)
        body["settings"]["index"].pop("auto_expand_replicas")
        self._call(self.client.indices.create, index=name, body=body)
        self._call(self.client.indices.put_alias, index=name, name=self.building_alias)
        total = 0
        try:
            for ok, _ in helpers.streaming_bulk(
                self.client,
                ({"_op_type": "index", "_index": name, "_id": d["id"], "_source": d} for d in docs),
                chunk_size=BULK_CHUNK,
                max_chunk_bytes=20 * 1024 * 1024,
                raise_on_error=True,
            ):
                total += ok
                if progress and total % BULK_CHUNK == 0:
                    progress(total)
            self._call(
                self.client.indices.put_settings,
                index=name,
                body={
                    "index": {
                        "refresh_interval": "1s",
                        "number_of_replicas": 0,
                        "auto_expand_replicas": "0-1",
                    }
                },
            )
            self._call(self.client.indices.refresh, index=name)
            self._call(
                self.client.cluster.health,
                index=name,
                wait_for_status="yellow",
                params={"timeout": "60s"},
                request_timeout=70,
            )
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self._aliased(self.alias)
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old] + [
            {"add": {"index": name, "alias": self.alias}},
            {"remove": {"index": name, "alias": self.building_alias}},
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

    def ids(self) -> set[str]:
        try:
            hits = self._call(
                lambda: list(
                    helpers.scan(
                        self.client,
                        index=self.alias,
                        _source=False,
                        size=5000,
                        query={"query": {"match_all": {}}},
                    )
                )
            )
        except NotFoundError:
            return set()
        return {hit["_id"] for hit in hits}

    # --- reading ---------------------------------------------------------------------------
    def _search(self, body: dict[str, Any]) -> dict[str, Any] | None:
        try:
            return self._call(self.client.search, index=self.alias, body=body)
        except NotFoundError:
            return None

    def _weighted(self, query: ParsedQuery, variants: Variants) -> ParsedQuery:
        """A ranked query with the weights of its loose groups (search.query.coverage_weights)."""
        _, loose, _ = query.split()
        if not query.ranked or (query.weights and len(query.weights) == len(loose)):
            return query  # not ranked, or weighed already (the same groups at another level)
        raw = self._search(frequency_query(query, variants))
        if raw is None:
            return query
        frequencies = [raw["aggregations"][group_name(i)]["doc_count"] for i in range(len(loose))]
        return replace(
            query, weights=tuple(coverage_weights(frequencies, raw["hits"]["total"]["value"]))
        )

    def search(self, request: SearchRequest) -> SearchResponse:
        empty = SearchResponse(count=0, hits=[], facets={f: [] for f in COUNTED})
        query = request.query.for_sort(request.sort)
        variants = self.close_variants(query.fuzzy_words())
        query = self._weighted(query, variants)
        known = False
        if query.ranked:  # a level no item can reach (a group nobody holds) costs no search
            level = query.reachable()
            if level is None:
                return empty
            needed, known = level
            if known:
                query = replace(query, min_loose=needed, fallback_loose=None)
        request = replace(request, query=query)
        raw = self._search(build_query(request, variants))
        if raw is None:
            return empty
        fallback = request.query.fallback_loose
        fell_back = known or (
            not raw["hits"]["total"]["value"]
            and request.query.ranked
            and fallback is not None
            and fallback < request.query.split()[2]
        )
        if fell_back and not known:
            # the next graded level: same groups, same weights (no second frequency request)
            query = replace(request.query, min_loose=fallback, fallback_loose=None)
            request = replace(request, query=query)
            raw = self._search(build_query(request, variants))
            if raw is None:
                return empty
        loose = len(request.query.split()[1]) if request.query.ranked else 0
        passages, matching = self._passages_and_matching(request, raw["hits"]["hits"], variants)
        hits = [
            self._hit(hit, request.highlights_per_hit, loose, passages.get(hit["_id"], []))
            for hit in raw["hits"]["hits"]
        ]
        aggregations = raw.get("aggregations", {})
        facets = {
            facet: [
                (str(b["key"]), b["doc_count"])
                for b in facet_buckets(aggregations.get(facet, {}))
                if b["doc_count"]
            ]
            for facet in COUNTED
        }
        return SearchResponse(
            count=raw["hits"]["total"]["value"],
            hits=hits,
            facets=facets,
            fell_back=fell_back,
            matching=matching,
        )

    def _passages_and_matching(
        self, request: SearchRequest, hits: list[dict[str, Any]], variants: Variants
    ) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
        """Once the page of hits is known, in one batch of small requests run side by side: the highlighted
        passages of its documents (os_query.passages_query), and which documents its pages attach match the query
        too (os_query.matching_ids_query)."""
        query = request.query
        documents = [h["_id"] for h in hits if h["_source"].get("kind") == "document"]
        attached = attached_ids(h["_source"] for h in hits)
        bodies = {}
        if documents and not query.is_empty and request.highlights_per_hit:
            bodies["passages"] = passages_query(
                query, documents, request.highlights_per_hit, variants
            )
        if attached and not query.is_empty and request.with_matching:
            bodies["matching"] = matching_ids_query(query, attached, variants)
        answers = dict(zip(bodies, self._msearch(list(bodies.values()))))
        passages = {
            h["_id"]: h.get("inner_hits", {}).get("passages", {}).get("hits", {}).get("hits", [])
            for h in (answers.get("passages") or {}).get("hits", {}).get("hits", [])
        }
        matching = {
            h["_id"] for h in (answers.get("matching") or {}).get("hits", {}).get("hits", [])
        }
        return passages, matching

    def _msearch(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
        """Several searches in one round trip, run side by side by the cluster; None for one whose index is gone."""
        if not bodies:
            return []
        if len(bodies) == 1:
            return [self._search(bodies[0])]
        lines = [line for body in bodies for line in ({"index": self.alias}, body)]
        answers = []
        for answer in self._call(self.client.msearch, body=lines)["responses"]:
            status = answer.get("status", 200)
            if "error" not in answer:
                answers.append(answer)
            elif status == 404:
                answers.append(None)
            elif status >= 500:
                raise SearchUnavailable(f"OpenSearch indisponible ({status})")
            else:
                raise TransportError(status, str(answer["error"]), answer["error"])
        return answers

    @staticmethod
    def _hit(
        hit: dict[str, Any], limit: int, loose: int = 0, inner: list[dict[str, Any]] = ()
    ) -> Hit:
        highlights = []
        for part in inner:
            number = part.get("_source", {}).get("number")
            for fragment in part.get("highlight", {}).get("parts.text", []):
                highlights.append(Highlight(text=fragment, page=number))
        for field in ("summary", "body"):
            for fragment in hit.get("highlight", {}).get(field, []):
                highlights.append(Highlight(text=fragment, page=None))
        names = set(hit.get("matched_queries") or [])
        matched = {i for i in range(loose) if group_name(i) in names} if loose else None
        return Hit(
            id=hit["_id"],
            score=hit.get("_score") or 0.0,
            source=hit["_source"],
            highlights=highlights[:limit],
            matched=matched,
        )

    def matching(self, query: ParsedQuery, ids: list[str]) -> set[str]:
        if not ids or query.is_empty:
            return set()
        raw = self._search(matching_ids_query(query, ids, self.close_variants(query.fuzzy_words())))
        return {h["_id"] for h in raw["hits"]["hits"]} if raw else set()

    def autocomplete(self, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
        body = {
            "size": limit,
            "_source": ["id", "title", "url", "kind", "type"],
            "query": {
                "bool": {
                    "must": [
                        {
                            "match": {
                                "title.autocomplete": {"query": prefix[:100], "operator": "and"}
                            }
                        }
                    ],
                    "must_not": [{"term": {"kind": "document"}}],
                }
            },
            "sort": ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        }
        raw = self._search(body)
        return [h["_source"] for h in raw["hits"]["hits"]] if raw else []

    def close_variants(self, fuzzy: set[str]) -> Variants:
        """The close words of a graded query's fuzzy words, as the embedded backend finds them: at most
        CLOSE_WORDS public words of the index's vocabulary (`spell`) within spelling.max_edits, first letter kept,
        closest then most frequent first; one term-suggester request. Matching them as words costs far less
        than `fuzziness`, which walks every field's terms for each word (450 ms for a question at 100,000
        items). A word only deleted items held may be proposed: it then matches nothing."""
        if not fuzzy:
            return {}
        typed = sorted(fuzzy)
        options = self._spell_options(
            typed,
            suggest_mode="always",
            min_word_length=FUZZY_MIN_LENGTH,
            max_term_freq=0.99,  # the default (1 %) gives a common word no close word
            size=CLOSE_WORDS,
            prefix_length=1,
        )
        return {word: options[i] for i, word in enumerate(typed)} if options else {}

    def _spell_options(self, words: list[str], **term: Any) -> list[list[str]] | None:
        """The term suggester's proposals for each of `words` from the `spell` field (closest, then most frequent
        first; at most spelling.max_edits away), in one request; None if the index is missing."""
        body = {
            "size": 0,
            "suggest": {
                str(i): {
                    "text": word,
                    "term": {
                        "field": "spell",
                        "sort": "score",
                        "max_edits": max_edits(fold(word)),
                        **term,
                    },
                }
                for i, word in enumerate(words)
            },
        }
        raw = self._search(body)
        if raw is None:
            return None
        suggested = raw.get("suggest", {})
        return [
            [o["text"] for entry in suggested.get(str(i), []) for o in entry["options"]]
            for i in range(len(words))
        ]

    def suggest(self, text: str) -> str | None:
        """The term suggester proposes words of its term dictionary, which keeps the words of deleted and
        replaced items until segments merge: each proposal is kept only if a live (public) item holds it, checked
        by one counting request over all of them."""
        checked = to_check(text)
        if not checked:
            return None
        found = self._spell_options(
            [word for _, _, word in checked],
            suggest_mode="missing",
            min_word_length=MIN_LENGTH,
            size=5,
            prefix_length=0,
        )
        if found is None:
            return None
        options = dict(enumerate(found))
        proposed = sorted({word for words in options.values() for word in words})
        if not proposed:
            return None
        live = self._search(
            {
                "size": 0,
                "query": {"terms": {"spell": proposed}},
                "aggs": {
                    str(n): {"filter": {"term": {"spell": word}}} for n, word in enumerate(proposed)
                },
            }
        )
        counts = (
            {word: live["aggregations"][str(n)]["doc_count"] for n, word in enumerate(proposed)}
            if live
            else {}
        )
        found = {
            i: best(word, {o: counts[o] for o in options[i] if counts.get(o)})
            for i, (_, _, word) in enumerate(checked)
        }
        written = self._written_forms(sorted({w for w in found.values() if w}))
        return respelled(
            text,
            [
                (start, end, written.get(found[i], found[i]))
                for i, (start, end, _) in enumerate(checked)
                if found[i]
            ],
        )

    def _written_forms(self, folded: list[str]) -> dict[str, str]:
        """Folded words as the content writes them most often (« méthanisation », not `methanisation`): the
        `spell` field only knows folded words, so their written forms are read in the highlighted text of a few
        items holding them (a bounded request: WRITTEN_SAMPLE items, a few fragments each)."""
        if not folded:
            return {}
        highlight = {
            "type": "unified",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fragment_size": 1,
            "number_of_fragments": 5,
        }
        text = " ".join(folded)
        raw = self._search(
            {
                "size": WRITTEN_SAMPLE,
                "_source": False,
                "query": {
                    "bool": {
                        "should": [
                            {
                                "multi_match": {
                                    "query": text,
                                    "fields": ["title", "summary", "body"],
                                }
                            },
                            {
                                "nested": {
                                    "path": "parts",
                                    "query": {"match": {"parts.text": text}},
                                    "inner_hits": {
                                        "size": 2,
                                        "_source": False,
                                        "highlight": {**highlight, "fields": {"parts.text": {}}},
                                    },
                                }
                            },
                        ]
                    }
                },
                "highlight": {**highlight, "fields": {"title": {}, "summary": {}, "body": {}}},
            }
        )
        counts: dict[str, Counter[str]] = {w: Counter() for w in folded}
        for hit in raw["hits"]["hits"] if raw else []:
            fragments = [f for fs in hit.get("highlight", {}).values() for f in fs]
            fragments += [
                f
                for inner in hit.get("inner_hits", {}).values()
                for h in inner["hits"]["hits"]
                for fs in h.get("highlight", {}).values()
                for f in fs
            ]
            for fragment in fragments:
                for form in re.findall("<mark>([^<]*)</mark>", fragment):
                    form = ELIDED.sub("", normalise_apostrophes(form).lower())  # « l'économie »
                    if fold(form) in counts:
                        counts[fold(form)][form] += 1
        return {w: c.most_common(1)[0][0] for w, c in counts.items() if c}
