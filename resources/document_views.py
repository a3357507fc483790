"""Document files served through views that check who may see them (thumbnails)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from resources.models import ResourceDocument
from resources.thumbnails import thumbnail
from search.documents import page_is_public, pages_attaching


def document_visible_to(request: HttpRequest, document: ResourceDocument) -> bool:
    """Exactly as visible as the document: its collection admits the visitor and, if pages attach it,
    one of them is public (editors of the admin see the rest)."""
    if not document.is_viewable_by(request):
        return False
    pages = pages_attaching(document)
    if not pages or any(page_is_public(p) for p in pages):
        return True
    return request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin")


def visible_document(request: HttpRequest, pk: int) -> ResourceDocument:
    document = ResourceDocument.objects.filter(pk=pk).first() if pk <= 2**31 - 1 else None
    if document is None or not document_visible_to(request, document):
        raise Http404("Document introuvable.")
    return document


def page_thumbnail(request: HttpRequest, pk: int, page: int) -> FileResponse:
    """/documents/apercu/<id>/<page>.png: a small image of one page of a document."""
    document = visible_document(request, pk)
    if page > 100_000:
        raise Http404("Page introuvable.")
    path = thumbnail(document, page)
    if path is None:
        raise Http404("Pas d'aperçu pour cette page.")
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
