"""Keeping the public index in step with the database: plain functions, called by tasks (tasks/)."""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Page

from resources.models import ResourcePage
from search.backends import get_backend
from search.build_cache import rebuild_cache
from search.documents import build, count_all, doc_id, iter_public_docs


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


def unindex(ids: list[str]) -> None:
    get_backend().delete_many(ids)


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole public index into a fresh one, swapped in atomically at the end."""
    total = count_all()
    with rebuild_cache():
        return get_backend().rebuild(iter_public_docs(), progress=(lambda n: progress(n, total)) if progress else None)


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
