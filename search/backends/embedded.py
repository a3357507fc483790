"""Embedded search backend: an SQLite FTS5 file beside the site, no server needed.

Text is analysed in Python (search.analysis: elision, accent folding, stop words, French stemming,
acronym synonyms) and stored as terms; the raw text is kept per page/slide for highlighted passages.
A rebuild writes a new file and swaps it in with an atomic rename.
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from search.analysis import analyze, expand_synonyms, fold
from search.backends.base import (
    Highlight,
    Hit,
    Progress,
    SearchBackend,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
)
from search.highlight import passages
from search.query import Item

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, kind TEXT, date TEXT, title TEXT, source TEXT);
CREATE TABLE IF NOT EXISTS facet_values (id TEXT, facet TEXT, value TEXT);
CREATE INDEX IF NOT EXISTS facet_by_value ON facet_values (facet, value);
CREATE INDEX IF NOT EXISTS facet_by_id ON facet_values (id);
CREATE VIRTUAL TABLE IF NOT EXISTS units USING fts5(
    terms, id UNINDEXED, field UNINDEXED, part UNINDEXED, raw UNINDEXED, tokenize='unicode61'
);
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, n INTEGER);
"""
FIELD_WEIGHTS = {"title": 4.0, "summary": 2.0, "body": 1.0, "part": 1.0}
FACET_FIELDS = {"kind": "kind", "type": "type", "themes": "themes", "territories": "territories", "year": "year"}
_write_lock = threading.Lock()


def _units(doc: dict[str, Any]) -> list[tuple[str, str, int | None, str]]:
    units = [("title", None, doc.get("title") or ""), ("summary", None, doc.get("summary") or ""),
             ("body", None, doc.get("body") or "")]
    units += [("part", part["number"], part["text"]) for part in doc.get("parts") or []]
    return [(" ".join(analyze(raw)), field, number, raw) for field, number, raw in units if raw.strip()]


def _facet_rows(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    for facet, key in FACET_FIELDS.items():
        value = doc.get(key)
        values = value if isinstance(value, list) else [value]
        rows += [(doc["id"], facet, str(v)) for v in values if v not in (None, "")]
    return rows


def _fts_phrase(terms: tuple[str, ...]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @contextmanager
    def _connect(self, path: Path | None = None):
        target = path or self.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(target, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise SearchUnavailable(str(exc)) from exc
        try:
            conn.executescript(SCHEMA)
            yield conn
            conn.commit()
        except sqlite3.Error as exc:
            conn.rollback()
            raise SearchUnavailable(str(exc)) from exc
        finally:
            conn.close()

    # --- writing ---------------------------------------------------------------------------
    def ensure_index(self) -> None:
        with self._connect():
            pass

    def _write(self, conn: sqlite3.Connection, docs: list[dict[str, Any]]) -> None:
        ids = [(d["id"],) for d in docs]
        self._delete(conn, [d["id"] for d in docs])
        conn.executemany(
            "INSERT INTO docs (id, kind, date, title, source) VALUES (?, ?, ?, ?, ?)",
            [(d["id"], d["kind"], d.get("date") or "", d["title"], json.dumps(d, ensure_ascii=False)) for d in docs],
        )
        conn.executemany("INSERT INTO facet_values VALUES (?, ?, ?)", [r for d in docs for r in _facet_rows(d)])
        conn.executemany(
            "INSERT INTO units (terms, id, field, part, raw) VALUES (?, ?, ?, ?, ?)",
            [(terms, d["id"], f, n, raw) for d in docs for terms, f, n, raw in _units(d)],
        )
        counts: dict[str, int] = defaultdict(int)
        for d in docs:
            for word in analyze(f"{d['title']} {d.get('summary') or ''}", keep_stop_words=True):
                counts[word] += 1
            for word in fold(d["title"]).split():
                if word.isalpha() and len(word) > 3:
                    counts["=" + word] += 1
        conn.executemany(
            "INSERT INTO vocab (word, n) VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
            list(counts.items()),
        )
        del ids

    def _delete(self, conn: sqlite3.Connection, ids: list[str]) -> None:
        for table in ("docs", "facet_values", "units"):
            conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in ids])

    def index_many(self, docs: list[dict[str, Any]]) -> None:
        if not docs:
            return
        with _write_lock, self._connect() as conn:
            self._write(conn, docs)

    def delete_many(self, ids: list[str]) -> None:
        if not ids:
            return
        with _write_lock, self._connect() as conn:
            self._delete(conn, ids)

    def rebuild(self, docs: Iterable[dict[str, Any]], progress: Progress | None = None) -> int:
        fresh = self.path.with_suffix(f".rebuild-{os.getpid()}")
        fresh.unlink(missing_ok=True)
        total, batch = 0, []
        with self._connect(fresh) as conn:
            for doc in docs:
                batch.append(doc)
                if len(batch) >= 500:
                    self._write(conn, batch)
                    total += len(batch)
                    batch = []
                    if progress:
                        progress(total)
            self._write(conn, batch)
            total += len(batch)
            if progress:
                progress(total)
        with _write_lock:
            os.replace(fresh, self.path)  # readers switch to the new file at their next query
        return total

    def count(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    # --- reading ---------------------------------------------------------------------------
    def _alternatives(self, item: Item) -> list[tuple[str, ...]]:
        terms = tuple(analyze(item.text))
        if not terms:
            return []
        return expand_synonyms(terms)

    def _match_group(self, conn, items: list[Item]) -> dict[str, list[tuple[str, int | None, float]]]:
        alternatives = [alt for item in items for alt in self._alternatives(item)]
        if not alternatives:
            return {}
        expression = " OR ".join(_fts_phrase(alt) for alt in alternatives)
        rows = conn.execute(
            "SELECT id, field, part, bm25(units) FROM units WHERE units MATCH ?", (expression,)
        ).fetchall()
        matched: dict[str, list] = defaultdict(list)
        for doc_id, field, part, rank in rows:
            matched[doc_id].append((field, part, -rank * FIELD_WEIGHTS.get(field, 1.0)))
        return matched

    def search(self, request: SearchRequest) -> SearchResponse:
        with self._connect() as conn:
            query = request.query
            group_matches = [self._match_group(conn, group) for group in query.groups]
            group_matches = [m for m, g in zip(group_matches, query.groups, strict=True) if self._has_terms(g)]
            scores: dict[str, float] = {}
            rows_by_id: dict[str, list] = defaultdict(list)
            if group_matches:
                candidate_ids = set(group_matches[0])
                for matched in group_matches[1:]:
                    candidate_ids &= set(matched)
                for matched in group_matches:
                    for doc_id in candidate_ids:
                        rows = matched[doc_id]
                        rows_by_id[doc_id] += rows
                        scores[doc_id] = scores.get(doc_id, 0.0) + max(r[2] for r in rows)
            elif query.is_empty or not any(self._has_terms(g) for g in query.groups):
                candidate_ids = {r[0] for r in conn.execute("SELECT id FROM docs")} if query.is_empty else set()
                scores = dict.fromkeys(candidate_ids, 0.0)
            else:
                candidate_ids = set()
            for item in query.excluded:
                candidate_ids -= set(self._match_group(conn, [item]))
            for facet, values in request.filters.items():
                if not values:
                    continue
                placeholders = ",".join("?" * len(values))
                allowed = {
                    r[0]
                    for r in conn.execute(
                        f"SELECT id FROM facet_values WHERE facet = ? AND value IN ({placeholders})",
                        (facet, *values),
                    )
                }
                candidate_ids &= allowed
            facets = self._facets(conn, candidate_ids, request.facet_size)
            sources = self._sources(conn, candidate_ids)
            if request.sort == "date" or not group_matches:
                ordered = sorted(candidate_ids, key=lambda i: (sources[i].get("date") or "", scores.get(i, 0)),
                                 reverse=True)
            else:
                ordered = sorted(candidate_ids, key=lambda i: (scores.get(i, 0), sources[i].get("date") or ""),
                                 reverse=True)
            start = (request.page - 1) * request.per_page
            page_ids = ordered[start : start + request.per_page]
            # Highlight the words typed and single-word equivalents (an acronym for its expansion, or back).
            terms = {t for item in query.items() for alt in self._alternatives(item)
                     if alt == tuple(analyze(item.text)) or len(alt) == 1 for t in alt}
            hits = [
                Hit(
                    id=i,
                    score=scores.get(i, 0.0),
                    source=sources[i],
                    highlights=self._highlights(conn, i, rows_by_id.get(i, []), terms, request.highlights_per_hit),
                )
                for i in page_ids
            ]
        return SearchResponse(count=len(candidate_ids), hits=hits, facets=facets)

    def _has_terms(self, group: list[Item]) -> bool:
        return any(analyze(item.text) for item in group)

    def _sources(self, conn, ids: set[str]) -> dict[str, dict[str, Any]]:
        out = {}
        id_list = list(ids)
        for i in range(0, len(id_list), 500):
            chunk = id_list[i : i + 500]
            for doc_id, source in conn.execute(
                f"SELECT id, source FROM docs WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ):
                out[doc_id] = json.loads(source)
        return out

    def _facets(self, conn, ids: set[str], size: int) -> dict[str, list[tuple[str, int]]]:
        counts: dict[str, dict[str, int]] = {facet: defaultdict(int) for facet in FACET_FIELDS}
        id_list = list(ids)
        for i in range(0, len(id_list), 500):
            chunk = id_list[i : i + 500]
            for facet, value, n in conn.execute(
                "SELECT facet, value, count(*) FROM facet_values WHERE id IN "
                f"({','.join('?' * len(chunk))}) GROUP BY facet, value",
                chunk,
            ):
                counts[facet][value] += n
        return {
            facet: sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:size] if facet != "territories"
            else sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            for facet, values in counts.items()
        }

    def _highlights(self, conn, doc_id: str, rows: list, terms: set[str], limit: int) -> list[Highlight]:
        if not rows or not terms:
            return []
        wanted = sorted({(f, p) for f, p, _ in rows if f != "title"}, key=lambda fp: (fp[0] != "part", fp[1] or 0))
        out: list[Highlight] = []
        for field, part in wanted:
            raw_rows = conn.execute(
                "SELECT raw FROM units WHERE id = ? AND field = ? AND part IS ?", (doc_id, field, part)
            ).fetchall()
            for (raw,) in raw_rows:
                for text in passages(raw, terms, limit=1):
                    out.append(Highlight(text=text, page=part if field == "part" else None))
            if len(out) >= limit:
                break
        return out[:limit]

    def autocomplete(self, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
        folded = fold(prefix).strip()
        if len(folded) < 2:
            return []
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT source FROM docs WHERE kind != 'document' ORDER BY date DESC",
            ).fetchall()
        out = []
        for (source,) in rows:
            doc = json.loads(source)
            title = fold(doc["title"])
            if title.startswith(folded) or f" {folded}" in title:
                out.append({"title": doc["title"], "url": doc["url"], "kind": doc["kind"]})
                if len(out) >= limit:
                    break
        return out

    def suggest(self, text: str) -> str | None:
        words = [w for w in fold(text).split() if w.isalpha()]
        if not words:
            return None
        with self._connect() as conn:
            vocab = {w[1:]: n for w, n in conn.execute("SELECT word, n FROM vocab WHERE word LIKE '=%'")}
        changed, out = False, []
        for word in words:
            if word in vocab or len(word) < 4:
                out.append(word)
                continue
            close = difflib.get_close_matches(word, vocab.keys(), n=1, cutoff=0.75)
            if close:
                out.append(close[0])
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else None
