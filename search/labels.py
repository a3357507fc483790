"""Small in-process caches of what every search page needs from the database: territory names and tree,
theme names, which queries have promoted results. Cleared by signals (search/signals.py) when editors
change them, and after `TTL` seconds in any case (other processes' edits)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from wagtail.contrib.search_promotions.models import SearchPromotion

from taxonomy.models import Territory, Theme

TTL = 300.0


@dataclass
class Labels:
    territories: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (name, level)
    territory_names: dict[str, str] = field(default_factory=dict)  # key → name
    children: dict[str, list[str]] = field(default_factory=dict)  # key → keys one level down
    top: list[str] = field(default_factory=list)  # regions and departments
    themes: dict[str, str] = field(default_factory=dict)  # slug → name
    promoted_queries: frozenset[str] = frozenset()
    loaded_at: float = 0.0


_lock = threading.Lock()
_current = Labels()


def _load() -> Labels:
    labels = Labels(loaded_at=time.monotonic())
    rows = list(Territory.objects.values_list("pk", "level", "code", "name", "parent_id"))
    keys = {pk: f"{level}-{code}" for pk, level, code, _, _ in rows}
    for pk, level, _, name, parent_id in rows:
        labels.territories[keys[pk]] = (name, level)
        labels.territory_names[keys[pk]] = name
        if level in ("region", "department"):
            labels.top.append(keys[pk])
        if parent_id in keys:
            labels.children.setdefault(keys[parent_id], []).append(keys[pk])
    labels.themes = dict(Theme.objects.values_list("slug", "name"))
    labels.promoted_queries = frozenset(
        SearchPromotion.objects.values_list("query__query_string", flat=True)
    )
    return labels


def get() -> Labels:
    global _current
    if time.monotonic() - _current.loaded_at > TTL or not _current.loaded_at:
        with _lock:
            if time.monotonic() - _current.loaded_at > TTL or not _current.loaded_at:
                _current = _load()
    return _current


def clear(**kwargs) -> None:
    global _current
    _current = Labels()
