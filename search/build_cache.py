"""Memoised look-ups for building many index documents at once (a full rebuild).

Outside a rebuild every builder in search/documents.py asks the database directly. Inside
`rebuild_cache()`, the questions every item repeats — is this page (or collection) under a view
restriction, which pages attach this document, a page's themes and territories, a page object already
loaded — are answered from a few bulk queries, so a rebuild costs a couple of queries per item instead of
a dozen. Restrictions and links are read once at the start: an edit made during the rebuild reaches the
new index through the regular index tasks (see the backends' rebuild()).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


class BuildCache:
    def __init__(self) -> None:
        from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, ReferenceIndex

        from actors.models import Territory
        from resources.models import ResourceDocument, ResourcePage
        from resources.models.pages import ResourceDocumentLink, ResourceTerritory

        self.restricted_pages = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.restricted_collections = tuple(CollectionViewRestriction.objects.values_list("collection__path",
                                                                                          flat=True))
        self.collection_paths = dict(Collection.objects.values_list("pk", "path"))
        self.attaching: dict[int, set[int]] = defaultdict(set)
        references = ReferenceIndex.objects.filter(
            to_content_type__app_label=ResourceDocument._meta.app_label,
            to_content_type__model=ResourceDocument._meta.model_name,
            base_content_type__app_label="wagtailcore", base_content_type__model="page",
        ).values_list("to_object_id", "object_id")
        for document_id, page_id in references:
            self.attaching[int(document_id)].add(int(page_id))
        for document_id, page_id in ResourceDocumentLink.objects.values_list("document_id", "page_id"):
            self.attaching[document_id].add(page_id)
        resource_pages = set(ResourcePage.objects.values_list("pk", flat=True))
        for document_id in self.attaching:
            self.attaching[document_id] &= resource_pages
        paths = dict(Territory.objects.values_list("pk", "path"))
        self.territories: dict[int, set[str]] = defaultdict(set)
        for page_id, territory_id in ResourceTerritory.objects.values_list("page_id", "territory_id"):
            if territory_id in paths:
                self.territories[page_id] |= {k for k in paths[territory_id].split("/") if k}
        self.themes: dict[int, set[str]] = defaultdict(set)
        through = ResourcePage.themes.through
        for page_id, slug in through.objects.values_list("resourcepage_id", "theme__slug"):
            self.themes[page_id].add(slug)
        self.theme_names: dict[str, str] | None = None  # slug → name, read on first use
        self.pages: dict[int, Any] = {}

    def page_restricted(self, path: str) -> bool:
        return path.startswith(self.restricted_pages) if self.restricted_pages else False

    def collection_restricted(self, collection_id: int) -> bool:
        path = self.collection_paths.get(collection_id, "")
        return path.startswith(self.restricted_collections) if self.restricted_collections else False

    def load_pages(self, ids: set[int]) -> list:
        from resources.models import ResourcePage

        missing = ids - self.pages.keys()
        if missing:
            for page in ResourcePage.objects.filter(pk__in=missing).specific():
                self.pages[page.pk] = page
        return [self.pages[i] for i in sorted(ids) if i in self.pages]


_current: ContextVar[BuildCache | None] = ContextVar("search_build_cache", default=None)


def current() -> BuildCache | None:
    return _current.get()


@contextmanager
def rebuild_cache() -> Iterator[BuildCache]:
    token = _current.set(BuildCache())
    try:
        yield _current.get()
    finally:
        _current.reset(token)
