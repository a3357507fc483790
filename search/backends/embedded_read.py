"""Reading the embedded index: search with facets and passages, autocomplete, suggestions.

A search is a few SQL statements whatever the size of the index: one FTS5 MATCH fills a temporary table
of candidates with their score and one flag per facet filter; the count and the page of hits are read from
it, facet counts (disjunctive, like OpenSearch: each facet counted with the filters of the other facets) from
its item numbers and arrays in memory (search.backends.embedded_facets). Passages are only computed for the
hits of the page shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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
from search.backends.embedded_facets import candidate_numbers, facet_arrays, numbers
from search.facet_spec import BY_NAME, COUNTED, FACETS, SINGLE_VALUED
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
WEIGHTS = (
    "4.0, 2.0, 1.0, 1.0, 1.0"  # title, summary, body, keywords, parts: as TOP_FIELDS in os_query
)
FILTERABLE = tuple(f.name for f in FACETS)
# The columns of a candidate read from doc_meta `d` (besides its score, group bits and filter flags); facets are
# counted from arrays in memory (search.backends.embedded_facets).
CANDIDATE_VALUES = ["language", "date"]
# The embedded backend's rescoring window for the proximity bonus (EmbeddedReader._near_bonus); OpenSearch scores
# proximity on every hit.
PROXIMITY_WINDOW = 100
# Whether a candidate holds an expression: its matches read once into an ephemeral table, probed per candidate.
HOLDS = "(d.doc IN (SELECT rowid FROM doc_terms WHERE doc_terms MATCH ?))"
# Whether an item (`d` in doc_meta, or `cand`) is in the site's language or of unknown language.
IN_SITE_LANGUAGE = "coalesce({table}.language, '" + SITE_LANGUAGE + "') = '" + SITE_LANGUAGE + "'"
# The text score of a candidate, with LANGUAGE_BONUS for an item in the site's language.
TEXT_SCORE = (
    f"m.score + CASE WHEN {IN_SITE_LANGUAGE.format(table='d')} THEN {LANGUAGE_BONUS!r} ELSE 0 END"
)


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


def _insert(flags: dict[str, str]) -> str:
    columns = ", ".join(["doc", "score", "held", *CANDIDATE_VALUES, *flags])
    return f"INSERT INTO cand ({columns})"


def _read_columns(score: str, held: str, flags: dict[str, str]) -> str:
    """A candidate's columns in `_insert`'s order, read from doc_meta `d`."""
    values = [f"d.{name} AS {name}" for name in CANDIDATE_VALUES]
    values += [f"{sql} AS {column}" for column, sql in flags.items()]
    return ", ".join([f"d.doc AS doc, {score} AS score, {held} AS held", *values])


def _held_count(table: str, loose: int) -> str:
    """How many loose groups a candidate holds, from its group bits."""
    return " + ".join(f"({table}.held >> {i} & 1)" for i in range(loose))


@dataclass(frozen=True)
class _Coverage:
    """A ranked query's loose groups as the embedded backend reads them (EmbeddedReader._coverage)."""

    expressions: list[str | None]
    weights: list[float]
    needed: int  # groups a result holds
    fallback: (
        int | None
    )  # fewer groups, if no item the facet filters keep holds `needed` (the next graded level)
    fell_back: bool  # `needed` is the fallback level already

    def rarest(self) -> str | None:
        """The rarest groups, one of which every item holding `needed` groups holds (holding none of these
        n - needed + 1, it would hold at most needed - 1); None when that is every group."""
        held = sorted(
            (i for i, w in enumerate(self.weights) if w > 0), key=lambda i: -self.weights[i]
        )
        enough = len(held) - self.needed + 1
        if enough >= len(held):
            return None
        return "(" + " OR ".join(str(self.expressions[i]) for i in held[:enough]) + ")"

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
        expression = text_expression(query, variants)
        if not query.is_empty and expression is None:
            return empty
        fell_back = False
        with self._read() as conn:
            if conn is None:
                return empty
            if query.is_empty:
                return self._browse(conn, request, query)
            flag_columns = ", ".join(f"ok_{f} INTEGER NOT NULL DEFAULT 1" for f in FILTERABLE)
            conn.execute(
                "CREATE TEMP TABLE cand (doc INTEGER PRIMARY KEY, score REAL NOT NULL, language TEXT, "
                f"date TEXT, held INTEGER NOT NULL DEFAULT 0, {flag_columns})"
            )
            active = [f for f in FILTERABLE if request.filters.get(f)]
            flags, flag_params = self._filter_flags(request, active)
            coverage = self._coverage(conn, query, variants) if query.ranked else None
            if query.ranked and coverage is None:
                return empty  # no item can hold enough of the loose groups
            self._fill(conn, request, active, query, coverage, expression, flags, flag_params)
            all_ok = " AND ".join(f"ok_{f}" for f in active) or "1"
            if (
                coverage is not None
                and coverage.fallback is not None
                and conn.execute(f"SELECT 1 FROM cand WHERE {all_ok} LIMIT 1").fetchone() is None
            ):  # nothing holds `needed` groups: the next graded level, with the same weights
                conn.execute("DELETE FROM cand")
                coverage = coverage.falling_back()
                self._fill(conn, request, active, query, coverage, expression, flags, flag_params)
            fell_back = bool(coverage and coverage.fell_back)
            count = conn.execute(f"SELECT count(*) FROM cand WHERE {all_ok}").fetchone()[0]
            facets = {facet: [] for facet in COUNTED}
            if request.with_facets:
                facets = facet_arrays(conn, str(self.path)).count(
                    candidate_numbers(conn),
                    {facet: request.filters[facet] for facet in active},
                    request.facet_include,
                    self._facet_sizes(request),
                )
            by_date = request.sort == "date"
            if not by_date:
                self._near_bonus(conn, query, all_ok)
            order = (
                "cand.date DESC, cand.score DESC" if by_date else "cand.score DESC, cand.date DESC"
            )
            rows = conn.execute(
                f"SELECT p.doc, p.score, docs.id, docs.source, p.held FROM (SELECT doc, score, held FROM cand "
                f"WHERE {all_ok} ORDER BY {order}, cand.doc LIMIT ? OFFSET ?) p CROSS JOIN docs ON docs.doc = p.doc",
                (request.per_page, (request.page - 1) * request.per_page),
            ).fetchall()
            terms = highlight_terms(query, variants)
            hits = []
            loose = len(query.split()[1])
            for doc, score, doc_id, source, held in rows:
                data = json.loads(source)
                highlights = self._highlights(
                    conn, doc, data, query, terms, request.highlights_per_hit, variants
                )
                _shown(data)
                matched = {i for i in range(loose) if held >> i & 1} if query.ranked else None
                hits.append(
                    Hit(id=doc_id, score=score, source=data, highlights=highlights, matched=matched)
                )
            conn.execute("DROP TABLE temp.cand")
            matching = set()
            if request.with_matching:
                attached = attached_ids(h.source for h in hits)
                matching = self._matching(
                    conn, query, attached, variants, coverage.needed if coverage else None
                )
        return SearchResponse(
            count=count, hits=hits, facets=facets, fell_back=fell_back, matching=matching
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
    def _filter_flags(
        request: SearchRequest, active: list[str], number: str | None = None
    ) -> tuple[dict[str, str], list[str]]:
        """The SQL of each active facet filter's flag (column → expression on doc_meta `d`, or on the item number
        `number` outside of it) and its parameters."""
        flags, params = {}, []
        for facet in active:
            values = request.filters[facet]
            marks = ",".join("?" * len(values))
            if facet in SINGLE_VALUED and number is None:
                flags[f"ok_{facet}"] = f"coalesce(d.{facet} IN ({marks}), 0)"
                params += values
            elif facet in SINGLE_VALUED:
                flags[f"ok_{facet}"] = (
                    f"{number} IN (SELECT doc FROM doc_meta WHERE {facet} IN ({marks}))"
                )
                params += values
            else:
                flags[f"ok_{facet}"] = (
                    f"{number or 'd.doc'} IN (SELECT doc FROM facet_values WHERE facet = ? "
                    f"AND value IN ({marks}))"
                )
                params += [facet, *values]
        return flags, params

    @staticmethod
    def _coverage(
        conn: sqlite3.Connection, query: ParsedQuery, variants: Variants
    ) -> _Coverage | None:
        """What ranked partial matching needs before reading the candidates: each loose group's expression and
        weight (its frequency in the index, a count of rowids, as OpenSearch's frequency request), and how many
        groups a candidate must hold. None when no item can hold enough of them."""
        _, loose, needed = query.split()
        expressions = [any_expression(g, variants) for g in loose]
        frequencies = [
            conn.execute("SELECT count(*) FROM doc_terms WHERE doc_terms MATCH ?", (e,)).fetchone()[
                0
            ]
            if e
            else 0
            for e in expressions
        ]
        total = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        weights = coverage_weights(frequencies, total)
        level = replace(query, weights=tuple(weights)).reachable()
        if level is None:
            return None
        needed, fell_back = level
        fallback = query.fallback_loose
        if fell_back or fallback is None or fallback >= needed:
            fallback = None
        return _Coverage(expressions, weights, needed, fallback, fell_back)

    @staticmethod
    def _fill(
        conn: sqlite3.Connection,
        request: SearchRequest,
        active: list[str],
        query: ParsedQuery,
        coverage: _Coverage | None,
        expression: str,
        flags: dict[str, str],
        flag_params: list[str],
    ) -> None:
        """One statement reads every candidate with its text score, the bonus of what was typed (it outranks
        synonym-only matches), its facet filter flags and, for a ranked query, one bit per loose group it holds:
        those holding fewer than `coverage.needed` groups are left out, the others score COVER_SCORE × the weight
        of each group held (FOREIGN_COVER of it in another language) and ALL_WORDS_BONUS for holding them all.
        bm25, most of the cost (every phrase's positions in the row), is computed only for the candidates that
        can be shown: those every facet filter keeps, holding one of `coverage.rarest`."""
        bonuses = [(TYPED_BONUS, e) for e in map(any_expression, query.typed_alternatives()) if e]
        score = " + ".join([TEXT_SCORE, *(f"{bonus!r} * {HOLDS}" for bonus, _ in bonuses)])
        groups = [(i, e) for i, e in enumerate(coverage.expressions) if e] if coverage else []
        held = " + ".join(f"{1 << i} * {HOLDS}" for i, _ in groups) or "0"
        guarded, guard_params = EmbeddedReader._filter_flags(request, active, "+doc_terms.rowid")
        bm25 = f"-bm25(doc_terms, {WEIGHTS})"
        if (
            guarded
        ):  # a candidate a facet filter leaves out is still read: the other facets count it
            bm25 = f"CASE WHEN {' AND '.join(guarded.values())} THEN {bm25} ELSE 0 END"
        # an item holding none of the rarest groups is not read at all (no group bits, no join)
        rarest = [r for r in [coverage and coverage.rarest()] if r]
        among = f" AND {HOLDS.replace('d.doc', '+doc_terms.rowid')}" if rarest else ""
        read = (
            f"SELECT {_read_columns(score, held, flags)} FROM (SELECT rowid AS doc, {bm25} AS score FROM doc_terms "
            f"WHERE doc_terms MATCH ?{among}) m CROSS JOIN doc_meta d ON d.doc = m.doc"
        )
        params = [
            *(e for _, e in bonuses),
            *(e for _, e in groups),
            *flag_params,
            *guard_params,
            expression,
            *rarest,
        ]
        if coverage is None:
            conn.execute(f"{_insert(flags)} {read}", params)
            return
        # The same rows, each one's group bits computed once (the inner SELECT runs as a co-routine).
        loose = len(coverage.expressions)
        cover = " + ".join(
            f"(c.held >> {i} & 1) * {COVER_SCORE * w!r}" for i, w in enumerate(coverage.weights)
        )
        share = (
            f"(CASE WHEN {IN_SITE_LANGUAGE.format(table='c')} THEN 1.0 ELSE {FOREIGN_COVER!r} END)"
        )
        all_words = f"(CASE WHEN c.held = {(1 << loose) - 1} THEN {ALL_WORDS_BONUS!r} ELSE 0 END)"
        others = ", ".join(f"c.{name}" for name in [*CANDIDATE_VALUES, *flags])
        conn.execute(
            f"{_insert(flags)} SELECT c.doc, c.score + ({cover}) * {share} + {all_words}, c.held, {others} "
            f"FROM ({read} LIMIT -1) c WHERE {_held_count('c', loose)} >= ?",
            (*params, coverage.needed),
        )

    @staticmethod
    def _near_bonus(conn: sqlite3.Connection, query: ParsedQuery, all_ok: str) -> None:
        """PROXIMITY_BOOST for each group of typed words standing close together (near_expressions), in the
        first PROXIMITY_WINDOW candidates by their other scores (a rescoring window, as Lucene's rescorer): a
        few indexed look-ups instead of every candidate's positions."""
        nears = near_expressions(query)
        if not nears:
            return
        top = [
            doc
            for (doc,) in conn.execute(
                f"SELECT doc FROM cand WHERE {all_ok} ORDER BY score DESC, date DESC, doc LIMIT ?",
                (PROXIMITY_WINDOW,),
            )
        ]
        near_ones = [
            doc
            for near in nears
            for doc in top
            if conn.execute(
                "SELECT 1 FROM doc_terms WHERE doc_terms MATCH ? AND rowid = ?", (near, doc)
            ).fetchone()
        ]
        conn.executemany(
            "UPDATE cand SET score = score + ? WHERE doc = ?",
            [(PROXIMITY_BOOST, doc) for doc in near_ones],
        )

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
