"""The synonym list editors manage in the admin (SynonymGroup), read at query time by both backends.

Query-time only (search.query.expand): an added or edited group works at once, without re-indexing. The groups
are cached per process; a save or delete clears the cache of the process that made it, and the other processes
(web workers) re-read the table after at most CACHE_SECONDS. `synonyms_fr.txt` is the list's initial content
(loaded by migration 0002).
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

from django.db.models.signals import post_delete, post_save

from search.analysis import analyze
from search.models import SynonymGroup, split_terms

SYNONYMS_FILE = Path(__file__).with_name("synonyms_fr.txt")
CACHE_SECONDS = 60.0

Group = tuple[str, ...]
_cache: tuple[float, tuple[Group, ...]] | None = None


def read_entries(path: Path = SYNONYMS_FILE) -> list[tuple[Group, str]]:
    """Groups of a synonym file with their source: one group per line, comma-separated, `#` starts a comment;
    a comment after a group, « Source : … », names the text that defines it."""
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        terms, _, comment = raw.partition("#")
        group = split_terms(terms)
        if len(group) > 1:
            source = comment.strip()
            entries.append(
                (
                    group,
                    source.split(":", 1)[1].strip() if source.lower().startswith("source") else "",
                )
            )
    return entries


def read_file(path: Path = SYNONYMS_FILE) -> list[Group]:
    """Groups of a synonym file (read_entries without their sources)."""
    return [group for group, _ in read_entries(path)]


def seed_from_file(model=None, path: Path = SYNONYMS_FILE) -> int:
    """Fills an empty list with the file's groups (migration 0002); returns how many were added."""
    model = model or SynonymGroup
    if model.objects.exists():
        return 0
    model.objects.bulk_create(model(terms=", ".join(group)) for group in read_file(path))
    clear()
    return len(read_file(path))


def add_glossary(model=None, path: Path = SYNONYMS_FILE) -> int:
    """Brings an existing list up to the file's glossary (migration 0003), keeping the editors' changes: a group
    whose first term the list already has gains the file's missing terms and its source (if it has none); the
    others are added. Returns how many groups were added."""
    model = model or SynonymGroup
    existing = {}
    for group in model.objects.order_by("pk"):
        for term in split_terms(group.terms):
            existing.setdefault(term.lower(), group)
    added = 0
    for terms, source in read_entries(path):
        group = existing.get(terms[0].lower())
        if group is None:
            model.objects.create(terms=", ".join(terms), source=source)
            added += 1
            continue
        have = split_terms(group.terms)
        merged = split_terms(
            ", ".join([*have, *(t for t in terms if t.lower() not in {h.lower() for h in have})])
        )
        if merged != have or (source and not group.source):
            group.terms, group.source = ", ".join(merged), group.source or source
            group.save(update_fields=["terms", "source"])
    clear()
    return added


def synonym_groups() -> tuple[Group, ...]:
    """The groups of the managed list (cached, see the module docstring)."""
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > CACHE_SECONDS:
        groups = (
            split_terms(terms)
            for terms in SynonymGroup.objects.order_by("pk").values_list("terms", flat=True)
        )
        _cache = (now, tuple(g for g in groups if len(g) > 1))
    return _cache[1]


@lru_cache(maxsize=4)
def _synonym_index(groups: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], list[str]]:
    index: dict[tuple[str, ...], list[str]] = {}
    for group in groups:
        analysed = [(tuple(analyze(item)), item) for item in group]
        for key, _ in analysed:
            if not key:
                continue
            bucket = index.setdefault(key, [])
            seen = {tuple(analyze(x)) for x in bucket} | {key}
            for other_key, other in analysed:
                if other_key and other_key not in seen:
                    bucket.append(other)
                    seen.add(other_key)
    # In part: a one-word term (an acronym) also finds the groups naming it inside a longer term, one way only:
    # « SCOP » finds « URSCOP » (« union régionale des SCOP »), « URSCOP » does not find every SCOP.
    for group in groups:
        for key in {tuple(analyze(item)) for item in group}:
            if len(key) != 1 or key not in index:
                continue
            bucket = index[key]
            seen = {tuple(analyze(x)) for x in bucket} | {key}
            for other_group in groups:
                analysed = [(tuple(analyze(item)), item) for item in other_group]
                if key in {k for k, _ in analysed} or not any(
                    len(k) > 1 and key[0] in k for k, _ in analysed
                ):
                    continue
                for other_key, other in analysed:
                    if other_key and other_key not in seen:
                        bucket.append(other)
                        seen.add(other_key)
    return index


def synonym_index() -> dict[tuple[str, ...], list[str]]:
    """Analysed phrase → the other phrasings of its synonym groups (as the editors wrote them), and for a one-word
    term those of the groups that name it inside a longer term."""
    return _synonym_index(synonym_groups())


def clear(*args, **kwargs) -> None:
    """Forgets the cached groups (connected to the list's post_save and post_delete)."""
    global _cache
    _cache = None


def connect_cache() -> None:
    post_save.connect(clear, sender=SynonymGroup, dispatch_uid="search-synonyms-save")
    post_delete.connect(clear, sender=SynonymGroup, dispatch_uid="search-synonyms-delete")
