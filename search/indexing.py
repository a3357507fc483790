"""Keeping the public index in step with the database: plain functions, called by tasks (tasks/)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from wagtail.models import Page

from resources.models import ResourcePage
from resources.visibility import documents_linked_from
from search.backends import get_backend
from search.build_cache import rebuild_cache
from search.index_entries import build, count_all, doc_id, iter_public_docs
from search.public_set import public_ids

logger = logging.getLogger(__name__)


def index_object(kind: str, pk: int) -> bool:
    """Index (kind, pk) if it is public, remove it from the index otherwise. Returns True if indexed."""
    doc = build(kind, pk)
    backend = get_backend()
    if doc is None:
        backend.delete_many([doc_id(kind, pk)])
        return False
    backend.index_many([doc])
    return True


def index_page_with_documents(page_id: int) -> None:
    """A page and everything whose public state depends on it: its documents and its descendants."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        get_backend().delete_many([doc_id("page", page_id)])
        return
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        index_object("page", descendant.pk)
        if isinstance(descendant, ResourcePage):
            for document in descendant.documents():
                index_object("document", document.pk)
        else:  # an information page's links make its documents as visible as it (resources/visibility.py)
            for pk in documents_linked_from(descendant):
                index_object("document", pk)


def unindex(ids: list[str]) -> None:
    get_backend().delete_many(ids)


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole public index into a fresh one, swapped in atomically at the end."""
    total = count_all()
    with rebuild_cache():
        return get_backend().rebuild(
            iter_public_docs(),
            progress=(lambda n: progress(n, total)) if progress else None,
            expected=total,
        )


def index_many(kind: str, pks: list[int], batch: int = 500) -> int:
    """Index many objects of one kind in bulk requests (after an import); removes those not public."""
    backend = get_backend()
    indexed = 0
    for start in range(0, len(pks), batch):
        docs, gone = [], []
        for pk in pks[start : start + batch]:
            doc = build(kind, pk)
            if doc is None:
                gone.append(doc_id(kind, pk))
            else:
                docs.append(doc)
        backend.index_many(docs)
        backend.delete_many(gone)
        indexed += len(docs)
    return indexed


def reindex_ids(ids: list[str]) -> None:
    """Index ids ("page:12") built again from the database: indexed if public, removed otherwise."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for entry in ids:
        kind, _, pk = entry.partition(":")
        by_kind[kind].append(int(pk))
    for kind, pks in by_kind.items():
        index_many(kind, pks)


def reconcile() -> dict[str, int]:
    """Compare the index with the public set (search/public_set.py) and fix the drift a write without signals
    left: entries no longer public are removed (with the documents of a removed page, whose index entries name
    it), public ones missing are added. Run every few minutes by Celery beat (`tasks.reconcile_index`)."""
    indexed = get_backend().ids()
    expected = public_ids()
    extra, missing = sorted(indexed - expected), sorted(expected - indexed)
    pages = [int(i.split(":")[1]) for i in extra if i.startswith("page:")]
    attached = {
        f"document:{document.pk}"
        for page in ResourcePage.objects.filter(pk__in=pages).specific()
        for document in page.documents()
    }
    reindex_ids(sorted(set(extra) | set(missing) | attached))
    if extra or missing:
        logger.warning(
            "search index reconciled with the public set: %d removed, %d added",
            len(extra),
            len(missing),
        )
    return {"removed": len(extra), "added": len(missing)}
