"""Embedded search backend: an SQLite FTS5 file beside the site, no server needed.

Text is analysed in Python (search.analysis: the same elision, folding, stop words and stemming as the
OpenSearch analyzer) and stored as terms:

- `docs`: one row per indexed item (integer `doc`, public `id`, kind, date, JSON source);
- `doc_terms`: FTS5, one row per item, columns title/summary/body/keywords/parts weighted 4/2/1/1/1 like
  OpenSearch (keywords: the names an item is tagged with, searched but never quoted in a passage);
- `part_terms`: FTS5, one row per page/slide (rowid = doc × 4096 + number), with the raw text, to say
  where a document matches and quote it;
- `doc_meta`: one row per item with its single-valued facets (search.facet_spec) as columns, its date, its length
  in tokens and the segment its postings were written in;
- `postings`: each term's items and weighted frequencies, by segment (search.backends.embedded_postings), from which
  a search scores its candidates (search.backends.embedded_scoring);
- `facet_values`: (doc, facet, value) for the multi-valued facets' counts and filters;
- `meta`: the layout, the analysis it was written with, and a generation token renewed by every change;
- `title_words`: FTS5 with prefix indexes for autocomplete; `spell`: how many items hold each public word, for
  suggestions, and `spell_deletes`: each of these words with one letter deleted (search.spelling), so that a
  typed word finds its candidates by a few indexed look-ups; `spell_forms`: how many items write a folded word
  with accents or other letters than its folded form (« méthanisation » for `methanisation`), so that a
  suggestion is shown as the content writes it.

A rebuild writes a new file and swaps it in with an atomic rename; edits made meanwhile go to both files.
Reading is in `embedded_read.py`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from search.analysis import analyze, fold, fold_word
from search.backends import embedded_postings as postings
from search.backends.base import Progress, SearchBackend, SearchUnavailable
from search.backends.embedded_read import PART_SLOTS, EmbeddedReader
from search.backends.os_mapping import analysis_fingerprint
from search.facet_spec import MULTI_VALUED, SINGLE_VALUED
from search.spelling import deletions

logger = logging.getLogger(__name__)

# Single-valued facets are columns of doc_meta: one added to search/facet_spec.py makes a new layout (an index
# of an older layout is emptied on the next write; rebuild it). Layout 5 has kind, type and year, and the
# spelling's deletions (`spell_deletes`); layout 6 the `keywords` column of doc_terms and the words' written
# forms (`spell_forms`); layout 7 the term postings (`postings`, `doc_meta.seg` and `length`).
SCHEMA_VERSION = "-".join(
    ["7", *(name for name in SINGLE_VALUED if name not in ("kind", "type", "year"))]
)
AUTOCOMPLETE_KINDS = ("page", "actor")
# A token renewed by every change of the items (`meta.generation`): readers keep what they derive from the index
# (search.backends.embedded_facets) while it is the same.
NEW_GENERATION = "lower(hex(randomblob(16)))"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}');
INSERT OR IGNORE INTO meta VALUES ('generation', {NEW_GENERATION});
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_meta (
    doc INTEGER PRIMARY KEY, {" ".join(f"{name} TEXT," for name in SINGLE_VALUED)} date TEXT NOT NULL,
    seg INTEGER NOT NULL, length INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (
    term TEXT NOT NULL, seg INTEGER NOT NULL, docs BLOB NOT NULL, freqs BLOB NOT NULL, segs BLOB NOT NULL,
    PRIMARY KEY (term, seg)
);
CREATE TABLE IF NOT EXISTS facet_values (
    doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (doc, facet, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facet_by_value ON facet_values (facet, value, doc);
CREATE VIRTUAL TABLE IF NOT EXISTS doc_terms USING fts5(title, summary, body, keywords, parts, tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS part_terms USING fts5(terms, raw UNINDEXED, tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS title_words USING fts5(words, tokenize='unicode61', prefix='2 3');
CREATE TABLE IF NOT EXISTS spell (word TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS spell_deletes (key TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (key, word)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS spell_forms (
    word TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (word, form)
) WITHOUT ROWID;
"""
_SPELL_WORD = re.compile(r"[a-z]{4,}")
_WRITTEN_WORD = re.compile(r"[^\W\d_]{4,}")
_write_lock = threading.Lock()


def _spell_text(source: dict[str, Any]) -> str:
    texts = [
        source.get("title"),
        source.get("summary"),
        source.get("body"),
        *(source.get("keywords") or []),
    ]
    texts += [part.get("text") for part in source.get("parts") or []]
    return " ".join(t for t in texts if t)


def spell_words(source: dict[str, Any]) -> set[str]:
    """Folded words that suggestions may propose: every public word, documents' text included."""
    return set(_SPELL_WORD.findall(fold(_spell_text(source))))


def spell_forms(source: dict[str, Any]) -> set[tuple[str, str]]:
    """(folded word, written form in lower case) of the words of `source` written otherwise than folded."""
    out = set()
    for written in _WRITTEN_WORD.findall(_spell_text(source)):
        form = written.lower()
        folded = fold_word(form)
        if folded != form and _SPELL_WORD.fullmatch(folded):
            out.add((folded, form))
    return out


def _analysed(text: str | None) -> str:
    return " ".join(analyze(text or "")) if text else ""


class EmbeddedBackend(EmbeddedReader, SearchBackend):
    name = "embedded"

    def __init__(self, path: Path | str):
        self.path = Path(path)

    # --- connections -----------------------------------------------------------------------
    @contextmanager
    def _connect(
        self, path: Path | None = None, create: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """A writing connection; creates the file and its tables if needed (unless `create` is False)."""
        target = path or self.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                target if create else f"file:{target}?mode=rw", timeout=30, uri=not create
            )
        except (OSError, sqlite3.Error) as exc:
            raise SearchUnavailable(str(exc)) from exc
        try:
            new = self._check_schema(conn, target)
            conn.executescript(SCHEMA)
            if new:  # a new file is written with this code's analysis (an emptied one keeps none: rebuild it)
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('analysis', ?)", (analysis_fingerprint(),)
                )
            yield conn
            conn.commit()
        except sqlite3.Error as exc:
            conn.rollback()
            raise SearchUnavailable(str(exc)) from exc
        finally:
            conn.close()

    @staticmethod
    def _check_schema(conn: sqlite3.Connection, target: Path) -> bool:
        """True for a new file; an index of an older layout is emptied here (and needs a rebuild)."""
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return True
        row = (
            conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if "meta" in tables
            else None
        )
        if row and row[0] == SCHEMA_VERSION:
            return False
        # An index written by an older version: it is derived data, start it again (then rebuild).
        logger.warning(
            "embedded search index %s has an old layout: emptied, run rebuild_search_index", target
        )
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'"
        ).fetchall():
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        conn.commit()
        return False

    def _rebuild_files(self) -> list[Path]:
        return sorted(self.path.parent.glob(self.path.name + ".rebuild-*"))

    # --- writing ---------------------------------------------------------------------------
    def ensure_index(self) -> None:
        with self._connect():
            pass

    def _write(
        self, conn: sqlite3.Connection, docs: list[dict[str, Any]], merge: bool = True
    ) -> None:
        """Writes `docs` as one new segment of postings; `merge`: merge the terms that now have too many (a rebuild
        merges them all at its end instead)."""
        docs = list({d["id"]: d for d in docs}.values())
        self._delete(conn, [d["id"] for d in docs], keep_rows=True)
        seg = postings.next_segment(conn)
        by_term: dict[str, tuple[list[int], list[float]]] = {}
        spell: Counter[str] = Counter()
        forms: Counter[tuple[str, str]] = Counter()
        facet_rows, doc_rows, part_rows, title_rows, meta_rows = [], [], [], [], []
        for d in docs:
            source = {k: v for k, v in d.items() if k != "parts"}
            doc = conn.execute(
                "INSERT INTO docs (id, kind, date, source) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "kind = excluded.kind, date = excluded.date, source = excluded.source RETURNING doc",
                (d["id"], d["kind"], d.get("date") or "", json.dumps(source, ensure_ascii=False)),
            ).fetchone()[0]
            meta = [
                doc,
                *(None if d.get(name) in (None, "") else str(d[name]) for name in SINGLE_VALUED),
            ]
            for facet in MULTI_VALUED:
                value = d.get(facet)
                for v in value if isinstance(value, list) else [value]:
                    if v not in (None, ""):
                        facet_rows.append((doc, facet, str(v)))
            parts = [
                p
                for p in d.get("parts") or []
                if 0 <= int(p["number"]) < PART_SLOTS and p["text"].strip()
            ]
            analysed_parts = [
                (doc * PART_SLOTS + int(p["number"]), _analysed(p["text"]), p["text"])
                for p in parts
            ]
            part_rows += analysed_parts
            columns = (
                _analysed(d.get("title")),
                _analysed(d.get("summary")),
                _analysed(d.get("body")),
                _analysed("\n".join(d.get("keywords") or [])),
                "\n".join(a for _, a, _ in analysed_parts),
            )
            doc_rows.append((doc, *columns))
            freqs, length = postings.weighted_frequencies(columns)
            for term, freq in freqs.items():
                held = by_term.setdefault(term, ([], []))
                held[0].append(doc)
                held[1].append(freq)
            meta_rows.append((*meta, d.get("date") or "", seg, length))
            if d["kind"] in AUTOCOMPLETE_KINDS:
                title_rows.append((doc, " ".join(w for w in re.findall(r"\w+", fold(d["title"])))))
            spell.update(spell_words(d))
            forms.update(spell_forms(d))
        conn.executemany(
            f"INSERT INTO doc_meta VALUES (?, {'?, ' * len(SINGLE_VALUED)}?, ?, ?)", meta_rows
        )
        postings.write_postings(conn, seg, by_term)
        if merge:
            postings.merge(conn, by_term)
        conn.executemany("INSERT OR IGNORE INTO facet_values VALUES (?, ?, ?)", facet_rows)
        conn.executemany(
            "INSERT INTO doc_terms (rowid, title, summary, body, keywords, parts) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            doc_rows,
        )
        conn.executemany("INSERT INTO part_terms (rowid, terms, raw) VALUES (?, ?, ?)", part_rows)
        conn.executemany("INSERT INTO title_words (rowid, words) VALUES (?, ?)", title_rows)
        self._count_words(conn, spell, forms)
        self._changed(conn)

    def _delete(self, conn: sqlite3.Connection, ids: list[str], keep_rows: bool = False) -> None:
        spell: Counter[str] = Counter()
        forms: Counter[tuple[str, str]] = Counter()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = conn.execute(
                f"SELECT doc, source FROM docs WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            for doc, source in rows:
                # the words of every page/slide too (the stored source has no parts), or they would stay proposed
                parts = conn.execute(
                    "SELECT raw FROM part_terms WHERE rowid BETWEEN ? AND ?",
                    (doc * PART_SLOTS, doc * PART_SLOTS + PART_SLOTS - 1),
                ).fetchall()
                stored = {**json.loads(source), "parts": [{"text": raw} for (raw,) in parts]}
                spell.update(spell_words(stored))
                forms.update(spell_forms(stored))
                conn.execute("DELETE FROM facet_values WHERE doc = ?", (doc,))
                conn.execute("DELETE FROM doc_meta WHERE doc = ?", (doc,))
                conn.execute("DELETE FROM doc_terms WHERE rowid = ?", (doc,))
                conn.execute(
                    "DELETE FROM part_terms WHERE rowid BETWEEN ? AND ?",
                    (doc * PART_SLOTS, doc * PART_SLOTS + PART_SLOTS - 1),
                )
                conn.execute("DELETE FROM title_words WHERE rowid = ?", (doc,))
                if not keep_rows:
                    conn.execute("DELETE FROM docs WHERE doc = ?", (doc,))
        if spell:
            self._count_words(
                conn,
                Counter({w: -n for w, n in spell.items()}),
                Counter({f: -n for f, n in forms.items()}),
            )
        self._changed(conn)

    @staticmethod
    def _changed(conn: sqlite3.Connection) -> None:
        conn.execute(f"INSERT OR REPLACE INTO meta VALUES ('generation', {NEW_GENERATION})")

    @staticmethod
    def _count_words(
        conn: sqlite3.Connection, change: Counter[str], forms: Counter[tuple[str, str]]
    ) -> None:
        """Adds `change` to the spelling's word counts (and `forms` to their written forms' counts); a word that
        appears gets its deletions, one that no public item holds any more leaves with them."""
        conn.executemany(
            "INSERT INTO spell_forms (word, form, n) VALUES (?, ?, ?) "
            "ON CONFLICT(word, form) DO UPDATE SET n = n + excluded.n",
            [(w, f, n) for (w, f), n in forms.items() if n],
        )
        conn.executemany(
            "DELETE FROM spell_forms WHERE word = ? AND form = ? AND n <= 0",
            [(w, f) for (w, f), n in forms.items() if n < 0],
        )
        words = sorted(change)
        known: set[str] = set()
        for i in range(0, len(words), 500):
            chunk = words[i : i + 500]
            known |= {
                w
                for (w,) in conn.execute(
                    f"SELECT word FROM spell WHERE word IN ({','.join('?' * len(chunk))})", chunk
                )
            }
        conn.executemany(
            "INSERT INTO spell (word, n) VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n",
            [(w, n) for w, n in change.items() if n > 0 or w in known],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO spell_deletes VALUES (?, ?)",
            [(key, w) for w in words if w not in known and change[w] > 0 for key in deletions(w)],
        )
        fewer = [w for w in words if change[w] < 0 and w in known]
        for i in range(0, len(fewer), 500):
            chunk = fewer[i : i + 500]
            gone = [
                w
                for (w,) in conn.execute(
                    f"SELECT word FROM spell WHERE n <= 0 AND word IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                )
            ]
            conn.executemany(
                "DELETE FROM spell_deletes WHERE key = ? AND word = ?",
                [(key, w) for w in gone for key in deletions(w)],
            )
            conn.executemany("DELETE FROM spell WHERE word = ?", [(w,) for w in gone])

    def _apply(self, fn, arg) -> None:
        with _write_lock:
            with self._connect() as conn:
                fn(conn, arg)
            for fresh in self._rebuild_files():  # a rebuild is running: keep its file in step
                try:
                    with self._connect(fresh, create=False) as conn:
                        fn(conn, arg)
                except SearchUnavailable as exc:
                    logger.warning(
                        "could not forward an index change to the rebuild in progress: %s", exc
                    )

    def index_many(self, docs: list[dict[str, Any]]) -> None:
        if docs:
            self._apply(self._write, docs)

    def delete_many(self, ids: list[str]) -> None:
        if ids:
            self._apply(self._delete, ids)

    def rebuild(
        self,
        docs: Iterable[dict[str, Any]],
        progress: Progress | None = None,
        expected: int | None = None,
    ) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = (self.path.parent / (self.path.name + ".rebuild.lock")).open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise SearchUnavailable("une reconstruction de l'index est déjà en cours") from None
        try:
            return self._rebuild(docs, progress)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _rebuild(self, docs: Iterable[dict[str, Any]], progress: Progress | None) -> int:
        for stale in self._rebuild_files():
            stale.unlink(missing_ok=True)
        fresh = self.path.with_name(f"{self.path.name}.rebuild-{os.getpid()}")
        total, batch = 0, []
        try:
            for doc in docs:
                batch.append(doc)
                if len(batch) >= 500:
                    with _write_lock, self._connect(fresh) as conn:
                        self._write(conn, batch, merge=False)
                    total += len(batch)
                    batch = []
                    if progress:
                        progress(total)
            with _write_lock, self._connect(fresh) as conn:
                self._write(conn, batch, merge=False)
                postings.merge(conn)
                conn.execute("INSERT INTO doc_terms (doc_terms) VALUES ('optimize')")
            total += len(batch)
            with _write_lock:
                os.replace(fresh, self.path)  # readers switch to the new file at their next query
        except BaseException:
            fresh.unlink(missing_ok=True)
            raise
        if progress:
            progress(total)
        return total

    def analysis_outdated(self) -> bool:
        with self._read() as conn:
            if conn is None:
                return True
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'analysis'").fetchone()
                layout = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.OperationalError:  # no meta table: written before layouts were named
                return True
        return (
            row is None
            or row[0] != analysis_fingerprint()
            or layout is None
            or layout[0] != SCHEMA_VERSION
        )

    def count(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0] if conn else 0

    def ids(self) -> set[str]:
        with self._read() as conn:
            return {row[0] for row in conn.execute("SELECT id FROM docs")} if conn else set()
