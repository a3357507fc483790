"""Addresses of a document's page and of the in-site viewer (issue 13).

The id makes the address; the slug, from the title, is cosmetic: a changed title redirects to the new one, so a
shared link never breaks. `/document/…` stays apart from Wagtail's file URLs (`/documents/<id>/<file name>`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from resources.derived import CONVERTIBLE, has_derived

MAX_QUERY = 200  # characters of the query carried to the viewer


def document_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "document"


def document_page_url(pk: int, title: str) -> str:
    """/document/<id>/<slug>/: the document's own page."""
    return reverse("resources:document_page", args=[pk, document_slug(title)])


def viewer_url(pk: int, title: str, page: int | None = None, q: str = "") -> str:
    """/document/<id>/<slug>/lecture/?page=N&q=…: the viewer at `page` with the words of `q` highlighted."""
    url = reverse("resources:document_viewer", args=[pk, document_slug(title)])
    params = {}
    if page and page > 1:
        params["page"] = page
    q = " ".join(q.split())[:MAX_QUERY]
    if q:
        params["q"] = q
    return f"{url}?{urlencode(params)}" if params else url


def is_pdf_name(filename: str | None) -> bool:
    return str(filename or "").lower().endswith(".pdf")


def viewer_page(filename: str | None, unit: str, page: int | None) -> int | None:
    """The viewer page of a passage's page or slide: the same number for a PDF or a deck (one PDF page per slide);
    none for the sections of a converted text document, which do not match its PDF pages (the words lead)."""
    return page if is_pdf_name(filename) or unit == "slide" else None


def passage_viewer_url(
    pk: int, title: str, filename: str | None, unit: str, page: int | None, q: str = ""
) -> str | None:
    """The viewer at a passage's page or slide with the query's words, or None when it cannot show the document."""
    return (
        viewer_url(pk, title, viewer_page(filename, unit, page), q)
        if has_viewer(pk, filename)
        else None
    )


def has_viewer(pk: int, filename: str | None) -> bool:
    """Whether the viewer can show this document: a PDF, or an office document already converted to PDF."""
    if is_pdf_name(filename):
        return True
    return str(filename or "").rsplit(".", 1)[-1].lower() in CONVERTIBLE and has_derived(pk)
