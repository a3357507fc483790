"""What goes into the public search index: one builder per indexed kind.

Every builder returns a plain dict (the index document) or None when the object must not be public
(draft, private page, private collection…). Both backends store exactly these dicts. The facet fields (kind,
type, themes, territories, year) are computed by search/facet_spec.py. Names an item is tagged with (its themes,
an actor's labels) go in `keywords`: searched like the body, never quoted in a passage (they are not its text).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from actors.models import Organisation
from resources import visibility
from resources.models import ResourceDocument, ResourcePage
from resources.visibility import (
    collection_is_private,
    document_is_public,
    page_is_public,
    pages_attaching,
)
from search.build_cache import current as build_cache
from search.facet_spec import Indexed, facet_values
from taxonomy.models import Theme


def doc_id(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def _field_text(obj: Model, name: str) -> str:
    try:
        model_field = obj._meta.get_field(name)
    except Exception:
        model_field = None
    value = getattr(obj, name, "")
    if callable(value):
        value = value()
    if isinstance(model_field, StreamField):
        return "\n".join(str(s) for s in model_field.get_searchable_content(value) if s)
    return "" if value is None else str(value)


def theme_names(slugs: list[str]) -> list[str]:
    """Names of the themes (sectors) with these slugs: indexed as `keywords`, so that « réemploi » finds what is
    tagged Réemploi even when its text never says it."""

    if not slugs:
        return []
    cache = build_cache()
    if cache is not None:
        if cache.theme_names is None:
            cache.theme_names = dict(Theme.objects.values_list("slug", "name"))
        return [cache.theme_names[slug] for slug in slugs if slug in cache.theme_names]
    return list(
        Theme.objects.filter(slug__in=slugs).order_by("name").values_list("name", flat=True)
    )


def build_page(page: Page) -> dict[str, Any] | None:
    page = page.specific
    if not page_is_public(page) or page.depth <= 2 or not isinstance(page, ResourcePage):
        return None
    body_parts = []
    for search_field in page.search_fields:
        if isinstance(search_field, index.SearchField) and search_field.field_name not in (
            "title",
            "summary",
        ):
            text = _field_text(page, search_field.field_name)
            if text:
                body_parts.append(text)
    facets = facet_values(Indexed("page", page, date=page.date))
    documents = page.documents()
    return {
        "id": doc_id("page", page.pk),
        **facets,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "filename": None,
        "summary": page.summary,
        "body": "\n".join(body_parts),
        "keywords": theme_names(facets["themes"]),
        "parts": [],
        "date": page.date.isoformat(),
        "documents": [d.pk for d in documents],
        # Attached documents a visitor may open: the search page says when one of them matches too.
        "attachments": [
            {"id": doc_id("document", d.pk), "title": d.title, "url": d.url}
            for d in documents
            if not collection_is_private(d.collection_id)
        ],
    }


def build_document(document) -> dict[str, Any] | None:
    pages = pages_attaching(document)
    if not document_is_public(document, pages):
        return None
    public_pages = [p for p in pages if page_is_public(p)]
    date = document.public_date(public_pages)
    parts = [{"number": t.number, "text": t.text} for t in document.texts.all() if t.text.strip()]
    return {
        "id": doc_id("document", document.pk),
        **facet_values(Indexed("document", document, date=date, pages=public_pages)),
        "title": document.title,
        "url": document.url,
        "filename": document.filename,
        "summary": "",
        "body": " ".join(filter(None, [document.doc_title, document.doc_author])),
        "keywords": [],
        "parts": parts,
        "unit": document.extracted_unit or "page",
        "date": date.isoformat(),
        "documents": [],
        "attached_to": [{"title": p.title, "url": p.get_url()} for p in public_pages],
    }


def build_actor(organisation) -> dict[str, Any] | None:
    facets = facet_values(Indexed("actor", organisation))
    labels = list(organisation.labels.values_list("name", flat=True))
    return {
        "id": doc_id("actor", organisation.pk),
        **facets,
        "title": organisation.name,
        "url": organisation.get_absolute_url(),
        "filename": None,
        "summary": organisation.description[:600],
        "body": " ".join(
            filter(
                None,
                [organisation.acronym, organisation.get_legal_form_display(), organisation.address],
            )
        ),
        "keywords": [*theme_names(facets["themes"]), *labels],
        "parts": [],
        "date": None,
        "documents": [],
    }


def build(kind: str, pk: int) -> dict[str, Any] | None:
    """The index document for (kind, pk), or None if the object is gone or not public."""
    if kind == "page":
        page = Page.objects.filter(pk=pk).first()
        return build_page(page) if page else None
    if kind == "document":
        document = ResourceDocument.objects.filter(pk=pk).select_related("collection").first()
        return build_document(document) if document else None
    if kind == "actor":
        organisation = Organisation.objects.filter(pk=pk).first()
        return build_actor(organisation) if organisation else None
    raise ValueError(f"unknown kind {kind!r}")


def iter_all():
    """(kind, pk) of everything that may be public."""
    for pk in ResourcePage.objects.live().public().values_list("pk", flat=True).iterator():
        yield "page", pk
    for pk in ResourceDocument.objects.values_list("pk", flat=True).iterator():
        yield "document", pk
    for pk in Organisation.objects.values_list("pk", flat=True).iterator():
        yield "actor", pk


def _chunks(qs, size: int = 200):
    ids = list(qs.values_list("pk", flat=True).order_by("pk"))
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def iter_public_docs():
    """Every public index document, built with few queries (call inside `build_cache.rebuild_cache()`)."""
    loaded = visibility.current()
    for ids in _chunks(ResourcePage.objects.live().public()):
        for page in ResourcePage.objects.filter(pk__in=ids).specific():
            if loaded is not None:
                loaded.pages[page.pk] = page
            doc = build_page(page)
            if doc is not None:
                yield doc
    for ids in _chunks(ResourceDocument.objects.all()):
        for document in ResourceDocument.objects.filter(pk__in=ids).prefetch_related("texts"):
            doc = build_document(document)
            if doc is not None:
                yield doc
    for ids in _chunks(Organisation.objects.all()):
        for organisation in Organisation.objects.filter(pk__in=ids).select_related(
            "commune", "territory"
        ):
            doc = build_actor(organisation)
            if doc is not None:
                yield doc


def count_all() -> int:
    pages = ResourcePage.objects.live().public().count()
    return pages + ResourceDocument.objects.count() + Organisation.objects.count()
