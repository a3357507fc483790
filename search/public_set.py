"""The public set as the index must hold it, read in a few bulk queries: for the periodic reconciliation
(`search.indexing.reconcile`) and for the check of hits at read time (`public_only`).

Signals keep the index in step with what editors do; a write that sends none (Wagtail's bulk actions use
`QuerySet.update()`, raw ORM code, `bulk_create`, `loaddata`) would leave an entry behind. Read paths drop the
hits the database no longer makes public and ask for their re-indexing (`stale_entries_found`); the periodic
reconciliation removes what is left and adds what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from actors.models import Organisation
from resources.models import ResourceDocument, ResourcePage
from search.signals import stale_entries_found

T = TypeVar("T")


def _split(ids: Iterable[str]) -> dict[str, set[int]]:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for entry in ids:
        kind, _, pk = str(entry).partition(":")
        if pk.isdigit():
            by_kind[kind].add(int(pk))
    return by_kind


def _public_pages():
    # As `search.index_entries.build_page`: live, not expired, under no view restriction, below the site root.
    return ResourcePage.objects.live().public().filter(expired=False, depth__gt=2)


def public_ids(among: Iterable[str] | None = None) -> set[str]:
    """Index ids ("page:12") of the public set, or of those of `among` that are public: a query per kind of
    item asked for (the documents' rule is the costly one to build), none for the others."""
    wanted = _split(among) if among is not None else None
    kinds = {
        "page": _public_pages,
        "document": ResourceDocument.objects.public,
        "actor": Organisation.objects.all,
    }
    found = set()
    for kind, queryset in kinds.items():
        if wanted is not None and not wanted[kind]:
            continue
        rows = queryset() if wanted is None else queryset().filter(pk__in=wanted[kind])
        found |= {f"{kind}:{pk}" for pk in rows.values_list("pk", flat=True)}
    return found


def public_subset(ids: Iterable[str]) -> set[str]:
    """Those of `ids` the database makes public; the re-indexing of the others is requested."""
    ids = set(ids)
    if not ids:
        return ids
    public = public_ids(ids)
    if stale := ids - public:
        stale_entries_found.send(sender=None, ids=sorted(stale))
    return ids & public


def public_only(items: list[T], key=lambda hit: hit.id) -> list[T]:
    """`items` (hits, or anything `key` gives an index id for) without those the database no longer makes
    public; their re-indexing is requested. At most a query per kind of item, whatever their number."""
    public = public_subset(key(item) for item in items)
    return [item for item in items if key(item) in public]
