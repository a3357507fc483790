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
    """Index ids ("page:12") of the public set, or of those of `among` that are public."""
    wanted = _split(among) if among is not None else None
    pages, documents, actors = (
        _public_pages(),
        ResourceDocument.objects.public(),
        Organisation.objects.all(),
    )
    if wanted is not None:
        pages = pages.filter(pk__in=wanted["page"]) if wanted["page"] else pages.none()
        documents = (
            documents.filter(pk__in=wanted["document"]) if wanted["document"] else documents.none()
        )
        actors = actors.filter(pk__in=wanted["actor"]) if wanted["actor"] else actors.none()
    return (
        {f"page:{pk}" for pk in pages.values_list("pk", flat=True)}
        | {f"document:{pk}" for pk in documents.values_list("pk", flat=True)}
        | {f"actor:{pk}" for pk in actors.values_list("pk", flat=True)}
    )


def public_only(items: list[T], key=lambda hit: hit.id) -> list[T]:
    """`items` (hits, or anything `key` gives an index id for) without those the database no longer makes
    public; their re-indexing is requested. At most five small queries, whatever the number of items."""
    ids = {key(item) for item in items}
    if not ids:
        return items
    stale = ids - public_ids(ids)
    if not stale:
        return items
    stale_entries_found.send(sender=None, ids=sorted(stale))
    return [item for item in items if key(item) not in stale]
