"""What of MEDIA_ROOT the site serves itself, in every mode (production included): image renditions only.

Documents are served only by Wagtail's document view (collection restrictions, `Content-Disposition`,
`Content-Security-Policy: default-src 'none'`); original images, document thumbnails and anything else
under MEDIA_ROOT are never served from /media/.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseNotFound
from django.urls import URLPattern, path
from django.views.static import serve

RENDITIONS_FOLDER = "images"  # where Wagtail writes renditions (AbstractRendition.get_upload_to)
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"})  # never SVG: it can hold scripts


def serve_rendition(request: HttpRequest, path: str) -> HttpResponseBase:
    """/media/images/<path>: an image rendition, read from MEDIA_ROOT/images."""
    if Path(path).suffix.lower() not in IMAGE_SUFFIXES:
        return not_served(request, path)
    try:
        response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / RENDITIONS_FOLDER)
    except Http404:
        return not_served(request, path)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def not_served(request: HttpRequest, path: str) -> HttpResponseBase:
    """A plain 404: a missing file under /media/ needs neither a page nor the database."""
    return HttpResponseNotFound("Fichier introuvable.", content_type="text/plain; charset=utf-8")


def media_urlpatterns() -> list[URLPattern]:
    prefix = settings.MEDIA_URL.lstrip("/")
    return [
        path(f"{prefix}{RENDITIONS_FOLDER}/<path:path>", serve_rendition),
        path(f"{prefix}<path:path>", not_served),  # answered here, not by Wagtail's page tree
    ]
