"""Parsing of what a visitor types into a small, safe query tree, then its synonym expansion.

Supported: words (all required), "exact phrases", -exclusion (of a word or a phrase) and OR (or OU, |)
between two items. Everything else (brackets, field:value, wildcards, control characters, unbalanced
quotes, operators alone) is read as plain text: nothing the visitor types ever reaches an engine as query
syntax. Backends only ever receive `Item`s, whose text they analyse themselves.

`expand()` then applies the synonym list (search/synonyms.py, managed in the admin) for both backends: an acronym also
looks for its expansions and back ("ESS" ↔ "économie sociale et solidaire"), and words made only of
stop words or of question words (analysis.QUESTION_WORDS: "comment", "quels", "est-ce que"…; in a query typed in
English, `typed_language`, also analysis.ENGLISH_QUESTION_WORDS: "how", "does", "the"…) are dropped outside
quotes (so "la rafistolerie" behaves like "rafistolerie").

The matching rule (both backends): a keyword query of 1 to PARTIAL_FROM - 1 meaningful word groups needs them all.
From PARTIAL_FROM groups on (a sentence), or from 2 in a question (an interrogative word or a final "?"), an item
needs at least half of them (`ParsedQuery.min_loose`): items holding them all come first, then the others ranked by
the words they hold, each weighing by its rarity (`coverage_weights`), each hit telling which typed words it lacks.
Quoted phrases, OR alternatives and exclusions stay strict. Sorted by date, all the words are needed again.
Only the first MAX_LOOSE_GROUPS meaningful words are searched (bounded cost).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from extraction.language import FUNCTION_WORDS
from search.analysis import (
    ENGLISH_INTERROGATIVES,
    ENGLISH_QUESTION_WORDS,
    INTERROGATIVES,
    QUESTION_WORDS,
    analyze,
    fold,
    normalise_apostrophes,
    words,
)
from search.spelling import capped
from search.synonyms import synonym_index

MAX_QUERY_CHARS = 500
MAX_ITEMS = 32
OR_WORDS = ("OR", "OU", "|", "||")
# Added to the score of an item for each widened group it matches through the words typed (not only through
# a synonym): larger than any text score, so an item holding the typed phrase ranks before items found only
# through the acronym ("économie sociale et solidaire" vs "ESS"). Same constant in both backends.
TYPED_BONUS = 100.0
# Added to the score of an item written in the query's language (`typed_language`: the site's unless the query's
# function words say otherwise; for the site's, also items too short to tell, search.facet_spec `language`): of two
# items holding the same words, the French one comes first for a French query, the English one for an English
# query. Less than TYPED_BONUS, so a foreign document holding what was typed still outranks a French one found only
# through a synonym; in a ranked query, far less than one word held (COVER_SCORE). Without it, the French stemmer's
# « aides » → « aid » put English reports first for « quelles aides pour une recyclerie ».
SITE_LANGUAGE = "fr"
LANGUAGE_BONUS = 50.0
FUZZY_MIN_LENGTH = 5  # shorter words (and acronyms) are never matched approximately
# Ranked partial matching (see the module docstring): from this many loose groups, half of them are enough.
PARTIAL_FROM = 4
PARTIAL_FROM_IN_A_QUESTION = 2
# Meaningful words (outside quotes) kept once question and function words are gone: a question of 30 words has
# about a dozen; the others are dropped (and the visitor told), so that no query costs more than this many words.
MAX_LOOSE_GROUPS = 12
# Scores of the ranked partial query, the same in both backends: each loose group an item holds adds COVER_SCORE
# times its weight (0.25–1 by rarity), holding them all adds ALL_WORDS_BONUS: far above any text score, so items
# are ordered by the words they hold first, then by TYPED_BONUS, then by their text score.
COVER_SCORE = 1000.0
ALL_WORDS_BONUS = 1000.0
MIN_WEIGHT = 0.25
# A loose group held by an item in another language than the query's counts for this share of its weight: a French
# stem found in a foreign text is often another word (« aides » → « aid »), and a long French manual holds many
# English words. Then an item in the query's language holding as many groups always outranks a foreign one (its
# groups weigh at least MIN_WEIGHT each, the foreign item's at most that).
FOREIGN_COVER = MIN_WEIGHT
# Words typed side by side count more where they stand close together ("répertoire téléphonique" in a 1-page
# document against a 265-page manual that has each word on other pages): at most this many words apart.
PROXIMITY_SLOP = 3
PROXIMITY_BOOST = 2.0

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_SYNTAX_RE = re.compile(r"[:^~*?\\(){}\[\]!+<>=&|;]+|(?<!\d),|,(?!\d)")


@dataclass(frozen=True)
class Item:
    text: str
    phrase: bool = False
    quoted: bool = field(
        default=False, compare=False
    )  # typed between quotes: required in a relaxed query
    expansion: bool = field(
        default=False, compare=False
    )  # added by the synonym list, not typed: weighs less


def strict(group: list[Item]) -> bool:
    """Quoted, or alternatives typed with OR: required even when the other words are not."""
    return any(item.quoted for item in group) or sum(1 for item in group if not item.expansion) > 1


def coverage_weights(frequencies: list[int], total: int) -> list[float]:
    """Weight of each loose group from how many items hold it (BM25's idf, scaled to MIN_WEIGHT–1 against the
    rarest group found): rarer words weigh more. A group no item holds weighs 0 (ParsedQuery.reachable)."""
    idf = [math.log(1 + (max(total, df) - df + 0.5) / (df + 0.5)) for df in frequencies]
    top = max((i for i, df in zip(idf, frequencies, strict=True) if df), default=0.0)
    if top <= 0:
        return [1.0 if df else 0.0 for df in frequencies]
    return [
        MIN_WEIGHT + (1 - MIN_WEIGHT) * min(1.0, i / top) if df else 0.0
        for i, df in zip(idf, frequencies, strict=True)
    ]


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Item]] = field(default_factory=list)  # AND of groups, OR inside a group
    excluded: list[Item] = field(default_factory=list)
    truncated: bool = False
    only_stop_words: bool = False  # the visitor typed words, but only very common ones ("le", "et")
    # Graded query: how many of the loose groups (not between quotes) must match; None: all of them.
    min_loose: int | None = None
    # Graded stage: if no item holds `min_loose` loose groups, those holding this many (fewer) in the same search
    # (one pass in the embedded backend: the candidates are the same; SearchResponse.fell_back says it was used).
    fallback_loose: int | None = None
    tolerant: bool = False  # graded stage: words of ParsedQuery.fuzzy_words may match with a typo
    # expand() made this long query or question a ranked partial one (not the graded stage): sorted by date, it
    # needs all its words again (for_sort), as a list by date has no "most complete first".
    sentence: bool = field(default=False, compare=False)
    # Weights of the loose groups (coverage_weights), set by the backend before building its query.
    weights: tuple[float, ...] | None = field(default=None, compare=False)
    # The language the query is typed in (typed_language): items in it get LANGUAGE_BONUS and their whole cover.
    language: str = field(default=SITE_LANGUAGE, compare=False)

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

    def for_sort(self, sort: str) -> ParsedQuery:
        """The query a backend runs for this sort order: by date, a sentence needs all its words (see `sentence`)."""
        return (
            replace(self, min_loose=None, sentence=False)
            if sort == "date" and self.sentence
            else self
        )

    @property
    def ranked(self) -> bool:
        """Not every loose group is required: items are ranked by the groups they hold."""
        _, loose, needed = self.split()
        return needed < len(loose)

    def loose_weights(self) -> list[float]:
        _, loose, _ = self.split()
        return (
            list(self.weights)
            if self.weights and len(self.weights) == len(loose)
            else [1.0] * len(loose)
        )

    def reachable(self) -> tuple[int, bool] | None:
        """Given its weights: how many loose groups a result of this ranked query holds, and whether that is the
        fallback level because fewer than `min_loose` groups are held by any item (no search needed to know);
        None if not even the fallback can be reached."""
        _, loose, needed = self.split()
        held = sum(1 for w in self.loose_weights() if w > 0)
        if held >= needed:
            return needed, False
        fallback = self.fallback_loose
        if fallback is not None and fallback < needed and held >= fallback:
            return fallback, True
        return None

    def missing_words(self, matched: set[int]) -> list[str]:
        """What was typed for each loose group not in `matched` (indices into `split()`'s loose groups)."""
        _, loose, _ = self.split()
        out = []
        for i, group in enumerate(loose):
            if i not in matched:
                typed = next((item for item in group if not item.expansion), group[0])
                out.append(typed.text)
        return out

    def near_words(self) -> list[list[str]]:
        """Typed words whose closeness earns a proximity boost: all of them for a short query, each pair of
        neighbours for a ranked one (a whole question never stands within a few words)."""
        words_ = [
            i.text for group in self.groups for i in group[:1] if not i.expansion and not i.phrase
        ]
        if len(words_) < 2:
            return []
        if not self.ranked:
            return [words_]
        return [list(pair) for pair in zip(words_, words_[1:])]

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
        """Words a relaxed query may also match with a typo or two (each backend's `close_variants`: close words
        of its vocabulary): in the graded stage only, loose words typed as one word
        of FUZZY_MIN_LENGTH letters or more, never an acronym, a synonym, a phrase or an exclusion; at most
        spelling.MAX_CHECKED of them (bounded cost: the others match as typed)."""
        if self.min_loose is None or not self.tolerant:
            return set()
        _, loose, _ = self.split()
        return set(
            capped(
                {
                    item.text
                    for group in loose
                    if not any(i.expansion for i in group)
                    for item in group
                    if not item.phrase
                    and len(item.text) >= FUZZY_MIN_LENGTH
                    and item.text.isalpha()
                    and not item.text.isupper()
                }
            )
        )

    def relaxed(
        self, min_loose: int, tolerant: bool = True, fallback: int | None = None
    ) -> ParsedQuery:
        """The same query where only `min_loose` of its loose groups need to match (`tolerant`: with typos), or
        `fallback` of them if no item holds that many (only for a ranked level: fewer than all groups)."""
        return replace(
            self,
            min_loose=min_loose,
            tolerant=tolerant,
            sentence=False,
            fallback_loose=fallback,
        )


def clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(c if (c.isprintable() or c == " ") else " " for c in text)
    text = (
        normalise_apostrophes(text)
        .replace("«", '"')
        .replace("»", '"')
        .replace("“", '"')
        .replace("”", '"')
    )
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
            if other_key not in seen and not _function_words_only(other):
                seen.add(other_key)
                out.append(Item(other, phrase=len(other_key) > 1, expansion=True))
    return out


def _merge_phrases(
    groups: list[list[Item]], index: dict[tuple[str, ...], list[str]]
) -> list[list[Item]]:
    """Consecutive plain words that spell a synonym entry ("économie sociale et solidaire") become one
    group: that phrase OR its synonyms ("ESS")."""
    longest = max((len(k) for k in index), default=0)
    out: list[list[Item]] = []
    i = 0
    while i < len(groups):
        best = None
        if longest > 1 and len(groups[i]) == 1 and not groups[i][0].quoted and _key(groups[i][0]):
            terms: list[str] = []
            for j in range(i, len(groups)):
                group = groups[j]
                if (
                    len(group) != 1 or group[0].quoted
                ):  # an elided word ("l'économie") may start a phrase
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


# What a query typed in English (typed_language) sets aside, and what makes it a question, besides the French ones.
_ENGLISH_QUESTION_WORDS = QUESTION_WORDS | ENGLISH_QUESTION_WORDS
_ENGLISH_INTERROGATIVES = INTERROGATIVES | ENGLISH_INTERROGATIVES


def question_words(language: str) -> frozenset[str]:
    """The words set aside outside quotes in a query typed in `language` (typed_language): the French ones always
    (the index's own stop words among them), and the English ones in an English query."""
    return _ENGLISH_QUESTION_WORDS if language == "en" else QUESTION_WORDS


def _function_word(word: str, language: str) -> bool:
    """A question or function word (`question_words`), unless typed in capitals as an acronym ("AI")."""
    return fold(word) in question_words(language) and not (len(word) > 1 and word.isupper())


def _function_words_only(text: str) -> bool:
    return all(fold(w) in QUESTION_WORDS for w, _, _ in words(text))


def _without_question_words(group: list[Item], language: str) -> list[Item]:
    """A typed word (not quoted) made only of question or function words says nothing of what is sought ("est-ce",
    "quels"); nor does a synonym made of one ("ai" of association intermédiaire is also « j'ai »): neither is
    searched."""
    return [
        item
        for item in group
        if item.quoted or not all(_function_word(w, language) for w, _, _ in words(item.text))
    ]


def is_question(query: ParsedQuery, language: str = SITE_LANGUAGE) -> bool:
    """Typed as a question: an interrogative word outside quotes (analysis.INTERROGATIVES, and the English ones in
    an English query), or a final "?"."""
    interrogatives = _ENGLISH_INTERROGATIVES if language == "en" else INTERROGATIVES
    typed = [item for group in query.groups for item in group if not item.quoted]
    return query.raw.rstrip().endswith("?") or any(
        w.lower() in interrogatives or fold(w) in interrogatives
        for item in typed
        for w in item.text.split()
    )


def _language_words() -> dict[str, frozenset[str]]:
    """Each language's grammar words, folded: extraction.language's lists, with the French and English question words;
    a word of several languages' lists (« a », « on », « me », « no »…) tells none of them."""
    lists = {lang: {fold(w) for w in found} for lang, found in FUNCTION_WORDS.items()}
    lists["fr"] |= QUESTION_WORDS | {fold(w) for w in INTERROGATIVES}
    lists["en"] |= ENGLISH_QUESTION_WORDS
    shared = Counter(w for found in lists.values() for w in found)
    return {lang: frozenset(w for w in found if shared[w] == 1) for lang, found in lists.items()}


LANGUAGE_WORDS = _language_words()


def typed_language(text: str) -> str:
    """The language a query is typed in: the one whose grammar words (LANGUAGE_WORDS) it holds the most of, if it
    holds more of them than of any other's ("how does a tracing compiler…" → en, « quelles aides pour… » → fr);
    else the site's (keywords, names, a query without grammar words). The OR operator is not a word."""
    typed = Counter(fold(w) for w, _, _ in words(text) if w not in OR_WORDS)
    hits = sorted(
        ((sum(typed[w] for w in found), lang) for lang, found in LANGUAGE_WORDS.items()),
        reverse=True,
    )
    (top, lang), (second, _) = hits[0], hits[1]
    return lang if top > second else SITE_LANGUAGE


def expand(query: ParsedQuery) -> ParsedQuery:
    """Question words dropped, synonyms of every item, stop-word-only items dropped (see the module docstring);
    from PARTIAL_FROM loose groups on, half of them are enough (ranked partial matching)."""
    index = synonym_index()
    language = typed_language(query.raw)
    groups = [
        _with_synonyms(_without_question_words(g, language), index)
        for g in _merge_phrases(query.groups, index)
    ]
    groups = [g for g in groups if g]
    kept, loose, truncated = [], 0, query.truncated
    for (
        group
    ) in groups:  # bounded cost: the first MAX_LOOSE_GROUPS meaningful words (quoted ones all stay)
        loose += not strict(group)
        if strict(group) or loose <= MAX_LOOSE_GROUPS:
            kept.append(group)
        else:
            truncated = True
    excluded = _with_synonyms(query.excluded, index)
    expanded = ParsedQuery(
        raw=query.raw,
        groups=kept,
        excluded=excluded,
        truncated=truncated,
        only_stop_words=bool(query.groups) and not groups,
        language=language,
    )
    loose = len(expanded.split()[1])
    if loose >= (PARTIAL_FROM_IN_A_QUESTION if is_question(query, language) else PARTIAL_FROM):
        expanded.min_loose, expanded.sentence = math.ceil(loose / 2), True
    return expanded


def parse(raw: str) -> ParsedQuery:
    """What the backends receive: the typed query, expanded with synonyms."""
    return expand(parse_syntax(raw))
