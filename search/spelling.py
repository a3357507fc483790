"""Spelling corrections, shared by both backends: which typed words may be corrected, and into what.

A typed word is never rewritten when it is a word of the language or of the site: a word of the public
vocabulary (each backend checks its own index), of the ESS glossary (the synonym list editors manage,
`search.synonyms`) or of the French word list (Debian's `wfrench`, `/usr/share/dict/french`, installed by
`scripts/services/install-system.sh` and the Dockerfile; `MAILLAGE_FRENCH_WORDS` names another file).

The cost of a correction does not grow with the vocabulary: at most MAX_CHECKED words of a query are looked at,
and a word's candidates are found by symmetric deletion (Wolf Garbe's SymSpell): the index keeps, for every
vocabulary word, the words it gives with one letter deleted (`deletions`); a typed word is looked up by its own
deletions (one or two letters) and, for two edits, its variants one letter longer or replaced (`lookup_keys`), so
candidates are indexed look-ups bounded by the word's length, never a scan of the vocabulary.
The embedded backend keeps these deletions in its index; OpenSearch's term suggester walks its term dictionary
with a Levenshtein automaton, which is bounded the same way.
"""

from __future__ import annotations

import logging
import mmap
import os
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from search.analysis import fold
from search.synonyms import synonym_groups

logger = logging.getLogger(__name__)

MIN_LENGTH = 4  # shorter words are never corrected
MAX_LENGTH = 24  # nor longer ones (19 words of the French list are longer; their deletions would be thousands)
MAX_CHECKED = 6  # words of one query that may be corrected; the others stay as typed
MAX_CANDIDATES = 200  # vocabulary words compared with one typed word
CLOSE_WORDS = (
    3  # close words a fuzzy word of a graded query also matches (the backends' `close_variants`)
)
TWO_WRONG_UP_TO = (
    14  # two wrong letters are found in words up to this length (keys grow as its square)
)
FRENCH_WORDS = "/usr/share/dict/french"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TYPED_WORD = re.compile(r"[^\W_]+")


def max_edits(word: str) -> int:
    """Letters that may differ between a typed word and its correction: one, two from 8 letters (as OpenSearch's
    `AUTO:5,8` fuzziness, one step later for suggestions since they are proposed to everyone)."""
    return 2 if len(word) >= 8 else 1


def deletions(word: str, depth: int = 1) -> set[str]:
    """The words `word` gives with 1..`depth` letters deleted (never shorter than MIN_LENGTH - 1)."""
    out, frontier = set(), {word}
    for _ in range(depth):
        frontier = {
            w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > MIN_LENGTH - 1
        }
        out |= frontier
    return out


def substitutions(word: str) -> set[str]:
    """The words `word` gives with one letter replaced by another."""
    return {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in LETTERS if c != word[i]}


def lookup_keys(word: str, two_wrong: bool = False) -> set[str]:
    """What to look up for `word` among vocabulary words and their one-letter deletions: itself, its deletions up to
    its max_edits, and for two edits the keys that meet a vocabulary word's one-letter deletion whatever the two
    edits are: letters typed too many (its deletions), too few (the word with one letter added), one wrong and one
    missing (the word with one letter replaced) and, with `two_wrong` (for suggestions, not for the fuzzy matching of
    every search), two wrong (the word without one of them and the other replaced, up to TWO_WRONG_UP_TO letters).
    Bounded by the word's length, never by the vocabulary: 250 keys for 8 letters, with `two_wrong` 1,400 (4,600 for
    14), each one indexed look-up. Farther words are dropped by `distance`. None for a word too long."""
    if len(word) > MAX_LENGTH:
        return set()
    keys = {word} | deletions(word, max_edits(word))
    if max_edits(word) == 2:
        keys |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in LETTERS}
        keys |= substitutions(word)
        if two_wrong and len(word) <= TWO_WRONG_UP_TO:
            for shorter in deletions(word):
                keys |= substitutions(shorter)
    return keys


def distance(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, substitutions and swaps of two adjacent letters
    (optimal string alignment)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def best(word: str, candidates: dict[str, int]) -> str | None:
    """The closest of `candidates` (word → how many public items hold it) within max_edits of `word`: fewest edits,
    then same first letter, then the most frequent."""
    ranked = sorted(
        (distance(word, c), c[:1] != word[:1], -n, c) for c, n in candidates.items() if c != word
    )
    return ranked[0][3] if ranked and ranked[0][0] <= max_edits(word) else None


def confident(typed: str, corrected: str) -> bool:
    """A correction safe to run in place of what was typed (when that found nothing): the same words, each
    changed one by a single edit. A farther one is only proposed (« Vouliez-vous dire … »)."""
    before, after = _TYPED_WORD.findall(typed), _TYPED_WORD.findall(corrected)
    return len(before) == len(after) and all(
        distance(fold(a), fold(b)) <= 1 for a, b in zip(before, after)
    )


# --- words that are never corrected ---------------------------------------------------------------------------
class FrenchWords:
    """Membership in the French word list without holding it in memory: the list folded, sorted and written once
    beside the index (`<VAR_DIR>/cache/`), then searched by bisection in a memory map shared by every process."""

    def __init__(self, source: Path, cache_dir: Path):
        self.source, self.cache_dir = source, cache_dir
        self._map: mmap.mmap | None = None
        self._starts = array("I")
        self._lock = threading.Lock()

    def _sorted_file(self) -> Path | None:
        try:
            stat = self.source.stat()
        except OSError:
            return None
        target = self.cache_dir / f"french-words-{stat.st_size}-{int(stat.st_mtime)}.txt"
        if not target.exists():
            words = {fold(w) for w in self.source.read_text(encoding="utf-8").split()}
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f"{target.name}.{os.getpid()}")
            tmp.write_bytes(
                ("\n" + "\n".join(sorted(w for w in words if w.isascii())) + "\n").encode()
            )
            os.replace(tmp, target)
        return target

    def _mapped(self) -> tuple[mmap.mmap, array] | None:
        if self._map is None:
            with self._lock:
                if self._map is None:
                    path = self._sorted_file()
                    if path is None:
                        logger.warning(
                            "French word list %s missing: apt-get install wfrench", self.source
                        )
                        return None
                    with path.open("rb") as f:
                        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                    starts, at = array("I"), data.find(b"\n") + 1
                    while 0 < at < len(data):
                        starts.append(at)
                        at = data.find(b"\n", at) + 1
                    self._starts, self._map = starts, data
        return self._map, self._starts

    def __contains__(self, word: str) -> bool:
        mapped = self._mapped()
        if mapped is None or not word.isascii():
            return False
        data, starts = mapped
        needle = word.encode()

        def line(i: int) -> bytes:
            return data[starts[i] : data.find(b"\n", starts[i])]

        i = bisect_left(range(len(starts)), needle, key=line)
        return i < len(starts) and line(i) == needle


_french: FrenchWords | None = None


def french_words() -> FrenchWords:
    global _french
    source = Path(settings.MAILLAGE_FRENCH_WORDS or FRENCH_WORDS)
    if _french is None or _french.source != source:
        _french = FrenchWords(source, Path(settings.VAR_DIR) / "cache")
    return _french


def glossary_words() -> set[str]:
    """Folded words of the ESS glossary (the synonym list editors manage)."""
    return {
        w for group in synonym_groups() for term in group for w in _TYPED_WORD.findall(fold(term))
    }


def to_check(text: str) -> list[tuple[int, int, str]]:
    """Words of `text` that a backend may correct, as (start, end, folded word): letters only, MIN_LENGTH or more,
    in neither the glossary nor the French word list; the first MAX_CHECKED of them."""
    out, glossary, french = [], None, french_words()
    for match in _TYPED_WORD.finditer(text[:500]):
        word = fold(match.group())
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isalpha() or not word.isascii():
            continue
        glossary = glossary_words() if glossary is None else glossary
        if word in glossary or word in french:
            continue
        out.append((match.start(), match.end(), word))
        if len(out) >= MAX_CHECKED:
            break
    return out


def capped(words: Iterable[str]) -> list[str]:
    """The first MAX_CHECKED words of a query that fuzzy matching may widen, in a stable order."""
    return sorted(words)[:MAX_CHECKED]
