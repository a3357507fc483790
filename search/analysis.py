"""French text analysis shared by the embedded backend, the query parser and the OpenSearch settings.

The synonym list (acronyms ↔ expansions) lives in `synonyms_fr.txt` beside this file: one group per
line, comma-separated, in Solr format, so that OpenSearch and the embedded backend read the same file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

SYNONYMS_FILE = Path(__file__).with_name("synonyms_fr.txt")

# Articles and pronouns that French elides before a vowel: "l'économie" → "économie".
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
    votre vous c d j l a m n s t y ete etee etees etes etant est sont etre""".split()
)
_WORD_RE = re.compile(r"[\w]+(?:['’][\w]+)*", re.UNICODE)
_ELISION_RE = re.compile(r"^(?:" + "|".join(ELISIONS) + r")['’]")


def fold(text: str) -> str:
    """Lowercase and strip accents: "Économie" → "economie"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light stemming of one folded word ("ressourceries" → "ressourcer")."""
    if len(word) <= 3 or word.isdigit():
        return word
    # Snowball does not always stem a plural like its singular ("potagers" → "potager" but "potager" →
    # "potag"), so plural endings go first: the index and the query then agree.
    if word.endswith(("eux", "oux", "eaux")):
        word = word[:-1]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        word = word[:-1]
    return fold(_stemmer().stemWord(word))


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of `text` with their character spans, elided article removed from the span."""
    out = []
    for m in _WORD_RE.finditer(text):
        token, start = m.group(0), m.start()
        elided = _ELISION_RE.match(token.lower())
        if elided:
            start += elided.end()
            token = token[elided.end():]
        for sub in re.finditer(r"[^'’_]+", token):
            out.append((sub.group(0), start + sub.start(), start + sub.end()))
    return out


def analyze(text: str, keep_stop_words: bool = False) -> list[str]:
    """Text → index terms: elision, folding, stop words, light stemming."""
    terms = []
    for word, _, _ in words(text):
        folded = fold(word)
        if not keep_stop_words and folded in STOP_WORDS:
            continue
        terms.append(stem(folded))
    return terms


@lru_cache(maxsize=4)
def _synonym_groups(path: str, mtime: float) -> list[list[str]]:
    groups = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        groups.append([item.strip() for item in line.split(",") if item.strip()])
    return groups


def synonym_groups() -> list[list[str]]:
    return _synonym_groups(str(SYNONYMS_FILE), SYNONYMS_FILE.stat().st_mtime)


def synonym_rules() -> list[str]:
    """Rules for OpenSearch's synonym_graph filter."""
    return [", ".join(group) for group in synonym_groups()]


def expand_synonyms(phrase_terms: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every analysed alternative of an analysed phrase (itself first), for the embedded backend."""
    alternatives = [phrase_terms]
    for group in synonym_groups():
        analysed = [tuple(analyze(item)) for item in group]
        if phrase_terms in analysed:
            alternatives += [a for a in analysed if a and a not in alternatives]
    return alternatives
