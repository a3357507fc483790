"""Scoring a search's candidates at once, from the term postings (search.backends.embedded_postings) and arrays.

A query's phrases are read as dense arrays over item numbers: a phrase's weighted frequency in each item (0: the
item does not hold it). A one-word phrase is its term's postings; a phrase of several words is the items FTS5 finds
holding it (positions), each with the smallest frequency of its words (FTS5 would count the phrase's own
occurrences: an upper bound, equal when the words only occur together). Which items match, how many groups they
hold, their bm25 and bonuses are then whole-array operations: a few milliseconds for 70,000 candidates, where FTS5
computed bm25 row by row. bm25 is FTS5's: k1 = 1.2, b = 0.75, idf = ln((N - n + 0.5) / (n + 0.5)) (1e-6 when not
positive), N the items, n those holding the phrase, the document length every column's tokens.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from search.analysis import analyze
from search.backends import embedded_postings as postings
from search.backends.base import Variants
from search.backends.embedded_facets import numbers
from search.query import Item

K1 = 1.2
B = 0.75
Phrase = tuple[str, ...]
# The items holding a phrase of several words (FTS5 reads every position of its words: 10–20 ms for common words
# at 100,000 items), kept for the last phrases searched in this index generation: a question's graded levels and
# its suggestion check ask for the same phrases, and the glossary's expansions come back with every ESS query.
PHRASES_KEPT = 64
_phrases: OrderedDict[tuple[str, Phrase], np.ndarray] = OrderedDict()
_phrases_lock = threading.Lock()


@dataclass(frozen=True)
class DocArrays:
    """What scoring needs of every item, read once per index generation (embedded_facets.cached)."""

    generation: str | None  # the index's `meta.generation` when read
    size: int  # one more than the largest item number
    segs: np.ndarray  # each item's current segment (-1: none)
    lengths: np.ndarray  # tokens, every column
    dates: np.ndarray  # a code per item growing with its date (equal dates, equal codes)
    count: int
    average_length: float

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> DocArrays:
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        size = (conn.execute("SELECT max(doc) FROM docs").fetchone()[0] or 0) + 1
        docs, segs, lengths = conn.execute(
            "SELECT group_concat(doc), group_concat(seg), group_concat(length) FROM doc_meta"
        ).fetchone()
        items = numbers(docs)
        seg_of = np.full(size, -1, dtype=np.int64)
        length_of = np.zeros(size, dtype=np.float64)
        inside = items < size
        seg_of[items[inside]] = numbers(segs)[inside]
        length_of[items[inside]] = numbers(lengths)[inside]
        dates = np.zeros(size, dtype=np.int64)
        for code, (joined,) in enumerate(
            conn.execute("SELECT group_concat(doc) FROM doc_meta GROUP BY date ORDER BY date")
        ):
            found = numbers(joined)
            dates[found[found < size]] = code
        count = int(items.size)
        average = float(length_of.sum()) / count if count else 0.0
        return cls(row[0] if row else None, size, seg_of, length_of, dates, count, average)


def item_phrases(item: Item, variants: Variants | None = None) -> list[Phrase]:
    """An item's phrases as FTS5 reads them (embedded_read.item_expression): its own, then its close words'."""
    out = []
    for text in [item.text, *(variants or {}).get(item.text, [])]:
        terms = analyze(text)
        phrase = tuple(postings.tokens(" ".join(terms))) if terms else ()
        if phrase and phrase not in out:
            out.append(phrase)
    return out


class Scorer:
    """One search's phrases read against one index: dense frequency arrays, holder masks and bm25 per phrase."""

    def __init__(self, conn: sqlite3.Connection, arrays: DocArrays):
        self.conn = conn
        self.arrays = arrays
        self._freqs: dict[Phrase, np.ndarray] = {}
        self._terms: dict[str, np.ndarray] = {}
        # the length part of bm25's denominator, the same for every phrase
        average = arrays.average_length or 1.0
        self._norm = K1 * (1 - B + B * arrays.lengths / average)

    def _term(self, term: str) -> np.ndarray:
        if term not in self._terms:
            dense = np.zeros(self.arrays.size, dtype=np.float64)
            docs, freqs = postings.read(self.conn, term, self.arrays.segs)
            inside = docs < self.arrays.size
            dense[docs[inside]] = freqs[inside]
            self._terms[term] = dense
        return self._terms[term]

    def freqs(self, phrase: Phrase) -> np.ndarray:
        """The phrase's weighted frequency in each item (0: not held)."""
        if phrase not in self._freqs:
            if len(phrase) == 1:
                dense = self._term(phrase[0])
            else:
                dense = np.minimum.reduce([self._term(t) for t in phrase])
                if dense.any():
                    held = self._phrase_holders(phrase)
                    mask = np.zeros(self.arrays.size, dtype=bool)
                    mask[held[held < self.arrays.size]] = True
                    dense = np.where(mask, dense, 0.0)
            self._freqs[phrase] = dense
        return self._freqs[phrase]

    def _phrase_holders(self, phrase: Phrase) -> np.ndarray:
        """The items FTS5 finds holding a phrase of several words (PHRASES_KEPT)."""
        key = (self.arrays.generation, phrase)
        with _phrases_lock:
            if key in _phrases:
                _phrases.move_to_end(key)
                return _phrases[key]
        text = '"' + " ".join(t.replace('"', '""') for t in phrase) + '"'
        held = numbers(
            self.conn.execute(
                "SELECT group_concat(rowid) FROM doc_terms WHERE doc_terms MATCH ?", (text,)
            ).fetchone()[0]
        )
        if self.arrays.generation is not None:
            with _phrases_lock:
                _phrases[key] = held = held.astype(np.int32)
                while len(_phrases) > PHRASES_KEPT:
                    _phrases.popitem(last=False)
        return held

    def holders(self, phrases: list[Phrase]) -> np.ndarray:
        """A mask of the items holding any of `phrases`."""
        mask = np.zeros(self.arrays.size, dtype=bool)
        for phrase in phrases:
            mask |= self.freqs(phrase) > 0
        return mask

    def bm25(self, phrases: list[Phrase]) -> np.ndarray:
        """Each item's bm25 for `phrases` (FTS5's sum over the phrases of an expression)."""
        total = np.zeros(self.arrays.size, dtype=np.float64)
        n_items = self.arrays.count
        for phrase in phrases:
            f = self.freqs(phrase)
            held = np.flatnonzero(f)
            if not held.size:
                continue
            idf = math.log((n_items - held.size + 0.5) / (held.size + 0.5))
            idf = idf if idf > 0 else 1e-6
            fh = f[held]
            total[held] += idf * fh * (K1 + 1) / (fh + self._norm[held])
        return total
