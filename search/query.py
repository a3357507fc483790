"""Parsing of what a visitor types into a small, safe query tree, then its synonym expansion.

Supported: words (all required), "exact phrases", -exclusion (of a word or a phrase) and OR (or OU, |)
between two items. Everything else (brackets, field:value, wildcards, control characters, unbalanced
quotes, operators alone) is read as plain text: nothing the visitor types ever reaches an engine as query
syntax. Backends only ever receive `Item`s, whose text they analyse themselves.

`expand()` then applies the synonym list (search/synonyms.py, managed in the admin) for both backends: an acronym also
looks for its expansions and back ("ESS" ↔ "économie sociale et solidaire"), and words made only of
stop words are dropped (so "la rafistolerie" behaves like "rafistolerie").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from search.analysis import analyze, normalise_apostrophes, synonym_index
from search.spelling import capped

MAX_QUERY_CHARS = 500
MAX_ITEMS = 32
OR_WORDS = ("OR", "OU", "|", "||")
# Added to the score of an item for each widened group it matches through the words typed (not only through
# a synonym): larger than any text score, so an item holding the typed phrase ranks before items found only
# through the acronym ("économie sociale et solidaire" vs "ESS"). Same constant in both backends.
TYPED_BONUS = 100.0
FUZZY_MIN_LENGTH = 5  # shorter words (and acronyms) are never matched approximately

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_SYNTAX_RE = re.compile(r"[:^~*?\\(){}\[\]!+<>=&|;]+|(?<!\d),|,(?!\d)")


@dataclass(frozen=True)
class Item:
    text: str
    phrase: bool = False
    quoted: bool = field(default=False, compare=False)  # typed between quotes: required in a relaxed query
    expansion: bool = field(default=False, compare=False)  # added by the synonym list, not typed: weighs less


def strict(group: list[Item]) -> bool:
    return any(item.quoted for item in group)


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Item]] = field(default_factory=list)  # AND of groups, OR inside a group
    excluded: list[Item] = field(default_factory=list)
    truncated: bool = False
    only_stop_words: bool = False  # the visitor typed words, but only very common ones ("le", "et")
    # Graded query: how many of the loose groups (not between quotes) must match; None: all of them.
    min_loose: int | None = None
    tolerant: bool = False  # graded stage: words of ParsedQuery.fuzzy_words may match with a typo

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group]

    def split(self) -> tuple[list[list[Item]], list[list[Item]], int]:
        """(strict groups, loose groups, how many loose groups must match)."""
        required = [g for g in self.groups if strict(g)]
        loose = [g for g in self.groups if not strict(g)]
        needed = len(loose) if self.min_loose is None else max(1, min(self.min_loose, len(loose)))
        return required, loose, needed

    def typed_alternatives(self) -> list[list[Item]]:
        """For each group that the synonym list widened, the items typed in it: matching them earns the
        TYPED_BONUS tier in both backends, so expansions never outrank what was typed."""
        out = []
        for group in self.groups:
            typed = [i for i in group if not i.expansion]
            if typed and len(typed) < len(group):
                out.append(typed)
        return out

    def fuzzy_words(self) -> set[str]:
        """Words a relaxed query may also match with a typo or two (OpenSearch `fuzziness`, the embedded
        backend's close words from its vocabulary): in the graded stage only, loose words typed as one word
        of FUZZY_MIN_LENGTH letters or more, never an acronym, a synonym, a phrase or an exclusion; at most
        spelling.MAX_CHECKED of them (bounded cost: the others match as typed)."""
        if self.min_loose is None or not self.tolerant:
            return set()
        _, loose, _ = self.split()
        return set(capped({item.text for group in loose if not any(i.expansion for i in group) for item in group
                           if not item.phrase and len(item.text) >= FUZZY_MIN_LENGTH and item.text.isalpha()
                           and not item.text.isupper()}))

    def relaxed(self, min_loose: int, tolerant: bool = True) -> ParsedQuery:
        """The same query where only `min_loose` of its loose groups need to match (`tolerant`: with typos)."""
        return replace(self, min_loose=min_loose, tolerant=tolerant)


def clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(c if (c.isprintable() or c == " ") else " " for c in text)
    text = normalise_apostrophes(text).replace("«", '"').replace("»", '"').replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def _plain(text: str) -> str:
    # Keep letters, digits, and apostrophes, hyphens, dots and commas inside a word ("2.2.1", "1,5"): each
    # backend's analyzer then reads them as it read the indexed text. Everything else separates words.
    text = re.sub(r"[^\w'\-.,]+|(?<!\d),|,(?!\d)", " ", text, flags=re.UNICODE)
    text = re.sub(r"(?<!\w)[-'.,]+|[-'.,]+(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_syntax(raw: str) -> ParsedQuery:
    """The query tree exactly as typed (no synonyms, stop words kept)."""
    text = clean(raw)
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        text = text.replace('"', " ")  # unbalanced quotes: read as plain words
    query = ParsedQuery(raw=text.strip(), truncated=truncated)
    pending_or = False
    for m in _TOKEN_RE.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None and bare in OR_WORDS:
            pending_or = bool(query.groups)
            continue
        if quoted is not None:
            pieces = [(negated, _plain(quoted), True, True)]
        else:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            # Engine syntax characters separate words ("title:x^2" is two words); the words of one token
            # otherwise stay together, in order: "tiers-lieu", "aujourd'hui", "F@bRiquet".
            pieces = []
            for sub in _SYNTAX_RE.split(bare.lstrip("-") if negated else bare):
                item_text = _plain(sub)
                pieces.append((negated, item_text, bool(re.search(r"[\s'\-.,]", item_text)), False))
        for negated_piece, item_text, phrase, was_quoted in pieces:
            if not item_text:
                continue
            item = Item(item_text, phrase=phrase, quoted=was_quoted)
            if negated_piece:
                query.excluded.append(item)
                pending_or = False
            elif pending_or:
                query.groups[-1].append(item)
                pending_or = False
            else:
                query.groups.append([item])
        if len(query.groups) + len(query.excluded) >= MAX_ITEMS:
            query.truncated = True
            break
    return query


def _key(item: Item) -> tuple[str, ...]:
    return tuple(analyze(item.text))


def _with_synonyms(items: list[Item], index: dict[tuple[str, ...], list[str]]) -> list[Item]:
    out, seen = [], set()
    for item in items:
        key = _key(item)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(item)
        for other in index.get(key, []):
            other_key = tuple(analyze(other))
            if other_key not in seen:
                seen.add(other_key)
                out.append(Item(other, phrase=len(other_key) > 1, expansion=True))
    return out


def _merge_phrases(groups: list[list[Item]], index: dict[tuple[str, ...], list[str]]) -> list[list[Item]]:
    """Consecutive plain words that spell a synonym entry ("économie sociale et solidaire") become one
    group: that phrase OR its synonyms ("ESS")."""
    longest = max((len(k) for k in index), default=0)
    out: list[list[Item]] = []
    i = 0
    while i < len(groups):
        best = None
        if longest > 1 and len(groups[i]) == 1 and _key(groups[i][0]):
            terms: list[str] = []
            for j in range(i, len(groups)):
                group = groups[j]
                if len(group) != 1 or group[0].phrase:
                    break
                terms += _key(group[0])
                if len(terms) > longest:
                    break
                if len(terms) > 1 and tuple(terms) in index and _key(groups[j][0]):
                    best = j
        if best is None:
            out.append(groups[i])
            i += 1
            continue
        text = " ".join(g[0].text for g in groups[i : best + 1])
        out.append([Item(text, phrase=True)])
        i = best + 1
    return out


def expand(query: ParsedQuery) -> ParsedQuery:
    """Synonyms of every item, stop-word-only items dropped (see the module docstring)."""
    index = synonym_index()
    groups = [_with_synonyms(g, index) for g in _merge_phrases(query.groups, index)]
    groups = [g for g in groups if g]
    excluded = _with_synonyms(query.excluded, index)
    return ParsedQuery(raw=query.raw, groups=groups, excluded=excluded, truncated=query.truncated,
                       only_stop_words=bool(query.groups) and not groups)


def parse(raw: str) -> ParsedQuery:
    """What the backends receive: the typed query, expanded with synonyms."""
    return expand(parse_syntax(raw))
