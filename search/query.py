"""Parsing of what a visitor types into a small, safe query tree.

Supported: words (all required), "exact phrases", -exclusion (of a word or a phrase) and OR between two
items. Everything else (brackets, field:value, wildcards, control characters, unbalanced quotes) is
treated as plain text: nothing the visitor types ever reaches an engine as query syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_ITEMS = 32

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Item:
    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Item]] = field(default_factory=list)  # AND of groups, OR inside a group
    excluded: list[Item] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group]

    def display(self) -> str:
        return self.raw


def clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(c if (c.isprintable() or c == " ") else " " for c in text)
    return re.sub(r"\s+", " ", text).strip()


def _plain(text: str) -> str:
    # Keep letters, digits, apostrophes and inner hyphens; everything else separates words.
    text = re.sub(r"[^\w'’\-]+", " ", text, flags=re.UNICODE)
    text = re.sub(r"(?<!\w)[-'’]+|[-'’]+(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(raw: str) -> ParsedQuery:
    text = clean(raw)
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        text = text.replace('"', " ")  # unbalanced quotes: read as plain words
    query = ParsedQuery(raw=text, truncated=truncated)
    pending_or = False
    for m in _TOKEN_RE.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None and bare in ("OR", "OU", "|"):
            pending_or = bool(query.groups)
            continue
        if quoted is not None:
            item_text, phrase = _plain(quoted), True
        else:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            item_text, phrase = _plain(bare.lstrip("-") if negated else bare), False
            if " " in item_text:  # "a+b" or "c'est-à-dire": keep its words together
                phrase = True
        if not item_text:
            continue
        item = Item(item_text, phrase=phrase and " " in item_text)
        if negated:
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
