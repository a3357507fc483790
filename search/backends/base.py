"""The one interface behind which the public search backends live."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from search.query import ParsedQuery


class SearchUnavailable(Exception):
    """The search engine cannot be reached; the caller shows a degraded-mode message."""


@dataclass
class SearchRequest:
    query: ParsedQuery
    # facet name → accepted values (OR); any facet of search.facet_spec.FACETS, "kind" included
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"  # or "date"
    page: int = 1
    per_page: int = 10
    facet_size: int = 30
    highlights_per_hit: int = 3
    with_facets: bool = True
    # Also tell which documents attached to the page hits shown match the query (SearchResponse.matching).
    with_matching: bool = True
    # facet name → the only values worth counting (the territories shown at the current level)
    facet_include: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Highlight:
    text: str  # HTML-escaped, with <mark> around matches
    page: int | None  # page or slide number inside a document; None for page text


@dataclass
class Hit:
    id: str
    score: float
    source: dict[str, Any]
    highlights: list[Highlight] = field(default_factory=list)
    # Ranked partial query (ParsedQuery.ranked): indices of the loose groups this hit holds; None otherwise.
    matched: set[int] | None = None


@dataclass
class SearchResponse:
    count: int
    hits: list[Hit]
    facets: dict[
        str, list[tuple[str, int]]
    ]  # counted facet (search.facet_spec.COUNTED) → (value, count)
    # The query's `fallback_loose` was used: no item held `min_loose` of its loose groups (ParsedQuery).
    fell_back: bool = False
    # The documents attached to the page hits shown (their `attachments`) that match the query as well, at the
    # level that answered, facet filters ignored: read with the hits, in the same connection or request batch.
    matching: set[str] = field(default_factory=set)


def attached_ids(sources: Iterable[dict[str, Any]]) -> list[str]:
    """The documents that the pages among these hits' sources attach, in a stable order."""
    return sorted(
        {a["id"] for s in sources if s.get("kind") == "page" for a in s.get("attachments") or []}
    )


Progress = Callable[[int], None]
# A misspelt word of a typed text: its start and end offsets in the text, and the word to put there instead.
Respelling = tuple[int, int, str]
# A graded query's fuzzy words as typed (ParsedQuery.fuzzy_words) → their close words in the index's vocabulary
# (each backend's `close_variants`), matched as well as the word.
Variants = dict[str, list[str]]


def respelled(text: str, respellings: Iterable[Respelling]) -> str | None:
    """`text` with only its misspelt words replaced, everything else as typed (quotes, -exclusions, OR,
    apostrophes, case of the other words), so the corrected query means what the typed one meant; None when
    nothing changes."""
    out, end = [], 0
    for start, stop, word in sorted(respellings):
        if start < end or text[start:stop].lower() == word:
            continue
        out += [text[end:start], word]
        end = stop
    return "".join([*out, text[end:]]) if out else None


class SearchBackend:
    name = "base"

    def ensure_index(self) -> None:
        raise NotImplementedError

    def index_many(self, docs: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def delete_many(self, ids: list[str]) -> None:
        raise NotImplementedError

    def search(self, request: SearchRequest) -> SearchResponse:
        raise NotImplementedError

    def autocomplete(self, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
        raise NotImplementedError

    def suggest(self, text: str) -> str | None:
        """`text` with its misspelt words corrected from indexed (public) words (`respelled`), or None."""
        return None

    def matching(self, query: ParsedQuery, ids: list[str]) -> set[str]:
        """Those of `ids` whose text matches `query` (facet filters ignored); a search tells it for the documents
        its page hits attach (SearchResponse.matching)."""
        raise NotImplementedError

    def rebuild(
        self,
        docs: Iterable[dict[str, Any]],
        progress: Progress | None = None,
        expected: int | None = None,
    ) -> int:
        """Load every document into a fresh index, then swap it in atomically. Returns the count. `expected`: about
        how many documents come (OpenSearch sizes the new index's shards by it)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def ids(self) -> set[str]:
        """The id of every indexed document ("page:12"): what `search.reconcile` compares with the public set."""
        raise NotImplementedError

    def analysis_outdated(self) -> bool:
        """True when there is no index, or when it was built with another analysis than this code's
        (`os_mapping.analysis_fingerprint`): `rebuild_search_index --if-outdated` then rebuilds it."""
        raise NotImplementedError
