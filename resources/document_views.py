"""Views of documents that check who may see them: thumbnails, the document's page and the viewer (issue 13)."""

from __future__ import annotations

from pathlib import Path

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.documents.wagtail_hooks import check_view_restrictions as check_collection_restrictions
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction, Site
from wagtail.wagtail_hooks import require_wagtail_login

from core.french import langue
from resources.conversion import why_not_viewable
from resources.document_urls import MAX_QUERY, document_page_url, document_slug
from resources.models import ResourceDocument
from resources.thumbnails import source_pdf, thumbnail
from resources.visibility import (
    document_admits,
    document_is_public,
    other_pages_linking,
    page_is_public,
    pages_attaching,
)


def _is_editor(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin")


def document_visible_to(request: HttpRequest, document: ResourceDocument) -> bool:
    """Exactly as visible as the document (`visibility.document_admits` for this visitor); editors of the admin
    also see those their collection admits whatever the pages."""
    if document_admits(document, request):
        return True
    return _is_editor(request) and document.is_viewable_by(request)


def access_response(request: HttpRequest, document: ResourceDocument) -> HttpResponse | None:
    """None when the visitor may see the document; otherwise Wagtail's own answer to what stands in the way:
    the collection's or the page's password form, or the login page (back to the document afterwards), and a
    404 for a document used only by drafts and unpublished pages."""
    if not document.is_viewable_by(request):
        return check_collection_restrictions(document, request) or HttpResponseNotFound(
            "Document introuvable."
        )
    if document_visible_to(request, document):
        return None
    for page in [*pages_attaching(document), *other_pages_linking(document)]:
        if not page.live or page.expired:
            continue
        for restriction in page.get_view_restrictions():
            if restriction.accept_request(request):
                continue
            if restriction.restriction_type == PageViewRestriction.PASSWORD:
                form = PasswordViewRestrictionForm(
                    instance=restriction, initial={"return_url": request.get_full_path()}
                )
                action = reverse(
                    "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
                )
                response = page.specific.serve_password_required_response(request, form, action)
            else:
                response = require_wagtail_login(next=request.get_full_path())
            add_never_cache_headers(response)
            return response
    return HttpResponseNotFound("Document introuvable.")


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


def public_pages_attaching(document: ResourceDocument) -> list:
    """The live public pages that attach `document`, newest first: the page lists them (never a private one)."""
    pages = [p for p in pages_attaching(document) if page_is_public(p)]
    return sorted(pages, key=lambda p: p.date, reverse=True)


def _requested_page(request: HttpRequest, count: int | None) -> int:
    """?page=N (or nothing): a page number within the document, 1 when absent or not a number."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return max(1, min(number, count or 100_000))


def _visible_at_slug(request: HttpRequest, pk: int, slug: str | None, route: str):
    """The document if visible, else Wagtail's password form, the login page or a 404 (`access_response`); with a
    redirect to the current slug when the one given is not it."""
    document = ResourceDocument.objects.filter(pk=pk).first() if pk <= 2**31 - 1 else None
    if document is None:
        raise Http404("Document introuvable.")
    denied = access_response(request, document)
    if denied is not None and denied.status_code == 404:
        raise Http404("Document introuvable.")  # the site's 404 page
    if denied is not None:
        return document, denied
    current = document_slug(document.title)
    if slug != current:
        url = reverse(route, args=[document.pk, current])
        query = request.META.get("QUERY_STRING", "")
        return document, HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    return document, None


def _viewer_context(request: HttpRequest, document: ResourceDocument) -> dict:
    page = _requested_page(request, document.page_count)
    page_url = document_page_url(document.pk, document.title)
    source = source_pdf(document)
    slug = document_slug(document.title)
    is_pdf = source is not None and Path(document.file.name).suffix.lower() == ".pdf"
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    return {
        "canonical": f"{root}{page_url}",
        "site_root": root,
        "document": document,
        "viewable": source is not None,
        # what the viewer loads: the file itself, or the PDF converted from an office document
        "pdf_url": document.url
        if is_pdf
        else reverse("resources:document_pdf", args=[document.pk, slug]),
        "why_not_viewable": "" if source else why_not_viewable(document),
        "start_page": page,
        "q": " ".join(request.GET.get("q", "").split())[:MAX_QUERY],
        "page_url": page_url,
        "viewer_url": reverse("resources:document_viewer", args=[document.pk, slug]),
    }


def document_page(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    """/document/<id>/<slug>/: what the document is, where it is attached, a first-page image, download, viewer."""
    document, redirect = _visible_at_slug(request, pk, slug, "resources:document_page")
    if redirect:
        return redirect
    context = _viewer_context(request, document)
    context["pages"] = public_pages_attaching(document)
    context["document_trail"] = [{"title": "Accueil", "url": "/"}] + [
        {"title": p.title, "url": p.url} for p in context["pages"][:1]
    ]
    context["size"] = document.get_file_size()
    context["date"] = document.public_date(context["pages"])  # the date search gives it
    context["is_public"] = document_is_public(document)
    context["language"] = langue(
        document.language
    )  # told from its text; none when too short to tell
    return TemplateResponse(request, "resources/document_page.html", context)


def document_viewer(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """/document/<id>/<slug>/lecture/?page=N&q=…: the in-site viewer (PDF.js); other formats go to the page,
    which says why they download."""
    document, redirect = _visible_at_slug(request, pk, slug, "resources:document_viewer")
    if redirect:
        return redirect
    context = _viewer_context(request, document)
    if not context["viewable"]:
        return HttpResponseRedirect(context["page_url"])
    context["is_public"] = document_is_public(document)
    return TemplateResponse(request, "resources/document_viewer.html", context)


def derived_pdf_file(request: HttpRequest, pk: int, slug: str) -> FileResponse:
    """/document/<id>/<slug>/document.pdf: the PDF converted from an office document, as visible as the document."""
    document = visible_document(request, pk)
    path = source_pdf(document)
    if path is None or Path(document.file.name).suffix.lower() == ".pdf":
        raise Http404("Pas de version PDF de ce document.")
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document_slug(document.title)}.pdf"'
    response["Cache-Control"] = "private, max-age=3600"
    return response
