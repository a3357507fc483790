"""What goes into the public search index: one builder per indexed kind.

Every builder returns a plain dict (the index document) or None when the object must not be public
(draft, private page, private collection…). Both backends store exactly these dicts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from search.build_cache import current as build_cache

KINDS = ("page", "document", "actor")


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


def page_is_public(page: Page) -> bool:
    if not page.live or page.expired:
        return False
    cache = build_cache()
    if cache is not None:
        return not cache.page_restricted(page.path)
    return not page.get_view_restrictions().exists()


def _page_territories(page) -> list[str]:
    cache = build_cache()
    if cache is not None:
        return sorted(cache.territories.get(page.pk, ()))
    return sorted({key for t in page.territories() for key in t.ancestor_keys()})


def _page_themes(page) -> list[str]:
    cache = build_cache()
    if cache is not None:
        return sorted(cache.themes.get(page.pk, ()))
    return sorted(page.themes.values_list("slug", flat=True))


def theme_names(slugs: list[str]) -> list[str]:
    """Names of the themes (sectors) with these slugs: indexed as text, so that « réemploi » finds what is
    tagged Réemploi even when its text never says it."""
    from resources.models import Theme

    if not slugs:
        return []
    cache = build_cache()
    if cache is not None:
        if cache.theme_names is None:
            cache.theme_names = dict(Theme.objects.values_list("slug", "name"))
        return [cache.theme_names[slug] for slug in slugs if slug in cache.theme_names]
    return list(Theme.objects.filter(slug__in=slugs).order_by("name").values_list("name", flat=True))


def build_page(page: Page) -> dict[str, Any] | None:
    from resources.models import ResourcePage

    page = page.specific
    if not page_is_public(page) or page.depth <= 2 or not isinstance(page, ResourcePage):
        return None
    body_parts = []
    for search_field in page.search_fields:
        if isinstance(search_field, index.SearchField) and search_field.field_name not in ("title", "summary"):
            text = _field_text(page, search_field.field_name)
            if text:
                body_parts.append(text)
    themes = _page_themes(page)
    body_parts += theme_names(themes)
    documents = page.documents()
    return {
        "id": doc_id("page", page.pk),
        "kind": "page",
        "type": page._meta.model_name,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "filename": None,
        "summary": page.summary,
        "body": "\n".join(body_parts),
        "parts": [],
        "date": page.date.isoformat(),
        "year": page.date.year,
        "themes": themes,
        "territories": _page_territories(page),
        "documents": [d.pk for d in documents],
        # Attached documents a visitor may open: the search page says when one of them matches too.
        "attachments": [{"id": doc_id("document", d.pk), "title": d.title, "url": d.url}
                        for d in documents if not collection_is_private(d.collection_id)],
    }


def pages_attaching(document) -> list:
    """Every resource page (live or not) that attaches or links `document`, from Wagtail's reference index."""
    from wagtail.models import ReferenceIndex

    from resources.models import ResourcePage

    cache = build_cache()
    if cache is not None:
        return cache.load_pages(cache.attaching.get(document.pk, set()))
    page_ids = {
        int(object_id)
        for object_id, model in ReferenceIndex.get_references_to(document)
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
        .values_list("object_id", "content_type__model")
    }
    page_ids |= set(document.page_links.values_list("page_id", flat=True))
    return list(ResourcePage.objects.filter(pk__in=page_ids).specific())


def collection_is_private(collection_id: int) -> bool:
    from wagtail.models import Collection

    cache = build_cache()
    if cache is not None:
        return cache.collection_restricted(collection_id)
    collection = Collection.objects.filter(pk=collection_id).first()
    return collection is None or collection.get_view_restrictions().exists()


def document_is_public(document, attaching_pages: list) -> bool:
    if collection_is_private(document.collection_id):
        return False
    if not attaching_pages:
        return True  # a library document in a public collection is served publicly by Wagtail
    return any(page_is_public(p) for p in attaching_pages)


def build_document(document) -> dict[str, Any] | None:
    pages = pages_attaching(document)
    if not document_is_public(document, pages):
        return None
    public_pages = [p for p in pages if page_is_public(p)]
    date = max((p.date for p in public_pages), default=document.created_at.date())
    territories = sorted({k for p in public_pages for k in _page_territories(p)})
    themes = sorted({slug for p in public_pages for slug in _page_themes(p)})
    parts = [{"number": t.number, "text": t.text} for t in document.texts.all() if t.text.strip()]
    return {
        "id": doc_id("document", document.pk),
        "kind": "document",
        "type": "document",
        "title": document.title,
        "url": document.url,
        "filename": document.filename,
        "summary": "",
        "body": " ".join(filter(None, [document.doc_title, document.doc_author])),
        "parts": parts,
        "unit": document.extracted_unit or "page",
        "date": date.isoformat(),
        "year": date.year,
        "themes": themes,
        "territories": territories,
        "documents": [],
        "attached_to": [{"title": p.title, "url": p.get_url()} for p in public_pages],
    }


def build_actor(organisation) -> dict[str, Any] | None:
    territories = organisation.commune.ancestor_keys() if organisation.commune_id else []
    if organisation.territory_id:
        territories = sorted(set(territories) | set(organisation.territory.ancestor_keys()))
    themes = sorted(organisation.themes.values_list("slug", flat=True))
    labels = list(organisation.labels.values_list("name", flat=True))
    return {
        "id": doc_id("actor", organisation.pk),
        "kind": "actor",
        "type": "actor",
        "title": organisation.name,
        "url": organisation.get_absolute_url(),
        "filename": None,
        "summary": organisation.description[:600],
        "body": " ".join(
            filter(None, [organisation.acronym, organisation.get_legal_form_display(), organisation.address,
                          *theme_names(themes), *labels])
        ),
        "parts": [],
        "date": None,
        "year": None,
        "themes": themes,
        "territories": territories,
        "documents": [],
    }


def build(kind: str, pk: int) -> dict[str, Any] | None:
    """The index document for (kind, pk), or None if the object is gone or not public."""
    from actors.models import Organisation
    from resources.models import ResourceDocument

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
    from actors.models import Organisation
    from resources.models import ResourceDocument, ResourcePage

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
    from actors.models import Organisation
    from resources.models import ResourceDocument, ResourcePage

    cache = build_cache()
    for ids in _chunks(ResourcePage.objects.live().public()):
        for page in ResourcePage.objects.filter(pk__in=ids).specific():
            if cache is not None:
                cache.pages[page.pk] = page
            doc = build_page(page)
            if doc is not None:
                yield doc
    for ids in _chunks(ResourceDocument.objects.all()):
        for document in ResourceDocument.objects.filter(pk__in=ids).prefetch_related("texts"):
            doc = build_document(document)
            if doc is not None:
                yield doc
    for ids in _chunks(Organisation.objects.all()):
        for organisation in Organisation.objects.filter(pk__in=ids).select_related("commune", "territory"):
            doc = build_actor(organisation)
            if doc is not None:
                yield doc


def count_all() -> int:
    from actors.models import Organisation
    from resources.models import ResourceDocument, ResourcePage

    pages = ResourcePage.objects.live().public().count()
    return pages + ResourceDocument.objects.count() + Organisation.objects.count()
