"""Memoised look-ups for building many index documents at once (a full rebuild).

Outside a rebuild every builder in search/index_entries.py asks the database directly. Inside `rebuild_cache()`,
the questions every item repeats are answered from a few bulk queries: who may see a page or a document
(`resources.visibility.snapshot()`, entered here too) and a page's themes and territories (below). So a rebuild
costs a couple of queries per item instead of a dozen. All is read once at the start: an edit made during the
rebuild reaches the new index through the regular index tasks (see the backends' rebuild()).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from resources.models import ResourcePage, ResourceTerritory
from resources.visibility import snapshot
from taxonomy.models import Territory


class BuildCache:
    def __init__(self) -> None:
        paths = dict(Territory.objects.values_list("pk", "path"))
        self.territories: dict[int, set[str]] = defaultdict(set)
        for page_id, territory_id in ResourceTerritory.objects.values_list(
            "page_id", "territory_id"
        ):
            if territory_id in paths:
                self.territories[page_id] |= {k for k in paths[territory_id].split("/") if k}
        self.themes: dict[int, set[str]] = defaultdict(set)
        through = ResourcePage.themes.through
        for page_id, slug in through.objects.values_list("resourcepage_id", "theme__slug"):
            self.themes[page_id].add(slug)
        self.theme_names: dict[str, str] | None = None  # slug → name, read on first use


_current: ContextVar[BuildCache | None] = ContextVar("search_build_cache", default=None)


def current() -> BuildCache | None:
    return _current.get()


@contextmanager
def rebuild_cache() -> Iterator[BuildCache]:
    with snapshot():
        token = _current.set(BuildCache())
        try:
            yield _current.get()
        finally:
            _current.reset(token)
