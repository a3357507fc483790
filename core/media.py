"""What of MEDIA_ROOT the site serves itself, in every mode (production included): image renditions only, each
as visible as its image's collection (issue 22, item 5).

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
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

RENDITIONS_FOLDER = "images"  # where Wagtail writes renditions (AbstractRendition.get_upload_to)
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
)  # never SVG: it can hold scripts


def rendition_access(request: HttpRequest, path: str) -> str | None:
    """ "public" for a rendition of an image in a public collection, "private" for one whose collection's view
    restrictions this visitor passes (a login, a group, a collection password given in this session, or an
    editor), None otherwise (unknown file, or a restricted image). Two small queries; the image may have moved
    collection by any path (form, bulk action, raw update): this reads where it is now."""
    rendition_model = get_image_model().get_rendition_model()
    collection_path = (
        rendition_model.objects.filter(file=f"{RENDITIONS_FOLDER}/{path}")
        .values_list("image__collection__path", flat=True)
        .first()
    )
    if collection_path is None:
        return None
    ancestors = [
        collection_path[:n]
        for n in range(Collection.steplen, len(collection_path) + 1, Collection.steplen)
    ]
    restrictions = list(CollectionViewRestriction.objects.filter(collection__path__in=ancestors))
    if not restrictions:
        return "public"
    if all(r.accept_request(request) for r in restrictions) or (
        request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin")
    ):
        return "private"
    return None


def serve_rendition(request: HttpRequest, path: str) -> HttpResponseBase:
    """/media/images/<path>: an image rendition, read from MEDIA_ROOT/images, if its image may be seen."""
    if Path(path).suffix.lower() not in IMAGE_SUFFIXES:
        return not_served(request, path)
    access = rendition_access(request, path)
    if access is None:
        return not_served(request, path)
    try:
        response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / RENDITIONS_FOLDER)
    except Http404:
        return not_served(request, path)
    # Public renditions are cached by browsers and proxies for an hour (an image moved to a restricted collection
    # stops being served at once; caches forget it within the hour); restricted ones only by the browser.
    response["Cache-Control"] = (
        "public, max-age=3600" if access == "public" else "private, max-age=3600"
    )
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
