"""The embedded backend's term postings: for each index term, the items holding it and its weighted frequency.

FTS5 answers which items hold a phrase, but ranks them by computing bm25 row by row over every candidate (90 ms for
70,000 candidates at 100,000 items, before anything else). The postings keep what that score needs per term and
item — the frequency weighted by column (title 4, summary 2, body, keywords and parts 1: `COLUMN_WEIGHTS`) — so that a
search scores every candidate at once with numpy (search.backends.embedded_scoring).

Layout (`postings` table): rows of (term, seg, docs, freqs, segs), the last three little-endian arrays. Every write
of items is a new segment (`meta.segment`), recorded per item in `doc_meta.seg`; a posting counts only while its
item's current segment is the one that wrote it, so that an item rewritten or removed needs no rewrite of the
terms it held (as Lucene's deleted documents). A term whose rows pass MAX_SEGMENTS is merged into one row without
its stale postings; a rebuild merges every term once at the end.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable

import numpy as np

# The columns of doc_terms and their weights (as OpenSearch weighs its fields: os_query.TOP_FIELDS).
COLUMN_WEIGHTS = (4.0, 2.0, 1.0, 1.0, 1.0)
# FTS5's unicode61 tokenizer: runs of letters and digits (the analysed text is already folded and lower-case).
_TOKEN_RE = re.compile(r"[^\W_]+")
MAX_SEGMENTS = 16
_DOCS = np.dtype("<i4")
_FREQS = np.dtype("<f4")


def tokens(text: str) -> list[str]:
    """The FTS5 tokens of an analysed text."""
    return _TOKEN_RE.findall(text)


def weighted_frequencies(columns: Iterable[str]) -> tuple[Counter[str], int]:
    """An item's weighted term frequencies over its analysed columns (in doc_terms' order) and its length in tokens
    (FTS5's document length: every column's tokens)."""
    freqs: Counter[str] = Counter()
    length = 0
    for text, weight in zip(columns, COLUMN_WEIGHTS, strict=True):
        found = tokens(text)
        length += len(found)
        for term, n in Counter(found).items():
            freqs[term] += n * weight
    return freqs, length


def next_segment(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'segment'").fetchone()
    seg = int(row[0]) + 1 if row else 1
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('segment', ?)", (str(seg),))
    return seg


def write_postings(
    conn: sqlite3.Connection, seg: int, by_term: dict[str, tuple[list[int], list[float]]]
) -> None:
    """One row per term of a segment: the items written in it holding the term, with their frequencies."""
    rows = []
    for term, (docs, freqs) in by_term.items():
        d = np.asarray(docs, dtype=_DOCS)
        rows.append(
            (
                term,
                seg,
                d.tobytes(),
                np.asarray(freqs, dtype=_FREQS).tobytes(),
                np.full(d.size, seg, dtype=_DOCS).tobytes(),
            )
        )
    conn.executemany("INSERT INTO postings VALUES (?, ?, ?, ?, ?)", rows)


def current_segments(conn: sqlite3.Connection) -> np.ndarray:
    """Each item number's current segment (-1: no such item), as doc_meta holds it now."""
    docs, segs = conn.execute(
        "SELECT group_concat(doc), group_concat(seg) FROM doc_meta"
    ).fetchone()
    if not docs:
        return np.full(1, -1, dtype=np.int64)
    numbers = np.array(docs.split(","), dtype=np.int64)
    out = np.full(int(numbers.max()) + 1, -1, dtype=np.int64)
    out[numbers] = np.array(segs.split(","), dtype=np.int64)
    return out


def _current(
    rows: list[tuple[bytes, bytes, bytes]], doc_segs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A term's rows (docs, freqs, segs) → the arrays of its postings still current against `doc_segs`."""
    if not rows:
        return np.zeros(0, dtype=_DOCS), np.zeros(0, dtype=_FREQS), np.zeros(0, dtype=_DOCS)
    docs, freqs, segs = (
        np.concatenate([np.frombuffer(r[i], dtype=t) for r in rows])
        for i, t in enumerate((_DOCS, _FREQS, _DOCS))
    )
    inside = docs < doc_segs.size
    keep = np.zeros(docs.size, dtype=bool)
    keep[inside] = doc_segs[docs[inside]] == segs[inside]
    return docs[keep], freqs[keep], segs[keep]


def merge(conn: sqlite3.Connection, terms: Iterable[str] | None = None) -> int:
    """Merges the rows of `terms` that have more than MAX_SEGMENTS of them (every term with more than one row when
    `terms` is None, after a rebuild) into one row of their current postings; returns how many terms were merged."""
    if terms is None:
        chosen = [
            t
            for (t,) in conn.execute("SELECT term FROM postings GROUP BY term HAVING count(*) > 1")
        ]
    else:
        wanted = sorted(set(terms))
        chosen = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            chosen += [
                t
                for (t,) in conn.execute(
                    f"SELECT term FROM postings WHERE term IN ({','.join('?' * len(chunk))}) "
                    f"GROUP BY term HAVING count(*) > {MAX_SEGMENTS}",
                    chunk,
                )
            ]
    if not chosen:
        return 0
    doc_segs = current_segments(conn)
    for term in chosen:
        rows = conn.execute(
            "SELECT seg, docs, freqs, segs FROM postings WHERE term = ?", (term,)
        ).fetchall()
        docs, freqs, segs = _current([r[1:] for r in rows], doc_segs)
        order = np.argsort(docs, kind="stable")
        conn.execute("DELETE FROM postings WHERE term = ?", (term,))
        if order.size:
            conn.execute(
                "INSERT INTO postings VALUES (?, ?, ?, ?, ?)",
                (
                    term,
                    max(r[0] for r in rows),
                    docs[order].tobytes(),
                    freqs[order].tobytes(),
                    segs[order].tobytes(),
                ),
            )
    return len(chosen)


def read(
    conn: sqlite3.Connection, term: str, doc_segs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The current postings of `term`: (items, weighted frequencies)."""
    rows = conn.execute("SELECT docs, freqs, segs FROM postings WHERE term = ?", (term,)).fetchall()
    docs, freqs, _ = _current(rows, doc_segs)
    return docs.astype(np.int64), freqs.astype(np.float64)
