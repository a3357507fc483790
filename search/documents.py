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
    return bool(page.live and not page.expired and not page.get_view_restrictions().exists())


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
    territory_keys = sorted({key for t in page.territories() for key in t.ancestor_keys()})
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
        "themes": sorted(page.themes.values_list("slug", flat=True)),
        "territories": territory_keys,
        "documents": [d.pk for d in page.documents()],
    }


def pages_attaching(document) -> list:
    """Every resource page (live or not) that attaches or links `document`, from Wagtail's reference index."""
    from wagtail.models import ReferenceIndex

    from resources.models import ResourcePage

    page_ids = {
        int(object_id)
        for object_id, model in ReferenceIndex.get_references_to(document)
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
        .values_list("object_id", "content_type__model")
    }
    page_ids |= set(document.page_links.values_list("page_id", flat=True))
    return list(ResourcePage.objects.filter(pk__in=page_ids).specific())


def document_is_public(document, attaching_pages: list) -> bool:
    if document.collection.get_view_restrictions().exists():
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
    territories = sorted({k for p in public_pages for t in p.territories() for k in t.ancestor_keys()})
    themes = sorted({slug for p in public_pages for slug in p.themes.values_list("slug", flat=True)})
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
    return {
        "id": doc_id("actor", organisation.pk),
        "kind": "actor",
        "type": "actor",
        "title": organisation.name,
        "url": organisation.get_absolute_url(),
        "filename": None,
        "summary": organisation.description[:600],
        "body": " ".join(
            filter(None, [organisation.acronym, organisation.get_legal_form_display(), organisation.address])
        ),
        "parts": [],
        "date": None,
        "year": None,
        "themes": sorted(organisation.themes.values_list("slug", flat=True)),
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
    """(kind, pk) of everything that may be public, for a full rebuild."""
    from actors.models import Organisation
    from resources.models import ResourceDocument, ResourcePage

    for pk in ResourcePage.objects.live().public().values_list("pk", flat=True).iterator():
        yield "page", pk
    for pk in ResourceDocument.objects.values_list("pk", flat=True).iterator():
        yield "document", pk
    for pk in Organisation.objects.values_list("pk", flat=True).iterator():
        yield "actor", pk


def count_all() -> int:
    from actors.models import Organisation
    from resources.models import ResourceDocument, ResourcePage

    pages = ResourcePage.objects.live().public().count()
    return pages + ResourceDocument.objects.count() + Organisation.objects.count()
