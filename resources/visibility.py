"""Who may see a page or a document: the one rule shared by the search index, the sitemap, the document page and
viewer, and the pages API. The rule for a document is written once, `document_admits` (one document, for anyone
or for one visitor); `ResourceDocumentQuerySet.public()` is its SQL form, built from the same pieces
(`page_references`, `restricted_collections`).

A page is public when it is live, not expired and under no view restriction. A document is public when its
collection is under no view restriction and, if pages attach or link it (resource pages, and information pages
that link it from their text), at least one of them is public: a document is as visible as the pages that use
it (a library document that no page uses, in a public collection, is served publicly by Wagtail). The document's
edit form says so (resources/document_forms.py). A document that only the unpublished draft of a page uses is
not public either, until the page is published with it (`DraftDocumentUse`).

Inside `snapshot()` (a full rebuild of the search index) the same questions are answered from a few bulk queries
read once at the start, instead of several queries per item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)


def _resource_page_model():
    # Looked up by name: resources.models imports this module (through the pages API's fields).
    return apps.get_model("resources", "ResourcePage")


def page_references(document_model) -> QuerySet[ReferenceIndex]:
    """Wagtail's reference index rows of pages (of any type) that name a document: attached, chosen or linked."""
    return ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(document_model),
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
    )


def restricted_collections() -> QuerySet[Collection]:
    """The collections under a view restriction, on themselves or on an ancestor."""
    restricted = Collection.objects.none()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        restricted |= Collection.objects.filter(path__startswith=restriction.collection.path)
    return restricted


class Snapshot:
    """View restrictions and document attachments, read once."""

    def __init__(self) -> None:
        document_model = apps.get_model("resources", "ResourceDocument")
        link_model = apps.get_model("resources", "ResourceDocumentLink")
        self.restricted_pages = tuple(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
        self.restricted_collection_ids = set(restricted_collections().values_list("pk", flat=True))
        self.attaching: dict[int, set[int]] = defaultdict(set)
        references = page_references(document_model).values_list("to_object_id", "object_id")
        for document_id, page_id in references:
            self.attaching[int(document_id)].add(int(page_id))
        for document_id, page_id in link_model.objects.values_list("document_id", "page_id"):
            self.attaching[document_id].add(page_id)
        resource_pages = set(_resource_page_model().objects.values_list("pk", flat=True))
        self.linking = {document_id: set(pages) for document_id, pages in self.attaching.items()}
        for document_id in self.attaching:
            self.attaching[document_id] &= resource_pages
        self.pages: dict[int, Any] = {}
        self.draft_used = set(
            apps.get_model("resources", "DraftDocumentUse").objects.values_list(
                "document_id", flat=True
            )
        )
        others = {pk for pages in self.linking.values() for pk in pages} - resource_pages
        self.other_pages = {p.pk: p for p in Page.objects.filter(pk__in=others, depth__gt=1)}

    def page_restricted(self, path: str) -> bool:
        return path.startswith(self.restricted_pages) if self.restricted_pages else False

    def collection_restricted(self, collection_id: int) -> bool:
        return collection_id in self.restricted_collection_ids

    def load_pages(self, ids: set[int]) -> list:
        missing = ids - self.pages.keys()
        if missing:
            for page in _resource_page_model().objects.filter(pk__in=missing).specific():
                self.pages[page.pk] = page
        return [self.pages[i] for i in sorted(ids) if i in self.pages]


_current: ContextVar[Snapshot | None] = ContextVar("resources_visibility_snapshot", default=None)


def current() -> Snapshot | None:
    """The snapshot of the rebuild in progress, if any (its `pages` keeps the pages already loaded)."""
    return _current.get()


@contextmanager
def snapshot() -> Iterator[Snapshot]:
    token = _current.set(Snapshot())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def page_is_public(page: Page) -> bool:
    if not page.live or page.expired:
        return False
    current = _current.get()
    if current is not None:
        return not current.page_restricted(page.path)
    return not page.get_view_restrictions().exists()


def collection_is_private(collection_id: int) -> bool:
    current = _current.get()
    if current is not None:
        return current.collection_restricted(collection_id)
    collection = Collection.objects.filter(pk=collection_id).first()
    return collection is None or collection.get_view_restrictions().exists()


def _references_to(document) -> QuerySet[ReferenceIndex]:
    return page_references(type(document)).filter(to_object_id=str(document.pk))


def pages_attaching(document) -> list:
    """Every resource page (live or not) that attaches or links `document`, from Wagtail's reference index."""
    current = _current.get()
    if current is not None:
        return current.load_pages(current.attaching.get(document.pk, set()))
    page_ids = {
        int(object_id) for object_id in _references_to(document).values_list("object_id", flat=True)
    }
    page_ids |= set(document.page_links.values_list("page_id", flat=True))
    return list(_resource_page_model().objects.filter(pk__in=page_ids).specific())


def other_pages_linking(document) -> list:
    """The pages that are no resource page (information pages…) that link `document` from their content."""
    current = _current.get()
    if current is not None:
        return [
            current.other_pages[pk]
            for pk in current.linking.get(document.pk, ())
            if pk in current.other_pages
        ]
    page_ids = _references_to(document).values_list("object_id", flat=True)
    return list(
        Page.objects.filter(pk__in=[int(i) for i in page_ids], depth__gt=1).exclude(
            pk__in=_resource_page_model().objects.values("pk")
        )
    )


def document_admits(
    document, request: HttpRequest | None = None, attaching_pages: list | None = None
) -> bool:
    """The rule: whether `document` may be seen by anyone (`request` None: the public set) or by this visitor (a
    collection or page password given in this session, a login). Its collection admits them and, if pages use it
    (`pages_attaching`, `other_pages_linking`), one of those pages admits them; a library document that no page
    uses is served as Wagtail serves it, unless the draft of a page uses it. `attaching_pages`: those of
    `pages_attaching`, when the caller has them already."""
    if request is None and collection_is_private(document.collection_id):
        return False
    if request is not None and not document.is_viewable_by(request):
        return False
    if attaching_pages is None:
        attaching_pages = pages_attaching(document)
    pages = [*attaching_pages, *other_pages_linking(document)]
    if not pages:
        return not used_by_a_draft(document)
    return any(page_admits(p, request) for p in pages)


def document_is_public(document, attaching_pages: list | None = None) -> bool:
    """Whether anyone may see `document` (`document_admits` for no visitor in particular)."""
    return document_admits(document, None, attaching_pages)


def used_by_a_draft(document) -> bool:
    current = _current.get()
    if current is not None:
        return document.pk in current.draft_used
    return document.draft_uses.exists()


def draft_documents(revision) -> set[int]:
    """Ids of the documents the page revision uses (attached or linked) that its page's saved rows do not."""
    document_model = apps.get_model("resources", "ResourceDocument")
    content_type = ReferenceIndex._get_base_content_type(document_model)
    drafted = {
        int(object_id)
        for content_type_id, object_id, _, _ in ReferenceIndex._extract_references_from_object(
            revision.as_object()
        )
        if content_type_id == content_type.pk and str(object_id).isdigit()
    }
    return drafted - set(documents_linked_from(revision.content_object))


def documents_linked_from(page: Page) -> list[int]:
    """Ids of the documents a page of any type links or attaches (Wagtail's reference index)."""
    document_model = apps.get_model("resources", "ResourceDocument")
    return [
        int(pk)
        for pk in ReferenceIndex.get_references_for_object(page)
        .filter(
            to_content_type__app_label=document_model._meta.app_label,
            to_content_type__model=document_model._meta.model_name,
        )
        .values_list("to_object_id", flat=True)
    ]


def page_admits(page: Page, request: HttpRequest | None = None) -> bool:
    """Whether anyone (`request` None: `page_is_public`) or this visitor may read the page: live, not expired, and
    its view restrictions accept the request (a page password given in this session, a login, a group), as
    Wagtail decides when it serves the page."""
    if request is None:
        return page_is_public(page)
    if not page.live or page.expired:
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
