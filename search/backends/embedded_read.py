"""Reading the embedded index: search with facets and passages, autocomplete, suggestions.

A search is a few SQL statements whatever the size of the index: one FTS5 MATCH fills a temporary table
of candidates with their score and one flag per facet filter; counts, facet counts (disjunctive, like
OpenSearch: each facet counted with the filters of the other facets) and the page of hits are read from
it. Passages are only computed for the hits of the page shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from search.analysis import analyze, fold, words
from search.backends.base import (
    Highlight,
    Hit,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
    respelled,
)
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
from search.spelling import MAX_CANDIDATES, best, lookup_keys, to_check

KEYS_PER_QUERY = (
    2000  # spelling look-up keys per SQL statement (each given twice; SQLite allows 32,766)
)

PART_SLOTS = 4096  # rowids of a document's pages in part_terms: doc * PART_SLOTS + number
WEIGHTS = (
    "4.0, 2.0, 1.0, 1.0, 1.0"  # title, summary, body, keywords, parts: as TOP_FIELDS in os_query
)
FILTERABLE = tuple(f.name for f in FACETS)
# Single-valued facets are columns of doc_meta and of the candidate table; multi-valued ones rows of facet_values.
CANDIDATE_COLUMNS = "".join(f"{name} TEXT, " for name in SINGLE_VALUED)
FILL_CANDIDATES = (
    f"INSERT INTO cand (doc, score, held, {', '.join(SINGLE_VALUED)}, date) SELECT d.doc, {{score}}, {{held}}, "
    f"{', '.join(f'd.{name}' for name in SINGLE_VALUED)}, d.date"
)
# Whether a candidate holds an expression: its matches read once into an ephemeral table, probed per candidate.
HOLDS = "(d.doc IN (SELECT rowid FROM doc_terms WHERE doc_terms MATCH ?))"
# Whether an item (`d` in doc_meta, or `cand`) is in the site's language or of unknown language.
IN_SITE_LANGUAGE = "coalesce({table}.language, '" + SITE_LANGUAGE + "') = '" + SITE_LANGUAGE + "'"
# The text score of a candidate, with LANGUAGE_BONUS for an item in the site's language.
TEXT_SCORE = (
    f"m.score + CASE WHEN {IN_SITE_LANGUAGE.format(table='d')} THEN {LANGUAGE_BONUS!r} ELSE 0 END"
)
SMALL_SHARE = 0.15  # candidate sets smaller than this share of the index: facet values looked up per candidate


def _phrase(terms: list[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


Variants = dict[str, list[str]]  # fuzzy word as typed → close words of the index vocabulary


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
    of them. `variants`: close words of the vocabulary for the graded stage's fuzzy words (OpenSearch
    `fuzziness`)."""
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
            flags = ", ".join(f"ok_{f} INTEGER NOT NULL DEFAULT 1" for f in FILTERABLE)
            conn.execute(
                f"CREATE TEMP TABLE cand (doc INTEGER PRIMARY KEY, score REAL NOT NULL, {CANDIDATE_COLUMNS}"
                f"date TEXT, held INTEGER NOT NULL DEFAULT 0, {flags})"
            )
            columns = FILL_CANDIDATES
            if query.is_empty:
                conn.execute(columns.format(score="0", held="0") + " FROM doc_meta d")
                excluded = any_expression(query.excluded)
                if excluded:
                    conn.execute(
                        "DELETE FROM cand WHERE doc IN (SELECT rowid FROM doc_terms WHERE doc_terms MATCH ?)",
                        (excluded,),
                    )
            else:
                # One statement: each candidate with its text score, the bonuses of what it holds (what was typed
                # outranks synonym-only matches; typed words close together) and, for a ranked query, one bit per
                # loose group it holds (`_rank`).
                bonuses = [
                    (TYPED_BONUS, any_expression(typed)) for typed in query.typed_alternatives()
                ]
                bonuses += [(PROXIMITY_BOOST, near) for near in near_expressions(query)]
                bonuses = [(bonus, e) for bonus, e in bonuses if e]
                groups = (
                    [(i, any_expression(g, variants)) for i, g in enumerate(query.split()[1])]
                    if query.ranked
                    else []
                )
                groups = [(i, e) for i, e in groups if e]
                score = " + ".join([TEXT_SCORE, *(f"{bonus!r} * {HOLDS}" for bonus, _ in bonuses)])
                held = " + ".join([*(f"{1 << i} * {HOLDS}" for i, _ in groups)]) or "0"
                conn.execute(
                    columns.format(score=score, held=held)
                    + f" FROM (SELECT rowid AS doc, -bm25(doc_terms, "
                    f"{WEIGHTS}) AS score FROM doc_terms WHERE doc_terms MATCH ?) m CROSS JOIN doc_meta d "
                    "ON d.doc = m.doc",
                    (*(e for _, e in bonuses), *(e for _, e in groups), expression),
                )
            active = [f for f in FILTERABLE if request.filters.get(f)]
            for facet in active:
                values = request.filters[facet]
                marks = ",".join("?" * len(values))
                if facet in SINGLE_VALUED:
                    conn.execute(
                        f"UPDATE cand SET ok_{facet} = coalesce({facet} IN ({marks}), 0)", values
                    )
                else:
                    conn.execute(
                        f"UPDATE cand SET ok_{facet} = doc IN (SELECT doc FROM facet_values "
                        f"WHERE facet = ? AND value IN ({marks}))",
                        (facet, *values),
                    )
            all_ok = " AND ".join(f"ok_{f}" for f in active) or "1"
            if not query.is_empty and query.ranked:
                fell_back = self._rank(conn, query, all_ok)
            count = conn.execute(f"SELECT count(*) FROM cand WHERE {all_ok}").fetchone()[0]
            facets = {facet: [] for facet in COUNTED}
            if request.with_facets:
                total = conn.execute("SELECT count(*) FROM cand").fetchone()[0]
                small = total < SMALL_SHARE * (
                    conn.execute("SELECT max(doc) FROM docs").fetchone()[0] or 1
                )
                facets = {
                    facet: self._facet(conn, request, facet, active, small) for facet in COUNTED
                }
            order = (
                "cand.date DESC, cand.score DESC"
                if request.sort == "date" or query.is_empty
                else "cand.score DESC, cand.date DESC"
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
                data.pop("body", None)
                data.pop("keywords", None)
                matched = {i for i in range(loose) if held >> i & 1} if query.ranked else None
                hits.append(
                    Hit(id=doc_id, score=score, source=data, highlights=highlights, matched=matched)
                )
            conn.execute("DROP TABLE temp.cand")
        return SearchResponse(count=count, hits=hits, facets=facets, fell_back=fell_back)

    @staticmethod
    def _rank(conn: sqlite3.Connection, query: ParsedQuery, all_ok: str) -> bool:
        """Ranked partial matching (search.query): given which loose groups each candidate holds (one bit each,
        set by `search`), the candidates holding too few dropped, then COVER_SCORE × the weight of each group held
        (rarer groups weigh more, search.query.coverage_weights; FOREIGN_COVER of it in another language) and
        ALL_WORDS_BONUS for holding them all. With `fallback_loose`, when none of those the facet filters keep
        (`all_ok`) holds `needed` groups, those holding that many are kept instead (the next graded level, same
        candidates): returns True then."""
        _, loose, needed = query.split()
        # How many candidates hold each group (their `held` bits were set when they were read).
        frequencies = [
            n or 0
            for n in conn.execute(
                f"SELECT {', '.join(f'sum(held >> {i} & 1)' for i in range(len(loose)))} FROM cand"
            ).fetchone()
        ]
        total = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        weights = coverage_weights(frequencies, total)
        count_held = " + ".join(f"(held >> {i} & 1)" for i in range(len(loose)))
        fell_back = (
            query.fallback_loose is not None
            and query.fallback_loose < needed
            and conn.execute(
                f"SELECT 1 FROM cand WHERE {all_ok} AND {count_held} >= ? LIMIT 1", (needed,)
            ).fetchone()
            is None
        )
        if fell_back:
            needed = query.fallback_loose
        conn.execute(f"DELETE FROM cand WHERE {count_held} < ?", (needed,))
        cover = " + ".join(
            f"(held >> {i} & 1) * {COVER_SCORE * w!r}" for i, w in enumerate(weights)
        )
        share = f"(CASE WHEN {IN_SITE_LANGUAGE.format(table='cand')} THEN 1.0 ELSE {FOREIGN_COVER!r} END)"
        conn.execute(
            f"UPDATE cand SET score = score + ({cover}) * {share} + (CASE WHEN held = ? THEN ? ELSE 0 END)",
            ((1 << len(loose)) - 1, ALL_WORDS_BONUS),
        )
        return fell_back

    @staticmethod
    def _facet(
        conn: sqlite3.Connection, request: SearchRequest, facet: str, active: list[str], small: bool
    ) -> list:
        others = " AND ".join(f"cand.ok_{f}" for f in active if f != facet) or "1"
        include = request.facet_include.get(facet)
        if include is not None and not include:
            return []
        params: list[Any] = []
        if facet in SINGLE_VALUED:
            sql = f"SELECT cand.{facet} AS value, count(*) AS n FROM cand WHERE {others} AND value IS NOT NULL"
            value = f"cand.{facet}"
        else:
            # Few candidates: walk them and look their values up; many: walk the facet's values instead.
            join = "CROSS JOIN" if small else "JOIN"
            sql = (
                f"SELECT fv.value AS value, count(*) AS n FROM cand {join} facet_values fv ON fv.doc = cand.doc "
                f"AND fv.facet = ? WHERE {others}"
            )
            params.append(facet)
            value = "fv.value"
        if include is not None:
            sql += f" AND {value} IN ({','.join('?' * len(include))})"
            params += include
            limit = len(include)
        else:
            limit = BY_NAME[facet].size or request.facet_size
        sql += " GROUP BY value ORDER BY n DESC, value LIMIT ?"
        return [(str(value), n) for value, n in conn.execute(sql, (*params, limit))]

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
        expression = text_expression(query, variants)
        if not ids or query.is_empty or expression is None:
            return set()
        _, loose, needed = query.split()
        # each group with its close words, as `_rank` and OpenSearch's text_query count them
        groups = [any_expression(g, variants) for g in loose] if query.ranked else []
        found = set()
        with self._read() as conn:
            if conn is None:
                return set()

            def holds(doc: int, text: str | None) -> bool:
                return (
                    bool(text)
                    and conn.execute(
                        "SELECT 1 FROM doc_terms WHERE doc_terms MATCH ? AND rowid = ?", (text, doc)
                    ).fetchone()
                    is not None
                )

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
        """The embedded counterpart of OpenSearch `fuzziness` for a relaxed query's fuzzy words: the same edits
        (spelling.max_edits, as `AUTO:5,8`) and the first letter kept (`prefix_length` 1, os_query.FUZZY), unlike
        the spelling's suggestions."""
        if not fuzzy:
            return {}
        with self._read() as conn:
            if conn is None:
                return {}
            return {word: self._close_words(conn, fold(word), same_first=True) for word in fuzzy}

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
