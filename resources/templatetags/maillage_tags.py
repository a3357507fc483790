"""Template helpers for resources: their cards, their documents' pages and thumbnails, the extraction status."""

from __future__ import annotations

from django import template
from django.urls import reverse

from resources.document_urls import document_page_url
from resources.models import ExtractionStatus, ResourceDocument
from resources.thumbnails import source_pdf

register = template.Library()


@register.inclusion_tag("includes/resource_card.html")
def resource_card(resource, heading_level: int = 3) -> dict:
    return {
        "resource": resource.specific if hasattr(resource, "specific") else resource,
        "heading_level": heading_level,
    }


@register.filter
def page_thumbnail(hit: dict, page: int) -> str:
    """The thumbnail address of `page` of a document hit of search that the viewer shows (a PDF or a converted
    office document), or "" for other hits."""
    # (a converted text document's sections are not its PDF pages: no image for them)
    if (
        hit.get("kind") != "document"
        or not hit.get("viewer_url")
        or not page
        or hit.get("unit") == "section"
    ):
        return ""
    return reverse(
        "resources:document_thumbnail", args=[int(str(hit["id"]).split(":")[1]), int(page)]
    )


@register.simple_tag
def document_page(document) -> str:
    """The address of a document's own page (/document/<id>/<slug>/: facts, first page, viewer)."""
    return document_page_url(document.pk, document.title)


@register.simple_tag(takes_context=True)
def card_cover(context, resource) -> str:
    """The first-page image of a resource's main document for its card, or "": only a document the visitor may
    open and the viewer shows (a PDF, or an office document converted to one)."""
    document = getattr(resource, "main_document", None)
    request = context.get("request")
    if (
        document is None
        or request is None
        or not document.is_viewable_by(request)
        or source_pdf(document) is None
    ):
        return ""
    return reverse("resources:document_thumbnail", args=[document.pk, 1])


@register.simple_tag
def current_extraction(document, form=None) -> dict:
    """The extraction status of `document` as stored now (the instance a view holds may predate an extraction run
    in-process): for the upload screens. The upload's still unrendered `form` shows the title as stored too (the
    title read in the file may have replaced the file name), so that « Mettre à jour » does not undo it."""
    current = ResourceDocument.objects.filter(pk=document.pk).first() or document
    if form is not None and not form.is_bound and current.title != document.title:
        form.initial["title"] = current.title
    return {
        "status": current.extraction_status,
        "summary": current.extraction_summary,
        "ok": current.extraction_ok,
        "pending": current.extraction_status
        in (ExtractionStatus.PENDING, ExtractionStatus.RUNNING),
    }
