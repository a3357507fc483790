"""Reading the embedded index: search with facets and passages, autocomplete, suggestions.

A search reads its phrases from the term postings as arrays over the item numbers (search.backends.embedded_scoring):
which items match, the loose groups each holds, their score and the page of hits are whole-array operations,
whatever the number of candidates. Facet counts (disjunctive, like OpenSearch: each facet counted with the filters
of the other facets) come from arrays in memory too (search.backends.embedded_facets). FTS5 still finds the items
holding a phrase of several words, checks proximity in the first candidates, and picks the pages and passages to
quote for the hits of the page shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from search.analysis import analyze, fold, words
from search.backends.base import (
    Highlight,
    Hit,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
    Variants,
    attached_ids,
    respelled,
)
from search.backends.embedded_facets import cached, facet_arrays, numbers
from search.backends.embedded_scoring import DocArrays, Phrase, Scorer, item_phrases
from search.facet_spec import BY_NAME, COUNTED, FACETS
from search.highlight import passages
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
    coverage_weights,
)
from search.spelling import CLOSE_WORDS, MAX_CANDIDATES, best, lookup_keys, to_check

KEYS_PER_QUERY = (
    2000  # spelling look-up keys per SQL statement (each given twice; SQLite allows 32,766)
)

PART_SLOTS = 4096  # rowids of a document's pages in part_terms: doc * PART_SLOTS + number
FILTERABLE = tuple(f.name for f in FACETS)
# The embedded backend's rescoring window for the proximity bonus (EmbeddedReader._near_bonus); OpenSearch scores
# proximity on every hit.
PROXIMITY_WINDOW = 100


def _phrase(terms: list[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


def item_expression(item: Item, variants: Variants | None = None) -> str | None:
    terms = analyze(item.text)
    if not terms:
        return None
    close = {_phrase(analyze(w)) for w in (variants or {}).get(item.text, []) if analyze(w)} - {
        _phrase(terms)
    }
    return "(" + " OR ".join([_phrase(terms), *sorted(close)]) + ")" if close else _phrase(terms)


def any_expression(items: list[Item], variants: Variants | None = None) -> str | None:
    alternatives = [e for e in (item_expression(i, variants) for i in items) if e]
    return "(" + " OR ".join(alternatives) + ")" if alternatives else None


def text_expression(query: ParsedQuery, variants: Variants | None = None) -> str | None:
    """The FTS5 expression of the query text, or None if it cannot match anything. A ranked query (FTS5 has no
    "k of n") accepts any of its loose groups here; `EmbeddedReader._rank` then keeps the items holding enough
    of them. `variants`: close words of the vocabulary for the graded stage's fuzzy words (`close_variants`)."""
    required, loose, needed = query.split()
    strict_parts = [any_expression(g) for g in required]
    loose_parts = [any_expression(g, variants) for g in loose]
    if None in strict_parts or (not strict_parts and not loose_parts):
        return None
    if needed == len(loose):
        if None in loose_parts:
            return None
        groups = strict_parts + loose_parts
    else:
        loose_parts = [e for e in loose_parts if e]
        if not loose_parts:
            return None
        groups = [*strict_parts, "(" + " OR ".join(loose_parts) + ")"]
    expression = " AND ".join(groups)
    excluded = any_expression(query.excluded)
    return f"({expression}) NOT {excluded}" if excluded else expression


def near_expressions(query: ParsedQuery) -> list[str]:
    """FTS5 NEAR groups of the typed words that earn a proximity boost (ParsedQuery.near_words)."""
    out = []
    for words_ in query.near_words():
        terms = [analyze(w) for w in words_]
        if all(terms):
            out.append(f"NEAR({' '.join(_phrase(t) for t in terms)}, {PROXIMITY_SLOP})")
    return out


def highlight_terms(query: ParsedQuery, variants: Variants | None = None) -> set[str]:
    words_ = [item.text for item in query.items()] + [
        w for close in (variants or {}).values() for w in close
    ]
    return {t for text in words_ for t in analyze(text)}


def _group_phrases(items: list[Item], variants: Variants | None = None) -> list[Phrase]:
    return [p for item in items for p in item_phrases(item, variants)]


def _fit(mask: np.ndarray, size: int) -> np.ndarray:
    """A mask over item numbers read at another generation, cut or padded to `size`."""
    out = np.zeros(size, dtype=bool)
    n = min(size, mask.size)
    out[:n] = mask[:n]
    return out


def _top(
    items: np.ndarray, score: np.ndarray, dates: np.ndarray, k: int, by_date: bool
) -> np.ndarray:
    """The first `k` of `items` by score (then newest, then number), or by date (then score, then number)."""
    if k <= 0 or not items.size:
        return items[:0]
    scores, when = score[items], dates[items]
    first, then = (when, scores) if by_date else (scores, when)
    if items.size > k:  # only those at or above the k-th value are sorted (ties included)
        cut = np.partition(first, items.size - k)[items.size - k]
        near = first >= cut
        items, first, then = items[near], first[near], then[near]
    return items[np.lexsort((items, -then, -first))][:k]


@dataclass(frozen=True)
class _Coverage:
    """A ranked query's loose groups as the embedded backend reads them (EmbeddedReader._coverage)."""

    held: np.ndarray  # each item's bits: 1 << i for each loose group i it holds
    weights: list[float]
    needed: int  # groups a result holds
    fallback: (
        int | None
    )  # fewer groups, if no item the facet filters keep holds `needed` (the next graded level)
    fell_back: bool  # `needed` is the fallback level already

    def falling_back(self) -> _Coverage:
        return replace(self, needed=self.fallback, fallback=None, fell_back=True)


def _shown(source: dict[str, Any]) -> dict[str, Any]:
    """An item's stored source as a hit carries it: without its full text."""
    source.pop("body", None)
    source.pop("keywords", None)
    return source


class EmbeddedReader:
    path: Path

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection | None]:
        """A read-only connection, or None when no index has been written yet."""
        if not self.path.exists():
            yield None
            return
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        except sqlite3.Error as exc:
            raise SearchUnavailable(str(exc)) from exc
        try:
            yield conn
        except sqlite3.Error as exc:
            raise SearchUnavailable(str(exc)) from exc
        finally:
            conn.close()

    # --- search ----------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResponse:
        empty = SearchResponse(count=0, hits=[], facets={f: [] for f in COUNTED})
        query = request.query.for_sort(request.sort)
        variants = self.close_variants(query.fuzzy_words())
        if not query.is_empty and text_expression(query, variants) is None:
            return empty
        with self._read() as conn:
            if conn is None:
                return empty
            if query.is_empty:
                return self._browse(conn, request, query)
            path = str(self.path)
            facet_columns = facet_arrays(conn, path)
            scorer = Scorer(conn, cached(conn, path, DocArrays.load))
            size = scorer.arrays.size
            coverage = self._coverage(scorer, query, variants) if query.ranked else None
            if query.ranked and coverage is None:
                return empty  # no item can hold enough of the loose groups
            language = facet_columns.columns["language"]
            in_language = language.holders(facet_columns.size, [query.language])
            if query.language == SITE_LANGUAGE:  # and the items too short to tell
                in_language |= language.codes == -1
            expression, score = self._candidates(
                scorer, query, coverage, variants, _fit(in_language, size)
            )
            active = {f: request.filters[f] for f in FILTERABLE if request.filters.get(f)}
            every_filter = np.ones(size, dtype=bool)
            for facet, values in active.items():
                every_filter &= _fit(
                    facet_columns.columns[facet].holders(facet_columns.size, values), size
                )
            matched = self._holding_enough(expression, coverage)
            if (
                coverage is not None
                and coverage.fallback is not None
                and not (matched & every_filter).any()
            ):  # nothing holds `needed` groups: the next graded level, with the same weights
                coverage = coverage.falling_back()
                matched = self._holding_enough(expression, coverage)
            kept = matched & every_filter
            count = int(np.count_nonzero(kept))
            facets = {facet: [] for facet in COUNTED}
            if request.with_facets:
                facets = facet_columns.count(
                    np.flatnonzero(matched),
                    active,
                    request.facet_include,
                    self._facet_sizes(request),
                )
            by_date = request.sort == "date"
            items = np.flatnonzero(kept)
            if not by_date:
                self._near_bonus(conn, query, items, score, scorer.arrays.dates)
            start = (request.page - 1) * request.per_page
            shown = [
                int(d)
                for d in _top(items, score, scorer.arrays.dates, start + request.per_page, by_date)[
                    start:
                ]
            ]
            rows = {
                doc: (doc_id, source)
                for doc, doc_id, source in conn.execute(
                    f"SELECT doc, id, source FROM docs WHERE doc IN ({','.join('?' * len(shown))})",
                    shown,
                )
            }
            terms = highlight_terms(query, variants)
            hits = []
            loose = len(query.split()[1])
            for doc in shown:
                if doc not in rows:
                    continue  # removed since the arrays were read
                doc_id, source = rows[doc]
                data = json.loads(source)
                highlights = self._highlights(
                    conn, doc, data, query, terms, request.highlights_per_hit, variants
                )
                _shown(data)
                held = int(coverage.held[doc]) if coverage else 0
                matched_groups = {i for i in range(loose) if held >> i & 1} if coverage else None
                hits.append(
                    Hit(
                        id=doc_id,
                        score=float(score[doc]),
                        source=data,
                        highlights=highlights,
                        matched=matched_groups,
                    )
                )
            matching = set()
            if request.with_matching:
                attached = attached_ids(h.source for h in hits)
                matching = self._matching(
                    conn, query, attached, variants, coverage.needed if coverage else None
                )
        return SearchResponse(
            count=count,
            hits=hits,
            facets=facets,
            fell_back=bool(coverage and coverage.fell_back),
            matching=matching,
        )

    def _browse(
        self, conn: sqlite3.Connection, request: SearchRequest, query: ParsedQuery
    ) -> SearchResponse:
        """A search without words (facet filters, -exclusions), newest first: answered from the arrays in memory
        (embedded_facets.FacetArrays.browse) and the page's rows."""
        arrays = facet_arrays(conn, str(self.path))
        excluded = any_expression(query.excluded)
        excluded_numbers = (
            numbers(
                conn.execute(
                    "SELECT group_concat(rowid) FROM doc_terms WHERE doc_terms MATCH ?", (excluded,)
                ).fetchone()[0]
            )
            if excluded
            else numbers(None)
        )
        active = {f: request.filters[f] for f in FILTERABLE if request.filters.get(f)}
        items, kept = arrays.browse(active, excluded_numbers)
        facets = {facet: [] for facet in COUNTED}
        if request.with_facets:
            facets = arrays.count(items, active, request.facet_include, self._facet_sizes(request))
        start = (request.page - 1) * request.per_page
        shown = [int(doc) for doc in kept[start : start + request.per_page]]
        rows = {
            doc: (doc_id, source)
            for doc, doc_id, source in conn.execute(
                f"SELECT doc, id, source FROM docs WHERE doc IN ({','.join('?' * len(shown))})",
                shown,
            )
        }
        hits = [
            Hit(id=rows[doc][0], score=0.0, source=_shown(json.loads(rows[doc][1])))
            for doc in shown
            if doc in rows  # not removed since the arrays were read
        ]
        return SearchResponse(count=int(kept.size), hits=hits, facets=facets)

    @staticmethod
    def _facet_sizes(request: SearchRequest) -> dict[str, int]:
        return {facet: BY_NAME[facet].size or request.facet_size for facet in COUNTED}

    @staticmethod
    def _facet_sizes(request: SearchRequest) -> dict[str, int]:
        return {facet: BY_NAME[facet].size or request.facet_size for facet in COUNTED}

    @staticmethod
    def _coverage(scorer: Scorer, query: ParsedQuery, variants: Variants) -> _Coverage | None:
        """What ranked partial matching needs: the loose groups each item holds, each group's weight (from how many
        items hold it, as OpenSearch's frequency request), and how many groups a result must hold. None when no
        item can hold enough of them."""
        _, loose, _ = query.split()
        masks = [scorer.holders(_group_phrases(g, variants)) for g in loose]
        weights = coverage_weights([int(np.count_nonzero(m)) for m in masks], scorer.arrays.count)
        level = replace(query, weights=tuple(weights)).reachable()
        if level is None:
            return None
        needed, fell_back = level
        fallback = query.fallback_loose
        if fell_back or fallback is None or fallback >= needed:
            fallback = None
        held = np.zeros(scorer.arrays.size, dtype=np.int64)
        for i, mask in enumerate(masks):
            held |= mask.astype(np.int64) << i
        return _Coverage(held, weights, needed, fallback, fell_back)

    @staticmethod
    def _candidates(
        scorer: Scorer,
        query: ParsedQuery,
        coverage: _Coverage | None,
        variants: Variants,
        in_language: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The items matching the query's expression (text_expression: for a ranked query, any of its loose groups;
        `_holding_enough` then keeps those holding enough) and every item's score: its text score (bm25 of every
        phrase of the expression, LANGUAGE_BONUS in the query's language), the bonus of what was typed (it outranks
        synonym-only matches) and, for a ranked query, COVER_SCORE × the weight of each loose group held
        (FOREIGN_COVER of it in another language) and ALL_WORDS_BONUS for holding them all."""
        required, loose, needed = query.split()
        size = scorer.arrays.size
        strict = [_group_phrases(g) for g in required]
        relaxed = [_group_phrases(g, variants) for g in loose]
        matched = scorer.arrays.segs >= 0
        for phrases in strict:
            matched &= scorer.holders(phrases)
        if needed == len(loose):
            for phrases in relaxed:
                matched &= scorer.holders(phrases)
        else:
            matched &= scorer.holders([p for phrases in relaxed for p in phrases])
        if query.excluded:
            matched &= ~scorer.holders(_group_phrases(query.excluded))
        score = scorer.bm25([p for phrases in strict + relaxed for p in phrases])
        score += LANGUAGE_BONUS * in_language
        for typed in query.typed_alternatives():
            score += TYPED_BONUS * scorer.holders(_group_phrases(typed))
        if coverage is not None:
            cover = np.zeros(size, dtype=np.float64)
            for i, weight in enumerate(coverage.weights):
                cover += (coverage.held >> i & 1) * (COVER_SCORE * weight)
            score += cover * np.where(in_language, 1.0, FOREIGN_COVER)
            score += ALL_WORDS_BONUS * (coverage.held == (1 << len(loose)) - 1)
        return matched, score

    @staticmethod
    def _holding_enough(expression: np.ndarray, coverage: _Coverage | None) -> np.ndarray:
        """The items matching the expression and, for a ranked query, holding `coverage.needed` loose groups."""
        if coverage is None:
            return expression
        held = coverage.held
        count = np.zeros(held.size, dtype=np.int64)
        for i in range(len(coverage.weights)):
            count += held >> i & 1
        return expression & (count >= coverage.needed)

    @staticmethod
    def _near_bonus(
        conn: sqlite3.Connection,
        query: ParsedQuery,
        items: np.ndarray,
        score: np.ndarray,
        dates: np.ndarray,
    ) -> None:
        """PROXIMITY_BOOST for each group of typed words standing close together (near_expressions), in the
        first PROXIMITY_WINDOW items by their other scores (a rescoring window, as Lucene's rescorer): a few
        indexed look-ups instead of every candidate's positions."""
        nears = near_expressions(query)
        if not nears:
            return
        top = [int(d) for d in _top(items, score, dates, PROXIMITY_WINDOW, by_date=False)]
        for near in nears:
            for doc in top:
                if conn.execute(
                    "SELECT 1 FROM doc_terms WHERE doc_terms MATCH ? AND rowid = ?", (near, doc)
                ).fetchone():
                    score[doc] += PROXIMITY_BOOST

    @staticmethod
    def _highlights(
        conn,
        doc: int,
        source: dict,
        query: ParsedQuery,
        terms: set[str],
        limit: int,
        variants: Variants | None = None,
    ) -> list:
        if query.is_empty or not terms:
            return []
        out: list[Highlight] = []
        expression = any_expression(query.items(), variants)
        if source.get("kind") == "document" and expression:
            rows = conn.execute(
                "SELECT rowid, raw FROM part_terms WHERE part_terms MATCH ? AND rowid BETWEEN ? AND ? "
                "ORDER BY rank LIMIT ?",
                (expression, doc * PART_SLOTS, doc * PART_SLOTS + PART_SLOTS - 1, limit),
            ).fetchall()
            for rowid, raw in rows:
                out += [
                    Highlight(text=t, page=rowid - doc * PART_SLOTS)
                    for t in passages(raw, terms, limit=1)
                ]
        for field in ("summary", "body"):
            if len(out) >= limit:
                break
            out += [
                Highlight(text=t, page=None)
                for t in passages(source.get(field) or "", terms, limit=1)
            ]
        return out[:limit]

    def matching(self, query: ParsedQuery, ids: list[str]) -> set[str]:
        variants = self.close_variants(query.fuzzy_words())
        with self._read() as conn:
            return self._matching(conn, query, ids, variants) if conn else set()

    @staticmethod
    def _matching(
        conn: sqlite3.Connection,
        query: ParsedQuery,
        ids: list[str],
        variants: Variants,
        needed: int | None = None,
    ) -> set[str]:
        """Those of `ids` holding the query's text and, for a ranked query, `needed` of its loose groups (by
        default its own `min_loose`) with their close words, as `_fill` and OpenSearch's text_query count them."""
        expression = text_expression(query, variants)
        if not ids or query.is_empty or expression is None:
            return set()
        _, loose, own = query.split()
        needed = own if needed is None else needed
        groups = [any_expression(g, variants) for g in loose] if query.ranked else []

        def holds(doc: int, text: str | None) -> bool:
            return (
                bool(text)
                and conn.execute(
                    "SELECT 1 FROM doc_terms WHERE doc_terms MATCH ? AND rowid = ?", (text, doc)
                ).fetchone()
                is not None
            )

        found = set()
        for doc_id in ids:
            row = conn.execute("SELECT doc FROM docs WHERE id = ?", (doc_id,)).fetchone()
            if (
                row
                and holds(row[0], expression)
                and sum(holds(row[0], g) for g in groups) >= needed * bool(groups)
            ):
                found.add(doc_id)
        return found

    # --- as-you-type and spelling ------------------------------------------------------------
    def autocomplete(self, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
        typed = [fold(w) for w, _, _ in words(prefix[:100])][:8]
        if not typed:
            return []
        expression = " ".join(_phrase([w]) + "*" for w in typed)
        with self._read() as conn:
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT docs.source FROM title_words JOIN docs ON docs.doc = title_words.rowid "
                "WHERE title_words MATCH ? ORDER BY rank, docs.date DESC, docs.id LIMIT ?",
                (expression, limit),
            ).fetchall()
        out = []
        for (source,) in rows:
            doc = json.loads(source)
            out.append(
                {
                    "id": doc["id"],
                    "title": doc["title"],
                    "url": doc["url"],
                    "kind": doc["kind"],
                    "type": doc.get("type"),
                }
            )
        return out

    @staticmethod
    def _close_words(
        conn: sqlite3.Connection,
        word: str,
        n: int = 3,
        same_first: bool = False,
        two_wrong: bool = False,
    ) -> list[str]:
        """Public words within spelling.max_edits of a folded `word`, closest (then most frequent) first: its
        lookup keys matched against the vocabulary and its one-letter deletions (spelling.lookup_keys), a few
        indexed look-ups whatever the size of the vocabulary. `same_first`: only words of the same first letter;
        `two_wrong`: also words with two letters replaced (spelling.lookup_keys)."""
        keys = sorted(lookup_keys(word, two_wrong))
        candidates: dict[str, int] = {}
        for i in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[i : i + KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            candidates.update(
                conn.execute(
                    f"SELECT word, n FROM spell WHERE word IN (SELECT word FROM spell_deletes WHERE key IN ({marks}) "
                    f"UNION SELECT word FROM spell WHERE word IN ({marks})) LIMIT {MAX_CANDIDATES - len(candidates)}",
                    (*chunk, *chunk),
                ).fetchall()
            )
            if len(candidates) >= MAX_CANDIDATES:
                break
        if same_first:
            candidates = {c: k for c, k in candidates.items() if c[:1] == word[:1]}
        close = []
        while len(close) < n and (
            found := best(word, {c: k for c, k in candidates.items() if c not in close})
        ):
            close.append(found)
        return close

    def close_variants(self, fuzzy: set[str]) -> Variants:
        """The close words of a relaxed query's fuzzy words (as OpenSearchBackend.close_variants): CLOSE_WORDS public
        words within spelling.max_edits, the first letter kept, unlike the spelling's suggestions."""
        if not fuzzy:
            return {}
        with self._read() as conn:
            if conn is None:
                return {}
            return {
                word: self._close_words(conn, fold(word), CLOSE_WORDS, same_first=True)
                for word in fuzzy
            }

    def suggest(self, text: str) -> str | None:
        respellings = []
        with self._read() as conn:
            if conn is None:
                return None
            for start, end, word in to_check(text):
                if conn.execute("SELECT 1 FROM spell WHERE word = ?", (word,)).fetchone():
                    continue  # a public word
                if close := self._close_words(conn, word, n=1, two_wrong=True):
                    respellings.append((start, end, self._written(conn, close[0])))
        return respelled(text, respellings)

    @staticmethod
    def _written(conn: sqlite3.Connection, word: str) -> str:
        """A folded public word as the content writes it most often (« méthanisation », not `methanisation`)."""
        forms = conn.execute(
            "SELECT form, n FROM spell_forms WHERE word = ? ORDER BY n DESC, form", (word,)
        ).fetchall()
        if not forms:
            return word
        row = conn.execute("SELECT n FROM spell WHERE word = ?", (word,)).fetchone()
        folded_only = (row[0] if row else 0) - sum(
            n for _, n in forms
        )  # items that write it only unaccented
        return forms[0][0] if forms[0][1] >= folded_only else word
